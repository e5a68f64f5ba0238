// match: minimal first implementation so that the project links. Token
// Jaccard comparison, word-shingle keys, a hash-map index and an LCS diff.
#include "quotetrack/match.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace qt {

std::string_view ToString(Variant v) {
  switch (v) {
    case Variant::kOriginal: return "original";
    case Variant::kVerbatim: return "verbatim";
    case Variant::kTruncated: return "truncated";
    case Variant::kElided: return "elided";
    case Variant::kAltered: return "altered";
    case Variant::kRetranslated: return "retranslated";
    case Variant::kParaphrase: return "paraphrase";
    case Variant::kReported: return "reported";
  }
  return "paraphrase";
}

Variant VariantFromString(std::string_view s) {
  for (Variant v : {Variant::kOriginal, Variant::kVerbatim, Variant::kTruncated, Variant::kElided,
                    Variant::kAltered, Variant::kRetranslated, Variant::kParaphrase,
                    Variant::kReported}) {
    if (ToString(v) == s) return v;
  }
  return Variant::kParaphrase;
}

namespace {
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      cur.push_back(static_cast<char>(std::tolower(u)));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}
}  // namespace

Comparison Compare(const MatchInput& root, const MatchInput& member) {
  auto a = Words(root.text), b = Words(member.text);
  std::unordered_set<std::string> sa(a.begin(), a.end()), sb(b.begin(), b.end());
  std::size_t inter = 0;
  for (const auto& w : sb) inter += sa.count(w);
  std::size_t uni = sa.size() + sb.size() - inter;
  Comparison c;
  c.score = uni ? static_cast<double>(inter) / static_cast<double>(uni) : 0.0;
  c.same_statement = c.score >= 0.5;
  c.variant = a == b ? Variant::kVerbatim
                     : (member.kind == QuoteKind::kIndirect ? Variant::kReported
                                                            : Variant::kParaphrase);
  return c;
}

std::vector<std::uint64_t> CandidateKeys(std::string_view text) {
  auto w = Words(text);
  std::vector<std::uint64_t> keys;
  const std::size_t n = w.size() < 8 ? 2 : 4;
  for (std::size_t i = 0; i + n <= w.size(); ++i) {
    std::string s;
    for (std::size_t j = 0; j < n; ++j) s += w[i + j] + " ";
    keys.push_back(std::hash<std::string>{}(s));
  }
  return keys;
}

struct CandidateIndex::Impl {
  std::unordered_map<std::uint64_t, std::vector<std::int64_t>> postings;
  std::unordered_set<std::int64_t> ids;
};
CandidateIndex::CandidateIndex() : impl_(std::make_unique<Impl>()) {}
CandidateIndex::~CandidateIndex() = default;
void CandidateIndex::Add(std::int64_t id, const std::vector<std::uint64_t>& keys) {
  impl_->ids.insert(id);
  for (auto k : keys) impl_->postings[k].push_back(id);
}
std::vector<std::int64_t> CandidateIndex::Candidates(const std::vector<std::uint64_t>& keys,
                                                     std::size_t limit) const {
  std::unordered_map<std::int64_t, int> score;
  for (auto k : keys) {
    auto it = impl_->postings.find(k);
    if (it == impl_->postings.end() || it->second.size() > 1000) continue;
    for (auto id : it->second) ++score[id];
  }
  std::vector<std::pair<int, std::int64_t>> v;
  for (auto& [id, s] : score) v.push_back({-s, id});
  std::sort(v.begin(), v.end());
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < v.size() && i < limit; ++i) out.push_back(v[i].second);
  return out;
}
std::size_t CandidateIndex::size() const { return impl_->ids.size(); }

std::vector<DiffOp> WordDiff(std::string_view root, std::string_view text) {
  auto a = Words(root), b = Words(text);
  std::vector<std::vector<int>> L(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;)
    for (std::size_t j = b.size(); j-- > 0;)
      L[i][j] = a[i] == b[j] ? L[i + 1][j + 1] + 1 : std::max(L[i + 1][j], L[i][j + 1]);
  std::vector<DiffOp> out;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      out.push_back({DiffOp::kSame, a[i]}); ++i; ++j;
    } else if (j < b.size() && (i == a.size() || L[i][j + 1] >= L[i + 1][j])) {
      out.push_back({DiffOp::kInsert, b[j]}); ++j;
    } else {
      out.push_back({DiffOp::kDelete, a[i]}); ++i;
    }
  }
  return out;
}

}  // namespace qt
