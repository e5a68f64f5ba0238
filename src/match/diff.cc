// WordDiff: a word-level difference for the drift report. Words are compared
// by their normalised stems (so case, punctuation and curly apostrophes do not
// show as changes) and shown as written; runs of one kind are merged.
#include <algorithm>
#include <cstdint>
#include <string>

#include "match/text.h"
#include "quotetrack/match.h"

namespace qt {
namespace {

constexpr std::size_t kMaxWords = 3000;

std::vector<std::string> SplitWords(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() &&
           (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\0')) {
      ++i;
    }
    std::size_t j = i;
    while (j < s.size() &&
           !(s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r' || s[j] == '\0')) {
      ++j;
    }
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string Key(const std::string& word) {
  std::string k;
  for (const auto& t : match_internal::Tokenize(word, 8)) {
    k += t.stem;
    k.push_back(' ');
  }
  return k.empty() ? word : k;
}

void Push(std::vector<DiffOp>& out, DiffOp::Kind kind, const std::string& word) {
  if (!out.empty() && out.back().kind == kind) {
    out.back().text.push_back(' ');
    out.back().text += word;
  } else {
    out.push_back(DiffOp{kind, word});
  }
}

}  // namespace

std::vector<DiffOp> WordDiff(std::string_view root, std::string_view text) {
  std::vector<std::string> a = SplitWords(root), b = SplitWords(text);
  std::vector<std::string> tail_a, tail_b;
  if (a.size() > kMaxWords) {
    tail_a.assign(a.begin() + kMaxWords, a.end());
    a.resize(kMaxWords);
  }
  if (b.size() > kMaxWords) {
    tail_b.assign(b.begin() + kMaxWords, b.end());
    b.resize(kMaxWords);
  }
  std::vector<std::string> ka, kb;
  for (const auto& w : a) ka.push_back(Key(w));
  for (const auto& w : b) kb.push_back(Key(w));
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::uint32_t> L((n + 1) * (m + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return L[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      at(i, j) = ka[i] == kb[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  std::vector<DiffOp> out;
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && ka[i] == kb[j]) {
      Push(out, DiffOp::kSame, b[j]);
      ++i;
      ++j;
    } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
      Push(out, DiffOp::kDelete, a[i]);
      ++i;
    } else {
      Push(out, DiffOp::kInsert, b[j]);
      ++j;
    }
  }
  for (const auto& w : tail_a) Push(out, DiffOp::kDelete, w);
  for (const auto& w : tail_b) Push(out, DiffOp::kInsert, w);
  return out;
}

}  // namespace qt
