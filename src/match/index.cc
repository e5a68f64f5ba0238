// Candidate generation: hashed keys and an inverted index with
// document-frequency limits, so that each lookup costs O(keys * cap) and
// matching N quotes costs O(N), never all pairs.
//
// Keys of a text:
//  - stem bigrams of its content words (stopwords dropped): an excerpt of
//    two informative words or more shares at least one key with its root,
//    whatever the function words around it;
//  - stem shingles over all words, of adaptive length (3 for short quotes,
//    4-5 for longer ones): exact phrase identity;
//  - MinHash/LSH band keys (10 bands of 2 rows) over the content-stem set:
//    near-duplicates with changed words.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "match/analysed.h"
#include "match/text.h"
#include "quotetrack/match.h"

namespace qt {
namespace {

constexpr std::size_t kMaxDocumentFrequency = 200;
constexpr int kBands = 10;
constexpr int kRows = 2;

std::uint64_t Hash(std::string_view s, std::uint64_t seed) {
  return XXH3_64bits_withSeed(s.data(), s.size(), seed);
}

}  // namespace

std::vector<std::uint64_t> CandidateKeys(std::string_view text) {
  return match_internal::KeysOf(match_internal::Tokenize(text, match_internal::kMaxCompareTokens));
}

std::vector<std::uint64_t> CandidateKeys(const AnalysedQuote& quote) {
  if (quote.empty()) return {};
  return match_internal::KeysOf(quote.impl()->prepared.tokens);
}

std::vector<std::uint64_t> match_internal::KeysOf(const std::vector<Token>& toks) {
  std::vector<std::uint64_t> keys;
  std::vector<const std::string*> content;
  for (const auto& t : toks) {
    if (!t.stop) content.push_back(&t.stem);
  }
  std::string buf;
  for (std::size_t i = 0; i + 2 <= content.size(); ++i) {
    buf = *content[i];
    buf.push_back('\x1f');
    buf += *content[i + 1];
    keys.push_back(Hash(buf, 1));
  }
  const std::size_t n = toks.size() <= 12 ? 3 : (toks.size() <= 40 ? 4 : 5);
  for (std::size_t i = 0; i + n <= toks.size(); ++i) {
    buf.clear();
    for (std::size_t j = 0; j < n; ++j) {
      buf += toks[i + j].stem;
      buf.push_back('\x1f');
    }
    keys.push_back(Hash(buf, 2 + n));
  }
  if (content.size() >= 3) {
    std::vector<std::uint64_t> h;
    h.reserve(content.size());
    for (const auto* s : content) h.push_back(Hash(*s, 99));
    std::sort(h.begin(), h.end());
    h.erase(std::unique(h.begin(), h.end()), h.end());
    for (int band = 0; band < kBands; ++band) {
      std::uint64_t band_key = 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(band + 1);
      for (int r = 0; r < kRows; ++r) {
        const std::uint64_t seed = static_cast<std::uint64_t>(band * kRows + r + 1);
        std::uint64_t best = std::numeric_limits<std::uint64_t>::max();
        for (std::uint64_t x : h) best = std::min(best, XXH3_64bits_withSeed(&x, sizeof x, seed));
        band_key = XXH3_64bits_withSeed(&best, sizeof best, band_key);
      }
      keys.push_back(band_key);
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

struct CandidateIndex::Impl {
  struct Posting {
    std::vector<std::int64_t> ids;
    bool saturated = false;  // held by too many statements: ignored
  };
  std::unordered_map<std::uint64_t, Posting> postings;
  std::unordered_set<std::int64_t> ids;
};

CandidateIndex::CandidateIndex() : impl_(std::make_unique<Impl>()) {}
CandidateIndex::~CandidateIndex() = default;

void CandidateIndex::Add(std::int64_t statement_id, const std::vector<std::uint64_t>& keys) {
  impl_->ids.insert(statement_id);
  for (std::uint64_t k : keys) {
    auto& p = impl_->postings[k];
    if (p.saturated) continue;
    if (!p.ids.empty() && p.ids.back() == statement_id) continue;
    if (std::find(p.ids.begin(), p.ids.end(), statement_id) != p.ids.end()) continue;
    if (p.ids.size() >= kMaxDocumentFrequency) {
      p.saturated = true;
      p.ids.clear();
      p.ids.shrink_to_fit();
      continue;
    }
    p.ids.push_back(statement_id);
  }
}

std::vector<std::int64_t> CandidateIndex::Candidates(const std::vector<std::uint64_t>& keys,
                                                     std::size_t limit) const {
  std::unordered_map<std::int64_t, double> score;
  for (std::uint64_t k : keys) {
    auto it = impl_->postings.find(k);
    if (it == impl_->postings.end() || it->second.saturated) continue;
    // Rarer keys say more (IDF-like).
    const double w = 1.0 / (1.0 + 0.05 * static_cast<double>(it->second.ids.size()));
    for (std::int64_t id : it->second.ids) score[id] += w;
  }
  std::vector<std::pair<double, std::int64_t>> ranked;
  ranked.reserve(score.size());
  for (const auto& [id, s] : score) ranked.emplace_back(-s, id);
  const std::size_t n = std::min(limit, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end());
  std::vector<std::int64_t> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(ranked[i].second);
  return out;
}

std::size_t CandidateIndex::size() const { return impl_->ids.size(); }

}  // namespace qt
