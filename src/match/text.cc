#include "match/text.h"

#include <libstemmer.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "match/wordnet.h"

namespace qt::match_internal {
namespace {

const std::unordered_set<std::string_view>& Stopwords() {
  static const std::unordered_set<std::string_view> kWords = {
      "a",         "about", "above",  "after",   "again",    "against",    "all",     "also",
      "am",        "an",    "and",    "any",     "are",      "as",         "at",      "be",
      "because",   "been",  "before", "being",   "below",    "between",    "both",    "but",
      "by",        "did",   "do",     "does",    "doing",    "down",       "during",  "each",
      "few",       "for",   "from",   "further", "had",      "has",        "have",    "having",
      "he",        "her",   "here",   "hers",    "herself",  "him",        "himself", "his",
      "how",       "i",     "if",     "in",      "into",     "is",         "it",      "its",
      "itself",    "just",  "me",     "more",    "most",     "my",         "myself",  "of",
      "off",       "on",    "once",   "only",    "or",       "other",      "our",     "ours",
      "ourselves", "out",   "over",   "own",     "same",     "she",        "so",      "some",
      "such",      "than",  "that",   "the",     "their",    "theirs",     "them",    "themselves",
      "then",      "there", "these",  "they",    "this",     "those",      "through", "to",
      "too",       "under", "until",  "up",      "very",     "was",        "we",      "were",
      "what",      "when",  "where",  "which",   "while",    "who",        "whom",    "why",
      "with",      "you",   "your",   "yours",   "yourself", "yourselves", "s",       "t",
      "said",      "says",  "say",    "would",   "will",     "can",        "could",   "should",
      "may",       "might", "must",   "shall",   "not",      "no",         "never",   "nor",
      "there",     "it",    "us",     "now",     "well",     "yes",        "one",     "get",
      "got",       "let",   "even"};
  return kWords;
}

bool IsNegationWord(std::string_view w) {
  return w == "not" || w == "never" || w == "no" || w == "nobody" || w == "nothing" ||
         w == "none" || w == "neither" || w == "nor" || w == "nowhere";
}

bool IsModalWord(std::string_view w) {
  return w == "will" || w == "would" || w == "can" || w == "could" || w == "must" ||
         w == "should" || w == "may" || w == "might" || w == "shall";
}

// Simple number words map to digits so that "three" meets "3"; scale words
// stay words but count as numbers.
const std::unordered_map<std::string_view, std::string_view>& NumberWords() {
  static const std::unordered_map<std::string_view, std::string_view> kMap = {
      {"zero", "0"},          {"one", "1"},           {"two", "2"},
      {"three", "3"},         {"four", "4"},          {"five", "5"},
      {"six", "6"},           {"seven", "7"},         {"eight", "8"},
      {"nine", "9"},          {"ten", "10"},          {"eleven", "11"},
      {"twelve", "12"},       {"thirteen", "13"},     {"fourteen", "14"},
      {"fifteen", "15"},      {"sixteen", "16"},      {"seventeen", "17"},
      {"eighteen", "18"},     {"nineteen", "19"},     {"twenty", "20"},
      {"thirty", "30"},       {"forty", "40"},        {"fifty", "50"},
      {"sixty", "60"},        {"seventy", "70"},      {"eighty", "80"},
      {"ninety", "90"},       {"hundred", "hundred"}, {"thousand", "thousand"},
      {"million", "million"}, {"billion", "billion"}, {"trillion", "trillion"},
      {"dozen", "12"},        {"half", "half"},       {"percent", "percent"}};
  return kMap;
}

bool IsApostrophe(UChar32 c) { return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC; }

bool IsWordChar(UChar32 c) {
  if (u_isalnum(c)) return true;
  const int32_t gc = u_charType(c);
  return gc == U_NON_SPACING_MARK || gc == U_COMBINING_SPACING_MARK || gc == U_ENCLOSING_MARK;
}

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || c == '.')) return false;
  }
  return s.front() != '.';
}

}  // namespace

bool IsStopword(std::string_view folded) { return Stopwords().count(folded) > 0; }

std::uint64_t StemId(std::string_view stem) {
  return XXH3_64bits_withSeed(stem.data(), stem.size(), 0x5157);
}

std::string Stem(std::string_view folded) {
  // A Snowball stemmer instance is not thread-safe: one per thread.
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(
      sb_stemmer_new("english", nullptr));
  if (!stemmer || folded.empty() || folded.size() > 200) return std::string(folded);
  const sb_symbol* out =
      sb_stemmer_stem(stemmer.get(), reinterpret_cast<const sb_symbol*>(folded.data()),
                      static_cast<int>(folded.size()));
  if (out == nullptr) return std::string(folded);
  return std::string(reinterpret_cast<const char*>(out),
                     static_cast<std::size_t>(sb_stemmer_length(stemmer.get())));
}

std::string FoldCase(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (U_FAILURE(status)) return ToUtf8(u.foldCase());
  icu::UnicodeString n = nfkc_cf->normalize(u, status);
  if (U_FAILURE(status)) return ToUtf8(u.foldCase());
  // Collapse whitespace and trim.
  std::string raw = ToUtf8(n), out;
  bool space = false;
  for (char c : raw) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

bool HasEllipsis(std::string_view text) {
  return text.find("\xE2\x80\xA6") != std::string_view::npos ||
         text.find("...") != std::string_view::npos || text.find(". . .") != std::string_view::npos;
}

double TokenWeight(const Token& t) {
  if (t.number || t.cap) return 1.0;
  if (t.stop || t.negation || t.modal) return 0.15;
  if (t.fold.size() <= 2) return 0.4;
  return 1.0;
}

namespace {

// A stem per folded word, memoised per thread (news vocabulary repeats and
// the Snowball call allocates); bounded by clearing when full.
const std::string& CachedStem(const std::string& fold) {
  constexpr std::size_t kMaxCached = 1 << 17;
  thread_local std::unordered_map<std::string, std::string> cache;
  if (auto it = cache.find(fold); it != cache.end()) return it->second;
  if (cache.size() >= kMaxCached) cache.clear();
  return cache.emplace(fold, Stem(fold)).first->second;
}

void Emit(std::string fold, bool cap, std::vector<Token>& out) {
  Token t;
  t.fold = std::move(fold);
  const auto& nw = NumberWords();
  if (auto it = nw.find(t.fold); it != nw.end()) {
    t.fold = std::string(it->second);
    t.number = true;
  } else if (AllDigits(t.fold)) {
    t.number = true;
  }
  t.negation = IsNegationWord(t.fold);
  t.modal = IsModalWord(t.fold);
  t.stop = !t.number && IsStopword(t.fold);
  t.cap = cap && !t.number && !t.stop;
  t.stem = t.number ? t.fold : CachedStem(t.fold);
  t.ids = true;
  t.stem_id = StemId(t.stem);
  if (!t.stop && !t.number) t.senses = LookupSenses(t.fold);
  out.push_back(std::move(t));
}

// A case-folded word (UTF-8, apostrophes already '\'' or still curly) to
// tokens: apostrophes and digit separators normalised, clitics expanded.
void FinishWordUncached(const std::string& fold, bool has_digit, bool cap, std::size_t max_tokens,
                        std::vector<Token>& out) {
  std::string w;
  w.reserve(fold.size());
  for (std::size_t k = 0; k < fold.size(); ++k) {
    if (fold.compare(k, 3, "\xE2\x80\x99") == 0 || fold.compare(k, 3, "\xE2\x80\x98") == 0) {
      w.push_back('\'');
      k += 2;
    } else if (fold.compare(k, 2, "\xCA\xBC") == 0) {
      w.push_back('\'');
      k += 1;
    } else if (fold[k] == ',' && has_digit) {
      // "1,000" -> "1000"
    } else {
      w.push_back(fold[k]);
    }
  }
  // Clitics.
  std::string extra;
  auto ends = [&](std::string_view suf) {
    return w.size() > suf.size() && w.compare(w.size() - suf.size(), suf.size(), suf) == 0;
  };
  if (ends("n't")) {
    w.resize(w.size() - 3);
    if (w == "ca")
      w = "can";
    else if (w == "wo")
      w = "will";
    else if (w == "sha")
      w = "shall";
    else if (w == "ai")
      w = "is";
    extra = "not";
  } else if (ends("'ll")) {
    w.resize(w.size() - 3);
    extra = "will";
  } else if (ends("'re")) {
    w.resize(w.size() - 3);
    extra = "are";
  } else if (ends("'ve")) {
    w.resize(w.size() - 3);
    extra = "have";
  } else if (ends("'d")) {
    w.resize(w.size() - 2);
    extra = "would";
  } else if (ends("'m")) {
    w.resize(w.size() - 2);
    extra = "am";
  } else if (ends("'s")) {
    w.resize(w.size() - 2);
  } else if (w == "cannot") {
    w = "can";
    extra = "not";
  }
  if (!w.empty() && w.back() == '\'') w.pop_back();
  if (!w.empty() && w.front() == '\'') w.erase(0, 1);
  if (w.empty()) return;
  Emit(std::move(w), cap, out);
  if (!extra.empty() && out.size() < max_tokens) Emit(std::move(extra), false, out);
}

// FinishWordUncached's tokens of one word, without the capital (the only
// input that differs between occurrences of a word: it sets the first
// token's `cap` and nothing else).
struct WordTokens {
  std::array<Token, 2> tokens;
  std::size_t count = 0;
};

// A word's tokens are a pure function of (fold, has_digit): memoised per
// thread (one hash per word instead of the number-word, stopword and stem
// look-ups and the string rewriting), bounded by clearing when full.
// An open-addressing table of (hash, entry) slots, a power of two of them,
// over the entries in a vector: a look-up reads one slot and the entry it
// names. (A std::unordered_map here cost a division by its prime bucket
// count and two dependent pointer loads per word, which perf ranked above
// every other part of tokenizing.)
class WordCache {
 public:
  const WordTokens& Get(const std::string& fold, bool has_digit) {
    const std::uint64_t h = XXH3_64bits_withSeed(fold.data(), fold.size(), has_digit ? 1 : 0);
    std::size_t i = Home(h);
    for (; slots_[i].entry != 0; i = (i + 1) & mask_) {
      if (slots_[i].hash != h) continue;
      const Entry& e = entries_[slots_[i].entry - 1];
      if (e.has_digit == has_digit && e.fold == fold) return e.word;
    }
    if (entries_.size() >= kMaxCached) {
      // Full: start again (the answers are the same, only recomputed).
      entries_.clear();
      std::fill(slots_.begin(), slots_.end(), Slot{});
      i = Home(h);
    } else if (2 * (entries_.size() + 1) > slots_.size()) {
      Grow();
      for (i = Home(h); slots_[i].entry != 0; i = (i + 1) & mask_) {
      }
    }
    std::vector<Token> toks;
    FinishWordUncached(fold, has_digit, /*cap=*/false, /*max_tokens=*/2, toks);
    Entry& e = entries_.emplace_back();
    e.fold = fold;
    e.has_digit = has_digit;
    e.word.count = toks.size();
    for (std::size_t k = 0; k < toks.size(); ++k) e.word.tokens[k] = std::move(toks[k]);
    slots_[i] = Slot{h, static_cast<std::uint32_t>(entries_.size())};
    return e.word;
  }

 private:
  static constexpr std::size_t kMaxCached = std::size_t{1} << 17;
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t entry = 0;  // index in entries_ plus one; 0: empty
  };
  struct Entry {
    std::string fold;
    bool has_digit = false;
    WordTokens word;
  };
  std::size_t Home(std::uint64_t h) const { return static_cast<std::size_t>(h) & mask_; }
  // Twice the slots, at most half of them used (small while few words are
  // known: the table stays in cache).
  void Grow() {
    std::vector<Slot> old(2 * slots_.size());
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.entry == 0) continue;
      std::size_t i = Home(s.hash);
      while (slots_[i].entry != 0) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_ = std::vector<Slot>(1024);
  std::size_t mask_ = 1023;
  std::vector<Entry> entries_;
};

const WordTokens& CachedWord(const std::string& fold, bool has_digit) {
  thread_local WordCache cache;
  return cache.Get(fold, has_digit);
}

void FinishWord(const std::string& fold, bool has_digit, bool cap, std::size_t max_tokens,
                std::vector<Token>& out) {
  const WordTokens& w = CachedWord(fold, has_digit);
  if (w.count == 0) return;
  out.push_back(w.tokens[0]);
  Token& first = out.back();
  first.cap = cap && !first.number && !first.stop;
  if (w.count == 2 && out.size() < max_tokens) out.push_back(w.tokens[1]);
}

// The characters of the fast path: ASCII, and the few non-ASCII punctuation
// marks news text is full of, none of which NFKC or case folding changes in
// a way that matters here (NBSP and "…" become a space and "...", which the
// tokenizer treats alike).
enum class Ch { kOther, kWord, kApostrophe, kStop, kUnsupported };

// Class and byte length of the character at s[i].
Ch Classify(std::string_view s, std::size_t i, std::size_t* len) {
  const auto c = static_cast<unsigned char>(s[i]);
  *len = 1;
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return Ch::kWord;
    }
    if (c == '\'') return Ch::kApostrophe;
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';') return Ch::kStop;
    return Ch::kOther;
  }
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
    *len = 2;
    return Ch::kOther;  // no-break space
  }
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    *len = 3;
    switch (static_cast<unsigned char>(s[i + 2])) {
      case 0x98:  // ‘
      case 0x99:  // ’
        return Ch::kApostrophe;
      case 0x9C:  // “
      case 0x9D:  // ”
      case 0x93:  // –
      case 0x94:  // —
        return Ch::kOther;
      case 0xA6:  // …
        return Ch::kStop;
      default:
        break;
    }
  }
  return Ch::kUnsupported;
}

// Tokenize for text made only of the characters above, with exactly the
// result of the ICU path; false (and `out` untouched) for any other text.
bool TokenizeFast(std::string_view text, std::size_t max_tokens, std::vector<Token>& out) {
  // Words start where a word character follows another kind: a word gives
  // one token, two with a clitic, so a quarter more is room for most texts
  // (a Token is ~100 bytes; growing the vector moves every one).
  std::size_t starts = 0;
  bool in_word = false;
  for (std::size_t i = 0, len = 0; i < text.size(); i += len) {
    const Ch c = Classify(text, i, &len);
    if (c == Ch::kUnsupported) return false;
    starts += c == Ch::kWord && !in_word;
    in_word = c == Ch::kWord;
  }
  out.reserve(std::min(max_tokens, starts + starts / 4 + 1));
  bool sentence_start = true;
  std::size_t i = 0;
  std::string fold;
  while (i < text.size() && out.size() < max_tokens) {
    std::size_t len = 0;
    const Ch c = Classify(text, i, &len);
    if (c != Ch::kWord) {
      if (c == Ch::kStop) sentence_start = true;
      i += len;
      continue;
    }
    // A word: letters/digits, with inner apostrophes, and '.'/',' between digits.
    const bool cap = !sentence_start && text[i] >= 'A' && text[i] <= 'Z';
    sentence_start = false;
    bool has_digit = false;
    fold.clear();
    std::size_t j = i;
    while (j < text.size()) {
      std::size_t dl = 0;
      const Ch d = Classify(text, j, &dl);
      if (d == Ch::kWord) {
        char ch = text[j];
        if (ch >= '0' && ch <= '9') has_digit = true;
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        fold.push_back(ch);
        ++j;
        continue;
      }
      const std::size_t next = j + dl;
      if (next < text.size()) {
        const char e = text[next];
        const bool e_alpha = (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z');
        if (d == Ch::kApostrophe && e_alpha) {
          fold.push_back('\'');
          j = next;
          continue;
        }
        if ((text[j] == '.' || text[j] == ',') && has_digit && e >= '0' && e <= '9') {
          fold.push_back(text[j]);
          j = next;
          continue;
        }
      }
      break;
    }
    i = j;
    FinishWord(fold, has_digit, cap, max_tokens, out);
  }
  return true;
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text, std::size_t max_tokens) {
  std::vector<Token> out;
  if (text.size() > (std::size_t{1} << 24)) text = text.substr(0, std::size_t{1} << 24);
  if (TokenizeFast(text, max_tokens, out)) return out;
  return TokenizeUnicode(text, max_tokens);
}

std::vector<Token> TokenizeUnicode(std::string_view text, std::size_t max_tokens) {
  std::vector<Token> out;
  if (text.size() > (std::size_t{1} << 24)) text = text.substr(0, std::size_t{1} << 24);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (U_SUCCESS(status)) {
    icu::UnicodeString n = nfkc->normalize(u, status);
    if (U_SUCCESS(status)) u = n;
  }
  const int32_t len = u.length();
  bool sentence_start = true;
  int32_t i = 0;
  while (i < len && out.size() < max_tokens) {
    UChar32 c = u.char32At(i);
    if (!IsWordChar(c)) {
      if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == 0x2026) {
        sentence_start = true;
      }
      i = u.moveIndex32(i, 1);
      continue;
    }
    // A word: letters/digits, with inner apostrophes, and '.'/',' between digits.
    const int32_t begin = i;
    bool has_digit = false;
    int32_t j = i;
    while (j < len) {
      UChar32 d = u.char32At(j);
      if (IsWordChar(d)) {
        if (u_isdigit(d)) has_digit = true;
        j = u.moveIndex32(j, 1);
        continue;
      }
      const int32_t next = u.moveIndex32(j, 1);
      if (next < len) {
        UChar32 e = u.char32At(next);
        if (IsApostrophe(d) && u_isalpha(e)) {
          j = next;
          continue;
        }
        if ((d == '.' || d == ',') && has_digit && u_isdigit(e)) {
          j = next;
          continue;
        }
      }
      break;
    }
    icu::UnicodeString word(u, begin, j - begin);
    i = j;
    const bool cap = !sentence_start && u_isupper(word.char32At(0));
    sentence_start = false;
    FinishWord(ToUtf8(word.foldCase()), has_digit, cap, max_tokens, out);
  }
  return out;
}

}  // namespace qt::match_internal
