// Name keys: where spellings and transliterations of one name meet.
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "detect/lexicon.h"
#include "quotetrack/attribute.h"
#include "quotetrack/normalise.h"

namespace qt {
namespace {

bool IsSuffix(std::string_view t) {
  return t == "jr" || t == "sr" || t == "ii" || t == "iii" || t == "iv";
}

// Folds one ASCII-lowered token to its phonetic key: y/j -> i, w -> v,
// kh -> x, h -> g, ts -> c, doubled letters collapsed.
std::string TokenKey(std::string_view t) {
  std::string s;
  s.reserve(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    // kh -> x (Kharkiv), then h -> g (Ukrainian Bohdan, Russian Bogdan),
    // ts -> c (Kravetsky, Kravec'kij).
    if (c == 'k' && i + 1 < t.size() && t[i + 1] == 'h') {
      s.push_back('x');
      ++i;
      continue;
    }
    if (c == 'h') c = 'g';
    if (c == 't' && i + 1 < t.size() && t[i + 1] == 's') {
      c = 'c';
      ++i;
    }
    if (c == 'y' || c == 'j') c = 'i';
    if (c == 'w') c = 'v';
    if (!s.empty() && s.back() == c) continue;
    s.push_back(c);
  }
  return s;
}

std::vector<std::string> SplitWords(const std::string& folded) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < folded.size()) {
    std::size_t sp = folded.find(' ', pos);
    if (sp == std::string::npos) sp = folded.size();
    if (sp > pos) out.emplace_back(folded.substr(pos, sp - pos));
    pos = sp + 1;
  }
  return out;
}

std::vector<std::string> NameTokens(std::string_view name) {
  std::vector<std::string> out;
  for (std::string& w : SplitWords(FoldForMatch(name))) {
    if (lex::IsHonorific(w) || IsSuffix(w)) continue;
    out.push_back(TokenKey(w));
  }
  return out;
}

std::string ComputeNameKey(std::string_view name) {
  std::string out;
  for (const std::string& t : NameTokens(name)) {
    if (!out.empty()) out.push_back(' ');
    out += t;
  }
  return out;
}

// Transparent hashing: a string_view finds a std::string key without a copy.
struct ViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

std::string NameKey(std::string_view name) {
  // Attribution asks for the keys of the same few names over and over (every
  // candidate antecedent, every SamePersonName pair), and a key costs a fold,
  // a split and a vector per call: remember them per thread. The cache is
  // dropped when it grows large, so memory stays bounded on any corpus.
  constexpr std::size_t kMaxCached = 8192;
  thread_local std::unordered_map<std::string, std::string, ViewHash, std::equal_to<>> cache;
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  std::string key = ComputeNameKey(name);
  if (cache.size() >= kMaxCached) cache.clear();
  cache.emplace(std::string(name), key);
  return key;
}

namespace {

// The space-separated tokens of a key as SamePersonKey needs them: the first,
// the last, and whether there is only one. Views into the key, no copies.
struct KeyShape {
  std::string_view first, last;
  bool single = true;
  bool empty() const { return first.empty(); }
};

// The next token of `key` at or after `*pos` (runs of spaces skipped); empty
// at the end.
std::string_view NextToken(std::string_view key, std::size_t* pos) {
  while (*pos < key.size() && key[*pos] == ' ') ++*pos;
  const std::size_t start = *pos;
  while (*pos < key.size() && key[*pos] != ' ') ++*pos;
  return key.substr(start, *pos - start);
}

KeyShape ShapeOf(std::string_view key) {
  KeyShape shape;
  std::size_t pos = 0;
  shape.first = shape.last = NextToken(key, &pos);
  for (std::string_view t = NextToken(key, &pos); !t.empty(); t = NextToken(key, &pos)) {
    shape.last = t;
    shape.single = false;
  }
  return shape;
}

bool SameTokens(std::string_view a, std::string_view b) {
  std::size_t pa = 0, pb = 0;
  for (;;) {
    const std::string_view ta = NextToken(a, &pa), tb = NextToken(b, &pb);
    if (ta != tb) return false;
    if (ta.empty()) return true;
  }
}

// The last token of `key` (trailing spaces skipped); empty if it has none.
std::string_view LastToken(std::string_view key) {
  std::size_t end = key.size();
  while (end > 0 && key[end - 1] == ' ') --end;
  std::size_t start = end;
  while (start > 0 && key[start - 1] != ' ') --start;
  return key.substr(start, end - start);
}

}  // namespace

bool SamePersonKey(std::string_view key_a, std::string_view key_b) {
  // Most pairs asked have different surnames: then neither are all tokens
  // the same nor does any rule below hold. Told from the keys' ends before
  // both are parsed (attribution asks every full name of a document).
  const std::string_view last_a = LastToken(key_a), last_b = LastToken(key_b);
  if (last_a.empty() || last_a != last_b) return false;
  const KeyShape ta = ShapeOf(key_a), tb = ShapeOf(key_b);
  if (ta.empty() || tb.empty()) return false;
  if (SameTokens(key_a, key_b)) return true;
  if (ta.last != tb.last) return false;     // surnames differ
  if (ta.single || tb.single) return true;  // surname alone
  const std::string_view fa = ta.first, fb = tb.first;
  if (fa == fb) return true;
  // An initial matches a given name with that first letter: "V. Zelensky".
  if ((fa.size() == 1 || fb.size() == 1) && fa[0] == fb[0]) return true;
  return false;
}

bool SamePersonName(std::string_view a, std::string_view b) {
  return SamePersonKey(NameKey(a), NameKey(b));
}

}  // namespace qt
