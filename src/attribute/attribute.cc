// attribute: from source mentions to canonical speakers.
#include "quotetrack/attribute.h"

#include <re2/re2.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attribute/full_names.h"
#include "detect/lexicon.h"
#include "quotetrack/detect.h"
#include "util/ascii_match.h"

namespace qt {
namespace {

using WordSet = lex::WordIndex;

std::string Lower(std::string_view s) {
  std::string out(s);
  // ASCII only, as std::tolower in the "C" locale the program runs in (it
  // never calls setlocale), without a library call per byte: eight bytes a
  // step (SWAR), any byte values. Of each byte's low seven bits, adding
  // 0x80 - 'A' sets the high bit from 'A' on and adding 0x80 - 'Z' - 1 from
  // past 'Z' (no carry leaves a byte: at most 0x7F + 0x3F); a byte whose own
  // high bit is set is no ASCII letter.
  char* p = out.data();
  const std::size_t n = out.size();
  std::size_t i = 0;
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t x;
    std::memcpy(&x, p + i, 8);
    const std::uint64_t low7 = x & ~kHigh;
    const std::uint64_t from_a = low7 + (0x80 - 'A') * kOnes;
    const std::uint64_t past_z = low7 + (0x80 - 'Z' - 1) * kOnes;
    x |= (from_a & ~past_z & ~x & kHigh) >> 2;
    std::memcpy(p + i, &x, 8);
  }
  for (; i < n; ++i)
    if (p[i] >= 'A' && p[i] <= 'Z') p[i] = static_cast<char>(p[i] - 'A' + 'a');
  return out;
}

// Lower(s) as a view, for asking the word lists about one word: a word of
// up to 32 bytes is lowered into the object itself (no string is built),
// a longer one into a string. Lives to the end of the full expression
// when passed as a temporary.
class LowerWord {
 public:
  explicit LowerWord(std::string_view s) {
    if (s.size() <= sizeof buf_) {
      for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        buf_[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      }
      view_ = std::string_view(buf_, s.size());
    } else {
      long_ = Lower(s);
      view_ = long_;
    }
  }
  LowerWord(const LowerWord&) = delete;
  LowerWord& operator=(const LowerWord&) = delete;
  operator std::string_view() const { return view_; }  // NOLINT: implicit
  std::string_view view() const { return view_; }

 private:
  char buf_[32];
  std::string long_;
  std::string_view view_;
};

// Words' separators, by byte.
struct SeparatorTable {
  bool is[256] = {};
  constexpr SeparatorTable() {
    for (int c : {' ', ',', '\n', '\t'}) is[c] = true;
  }
};
constexpr SeparatorTable kSeparators;

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  // Room for the usual count (a word and its separator take three bytes or
  // more), so that a short text costs one allocation instead of up to four.
  if (!s.empty()) out.reserve(s.size() / 3 + 1);
  const auto sep = [](char c) { return kSeparators.is[static_cast<unsigned char>(c)]; };
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && sep(s[i])) ++i;
    std::size_t j = i;
    while (j < s.size() && !sep(s[j])) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// Whether the words of a sentence before a quote opening at `quote_start`
// hold a reporting word of their own (a speech verb, or a word that is a cue
// in at least 40% of its uses): "Ruiz also calls for reform, "…"".
bool ReportsBefore(std::string_view text, std::size_t sentence_start, std::size_t quote_start) {
  if (sentence_start >= quote_start || quote_start > text.size()) return false;
  auto punct = [](char c) { return std::ispunct(static_cast<unsigned char>(c)) != 0; };
  for (std::string_view w : Words(text.substr(sentence_start, quote_start - sentence_start))) {
    while (!w.empty() && punct(w.front())) w.remove_prefix(1);
    while (!w.empty() && punct(w.back())) w.remove_suffix(1);
    if (w.empty()) continue;
    const lex::WordFacts& f = lex::Facts(LowerWord(w));
    if (f.speech_verb || f.cue_rate >= 0.4f) return true;
  }
  return false;
}

// Role words: titles and offices that precede or follow a name.
bool IsRoleWord(std::string_view lower) {
  static const WordSet kSet = {
      "president", "vice", "prime", "minister", "secretary", "spokesman", "spokeswoman",
      "spokesperson", "spokespeople", "foreign", "defense", "defence", "interior", "finance",
      "ministry", "chief", "head", "leader", "senator", "sen.", "rep.", "representative",
      "governor", "gov.", "mayor", "general", "gen.", "lt.", "col.", "colonel", "admiral",
      "commander", "ambassador", "envoy", "aide", "adviser", "advisor", "chairman", "chairwoman",
      "chair", "director", "deputy", "deputy-head", "ceo", "executive", "officer", "official",
      "spokesman,", "presidential", "delegation", "negotiator", "chancellor", "king", "queen",
      "prince", "princess", "pope", "judge", "justice", "attorney", "prosecutor", "analyst",
      "professor", "prof.", "dr.", "economist", "researcher", "candidate", "nominee", "lawmaker",
      "mp", "congressman", "congresswoman", "councillor", "councilor", "commissioner",
      "governor-general", "manager", "founder", "co-founder", "editor", "correspondent", "reporter",
      "host", "coach", "captain", "sheriff", "chief-of-staff", "staff", "state", "house", "senate",
      "speaker", "majority", "minority", "whip", "press", "campaign", "communications", "national",
      "security", "council", "member", "members", "former", "then", "acting", "interim", "senior",
      "top", "junior", "assistant", "associate", "republican", "democratic", "democrat",
      "conservative", "labour", "liberal", "party", "central", "bank", "governor,", "economy",
      "trade", "health", "energy", "justice", "environment", "agriculture", "transport",
      "education", "culture", "labor", "treasury", "foreign-", "u.s.", "us", "un", "u.n.", "eu",
      "nato", "kremlin", "white", "office", "union", "federal", "regional", "city", "county",
      "provincial", "district", "mr.", "mrs.", "ms.", "sir", "dame", "lord", "lady", "rev.",
      "father", "sister", "sgt.", "capt.", "maj.", "cpl.", "pvt.", "adm.", "supt.", "insp.", "det.",
      "the", "of", "for", "and", "to", "on", "at", "in", "said", "its", "his", "her", "their",
      // Plural titles ("a meeting between Presidents
      // Halvorsen and Ruiz").
      "presidents", "ministers", "senators", "governors", "leaders", "officials", "lawmakers",
      "prosecutors", "judges", "ambassadors", "chancellors", "candidates", "spokesmen",
      "spokeswomen", "advisers", "aides", "envoys", "negotiators", "representatives"};
  return kSet.Contains(lower);
}

bool IsOrgWord(std::string_view lower) {
  static const WordSet kSet = {
      "ministry",    "government", "kremlin",     "office",       "department",   "agency",
      "committee",   "commission", "council",     "party",        "campaign",     "administration",
      "parliament",  "congress",   "senate",      "court",        "police",       "army",
      "military",    "company",    "corporation", "group",        "union",        "association",
      "institute",   "university", "foundation",  "bank",         "board",        "authority",
      "authorities", "palace",     "house",       "embassy",      "delegation",   "cabinet",
      "poll",        "survey",     "report",      "study",        "statement",    "network",
      "newspaper",   "times",      "post",        "journal",      "news",         "television",
      "radio",       "service",    "services",    "organization", "organisation", "coalition",
      "alliance",    "federation", "nato",        "fund",         "inc.",         "ltd",
      "corp.",       "team",       "club",        "league",       "center",       "centre",
      "documents",   "emails",     "data",        "analysis",     "website",      "magazine"};
  return kSet.Contains(lower);
}

bool IsAnonymousHead(std::string_view lower) {
  static const WordSet kSet = {"source",  "sources",   "official",   "officials", "people",
                               "person",  "insider",   "insiders",   "diplomat",  "diplomats",
                               "aide",    "aides",     "observers",  "analysts",  "experts",
                               "critics", "residents", "witnesses",  "witness",   "some",
                               "many",    "others",    "supporters", "opponents", "voters"};
  return kSet.Contains(lower);
}

// Countries, capitals and blocs that speak as collectives ("Russia said",
// "Kyiv insisted", "Washington warned").
bool IsCollectivePlace(std::string_view w) {
  static const WordSet kSet = {
      "Russia",     "Ukraine",     "China",       "Japan",      "India",       "Iran",
      "Iraq",       "Israel",      "Turkey",      "Türkiye",    "Germany",     "France",
      "Britain",    "Italy",       "Spain",       "Poland",     "Canada",      "Mexico",
      "Brazil",     "Argentina",   "Egypt",       "Syria",      "Lebanon",     "Jordan",
      "Qatar",      "Pakistan",    "Afghanistan", "Korea",      "Taiwan",      "Vietnam",
      "Indonesia",  "Australia",   "America",     "Europe",     "Africa",      "Asia",
      "Belarus",    "Georgia",     "Armenia",     "Azerbaijan", "Hungary",     "Romania",
      "Moldova",    "Serbia",      "Greece",      "Sweden",     "Finland",     "Norway",
      "Denmark",    "Netherlands", "Belgium",     "Austria",    "Switzerland", "Ireland",
      "Portugal",   "Kyiv",        "Kiev",        "Moscow",     "Washington",  "Beijing",
      "Tokyo",      "London",      "Paris",       "Berlin",     "Brussels",    "Ankara",
      "Tehran",     "Jerusalem",   "Warsaw",      "Minsk",      "Delhi",       "Seoul",
      "Pyongyang",  "Taipei",      "Cairo",       "Damascus",   "Baghdad",     "Riyadh",
      "Doha",       "Ottawa",      "Canberra",    "Rome",       "Madrid",      "Budapest",
      "Bucharest",  "Athens",      "Vienna",      "Stockholm",  "Helsinki",    "Oslo",
      "Copenhagen", "Tbilisi",     "Yerevan",     "Baku",       "Islamabad",   "Kabul",
      "NATO",       "EU",          "UN",          "U.N.",       "Hamas",       "Hezbollah",
      "Pentagon",   "Kremlin",     "Beirut",      "Caracas",    "Havana",      "Manila",
      "Bangkok",    "Jakarta"};
  return kSet.Contains(w);
}

bool IsDeterminer(std::string_view lower) {
  return lower == "a" || lower == "an" || lower == "some" || lower == "several" || lower == "two" ||
         lower == "three" || lower == "many" || lower == "one" || lower == "other" ||
         lower == "another" || lower == "unnamed" || lower == "anonymous";
}

bool IsCapitalized(std::string_view w) {
  if (w.empty()) return false;
  unsigned char c = static_cast<unsigned char>(w[0]);
  return std::isupper(c) || c >= 0x80;
}

bool IsDefiniteReference(std::string_view lower_mention) {
  // "the source", "the minister", "the spokesman", "the official"
  return lower_mention.rfind("the ", 0) == 0;
}

// "Maradia's foreign minister", "the firm's chief economist": the role
// words after a possessive when every word after it is a lower-case role
// word (a description of a person by office, no name). Empty otherwise.
std::string PossessiveRole(std::string_view mention) {
  std::size_t at = mention.find("'s ");
  std::size_t skip = 3;
  if (at == std::string_view::npos) {
    at = mention.find("\xE2\x80\x99s ");
    skip = 5;
  }
  if (at == std::string_view::npos || at == 0) return {};
  std::string_view rest = mention.substr(at + skip);
  std::vector<std::string_view> words = Words(rest);
  if (words.empty()) return {};
  for (std::string_view w : words) {
    if (IsCapitalized(w)) return {};
    const LowerWord lw(w);
    // (IsRoleWord also takes the function words that may sit inside a role.)
    if (!IsRoleWord(lw) || lex::IsFunctionWord(lw)) return {};
  }
  return Lower(rest);
}

// Strip trailing "'s"/"’s" and punctuation.
std::string_view TrimName(std::string_view s) {
  while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ':' || s.back() == ';' ||
                        s.back() == ')' || s.back() == '(' || s.back() == ' '))
    s.remove_suffix(1);
  if (s.size() > 2 && (s.substr(s.size() - 2) == "'s")) s.remove_suffix(2);
  if (s.size() > 4 && s.substr(s.size() - 4) == "\xE2\x80\x99s") s.remove_suffix(4);
  return s;
}

}  // namespace

namespace {
constexpr std::size_t kNoJoin = static_cast<std::size_t>(-1);

// Folds each quote into the earlier one join[i] names (its pieces appended in
// order, chains followed to their first quote) and drops it from `quotes`.
void JoinPieces(const std::vector<std::size_t>& join, std::vector<Quote>& quotes) {
  std::vector<std::size_t> root(quotes.size());
  for (std::size_t i = 0; i < quotes.size(); ++i) {
    // A quote joins an earlier one (join[i] < i) or nothing (kNoJoin).
    root[i] = join[i] < i ? root[join[i]] : i;
    if (root[i] == i) continue;
    Quote& into = quotes[root[i]];
    Quote& piece = quotes[i];
    into.content.insert(into.content.end(), piece.content.begin(), piece.content.end());
    into.text += ' ';
    into.text += piece.text;
    into.sentence.start = std::min(into.sentence.start, piece.sentence.start);
    into.sentence.end = std::max(into.sentence.end, piece.sentence.end);
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < quotes.size(); ++i)
    if (root[i] == i) {
      if (kept != i) quotes[kept] = std::move(quotes[i]);
      ++kept;
    }
  quotes.resize(kept);
}

// Cheap tests run before a pattern: a text without any of a pattern's
// required literals cannot match it, so most sentences skip the regex. The
// three tests of a quote's sentence (the agency-channel literals, the
// agency-quoted ones, "accord" in any case) are one scan.
enum ContextWord : unsigned {
  kChannelWords = 1u << 0,  // "according to", "told", ... (agency_channel)
  kQuotedWords = 1u << 1,   // "quoted", "cited", "reported" (agency_quoted)
  kAccordWord = 1u << 2,    // "accord" in any ASCII case (according_to)
};
struct Needle {
  std::string_view text;  // lower case when `fold`
  bool fold;              // ASCII case folded ("accord": letters whose only
                          // case variants are ASCII, for a (?i) pattern)
  unsigned group;
  std::size_t at;  // where its four probed bytes start
};
constexpr Needle kContextNeedles[] = {
    {"according to", false, kChannelWords, 1},
    {"told", false, kChannelWords, 0},
    {"quoted by", false, kChannelWords, 0},
    {"cited by", false, kChannelWords, 0},
    {"in an interview with", false, kChannelWords, 9},
    {"speaking to", false, kChannelWords, 1},
    {"said to", false, kChannelWords, 3},
    {"quoted", false, kQuotedWords, 0},
    {"cited", false, kQuotedWords, 0},
    {"reported", false, kQuotedWords, 3},
    {"accord", true, kAccordWord, 1},
};
// The distinct probes: four bytes of a needle, rare in prose (its first two,
// "to", "in", "sa", were every few words), folded for "ccor" ("accord" is
// folded, and "according to" holds the same bytes).
struct Probe {
  char b[4];
  bool fold;
};
constexpr Probe kContextProbes[] = {
    {{'c', 'c', 'o', 'r'}, true},  {{'t', 'o', 'l', 'd'}, false}, {{'q', 'u', 'o', 't'}, false},
    {{'c', 'i', 't', 'e'}, false}, {{'e', 'r', 'v', 'i'}, false}, {{'p', 'e', 'a', 'k'}, false},
    {{'d', ' ', 't', 'o'}, false}, {{'o', 'r', 't', 'e'}, false},
};

// Every needle's bytes at `at` are a probe (folded like it).
constexpr bool ProbesCoverNeedles() {
  for (const Needle& n : kContextNeedles) {
    bool covered = false;
    for (const Probe& pr : kContextProbes)
      covered = covered || ((pr.fold || !n.fold) && n.text.size() >= n.at + 4 &&
                            n.text.substr(n.at, 4) == std::string_view(pr.b, 4));
    if (!covered) return false;
  }
  return true;
}
static_assert(ProbesCoverNeedles());

// The ContextWord groups that have a needle in `text`. One pass, sixteen
// positions a step, every probe's four bytes compared at once (a folded
// probe with the bytes OR 0x20, which lowers a capital and changes no other
// byte into a letter), and the needles around a position where one matched
// compared in full. A find per needle cost a memchr call per occurrence of
// its first letter and a memcmp per hit.
unsigned ContextWords(std::string_view text) {
  constexpr unsigned kAll = kChannelWords | kQuotedWords | kAccordWord;
  unsigned found = 0;
  auto check = [&](std::size_t i) {  // a probe matched at i
    for (const Needle& n : kContextNeedles)
      if ((found & n.group) == 0 && i >= n.at &&
          util::AsciiLiteralAt(text, i - n.at, n.text, n.fold))
        found |= n.group;
  };
#if defined(__SSE2__)
  // The probes starting at q[0..15] (q[16..18] read as later bytes).
  auto block = [](const char* q) {
    const __m128i lower = _mm_set1_epi8(0x20);
    __m128i v[4], f[4];
    for (int k = 0; k < 4; ++k) {
      v[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + k));
      f[k] = _mm_or_si128(v[k], lower);
    }
    __m128i hit = _mm_setzero_si128();
    for (const Probe& pr : kContextProbes) {
      const __m128i* x = pr.fold ? f : v;
      __m128i m = _mm_cmpeq_epi8(x[0], _mm_set1_epi8(pr.b[0]));
      for (int k = 1; k < 4; ++k)
        m = _mm_and_si128(m, _mm_cmpeq_epi8(x[k], _mm_set1_epi8(pr.b[k])));
      hit = _mm_or_si128(hit, m);
    }
    return static_cast<unsigned>(_mm_movemask_epi8(hit));
  };
  const char* const p = text.data();
  const std::size_t size = text.size();
  std::size_t i = 0;
  for (; i + 19 <= size && found != kAll; i += 16)
    for (unsigned mask = block(p + i); mask != 0; mask &= mask - 1)
      check(i + static_cast<std::size_t>(__builtin_ctz(mask)));
  if (i < size && found != kAll) {
    // The last (at most eighteen) starts, from a copy padded with NUL bytes,
    // which are in no probe (folded, a NUL is a space, in none either).
    char tail[40] = {};
    std::memcpy(tail, p + i, size - i);
    for (std::size_t k = 0; k < size - i; k += 16) {
      unsigned mask = block(tail + k);
      if (size - i - k < 16) mask &= (1u << (size - i - k)) - 1;
      for (; mask != 0; mask &= mask - 1)
        check(i + k + static_cast<std::size_t>(__builtin_ctz(mask)));
    }
  }
#else
  for (std::size_t i = 0; i < text.size() && found != kAll; ++i) check(i);
#endif
  return found;
}

// Patterns run over whole documents: a larger DFA budget, and no log line
// per match when a pathological input exhausts it anyway.
RE2::Options PatternOptions() {
  RE2::Options o;
  o.set_max_mem(64 << 20);
  o.set_log_errors(false);
  return o;
}

// RE2::PartialMatch(ctx, re, who) for a pattern whose every match opens
// with `lead` (lower case) in any case, letters with no case variant outside
// ASCII in RE2's folding (no k, no s): a match starts where those bytes
// stand, ASCII-folded, and the first such place the whole pattern matches
// from (anchored there, with the sentence as context for \b) is the leftmost
// match, so its capture is PartialMatch's. Unanchored, RE2 kept building DFA
// states for every start at once: "quoted ... as saying" (a (?i) pattern
// with {2,80}) cost ~270k instructions a call, "according to" ~5k.
bool LeftmostMatchFrom(std::string_view ctx, std::string_view lead, const RE2& re,
                       std::string* who) {
  const re2::StringPiece text(ctx.data(), ctx.size());
  for (std::size_t i = 0; i + lead.size() <= ctx.size(); ++i) {
    if ((ctx[i] | 0x20) != lead[0] || !util::AsciiLiteralAt(ctx, i, lead, true)) continue;
    re2::StringPiece m[2];
    if (re.Match(text, i, ctx.size(), RE2::ANCHOR_START, m, 2)) {
      who->assign(m[1].data(), m[1].size());
      return true;
    }
  }
  return false;
}

bool IsAsciiWordByte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

// RE2's \b after text[i - 1], a word byte: text[i] is none (or the end).
bool WordEndsAt(std::string_view text, std::size_t i) {
  return i >= text.size() || !IsAsciiWordByte(text[i]);
}

// What follows a name that only a person does: an apposition, a verb of
// speech or of a speaker's manner, an age. By hand, what RE2::PartialMatch
// of this pattern answered (~800 instructions a call, one per full name):
//   ^(?:, (?:a|an|who|[a-z]+['’]s)\b| (?:said|says|told|added|spoke|speaks|
//   wrote|writes|asked|asks|noted|explained|insisted|argued|recalled|
//   recalls|smiled|laughed)\b| \(\d+\))
// \b and \d are ASCII in RE2; the apostrophe is ' or U+2019 (E2 80 99).
bool PersonAfterMatch(std::string_view after) {
  // The run of word bytes from `from` (what an alternative of letters
  // followed by \b must be all of).
  auto word_from = [&](std::size_t from) {
    std::size_t j = from;
    while (j < after.size() && IsAsciiWordByte(after[j])) ++j;
    return after.substr(from, j - from);
  };
  if (after.starts_with(", ")) {
    const std::string_view w = word_from(2);
    if (w == "a" || w == "an" || w == "who") return true;
    std::size_t j = 2;
    while (j < after.size() && after[j] >= 'a' && after[j] <= 'z') ++j;
    if (j == 2) return false;
    const std::string_view rest = after.substr(j);
    const std::size_t q = rest.starts_with('\'') ? 1 : rest.starts_with("\xE2\x80\x99") ? 3 : 0;
    return q != 0 && rest.substr(q).starts_with('s') && WordEndsAt(after, j + q + 1);
  }
  if (after.starts_with(" (")) {
    std::size_t j = 2;
    while (j < after.size() && after[j] >= '0' && after[j] <= '9') ++j;
    return j > 2 && j < after.size() && after[j] == ')';
  }
  if (!after.starts_with(' ')) return false;
  const std::string_view w = word_from(1);
  if (w.size() < 4 || w.size() > 9) return false;
  for (std::string_view verb :
       {"said", "says", "told", "added", "spoke", "speaks", "wrote", "writes", "asked", "asks",
        "noted", "explained", "insisted", "argued", "recalled", "recalls", "smiled", "laughed"})
    if (w.size() == verb.size() && w == verb) return true;
  return false;
}

}  // namespace

struct Attributor::Impl {
  RE2 quoted_saying{
      R"((?i)\bquot(?:ed|ing)\s+((?:an?|the|one)\s+[^,.;"“”]{2,80}?|[A-Z][^,.;"“”]{1,60}?)\s+(?:as\s+)?(?:saying|said|who said|telling))",
      PatternOptions()};
  RE2 agency_channel{
      R"((?:according to|told|quoted by|cited by|in an interview with|speaking to|said to)\s+((?:the\s+)?[A-Z][A-Za-z\-]+(?:\s+[A-Z][A-Za-z\-]+){0,3}))",
      PatternOptions()};
  RE2 according_to{R"((?i:according to)\s+((?:the\s+)?[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,3}))",
                   PatternOptions()};
  RE2 agency_quoted{
      R"(\b([A-Z][A-Za-z\-]+(?:\s+[A-Z][A-Za-z\-]+){0,2})\s+(?:quoted|cited|reported)\b)",
      PatternOptions()};
};

Attributor::Attributor() : impl_(std::make_unique<Impl>()) {}
Attributor::~Attributor() = default;

const Attributor& Attributor::Default() {
  static const Attributor kAttributor;
  return kAttributor;
}

ParsedName Attributor::ParseMention(std::string_view mention) const {
  ParsedName out;
  // "Sen. Ana Ruiz (D-Ore.)", "Lee Park (R)": a parenthetical after the name
  // (party and state, age) is no part of it.
  if (auto paren = mention.find('('); paren != std::string_view::npos && paren > 0)
    mention = mention.substr(0, paren);
  std::string_view m = TrimName(mention);
  // Appositions: "Smith, a spokesman for X" -> name Smith, role rest.
  std::string_view appos;
  if (auto comma = m.find(','); comma != std::string_view::npos) {
    appos = m.substr(comma + 1);
    m = m.substr(0, comma);
    while (!appos.empty() && appos.front() == ' ') appos.remove_prefix(1);
    while (!appos.empty() && (appos.back() == ',' || appos.back() == ' ')) appos.remove_suffix(1);
  }
  // "Mayor Ilse Brandt and council leader Tom Ruiz": two speakers of
  // one statement; the first named stands for both. (A one-word first
  // conjunct is more likely a firm's name: "Procter and Gamble".)
  if (auto conj = m.find(" and "); conj != std::string_view::npos) {
    const std::string_view before = m.substr(0, conj), after = m.substr(conj + 5);
    const std::vector<std::string_view> bw = Words(before), cw = Words(after);
    if (bw.size() >= 2 && cw.size() >= 2 && IsCapitalized(bw.back()) && IsCapitalized(cw.back()))
      m = before;
  }
  // "Zarovia's energy minister, Bohdan Kravetsky": the name follows the role.
  // "Tesh's chief negotiator, Defence Minister Arkady Volkan": the name
  // after its title.
  if (!appos.empty()) {
    std::vector<std::string_view> aw = Words(appos);
    std::size_t title = 0;
    while (title + 1 < aw.size() && IsRoleWord(LowerWord(aw[title]))) ++title;
    const bool titled = title > 0 && aw.size() - title >= 2;
    if (!titled) title = 0;
    bool appos_is_name = !aw.empty() && aw.size() - title <= 4;
    for (std::size_t i = title; i < aw.size(); ++i)
      if (!IsCapitalized(aw[i]) || IsRoleWord(LowerWord(aw[i]))) appos_is_name = false;
    bool head_has_name = false;
    for (auto w : Words(m))
      if (IsCapitalized(w) && !IsRoleWord(LowerWord(w)) && !IsCollectivePlace(TrimName(w)))
        head_has_name = true;
    if (titled && appos_is_name && (!head_has_name || !PossessiveRole(m).empty())) {
      const auto offset = [&](std::string_view w) {
        return static_cast<std::size_t>(w.data() - appos.data());
      };
      ParsedName swapped;
      swapped.name = std::string(appos.substr(offset(aw[title])));
      swapped.role = std::string(appos.substr(0, offset(aw[title - 1]) + aw[title - 1].size()));
      swapped.kind = SpeakerKind::kPerson;
      return swapped;
    }
    std::vector<std::string_view> hw = Words(m);
    if (appos_is_name && (!head_has_name || (hw.size() > 1 && !IsCapitalized(hw.back())))) {
      ParsedName swapped;
      swapped.name = std::string(appos);
      swapped.role = std::string(m);
      swapped.kind = SpeakerKind::kPerson;
      return swapped;
    }
  }
  // Sentence openers are not part of a mention: "Despite President Putin",
  // "But Russian delegation head Vladimir Medinsky".
  // (Cut at a word's start, m's words are the rest of its words.)
  std::vector<std::string_view> words = Words(m);
  while (words.size() > 1 && lex::IsSentenceOpener(LowerWord(words.front()))) {
    m = m.substr(static_cast<std::size_t>(words[1].data() - m.data()));
    words.erase(words.begin());
  }
  // Honorifics are not part of the name: "Ms Calloway" -> "Calloway".
  if (words.size() >= 2 && lex::IsHonorific(LowerWord(words[words.size() - 2])) &&
      IsCapitalized(words.back())) {
    std::size_t cut = static_cast<std::size_t>(words.back().data() - m.data());
    std::string_view before =
        m.substr(0, static_cast<std::size_t>(words[words.size() - 2].data() - m.data()));
    std::string_view surname = m.substr(cut);
    ParsedName rest = before.empty() ? ParsedName() : ParseMention(before);
    out.name = std::string(surname);
    out.role = rest.role.empty() ? rest.name : rest.role;
    while (!out.role.empty() && out.role.back() == ' ') out.role.pop_back();
    out.kind = SpeakerKind::kPerson;
    return out;
  }
  if (words.empty()) return out;
  const LowerWord first_lower(words.front());
  const std::string_view first = first_lower;
  if (words.size() == 1 && lex::IsSentenceOpener(first)) return out;  // "However"
  if (words.size() == 1 && lex::IsPronoun(first)) {
    out.kind = SpeakerKind::kUnknown;
    return out;
  }
  // Anonymous: "a Ukrainian diplomatic source", "officials familiar with…".
  bool has_cap_name = false;
  for (auto w : words)
    if (IsCapitalized(w) && !IsRoleWord(LowerWord(w))) has_cap_name = true;
  bool anon_head = false;
  for (auto w : words)
    if (IsAnonymousHead(LowerWord(w))) anon_head = true;
  if (anon_head &&
      (IsDeterminer(first) || first == "this" || first == "that" || IsAnonymousHead(first) ||
       !IsCapitalized(words.front())) &&
      !(first == "the" && words.size() <= 3 && !anon_head)) {
    if (first != "the") {
      out.kind = SpeakerKind::kAnonymous;
      out.name = std::string(m);
      return out;
    }
  }
  // Split trailing capitalised name tokens from leading role words.
  // The name is the maximal run of capitalised non-role words at the end.
  std::size_t name_start = words.size();
  while (name_start > 0) {
    std::string_view w = words[name_start - 1];
    const LowerWord lw_lower(w);
    const std::string_view lw = lw_lower;
    bool cap = IsCapitalized(w);
    if (!cap) break;
    if (IsRoleWord(lw) && name_start == words.size()) break;
    if (IsRoleWord(lw) && !(lw == "state" || lw == "house")) break;
    // "Dad-of-three", "mother-of-two": descriptions, not names.
    if (w.find('-') != std::string_view::npos && w.size() > 2 &&
        std::islower(static_cast<unsigned char>(w[w.find('-') + 1])))
      break;
    --name_start;
  }
  // Organisation words inside the role ("Kremlin spokesman Dmitry Peskov")
  // do not make the named person an organisation; inside the name run they do
  // ("Foreign Ministry").
  bool org = false;
  for (std::size_t i = name_start; i < words.size(); ++i)
    if (IsOrgWord(LowerWord(words[i]))) org = true;
  bool org_anywhere = org;
  for (auto w : words)
    if (IsOrgWord(LowerWord(w))) org_anywhere = true;
  bool place = words.size() - name_start == 1 && IsCollectivePlace(words.back());
  // "the talks in Istanbul", "officials in Kyiv": a name after a preposition
  // of place is where, not who; the mention's head is a common noun.
  static const WordSet kPlacePrepositions = {"in",     "at",     "from",   "near",
                                             "inside", "outside", "across", "around"};
  const bool after_place_prep = name_start > 0 && name_start < words.size() &&
                                kPlacePrepositions.Contains(LowerWord(words[name_start - 1]));
  if (after_place_prep) {
    out.name = std::string(m);
    out.kind = anon_head ? SpeakerKind::kAnonymous : SpeakerKind::kUnknown;
    return out;
  }
  if (name_start < words.size() && !org && !place &&
      !(org_anywhere && name_start == words.size() - 1 && name_start == 0)) {
    std::size_t name_begin = static_cast<std::size_t>(words[name_start].data() - m.data());
    out.name = std::string(m.substr(name_begin));
    if (name_start > 0) {
      std::string_view role = m.substr(0, name_begin);
      while (!role.empty() && role.back() == ' ') role.remove_suffix(1);
      out.role = std::string(role);
    }
    // An apposition is a role only when it reads like one ("a spokesman
    // for…", "the head of…", "Ukraine's defence minister").
    if (!appos.empty() && out.role.empty()) {
      std::string la = Lower(appos);
      std::string lead = la.substr(0, la.find(' '));
      if (lead == "a" || lead == "an" || lead == "the" || IsRoleWord(lead) ||
          la.find("'s ") != std::string::npos)
        out.role = std::string(appos);
    }
    // Honorifics are not roles.
    if (out.role == "Mr." || out.role == "Mrs." || out.role == "Ms." || out.role == "Dr.")
      out.role.clear();
    out.kind = SpeakerKind::kPerson;
    if (lex::IsAgency(out.name)) out.kind = SpeakerKind::kOrganization;
    return out;
  }
  // Collective and institutional speakers, and unnamed roles ("the
  // minister"): kept whole.
  out.name = std::string(m);
  // "Maradia's foreign minister": an office, resolved by context.
  if (!PossessiveRole(m).empty()) {
    out.kind = SpeakerKind::kUnknown;
    out.role = std::string(m);
    return out;
  }
  if (org_anywhere || has_cap_name || lex::IsAgency(m) || place) {
    out.kind = SpeakerKind::kOrganization;
    // "the Kremlin" -> "Kremlin"
    if (first == "the" && words.size() >= 2 && IsCapitalized(words[1]))
      out.name = std::string(m.substr(4));
  } else if (anon_head) {
    out.kind = SpeakerKind::kAnonymous;
  } else {
    out.kind = SpeakerKind::kUnknown;  // "the minister": resolved by context
    out.role = std::string(m);
  }
  return out;
}

void Attributor::Attribute(const Document& doc, const NormalisedText& norm,
                           std::vector<Quote>& quotes) const {
  std::vector<std::size_t> sentence_starts;  // source offsets, built on first use
  // Where the last source that is an office nobody is named with stands
  // ("the mayor", with no mayor named before).
  std::optional<std::size_t> unnamed_office;
  struct Known {
    std::string name, role;
    SpeakerKind kind;
    std::size_t pos;
    std::string key;  // NameKey(name), for SamePersonKey
  };
  // Full names written anywhere in the document, for surname-only mentions
  // ("Ms Calloway" -> the nearest "Ines Calloway" before it).
  struct FullName {
    std::string name;
    std::size_t pos;
    std::string role;        // role words written before the name
    bool personish = false;  // introduced by a role, an apposition or a verb
    std::string key;         // NameKey(name), computed once
  };
  std::vector<FullName> full_names;
  {
    // Two or three capitalised words: candidate full names in the text. A
    // name never runs across a line: a headline's last words and the next
    // line's first are no name ("… End 'Empty-Handed'" / "Summary").
    // (attribute_internal::kFullNamePattern, scanned by hand.)
    std::string name;
    std::size_t from = 0, match_start = 0, match_end = 0;
    while (attribute_internal::NextFullName(doc.text, from, &match_start, &match_end)) {
      from = match_end;
      name.assign(doc.text, match_start, match_end - match_start);
      std::vector<std::string_view> w = Words(name);
      std::size_t end_pos = match_end;
      // "President Vladimir Putin" -> "Vladimir Putin".
      std::string role;
      while (!w.empty() && IsRoleWord(LowerWord(w.front()))) {
        if (!role.empty()) role.push_back(' ');
        role += std::string(w.front());
        w.erase(w.begin());
      }
      if (w.size() > 3) continue;
      if (w.size() < 2) continue;
      name = std::string(
          w.front().data(),
          static_cast<std::size_t>(w.back().data() + w.back().size() - w.front().data()));
      w = Words(name);  // the old views pointed into the string just replaced
      const LowerWord first_lower(w.front());
      const std::string_view first = first_lower;
      bool role_inside = false;
      for (auto x : w)
        if (IsRoleWord(LowerWord(x))) role_inside = true;
      if (role_inside) continue;
      if (IsRoleWord(first) || IsOrgWord(first) || IsCollectivePlace(w.front()) ||
          lex::IsHonorific(first) || lex::IsSentenceOpener(first) || first == "if" ||
          IsOrgWord(LowerWord(w.back())) || IsCollectivePlace(w.back()))
        continue;
      std::size_t at = end_pos - name.size();
      std::string_view after = std::string_view(doc.text).substr(end_pos, 24);
      std::string_view before =
          std::string_view(doc.text).substr(at >= 2 ? at - 2 : 0, at >= 2 ? 2 : 0);
      bool personish = !role.empty() || before == ", " || PersonAfterMatch(after);
      full_names.push_back({name, at, role, personish, NameKey(name)});
    }
  }
  auto full_name_for = [&](const std::string& surname, std::size_t pos) -> std::string {
    const std::string surname_key = NameKey(surname);
    const FullName* best = nullptr;
    for (const FullName& f : full_names) {
      if (!SamePersonKey(f.key, surname_key)) continue;
      if (f.pos <= pos || best == nullptr) best = &f;
      if (f.pos > pos) break;
    }
    return best ? best->name : std::string();
  };
  std::vector<Known> people;   // persons seen so far in the document
  std::string last_anonymous;  // "a senior diplomatic source", for "the source"
  const Quote* prev = nullptr;
  std::size_t prev_end = 0;
  // A follow-on direct quote in the same paragraph as the quote it inherits
  // from is another piece of that quote ("'A,' she said. 'B.'" is one
  // attribution): the index of the quote it joins, or kNoJoin.
  std::vector<std::size_t> join(quotes.size(), kNoJoin);
  for (Quote& q : quotes) {
    const auto qi = static_cast<std::size_t>(&q - quotes.data());
    std::string via;
    // Agency channel in the sentence: "told Reuters", "according to AFP".
    std::string_view ctx;
    if (q.sentence.end <= doc.text.size() && q.sentence.start < q.sentence.end)
      ctx = std::string_view(doc.text).substr(q.sentence.start, q.sentence.size());
    const unsigned ctx_words = ContextWords(ctx);
    {
      re2::StringPiece input(ctx.data(), ctx.size());
      std::string who;
      const bool channel = (ctx_words & kChannelWords) != 0;
      while (channel && RE2::FindAndConsume(&input, impl_->agency_channel, &who)) {
        std::string w = who;
        if (w.rfind("the ", 0) == 0) w = w.substr(4);
        if (lex::IsAgency(who) || lex::IsAgency(w)) {
          via = w;
          break;
        }
      }
      if (via.empty()) {
        input = re2::StringPiece(ctx.data(), ctx.size());
        const bool quoted = (ctx_words & kQuotedWords) != 0;
        while (quoted && RE2::FindAndConsume(&input, impl_->agency_quoted, &who)) {
          if (lex::IsAgency(who)) {
            via = who;
            break;
          }
        }
      }
    }
    std::string mention = q.source ? q.source->text : std::string();
    // A relative pronoun the source ends on opens the clause after it ("A
    // ministry official who | asked not to be named"): no part of the name.
    for (std::string_view rel : {" who", " which", " whose"})
      if (mention.size() > rel.size() + 1 && std::string_view(mention).ends_with(rel))
        mention.resize(mention.size() - rel.size());
    ParsedName pn = ParseMention(mention);
    // The agency itself as source, or any source that "quoted" or "cited"
    // someone: it is the channel; the speaker is the object of "quoted".
    // (The cue may be "quoted" itself or the "saying" of "X quoted Y as saying".)
    bool quoting_cue = q.cue && (LowerWord(q.cue->text).view() == "quoted" ||
                                 LowerWord(q.cue->text).view() == "cited");
    // "X cited by Reuters" is passive: X speaks and Reuters is the channel.
    auto active = [&](std::string_view verb) {
      const std::string needle = mention + std::string(verb);
      const std::size_t at = ctx.find(needle);
      return at != std::string_view::npos && ctx.substr(at + needle.size(), 3) != "by ";
    };
    if (!quoting_cue && !mention.empty()) quoting_cue = active(" quoted ") || active(" cited ");
    if (!pn.name.empty() && (lex::IsAgency(pn.name) || quoting_cue)) {
      via = pn.name;
      std::string who;
      if (LeftmostMatchFrom(ctx, "quot", impl_->quoted_saying, &who)) {
        pn = ParseMention(who);
      } else {
        pn = ParsedName();
      }
    }
    std::string lower_mention = Lower(mention);
    bool resolved = false;
    if (q.source && (pn.name.empty() || pn.kind == SpeakerKind::kUnknown) && !mention.empty()) {
      // Pronoun or definite description: nearest earlier person.
      std::string_view lm = lower_mention;
      // ("According to him": an object pronoun is the speaker as well.)
      if ((lex::IsPronoun(lm) || lm == "him" || lm == "her") && lm != "it" && lm != "we" &&
          lm != "they" && lm != "i" && lm != "you") {
        // The nearest person before the pronoun: a quoted source or a full
        // name written in the text.
        std::size_t at = q.source->span.start;
        const FullName* written = nullptr;
        for (const FullName& f : full_names) {
          if (f.pos >= at) break;
          if (f.personish) written = &f;
        }
        const Known* quoted = nullptr;
        for (auto it = people.rbegin(); it != people.rend(); ++it)
          if (it->pos < at) {
            quoted = &*it;
            break;
          }
        // A name written after the last speaker wins, unless it sits in the
        // speaker's own sentence ("Zelenskyy said he discussed the talks
        // with Trump. ... he urged"): there it is an object, and the pronoun
        // continues the subject.
        auto same_sentence = [&](std::size_t from, std::size_t to) {
          if (sentence_starts.empty())
            for (const Span& sn : norm.sentences)
              sentence_starts.push_back(norm.ToSource(sn).start);
          auto idx = [&](std::size_t pos) {
            return std::upper_bound(sentence_starts.begin(), sentence_starts.end(), pos) -
                   sentence_starts.begin();
          };
          return idx(from) == idx(to);
        };
        // An office named without a name after them ("The mayor has said …,
        // but he refuses …") is who the pronoun means: nobody resolved.
        const std::size_t nearest = std::max(written ? written->pos : 0, quoted ? quoted->pos : 0);
        if (unnamed_office && *unnamed_office < at &&
            (!(written || quoted) || *unnamed_office > nearest)) {
          written = nullptr;
          quoted = nullptr;
        }
        if (written && (!quoted || written->pos > quoted->pos) &&
            !(quoted && SamePersonKey(quoted->key, written->key)) &&
            !(quoted && quoted->kind == SpeakerKind::kPerson &&
              same_sentence(quoted->pos, written->pos))) {
          q.speaker = written->name;
          q.role = written->role;
          q.speaker_kind = SpeakerKind::kPerson;
          resolved = true;
        } else if (quoted) {
          q.speaker = quoted->name;
          q.role = quoted->role;
          q.speaker_kind = SpeakerKind::kPerson;
          resolved = true;
        }
      } else if (const std::string prole = PossessiveRole(mention);
                 IsDefiniteReference(lm) || !prole.empty()) {
        // "the minister", "the harbour master": the person named before with
        // that role. A word that names no role ("the talks") matches only a
        // role written with a name, never any word near one. "Maradia's
        // foreign minister": the person named with all those role words,
        // before or else after (a lead often names the office first).
        std::string head = std::string(lm.substr(lm.rfind(' ') + 1));
        const bool role_head = IsRoleWord(head) || IsAnonymousHead(head);
        std::vector<std::string> needed;
        if (prole.empty()) {
          needed.push_back(head);
        } else {
          for (std::string_view w : Words(prole)) needed.emplace_back(w);
        }
        auto has_word = [&](std::string_view text) {
          std::vector<std::string_view> words = Words(text);
          for (std::string_view& w : words)
            while (!w.empty() && std::ispunct(static_cast<unsigned char>(w.back())))
              w.remove_suffix(1);
          return std::all_of(needed.begin(), needed.end(), [&](const std::string& n) {
            return std::find(words.begin(), words.end(), n) != words.end();
          });
        };
        for (auto it = people.rbegin(); it != people.rend(); ++it) {
          if (has_word(Lower(it->role))) {
            q.speaker = it->name;
            q.role = it->role;
            q.speaker_kind = SpeakerKind::kPerson;
            resolved = true;
            break;
          }
        }
        if (!resolved) {
          // "the minister": the nearest earlier name written with that role.
          std::size_t at = q.source->span.start;
          const FullName* best = nullptr;
          for (const FullName& f : full_names) {
            if (f.pos >= at) break;
            if (has_word(Lower(f.role))) best = &f;
            // "The Minister of Energy of Zarovia, Bohdan Kravetskyy": the role
            // stands in the clause before the name.
            if (!role_head) continue;
            std::size_t from = f.pos > 80 ? f.pos - 80 : 0;
            std::string before = Lower(std::string_view(doc.text).substr(from, f.pos - from));
            std::size_t stop = before.find_last_of(".\n");
            if (stop != std::string::npos) before = before.substr(stop + 1);
            if (has_word(before)) best = &f;
          }
          if (!best && !prole.empty()) {
            for (const FullName& f : full_names) {
              if (f.pos > at && has_word(Lower(f.role))) {
                best = &f;
                break;
              }
            }
          }
          if (best) {
            q.speaker = best->name;
            q.role = best->role;
            q.speaker_kind = SpeakerKind::kPerson;
            resolved = true;
          }
        }
        if (!resolved && IsRoleWord(head) && prole.empty()) unnamed_office = q.source->span.start;
        if (!resolved && IsAnonymousHead(head) && !last_anonymous.empty()) {
          q.speaker = last_anonymous;
          q.speaker_kind = SpeakerKind::kAnonymous;
          resolved = true;
        }
        if (!resolved && IsAnonymousHead(head)) {
          q.speaker = mention;
          q.speaker_kind = SpeakerKind::kAnonymous;
          resolved = true;
        }
        // An office nobody in the text is named with: the office holder,
        // by the description.
        if (!resolved && !prole.empty()) {
          q.speaker = mention;
          q.speaker_kind = SpeakerKind::kPerson;
          resolved = true;
        }
      }
    }
    if (!resolved && pn.kind == SpeakerKind::kAnonymous && !pn.name.empty()) {
      std::string lower_name = Lower(pn.name);
      if (lower_name.rfind("this ", 0) == 0 || lower_name.rfind("that ", 0) == 0) {
        if (!last_anonymous.empty()) pn.name = last_anonymous;
      } else {
        last_anonymous = pn.name;
      }
    }
    if (!resolved && !pn.name.empty() && pn.kind != SpeakerKind::kUnknown) {
      q.speaker = pn.name;
      q.speaker_kind = pn.kind;
      q.role = pn.role;
      if (pn.kind == SpeakerKind::kPerson) {
        // Full name chosen over surname: a surname alone takes the earlier
        // full name it matches.
        const std::string pn_key = NameKey(pn.name);
        for (auto it = people.rbegin(); it != people.rend(); ++it) {
          if (SamePersonKey(it->key, pn_key)) {
            if (it->name.size() > pn.name.size()) q.speaker = it->name;
            if (q.role.empty()) q.role = it->role;
            break;
          }
        }
        std::size_t at = q.source ? q.source->span.start : q.sentence.start;
        const std::vector<std::string_view> speaker_words = Words(q.speaker);
        if (speaker_words.size() == 1 ||
            (speaker_words.size() == 2 && IsRoleWord(LowerWord(speaker_words[0])))) {
          std::string full = full_name_for(q.speaker, at);
          if (!full.empty()) q.speaker = full;
        }
        people.push_back({q.speaker, q.role, pn.kind, at, NameKey(q.speaker)});
      }
      resolved = true;
    }
    if (!resolved && !q.source && !q.cue && prev && q.kind == QuoteKind::kDirect) {
      // A follow-on quote with no attribution of its own inherits the
      // previous speaker when it comes right after (same or next paragraph).
      std::size_t start = q.content.empty() ? 0 : q.content[0].start;
      std::string_view gap = start > prev_end
                                 ? std::string_view(doc.text).substr(prev_end, start - prev_end)
                                 : std::string_view();
      std::size_t newlines = static_cast<std::size_t>(std::count(gap.begin(), gap.end(), '\n'));
      // "Ruiz also calls for reform, "to make …"": a sentence that reports
      // on its own before the quote names another speaker, one detect could
      // not parse; the previous one would be a guess against the text.
      if (newlines <= 2 && gap.size() < 400 && !ReportsBefore(doc.text, q.sentence.start, start)) {
        q.speaker = prev->speaker;
        q.speaker_kind = prev->speaker_kind;
        q.role = prev->role;
        if (via.empty()) via = prev->via;
        // A run of quotes hangs on one attribution: the mention and cue
        // that name the speaker are the previous quote's.
        if (prev->source) q.source = prev->source;
        if (prev->cue) q.cue = prev->cue;
        if (prev->kind == QuoteKind::kDirect && !prev->content.empty() && !q.content.empty() &&
            prev->content.back().end <= start &&
            std::string_view(doc.text)
                    .substr(prev->content.back().end, start - prev->content.back().end)
                    .find('\n') == std::string_view::npos)
          join[qi] = static_cast<std::size_t>(prev - quotes.data());
      }
    }
    if (via.empty()) {
      // "According to X, Y said …": X is the channel when Y is the speaker.
      std::string who;
      if ((ctx_words & kAccordWord) != 0 &&
          LeftmostMatchFrom(ctx, "according to", impl_->according_to, &who) && q.source &&
          q.source->text.find(who) == std::string::npos && who != q.speaker) {
        if (who.rfind("the ", 0) == 0) who = who.substr(4);
        via = who;
      }
    }
    q.via = via;
    if (!q.speaker.empty()) {
      prev = &q;
      prev_end = q.sentence.end;
    }
  }
  JoinPieces(join, quotes);
}

std::vector<Quote> ExtractQuotes(const Document& doc) {
  if (doc.text.size() > kExtractionWindow) {
    // A huge document window by window (normalise.h): memory bounded by the
    // window, offsets shifted back into doc.text.
    std::vector<Quote> all;
    for (const Span& w : SplitIntoWindows(doc.text, kExtractionWindow)) {
      for (Quote& q : ExtractQuotes(WindowOf(doc, w))) {
        auto shift = [&](Span& s) {
          s.start += w.start;
          s.end += w.start;
        };
        for (Span& c : q.content) shift(c);
        if (q.cue) shift(q.cue->span);
        if (q.source) shift(q.source->span);
        shift(q.sentence);
        all.push_back(std::move(q));
      }
    }
    return all;
  }
  NormalisedText norm = Normalise(doc);
  std::vector<Quote> quotes = Detector::Default().Detect(doc, norm);
  Attributor::Default().Attribute(doc, norm, quotes);
  return quotes;
}

}  // namespace qt
