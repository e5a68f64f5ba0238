// Name keys: where spellings and transliterations of one name meet.
#include <algorithm>
#include <string>
#include <string_view>
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

}  // namespace

std::string NameKey(std::string_view name) {
  std::string out;
  for (const std::string& t : NameTokens(name)) {
    if (!out.empty()) out.push_back(' ');
    out += t;
  }
  return out;
}

namespace {

std::vector<std::string> KeyTokens(std::string_view key) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < key.size()) {
    std::size_t sp = key.find(' ', pos);
    if (sp == std::string_view::npos) sp = key.size();
    if (sp > pos) out.emplace_back(key.substr(pos, sp - pos));
    pos = sp + 1;
  }
  return out;
}

}  // namespace

bool SamePersonKey(std::string_view key_a, std::string_view key_b) {
  std::vector<std::string> ta = KeyTokens(key_a), tb = KeyTokens(key_b);
  if (ta.empty() || tb.empty()) return false;
  if (ta == tb) return true;
  if (ta.back() != tb.back()) return false;           // surnames differ
  if (ta.size() == 1 || tb.size() == 1) return true;  // surname alone
  const std::string& fa = ta.front();
  const std::string& fb = tb.front();
  if (fa == fb) return true;
  // An initial matches a given name with that first letter: "V. Zelensky".
  if ((fa.size() == 1 || fb.size() == 1) && fa[0] == fb[0]) return true;
  return false;
}

bool SamePersonName(std::string_view a, std::string_view b) {
  return SamePersonKey(NameKey(a), NameKey(b));
}

}  // namespace qt
