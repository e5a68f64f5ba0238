// Candidate generation: hashed keys and an inverted index with
// document-frequency limits and a budget of postings per lookup, so that
// each lookup costs O(keys + budget) and matching N quotes costs O(N), never
// all pairs.
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
#include <atomic>
#include <limits>
#include <memory>
#include <unordered_map>

#include "match/analysed.h"
#include "match/text.h"
#include "quotetrack/match.h"

namespace qt {
namespace {

constexpr std::size_t kMaxDocumentFrequency = 64;
// Postings one lookup reads from lists, at most, per key looked up
// (Candidates): a bound that does not grow with the corpus.
constexpr std::size_t kPostingsPerKey = 16;
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
  return match_internal::KeysOf(quote.impl()->prepared);
}

namespace {

// Keys of a token sequence given as its stems, their ids (StemId) and
// stopword flags. `joined`: the stems are views into one string that holds
// each of them followed by kWordEnd, in order (Prepared::stems_text), so
// that the text a key hashes is often a piece of it, hashed in place.
std::vector<std::uint64_t> KeysOfStems(const std::vector<std::string_view>& stems,
                                       const std::uint64_t* stem_ids, const std::vector<bool>& stop,
                                       bool joined);

}  // namespace

std::vector<std::uint64_t> match_internal::KeysOf(const std::vector<Token>& toks) {
  std::vector<std::string_view> stems;
  std::vector<std::uint64_t> ids;
  std::vector<bool> stop;
  stems.reserve(toks.size());
  ids.reserve(toks.size());
  stop.reserve(toks.size());
  for (const auto& t : toks) {
    stems.emplace_back(t.stem);
    ids.push_back(t.ids ? t.stem_id : StemId(t.stem));
    stop.push_back(t.stop);
  }
  return KeysOfStems(stems, ids.data(), stop, /*joined=*/false);
}

std::vector<std::uint64_t> match_internal::KeysOf(const Prepared& p) {
  // Per-thread scratch: keys are taken once per quote.
  thread_local std::vector<bool> stop;
  thread_local std::vector<std::string_view> stems;
  stop.clear();
  for (const auto& t : p.tokens) stop.push_back(t.stop);
  stems.clear();
  const std::string_view joined = p.stems_text;
  std::size_t from = 0;
  for (std::size_t k = 0; k < joined.size(); ++k) {
    if (joined[k] == kWordEnd) {
      stems.push_back(joined.substr(from, k - from));
      from = k + 1;
    }
  }
  return KeysOfStems(stems, p.stem.data(), stop, /*joined=*/true);
}

namespace {

constexpr int kMinHashes = kBands * kRows;

// The MinHash values of one stem under each of the kMinHashes seeds:
// XXH3(XXH3(stem, 99), seed). A pure function of the stem, memoised per
// thread by the stem's id (a direct-mapped table; a stem is in most quotes
// that carry it, so most look-ups hit) instead of hashed 20 times per
// quote.
const std::uint64_t* StemMinHashes(std::string_view stem, std::uint64_t stem_id) {
  struct Entry {
    std::uint64_t id = 0;
    bool used = false;
    std::uint64_t h[kMinHashes];
  };
  constexpr int kBits = 12;
  thread_local std::unique_ptr<Entry[]> table(new Entry[std::size_t{1} << kBits]);
  Entry& e = table[(stem_id * 0x9E3779B97F4A7C15ULL) >> (64 - kBits)];
  if (e.used && e.id == stem_id) return e.h;
  e.used = true;
  e.id = stem_id;
  const std::uint64_t x = Hash(stem, 99);
  for (int k = 0; k < kMinHashes; ++k) {
    e.h[k] = XXH3_64bits_withSeed(&x, sizeof x, static_cast<std::uint64_t>(k + 1));
  }
  return e.h;
}

std::vector<std::uint64_t> KeysOfStems(const std::vector<std::string_view>& toks,
                                       const std::uint64_t* stem_ids, const std::vector<bool>& stop,
                                       bool joined) {
  std::vector<std::uint64_t> keys;
  thread_local std::vector<std::string_view> content;
  thread_local std::vector<std::uint64_t> content_ids;
  content.clear();
  content_ids.clear();
  for (std::size_t k = 0; k < toks.size(); ++k) {
    if (!stop[k]) {
      content.push_back(toks[k]);
      content_ids.push_back(stem_ids[k]);
    }
  }
  const std::size_t n = toks.size() <= 12 ? 3 : (toks.size() <= 40 ? 4 : 5);
  keys.reserve((content.size() >= 2 ? content.size() - 1 : 0) +
               (toks.size() >= n ? toks.size() + 1 - n : 0) + (content.size() >= 3 ? kBands : 0));
  thread_local std::string buf;
  // With `joined` stems, "x\x1fy" of two neighbouring tokens and the
  // shingles ("x\x1f" for each of n tokens) are pieces of the joined
  // string: the same bytes, hashed where they are instead of copied.
  for (std::size_t i = 0; i + 2 <= content.size(); ++i) {
    const std::string_view x = content[i], y = content[i + 1];
    if (joined && x.data() + x.size() + 1 == y.data()) {
      keys.push_back(Hash(std::string_view(x.data(), x.size() + 1 + y.size()), 1));
      continue;
    }
    buf = x;
    buf.push_back('\x1f');
    buf += y;
    keys.push_back(Hash(buf, 1));
  }
  for (std::size_t i = 0; i + n <= toks.size(); ++i) {
    if (joined) {
      const std::string_view last = toks[i + n - 1];
      const char* from = toks[i].data();
      keys.push_back(Hash(
          std::string_view(from, static_cast<std::size_t>(last.data() + last.size() + 1 - from)),
          2 + n));
      continue;
    }
    buf.clear();
    for (std::size_t j = 0; j < n; ++j) {
      buf += toks[i + j];
      buf.push_back('\x1f');
    }
    keys.push_back(Hash(buf, 2 + n));
  }
  if (content.size() >= 3) {
    // The minimum per seed over the content stems (a repeated stem changes
    // no minimum): seed band * kRows + r + 1 is entry band * kRows + r.
    std::uint64_t best[kMinHashes];
    std::fill(std::begin(best), std::end(best), std::numeric_limits<std::uint64_t>::max());
    for (std::size_t k = 0; k < content.size(); ++k) {
      const std::uint64_t* h = StemMinHashes(content[k], content_ids[k]);
      for (int i = 0; i < kMinHashes; ++i) best[i] = std::min(best[i], h[i]);
    }
    for (int band = 0; band < kBands; ++band) {
      std::uint64_t band_key = 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(band + 1);
      for (int r = 0; r < kRows; ++r) {
        band_key = XXH3_64bits_withSeed(&best[band * kRows + r], sizeof best[0], band_key);
      }
      keys.push_back(band_key);
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace

// The index is flat: an open-addressing table from key to a 32-bit value
// (one statement held inline, or a posting list, or "saturated"), posting
// lists of dense 32-bit statement numbers, and a dense <-> statement id map.
// A key held by more than kMaxDocumentFrequency statements is a stop key:
// its list is freed and it is ignored from then on; a lookup reads at most
// kPostingsPerKey postings per key (rarest keys first) however large the
// index grows.
struct CandidateIndex::Impl {
  static constexpr std::uint32_t kEmpty = 0;             // slot never used
  static constexpr std::uint32_t kSaturated = 1;         // stop key
  static constexpr std::uint32_t kSingle = 0x80000000u;  // | dense number
  // Otherwise the value is 2 + index into `lists`.

  // Key and value side by side: a lookup touches one cache line.
  struct Slot {
    std::uint64_t key;
    std::uint32_t val;
  };
  std::vector<Slot> slots;
  std::size_t used = 0;
  std::vector<std::vector<std::uint32_t>> lists;
  std::vector<std::uint32_t> free_lists;
  std::size_t stop_keys = 0, postings = 0;
  mutable std::atomic<std::size_t> postings_read{0};
  std::vector<std::int64_t> ids;                          // dense -> statement id
  std::unordered_map<std::int64_t, std::uint32_t> dense;  // statement id -> dense

  // Document frequency of content stems over the statements counted.
  std::unordered_map<std::uint64_t, std::uint32_t> stem_df;
  std::size_t counted = 0;
  std::vector<bool> is_counted;  // by dense number
  // Per speaker (surname key hash): the last kSpeakerRing statements filed
  // under that speaker, a ring (bounded whatever the corpus size).
  static constexpr std::size_t kSpeakerRing = 16;
  struct Ring {
    std::uint32_t next = 0, size = 0;
    std::uint32_t items[kSpeakerRing];
  };
  std::unordered_map<std::uint64_t, Ring> speakers;

  static std::size_t Mix(std::uint64_t k) { return (k * 0x9E3779B97F4A7C15ULL) >> 17; }

  // Slot of `key`, or of the empty slot where it would go.
  std::size_t Find(std::uint64_t key) const {
    const std::size_t mask = slots.size() - 1;
    std::size_t i = Mix(key) & mask;
    while (slots[i].val != kEmpty && slots[i].key != key) i = (i + 1) & mask;
    return i;
  }

  // Keys of one quote are independent lookups into a table far larger than
  // the caches: fetching all their slots at once overlaps the misses.
  void Prefetch(const std::vector<std::uint64_t>& ks) const {
    if (slots.empty()) return;
    const std::size_t mask = slots.size() - 1;
    for (std::uint64_t k : ks) __builtin_prefetch(&slots[Mix(k) & mask]);
  }

  void Grow() {
    std::vector<Slot> old = std::move(slots);
    slots.assign(old.empty() ? 1024 : old.size() * 2, Slot{0, kEmpty});
    for (const Slot& s : old) {
      if (s.val != kEmpty) slots[Find(s.key)] = s;
    }
  }

  std::uint32_t NewList(std::uint32_t a, std::uint32_t b) {
    std::uint32_t li;
    if (!free_lists.empty()) {
      li = free_lists.back();
      free_lists.pop_back();
    } else {
      li = static_cast<std::uint32_t>(lists.size());
      lists.emplace_back();
    }
    lists[li].reserve(4);
    lists[li].push_back(a);
    lists[li].push_back(b);
    return li + 2;
  }
};

CandidateIndex::CandidateIndex() : impl_(std::make_unique<Impl>()) {}
CandidateIndex::~CandidateIndex() = default;

void CandidateIndex::Add(std::int64_t statement_id, const std::vector<std::uint64_t>& keys) {
  Impl& x = *impl_;
  auto [it, inserted] = x.dense.try_emplace(statement_id, static_cast<std::uint32_t>(x.ids.size()));
  if (inserted) {
    if (x.ids.size() >= Impl::kSingle - 1) return;  // 2^31 statements: index full
    x.ids.push_back(statement_id);
  }
  const std::uint32_t d = it->second;
  while ((x.used + keys.size()) * 10 > x.slots.size() * 7) x.Grow();
  x.Prefetch(keys);
  for (std::uint64_t k : keys) {
    Impl::Slot& slot = x.slots[x.Find(k)];
    std::uint32_t& v = slot.val;
    if (v == Impl::kEmpty) {
      slot.key = k;
      v = Impl::kSingle | d;
      ++x.used;
      ++x.postings;
      continue;
    }
    if (v == Impl::kSaturated) continue;
    if (v & Impl::kSingle) {
      const std::uint32_t other = v & ~Impl::kSingle;
      if (other != d) {
        v = x.NewList(other, d);
        ++x.postings;
      }
      continue;
    }
    std::vector<std::uint32_t>& list = x.lists[v - 2];
    // Statements are usually added in increasing order (new statements, or
    // a re-rooted one again): only then is the last entry the only check.
    if (list.back() == d) continue;
    if (d < list.back() && std::find(list.begin(), list.end(), d) != list.end()) continue;
    if (list.size() >= kMaxDocumentFrequency) {
      x.free_lists.push_back(v - 2);
      x.postings -= list.size();
      ++x.stop_keys;
      std::vector<std::uint32_t>().swap(list);
      v = Impl::kSaturated;
      continue;
    }
    list.push_back(d);
    ++x.postings;
  }
}

std::vector<std::int64_t> CandidateIndex::Candidates(const std::vector<std::uint64_t>& keys,
                                                     std::size_t limit) const {
  const Impl& x = *impl_;
  std::vector<std::int64_t> out;
  if (x.slots.empty() || limit == 0) return out;
  // Scores by dense number in a per-thread array; only touched entries are
  // read and reset, so a lookup costs the postings it reads.
  thread_local std::vector<double> score;
  thread_local std::vector<std::uint32_t> touched;
  thread_local std::vector<std::pair<std::uint32_t, std::uint32_t>> to_read;  // (length, list)
  if (score.size() < x.ids.size()) score.resize(x.ids.size(), 0.0);
  touched.clear();
  to_read.clear();
  auto add = [&](std::uint32_t d, double w) {
    if (score[d] == 0.0) touched.push_back(d);
    score[d] += w;
  };
  x.Prefetch(keys);
  // Probe every key first, in key order: (0, statement) for a single
  // posting, (length, list) otherwise.
  std::size_t listed = 0;
  for (std::uint64_t k : keys) {
    const std::uint32_t v = x.slots[x.Find(k)].val;
    if (v == Impl::kEmpty || v == Impl::kSaturated) continue;
    if (v & Impl::kSingle) {
      to_read.emplace_back(0, v & ~Impl::kSingle);
      continue;
    }
    const auto len = static_cast<std::uint32_t>(x.lists[v - 2].size());
    to_read.emplace_back(len, v - 2);
    listed += len;
  }
  // At most kPostingsPerKey postings per key from lists, rarest keys first: as the
  // corpus grows, more keys fill up towards the document-frequency cap, and
  // without a budget the postings read per lookup grew with it (43 at 10k
  // quotes, 83 at 1M); the keys left out are the least informative. Under
  // the budget the keys are read in their own order (scores summed in the
  // same order, so equal scores stay equal).
  const std::size_t budget = kPostingsPerKey * keys.size();
  if (listed > budget) {
    std::stable_sort(to_read.begin(), to_read.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  std::size_t read = 0;
  for (const auto& [len, v] : to_read) {
    // Rarer keys say more (IDF-like).
    if (len == 0) {
      add(v, 1.0 / 1.05);
      continue;
    }
    if (read + len > budget) break;  // sorted: every later list is longer
    const double w = 1.0 / (1.0 + 0.05 * static_cast<double>(len));
    for (std::uint32_t d : x.lists[v]) add(d, w);
    read += len;
  }
  x.postings_read.fetch_add(read, std::memory_order_relaxed);
  std::vector<std::pair<double, std::uint32_t>> ranked;
  ranked.reserve(touched.size());
  for (std::uint32_t d : touched) {
    ranked.emplace_back(-score[d], d);
    score[d] = 0.0;
  }
  const std::size_t n = std::min(limit, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end());
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(x.ids[ranked[i].second]);
  return out;
}

std::size_t CandidateIndex::size() const { return impl_->ids.size(); }

void CandidateIndex::Add(std::int64_t statement_id, const std::vector<std::uint64_t>& keys,
                         const AnalysedQuote& root) {
  Add(statement_id, keys);
  Impl& x = *impl_;
  auto it = x.dense.find(statement_id);
  if (it == x.dense.end() || root.empty()) return;
  const std::uint32_t d = it->second;
  if (x.is_counted.size() <= d)
    x.is_counted.resize(std::max<std::size_t>(d + 1, x.is_counted.size() * 2));
  if (x.is_counted[d]) return;  // re-rooted: counted once
  x.is_counted[d] = true;
  ++x.counted;
  const auto& stems = root.impl()->prepared.content_stems;  // sorted
  for (std::size_t k = 0; k < stems.size(); ++k) {
    if (k > 0 && stems[k] == stems[k - 1]) continue;
    ++x.stem_df[stems[k]];
  }
  if (const std::uint64_t sk = match_internal::SpeakerBucket(*root.impl()); sk != 0) {
    Impl::Ring& r = x.speakers[sk];
    r.items[r.next] = d;
    r.next = static_cast<std::uint32_t>((r.next + 1) % Impl::kSpeakerRing);
    if (r.size < Impl::kSpeakerRing) ++r.size;
  }
}

std::vector<std::int64_t> CandidateIndex::SpeakerCandidates(const AnalysedQuote& quote,
                                                            std::size_t limit) const {
  std::vector<std::int64_t> out;
  if (quote.empty()) return out;
  const std::uint64_t sk = match_internal::SpeakerBucket(*quote.impl());
  if (sk == 0) return out;
  const Impl& x = *impl_;
  auto it = x.speakers.find(sk);
  if (it == x.speakers.end()) return out;
  const Impl::Ring& r = it->second;
  for (std::uint32_t k = 0; k < r.size && out.size() < limit; ++k) {
    const std::uint32_t slot = (r.next + Impl::kSpeakerRing - 1 - k) % Impl::kSpeakerRing;
    out.push_back(x.ids[r.items[slot]]);
  }
  return out;
}

std::size_t CandidateIndex::statements_counted() const { return impl_->counted; }

std::size_t CandidateIndex::StemFrequency(std::uint64_t stem_id) const {
  auto it = impl_->stem_df.find(stem_id);
  return it == impl_->stem_df.end() ? 0 : it->second;
}

CandidateIndex::Stats CandidateIndex::stats() const {
  Stats st;
  st.keys = impl_->used;
  st.stop_keys = impl_->stop_keys;
  st.postings = impl_->postings;
  st.postings_read = impl_->postings_read.load(std::memory_order_relaxed);
  return st;
}

}  // namespace qt
