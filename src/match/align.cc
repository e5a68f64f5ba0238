#include "match/align.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

namespace qt::match_internal {

const std::array<std::string_view, kNumFeatures> kFeatureNames = {
    "uni_min",       "uni_max",          "content_min",
    "content_max",   "syn_min",          "syn_max",
    "weighted",      "bigram_dice",      "trigram_dice",
    "fourgram_dice", "lcs_min",          "lcs_max",
    "len_ratio",     "log_len_diff",     "num_equal",
    "num_mismatch",  "neg_mismatch",     "unaligned_max",
    "unaligned_min", "name_unmatched",   "char_trigram",
    "fragmentation", "log_len",          "containment",
    "coverage",      "contained_either", "unaligned_frac_long",
    "gap_max",       "gap_min",          "bleu"};

namespace {

// MurmurHash3's 64-bit finaliser: a bijection that mixes every bit.
std::uint64_t Mix64(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 33;
  return h;
}

// Runs `step` (which moves i and j by one at most, at least one of them)
// until i reaches na or j reaches nb. Four steps from four or more before
// both ends stay inside, so the bounds are tested once per four steps there.
template <typename Step>
inline void MergeSteps(const std::size_t& i, std::size_t na, const std::size_t& j, std::size_t nb,
                       Step&& step) {
  while (i + 4 <= na && j + 4 <= nb) {
    step();
    step();
    step();
    step();
  }
  while (i < na && j < nb) step();
}

// Size of the intersection of two sorted multisets (sum of the smaller counts).
std::size_t MultisetIntersect(const std::vector<std::uint64_t>& a,
                              const std::vector<std::uint64_t>& b) {
  std::size_t i = 0, j = 0, n = 0;
  const std::size_t na = a.size(), nb = b.size();
  const std::uint64_t* pa = a.data();
  const std::uint64_t* pb = b.data();
  // Branch-free steps: the data decide (MergeSteps bounds them).
  auto step = [&] {
    const std::uint64_t x = pa[i], y = pb[j];
    n += x == y;
    i += x <= y;
    j += y <= x;
  };
  MergeSteps(i, na, j, nb, step);
  return n;
}

double Dice(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  const double t = static_cast<double>(a.size() + b.size());
  return t == 0 ? 0 : 2 * static_cast<double>(MultisetIntersect(a, b)) / t;
}

// Scratch tables for the dynamic programmes: one per thread, reused.
std::vector<std::uint32_t>& Scratch() {
  thread_local std::vector<std::uint32_t> table;
  return table;
}

// The synsets of the tokens of one sequence that WordNet can pair (content
// words, not numbers, with senses): for each such token b, its synsets, the
// synsets they point to (expanded(b)) and the synsets that point to them
// (linked_from(b)). A token `a` of another sequence is related
// (SensesRelated) to some token b of this one iff
//   synsets(a) meets synsets(b) or expanded(b), or
//   expanded(a) meets synsets(b), that is synsets(a) meets linked_from(b)
// (equal senses share their synsets): iff one of a's few synsets is in the
// set, so a token with none pairs with no token and its scan over the
// sequence is skipped. (Probing a's expanded synsets instead, dozens per
// word, was a third of SynonymMatch's cost.)
class SenseFilter {
 public:
  void Build(const Prepared& p) {
    owner_ = p.id;
    std::size_t entries = 0;
    for (std::size_t j = 0; j < p.tokens.size(); ++j) {
      if (const WordSenses* s = Pairable(p, j)) {
        entries += s->synsets.size() + s->expanded.size() + s->linked_from.size();
      }
    }
    std::size_t size = 64;
    while (size < 2 * entries) size *= 2;
    shift_ = 64;
    for (std::size_t k = size; k > 1; k >>= 1) --shift_;
    mask_ = size - 1;
    // A new generation instead of clearing the table and the memo: entries
    // of earlier builds hold a smaller tag, so they read as empty (zeros
    // too: generations start at 1). After the last generation, one clear.
    if (++gen_ > kMaxGen) {
      std::fill(keys_.begin(), keys_.end(), 0);
      std::fill(std::begin(memo_), std::end(memo_), 0);
      gen_ = 1;
    }
    tag_ = gen_ << kTagShift;
    memo_tag_ = gen_ << 32;
    if (keys_.size() < size) keys_.assign(size, 0);  // only [0, size) is used
    for (std::size_t j = 0; j < p.tokens.size(); ++j) {
      const WordSenses* s = Pairable(p, j);
      if (s == nullptr) continue;
      for (const std::uint64_t id : s->synsets) Insert(id);
      for (const std::uint64_t id : s->expanded) Insert(id);
      for (const std::uint64_t id : s->linked_from) Insert(id);
    }
  }
  std::uint64_t owner() const { return owner_; }
  // Whether senses `a` may be related to a token of the sequence. Answers
  // are memoised by the senses' unique id: the candidates a member meets
  // share much of their vocabulary.
  bool MayRelate(const WordSenses& a) const { return MayRelate(a.id, a); }
  // The same, with a.id at hand: `a` is read only when the memo misses.
  bool MayRelate(std::uint32_t id, const WordSenses& a) const {
    // A slot holds (generation << 32 | senses id) << 1 | answer.
    std::uint64_t& slot = memo_[(id * 0x9E3779B97F4A7C15ULL) >> (64 - kMemoBits)];
    const std::uint64_t key = memo_tag_ | id;
    if ((slot >> 1) == key) return (slot & 1) != 0;
    const bool may = Probe(a);
    slot = key << 1 | (may ? 1 : 0);
    return may;
  }
  // The senses of token j if WordNet can pair it, else null.
  static const WordSenses* Pairable(const Prepared& p, std::size_t j) {
    return p.tokens[j].wordnet ? p.senses[j].get() : nullptr;
  }

 private:
  bool Probe(const WordSenses& a) const {
    for (const std::uint64_t id : a.synsets) {
      if (Contains(id)) return true;
    }
    return false;
  }
  std::size_t Slot(std::uint64_t id) const {
    return static_cast<std::size_t>((id * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  // Synset ids are pos << 32 | a byte offset of a data file (pos < 4, the
  // offset below 2^30), so below 2^34: the table holds id | tag_, and a
  // slot below tag_ (an earlier build's, or 0) is empty.
  void Insert(std::uint64_t id) {
    const std::uint64_t key = id | tag_;
    std::size_t i = Slot(id);
    while (keys_[i] >= tag_ && keys_[i] != key) i = (i + 1) & mask_;
    keys_[i] = key;
  }
  bool Contains(std::uint64_t id) const {
    const std::uint64_t key = id | tag_;
    for (std::size_t i = Slot(id);; i = (i + 1) & mask_) {
      if (keys_[i] == key) return true;
      if (keys_[i] < tag_) return false;
    }
  }

  static constexpr int kMemoBits = 8;
  static constexpr int kTagShift = 36;
  static constexpr std::uint64_t kMaxGen = (std::uint64_t{1} << (64 - kTagShift)) - 1;
  mutable std::uint64_t memo_[std::size_t{1} << kMemoBits] = {};
  std::uint64_t owner_ = 0;
  std::uint64_t gen_ = 0;  // builds so far (mod kMaxGen), the current one's tag
  std::uint64_t tag_ = 0, memo_tag_ = 0;
  int shift_ = 58;
  std::size_t mask_ = 63;
  std::vector<std::uint64_t> keys_;
};

// The filter of `p` from a small per-thread cache: one quote is compared
// with all its candidates as the same member, so each member's filter is
// built once per thread (eight entries: a member, its quoted fragments and
// clauses are filters in turn). The reference is valid until the next call.
const SenseFilter& FilterOf(const Prepared& p) {
  constexpr std::size_t kEntries = 8;
  thread_local SenseFilter cache[kEntries];
  thread_local std::size_t next = 0;
  for (const SenseFilter& f : cache) {
    if (f.owner() == p.id && p.id != 0) return f;
  }
  SenseFilter& f = cache[next];
  next = (next + 1) % kEntries;
  f.Build(p);
  return f;
}

// For the first entry of each run of equal values in sorted `x`: how many
// entries of sorted `y` hold that value, in (*x_in_y)[first]; the same for
// `y` in `x` (other entries unset). One merge of the two for both counts.
void CountsIn(const std::vector<std::uint64_t>& x, const std::vector<std::uint64_t>& y,
              std::vector<std::uint32_t>* x_in_y, std::vector<std::uint32_t>* y_in_x) {
  x_in_y->resize(x.size());
  y_in_x->resize(y.size());
  const std::size_t nx = x.size(), ny = y.size();
  std::size_t i = 0, j = 0;
  while (i < nx && j < ny) {
    const std::uint64_t v = x[i], w = y[j];
    if (v < w) {
      (*x_in_y)[i] = 0;
      while (++i < nx && x[i] == v) {
      }
    } else if (w < v) {
      (*y_in_x)[j] = 0;
      while (++j < ny && y[j] == w) {
      }
    } else {
      std::size_t ei = i + 1, ej = j + 1;
      while (ei < nx && x[ei] == v) ++ei;
      while (ej < ny && y[ej] == v) ++ej;
      (*x_in_y)[i] = static_cast<std::uint32_t>(ej - j);
      (*y_in_x)[j] = static_cast<std::uint32_t>(ei - i);
      i = ei;
      j = ej;
    }
  }
  for (; i < nx; ++i) (*x_in_y)[i] = 0;  // every entry: runs need only their first
  for (; j < ny; ++j) (*y_in_x)[j] = 0;
}

// Content tokens of a and b matched one-to-one by stem, then by WordNet
// relation (for each token of a in order, the first free partner of b in
// order); returns the matched count and the number of unmatched content
// tokens on each side.
//
// With `need` > 0 the caller only wants to know whether `need` matches are
// reached: the WordNet pass gives up (returns kGaveUp, the unmatched counts
// unset) as soon as the matches so far plus the tokens still free on the
// side with fewer of them fall short, since each further match takes one
// free token of each side. Below that it counts exactly as without `need`.
constexpr std::size_t kGaveUp = static_cast<std::size_t>(-1);
std::size_t SynonymMatch(const Prepared& a, const Prepared& b, std::size_t* unmatched_a,
                         std::size_t* unmatched_b, std::size_t need = 0) {
  const std::size_t n = a.tokens.size(), m = b.tokens.size();
  thread_local std::vector<char> used_b, done_a;
  // Read at content tokens only, each written below first.
  used_b.resize(m);
  done_a.resize(n);
  // By stem: taking for each token of a the first free token of b with its
  // stem pairs the k-th occurrences of each stem, so a token is matched iff
  // its rank among its stem's occurrences is below the other side's count.
  // One pass per side also counts the content tokens left free and those
  // of them WordNet may pair.
  thread_local std::vector<std::uint32_t> in_b, in_a;
  CountsIn(a.content_stems, b.content_stems, &in_b, &in_a);
  // Stopwords are never matched: only content tokens are visited. Per
  // side: marks each token matched by stem, and counts those matched and
  // those left free that WordNet may pair.
  auto mark = [](const std::vector<Prepared::ContentToken>& tokens,
                 const std::vector<std::uint32_t>& in_other, std::vector<char>& flags,
                 std::size_t* matched_n, std::size_t* wordnet_free) {
    for (const Prepared::ContentToken& c : tokens) {
      const bool hit = c.rank < in_other[c.pos];
      flags[c.index] = hit;
      *matched_n += hit;
      *wordnet_free += c.wordnet && !hit;
    }
  };
  std::size_t matched = 0, untested = 0;
  mark(a.content_tokens, in_b, done_a, &matched, &untested);
  std::size_t free_a = a.content_tokens.size() - matched;
  std::size_t open_b = 0, matched_b = 0;
  mark(b.content_tokens, in_a, used_b, &matched_b, &open_b);
  std::size_t free_b = b.content_tokens.size() - matched_b;
  if (WordNetAvailable() && matched < a.content && matched < b.content) {
    // Tokens of a that can still pair by WordNet: content words, not
    // numbers, with senses, not paired yet, whose senses may relate to a
    // token of b (SenseFilter); and tokens of b that can (the same, but the
    // filter). With `need`, the counts give up before the filter is built
    // or read where they can: first with every free token of a counted,
    // then as each is tested.
    std::size_t open_a = 0;
    if (need > 0 && matched + std::min(untested, open_b) < need) return kGaveUp;
    const SenseFilter& filter = FilterOf(b);
    thread_local std::vector<char> may_pair;
    may_pair.assign(n, 0);
    for (const Prepared::ContentToken& c : a.content_tokens) {
      const std::size_t i = c.index;
      if (!c.wordnet || done_a[i]) continue;
      if (filter.MayRelate(a.sense_id[i], *a.senses[i])) {
        may_pair[i] = 1;
        ++open_a;
      }
      if (need > 0) {
        --untested;
        if (matched + std::min(open_a + untested, open_b) < need) return kGaveUp;
      }
    }
    for (std::size_t ci = 0; ci < a.content_tokens.size() && open_a > 0; ++ci) {
      const std::size_t i = a.content_tokens[ci].index;
      if (!may_pair[i]) continue;  // related to no token of b
      const WordSenses* sa = a.senses[i].get();
      for (const Prepared::ContentToken& cb : b.content_tokens) {
        const std::size_t j = cb.index;
        if (!cb.wordnet || used_b[j]) continue;
        // (Equal words have equal stems, all paired above: only senses here.)
        if (SensesRelated(sa, b.senses[j].get())) {
          used_b[j] = 1;
          done_a[i] = 1;
          ++matched;
          --free_a;
          --free_b;
          if (need > 0) --open_b;
          break;
        }
      }
      if (need > 0) {
        --open_a;
        if (matched + std::min(open_a, open_b) < need) return kGaveUp;
      }
    }
  }
  *unmatched_a = free_a;
  *unmatched_b = free_b;
  return matched;
}

}  // namespace

void MayRelateTo(const Prepared& a, const Prepared& b, std::vector<char>* out) {
  const std::size_t n = a.tokens.size();
  out->assign(n, 0);
  if (!WordNetAvailable()) return;
  const SenseFilter& filter = FilterOf(b);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t id = a.sense_id[i];
    (*out)[i] = id != 0 && filter.MayRelate(id, *a.senses[i]) ? 1 : 0;
  }
}

std::size_t SharedContentStems(const Prepared& a, const Prepared& b) {
  return MultisetIntersect(a.content_stems, b.content_stems);
}

std::pair<std::size_t, std::size_t> ContentMatched(const Prepared& a, const Prepared& b,
                                                   std::size_t need) {
  std::size_t ua = 0, ub = 0;
  const std::size_t all = SynonymMatch(a, b, &ua, &ub, need);
  return {MultisetIntersect(a.content_stems, b.content_stems), all == kGaveUp ? 0 : all};
}

namespace {

// The count of a char3 entry (see Prepared::char3).
std::uint64_t Char3Count(const Prepared& p, std::uint32_t e) {
  const std::uint32_t c = e & 0xFFu;
  if (c != 0xFFu) return c;
  const auto it = std::lower_bound(p.char3_big.begin(), p.char3_big.end(),
                                   std::make_pair(e >> 8, std::uint32_t{0}));
  return it != p.char3_big.end() && it->first == (e >> 8) ? it->second : c;
}

double CharTrigramCosine(const Prepared& a, const Prepared& b) {
  if (a.char3_norm2 == 0 || b.char3_norm2 == 0) return 0;
  std::uint64_t dot = 0;  // integer: exact whatever the order
  std::size_t i = 0, j = 0;
  const std::size_t na = a.char3.size(), nb = b.char3.size();
  const std::uint32_t* pa = a.char3.data();
  const std::uint32_t* pb = b.char3.data();
  auto step = [&] {
    const std::uint32_t x = pa[i], y = pb[j];
    const std::uint32_t kx = x >> 8, ky = y >> 8;
    if (kx == ky) {
      const bool big = (x & 0xFFu) == 0xFFu || (y & 0xFFu) == 0xFFu;
      dot += big ? Char3Count(a, x) * Char3Count(b, y)
                 : std::uint64_t{x & 0xFFu} * std::uint64_t{y & 0xFFu};
    }
    i += kx <= ky;
    j += ky <= kx;
  };
  MergeSteps(i, na, j, nb, step);
  return static_cast<double>(dot) / std::sqrt(a.char3_norm2 * b.char3_norm2);
}

// Sum over stems of the smaller summed weight.
double WeightIntersect(const Prepared& a, const Prepared& b) {
  double in = 0;
  std::size_t i = 0, j = 0;
  while (i < a.weights.size() && j < b.weights.size()) {
    if (a.weights[i].first == b.weights[j].first) {
      in += std::min(a.weights[i].second, b.weights[j].second);
      ++i;
      ++j;
    } else if (a.weights[i].first < b.weights[j].first) {
      ++i;
    } else {
      ++j;
    }
  }
  return in;
}

// SynonymMatch's result for a pair.
struct SynonymCounts {
  std::size_t matched = 0, unmatched_a = 0, unmatched_b = 0;
};

// The stem multisets' intersections, when the caller has them already.
struct KnownIntersections {
  std::size_t stems = 0, content_stems = 0;
};

// `synonyms`: SynonymMatch(a, b) when the caller has it already; `known`:
// the intersections of a's and b's stems and content stems.
std::array<double, kNumFeatures> Features(const Prepared& a, const Prepared& b, const Alignment& al,
                                          std::size_t* matched_out = nullptr,
                                          const SynonymCounts* synonyms = nullptr,
                                          const KnownIntersections* known = nullptr) {
  std::array<double, kNumFeatures> f{};
  const double la = static_cast<double>(a.tokens.size()), lb = static_cast<double>(b.tokens.size());
  if (a.tokens.empty() || b.tokens.empty()) return f;
  auto minmax = [](double x, double y, double* lo, double* hi) {
    *lo = std::min(x, y);
    *hi = std::max(x, y);
  };
  const double in_all =
      static_cast<double>(known != nullptr ? known->stems : MultisetIntersect(a.stems, b.stems));
  minmax(in_all / la, in_all / lb, &f[0], &f[1]);
  const double ca = static_cast<double>(a.content), cb = static_cast<double>(b.content);
  {
    const double in =
        static_cast<double>(known != nullptr ? known->content_stems
                                             : MultisetIntersect(a.content_stems, b.content_stems));
    minmax(ca != 0.0 ? in / ca : 0, cb != 0.0 ? in / cb : 0, &f[2], &f[3]);
  }
  {
    std::size_t una_i = 0, unb_i = 0, matched_i = 0;
    if (synonyms != nullptr) {
      matched_i = synonyms->matched;
      una_i = synonyms->unmatched_a;
      unb_i = synonyms->unmatched_b;
    } else {
      matched_i = SynonymMatch(a, b, &una_i, &unb_i);
    }
    if (matched_out != nullptr) *matched_out = matched_i;
    const double matched = static_cast<double>(matched_i);
    minmax(ca != 0.0 ? matched / ca : 0, cb != 0.0 ? matched / cb : 0, &f[4], &f[5]);
    const double una = static_cast<double>(una_i), unb = static_cast<double>(unb_i);
    double lo, hi;
    minmax(una, unb, &lo, &hi);
    f[17] = std::log1p(hi);
    f[18] = std::log1p(lo);
    f[26] = std::max(ca != 0.0 ? una / ca : 0, cb != 0.0 ? unb / cb : 0);
  }
  {
    // Weighted overlap: informative tokens count more.
    const double ta = a.weight_total, tb = b.weight_total;
    f[6] = (ta + tb) > 0 ? 2 * WeightIntersect(a, b) / (ta + tb) : 0;
  }
  f[7] = Dice(a.ngrams[0], b.ngrams[0]);
  f[8] = Dice(a.ngrams[1], b.ngrams[1]);
  f[9] = Dice(a.ngrams[2], b.ngrams[2]);
  {
    const double l = static_cast<double>(al.lcs);
    minmax(l / la, l / lb, &f[10], &f[11]);
  }
  f[12] = std::min(la, lb) / std::max(la, lb);
  f[13] = std::log1p(std::fabs(la - lb));
  {
    const double ta = static_cast<double>(a.numbers.size());
    const double tb = static_cast<double>(b.numbers.size());
    const double in = static_cast<double>(MultisetIntersect(a.numbers, b.numbers));
    f[14] = (ta > 0 && tb > 0 && in == ta && in == tb) ? 1 : 0;
    f[15] = std::log1p(ta + tb - 2 * in);
  }
  f[16] = ((a.negations > 0) != (b.negations > 0)) ? 1 : 0;
  {
    // Names (capitalised words) of one side whose stem the other lacks.
    double un = 0;
    auto count = [&](const Prepared& x, const Prepared& y) {
      for (std::size_t k = 0; k < x.tokens.size(); ++k) {
        if (x.tokens[k].cap && !std::binary_search(y.stems.begin(), y.stems.end(), x.stem[k])) {
          un += 1;
        }
      }
    };
    count(a, b);
    count(b, a);
    f[19] = std::log1p(un);
  }
  f[20] = CharTrigramCosine(a, b);
  {
    // BLEU-like: geometric mean of 1..4-gram Dice.
    const double eps = 0.1;
    const double uni = 2 * in_all / (la + lb);
    f[29] = std::exp(
        (std::log(uni + eps) + std::log(f[7] + eps) + std::log(f[8] + eps) + std::log(f[9] + eps)) /
        4.0);
  }
  {
    // Longest run of unaligned tokens on each side: an added or dropped
    // clause, rather than scattered word changes.
    auto longest_gap = [&](bool root_side, std::size_t len) {
      std::size_t prev = 0, best = 0;
      for (const auto& pr : al.pairs) {
        const std::size_t pos = root_side ? pr.first : pr.second;
        best = std::max(best, pos - prev);
        prev = pos + 1;
      }
      return std::max(best, len - prev);
    };
    const double ga = static_cast<double>(longest_gap(true, a.tokens.size()));
    const double gb = static_cast<double>(longest_gap(false, b.tokens.size()));
    f[27] = std::log1p(std::max(ga, gb));
    f[28] = std::log1p(std::min(ga, gb));
    f[21] = al.pairs.empty()
                ? 1.0
                : static_cast<double>(al.blocks) / static_cast<double>(al.pairs.size());
  }
  f[22] = std::log1p(la + lb);
  return f;
}

}  // namespace

void Words(std::string_view joined, std::vector<std::string_view>* out) {
  out->clear();
  std::size_t from = 0;
  for (std::size_t k = 0; k < joined.size(); ++k) {
    if (joined[k] == kWordEnd) {
      out->push_back(joined.substr(from, k - from));
      from = k + 1;
    }
  }
}

std::vector<std::string_view> Words(std::string_view joined) {
  std::vector<std::string_view> out;
  Words(joined, &out);
  return out;
}

std::size_t Prepared::memory_bytes() const {
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  return bytes(tokens) + folds.capacity() + stems_text.capacity() + bytes(stem) + bytes(senses) +
         bytes(sense_id) + bytes(stems) + bytes(content_stems) + bytes(numbers) + bytes(ngrams[0]) +
         bytes(ngrams[1]) + bytes(ngrams[2]) + bytes(weights) + bytes(char3) + bytes(char3_big) +
         bytes(content_tokens);
}

Prepared Prepare(std::vector<Token> tokens) {
  static std::atomic<std::uint64_t> ids{0};
  Prepared p;
  p.id = ids.fetch_add(1, std::memory_order_relaxed) + 1;
  const std::size_t n = tokens.size();
  p.tokens.reserve(n);
  p.stem.reserve(n);
  p.senses.reserve(n);
  p.sense_id.reserve(n);
  {
    std::size_t fold_bytes = 0, stem_bytes = 0;
    for (const Token& t : tokens) {
      fold_bytes += t.fold.size() + 1;
      stem_bytes += t.stem.size() + 1;
    }
    p.folds.reserve(fold_bytes);
    p.stems_text.reserve(stem_bytes);
  }
  for (Token& t : tokens) {
    if (!t.ids) {
      t.stem_id = StemId(t.stem);
      if (!t.stop && !t.number) t.senses = LookupSenses(t.fold);
      t.ids = true;
    }
    TokenClass c;
    c.cap = t.cap;
    c.number = t.number;
    c.negation = t.negation;
    c.modal = t.modal;
    c.stop = t.stop;
    p.tokens.push_back(c);
    p.folds += t.fold;
    p.folds.push_back(kWordEnd);
    p.stems_text += t.stem;
    p.stems_text.push_back(kWordEnd);
    p.stem.push_back(t.stem_id);
    p.senses.push_back(t.stop || t.number ? nullptr : std::move(t.senses));
    p.sense_id.push_back(p.senses.back() != nullptr ? p.senses.back()->id : 0);
    p.tokens.back().wordnet = p.senses.back() != nullptr;
    p.content += t.stop ? 0 : 1;
    p.negations += t.negation ? 1 : 0;
  }
  // The tokens by (stem, index): one sort gives the sorted stems, content
  // stems and numbers (each a subsequence of it, in order) and the order in
  // which the weights are summed below. (Sorting each multiset on its own
  // sorted the stems three times.)
  thread_local std::vector<std::pair<std::uint64_t, std::size_t>> order;
  order.clear();
  for (std::size_t k = 0; k < n; ++k) order.emplace_back(p.stem[k], k);
  std::sort(order.begin(), order.end());
  p.stems.reserve(n);
  for (const auto& e : order) p.stems.push_back(e.first);
  {
    // Scratch vectors of this function are per thread and reused: Prepare
    // runs once per quote and clause, and each was a malloc/free pair.
    thread_local std::vector<std::pair<std::uint64_t, std::uint16_t>> seen;  // stem -> count so far
    seen.clear();
    p.content_tokens.reserve(p.content);
    for (std::size_t k = 0; k < n; ++k) {
      if (tokens[k].stop) continue;
      Prepared::ContentToken c{static_cast<std::uint16_t>(k), 0, 0, p.tokens[k].wordnet};
      auto it = std::find_if(seen.begin(), seen.end(),
                             [&](const auto& e) { return e.first == p.stem[k]; });
      if (it == seen.end()) {
        seen.emplace_back(p.stem[k], 1);
      } else {
        c.rank = it->second++;
      }
      p.content_tokens.push_back(c);
    }
  }
  {
    std::size_t numbers = 0;
    for (const Token& t : tokens) numbers += t.number ? 1 : 0;
    p.content_stems.reserve(p.content);
    p.numbers.reserve(numbers);
  }
  for (const auto& [id, k] : order) {
    if (!tokens[k].stop) p.content_stems.push_back(id);
    if (tokens[k].number) p.numbers.push_back(id);  // a number is its own stem
  }
  for (Prepared::ContentToken& c : p.content_tokens) {
    const auto first =
        std::lower_bound(p.content_stems.begin(), p.content_stems.end(), p.stem[c.index]);
    c.pos = static_cast<std::uint16_t>(first - p.content_stems.begin());
  }
  for (std::size_t g = 0; g < 3; ++g) {
    const std::size_t len = g + 2;
    auto& out = p.ngrams[g];
    if (n >= len) out.reserve(n + 1 - len);
    for (std::size_t i = 0; i + len <= n; ++i) {
      // Stem ids are uniform 64-bit hashes already: a bijective mix per
      // step keeps n-grams apart as well as a hash of the ids would.
      std::uint64_t h = 0x9E3779B97F4A7C15ULL * len;
      for (std::size_t j = 0; j < len; ++j) h = Mix64(h ^ p.stem[i + j]);
      out.push_back(h);
    }
    std::sort(out.begin(), out.end());
  }
  {
    // Summed in token order per stem, as a map keyed by stem would.
    std::size_t distinct = 0;
    for (std::size_t k = 0; k < n; ++k) distinct += k == 0 || order[k].first != order[k - 1].first;
    p.weights.reserve(distinct);
    for (const auto& [id, k] : order) {
      const double w = TokenWeight(tokens[k]);
      if (p.weights.empty() || p.weights.back().first != id) p.weights.emplace_back(id, 0.0);
      p.weights.back().second += w;
    }
    for (const Token& t : tokens) p.weight_total += TokenWeight(t);
  }
  {
    // Byte trigrams of " fold fold ... " (the words as compared, spaced).
    thread_local std::string s;
    s.assign(1, ' ');
    for (const Token& t : tokens) {
      s += t.fold;
      s.push_back(' ');
    }
    thread_local std::vector<std::uint32_t> grams;
    grams.clear();
    for (std::size_t i = 0; i + 3 <= s.size(); ++i) {
      grams.push_back(static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])) << 16 |
                      static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + 1])) << 8 |
                      static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + 2])));
    }
    std::sort(grams.begin(), grams.end());
    thread_local std::vector<std::pair<std::uint32_t, std::uint32_t>> counted;  // (trigram, count)
    counted.clear();
    for (std::uint32_t g : grams) {
      if (counted.empty() || counted.back().first != g) counted.emplace_back(g, 0);
      ++counted.back().second;
    }
    p.char3.reserve(counted.size());
    for (const auto& [g, c] : counted) {
      p.char3.push_back(g << 8 | std::min<std::uint32_t>(c, 0xFFu));
      if (c >= 0xFFu) p.char3_big.emplace_back(g, c);
      p.char3_norm2 += static_cast<double>(c) * static_cast<double>(c);
    }
  }
  return p;
}

Alignment Align(const Prepared& root, const Prepared& member) {
  Alignment al;
  const std::size_t n = root.stem.size(), m = member.stem.size();
  if (n == 0 || m == 0) return al;
  const std::uint64_t* rs = root.stem.data();
  const std::uint64_t* ms = member.stem.data();
  // A token whose stem occurs nowhere on the other side is in no common
  // subsequence: the LCS of two suffixes is that of their tokens that may
  // match. The table is kept over those tokens only (rk of the n root
  // tokens, mk of the m member tokens), and the LCS of the suffixes from i
  // and j is its cell (kr[i], km[j]), kr[i] being the number of kept root
  // tokens before i (so the first kept token at or after i), km likewise:
  // the same values as a table over all tokens, read by the same walk, so
  // the same alignment, for a fraction of the cells (most tokens of two
  // unrelated quotes meet nothing). "May match" is a filter on the stem ids'
  // low bits (they are uniform hashes): a false hit keeps a token that
  // matches nothing, which changes no value.
  constexpr std::size_t kFilterBits = 4096;
  thread_local std::uint64_t in_root[kFilterBits / 64], in_member[kFilterBits / 64];
  auto bit = [](std::uint64_t stem) { return static_cast<std::size_t>(stem % kFilterBits); };
  for (std::size_t i = 0; i < n; ++i)
    in_root[bit(rs[i]) / 64] |= std::uint64_t{1} << (bit(rs[i]) % 64);
  for (std::size_t j = 0; j < m; ++j) {
    in_member[bit(ms[j]) / 64] |= std::uint64_t{1} << (bit(ms[j]) % 64);
  }
  thread_local std::vector<std::uint32_t> kr, km;
  thread_local std::vector<std::uint64_t> rr, mr;  // the kept tokens' stems
  kr.resize(n + 1);
  km.resize(m + 1);
  rr.clear();
  mr.clear();
  for (std::size_t i = 0; i < n; ++i) {
    kr[i] = static_cast<std::uint32_t>(rr.size());
    if ((in_member[bit(rs[i]) / 64] >> (bit(rs[i]) % 64)) & 1) rr.push_back(rs[i]);
  }
  kr[n] = static_cast<std::uint32_t>(rr.size());
  for (std::size_t j = 0; j < m; ++j) {
    km[j] = static_cast<std::uint32_t>(mr.size());
    if ((in_root[bit(ms[j]) / 64] >> (bit(ms[j]) % 64)) & 1) mr.push_back(ms[j]);
  }
  km[m] = static_cast<std::uint32_t>(mr.size());
  // Emptied for the next call by the same tokens.
  for (std::size_t i = 0; i < n; ++i) in_root[bit(rs[i]) / 64] = 0;
  for (std::size_t j = 0; j < m; ++j) in_member[bit(ms[j]) / 64] = 0;
  const std::size_t rk = rr.size(), mk = mr.size();
  // LCS table from the end; ties broken towards continuing a run so that the
  // alignment prefers few contiguous blocks.
  std::vector<std::uint32_t>& L = Scratch();
  if (L.size() < (rk + 1) * (mk + 1)) L.resize((rk + 1) * (mk + 1));
  auto cell = [&](std::size_t x, std::size_t y) -> std::uint32_t& { return L[x * (mk + 1) + y]; };
  // Every cell is written below before it is read but those of the last
  // row and column: only they start at zero.
  for (std::size_t y = 0; y <= mk; ++y) cell(rk, y) = 0;
  for (std::size_t x = 0; x < rk; ++x) cell(x, mk) = 0;
  for (std::size_t x = rk; x-- > 0;) {
    for (std::size_t y = mk; y-- > 0;) {
      cell(x, y) =
          rr[x] == mr[y] ? cell(x + 1, y + 1) + 1 : std::max(cell(x + 1, y), cell(x, y + 1));
    }
  }
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t { return cell(kr[i], km[j]); };
  al.lcs = at(0, 0);
  al.pairs.reserve(al.lcs);  // the walk takes lcs pairs: one allocation
  std::size_t i = 0, j = 0;
  bool in_run = false;
  while (i < n && j < m) {
    const bool eq = rs[i] == ms[j];
    if (eq && at(i, j) == at(i + 1, j + 1) + 1 &&
        (in_run || at(i + 1, j) < at(i, j) || at(i, j + 1) < at(i, j))) {
      al.pairs.emplace_back(i, j);
      ++i;
      ++j;
      in_run = true;
      continue;
    }
    if (eq && at(i, j) == at(i + 1, j + 1) + 1) {
      // Both taking and skipping keep the LCS: take it only if it starts a
      // longer run here than further on.
      std::size_t run = 0;
      while (i + run < n && j + run < m && rs[i + run] == ms[j + run]) ++run;
      if (run >= 2 || (at(i + 1, j) < at(i, j) && at(i, j + 1) < at(i, j))) {
        al.pairs.emplace_back(i, j);
        ++i;
        ++j;
        in_run = true;
        continue;
      }
    }
    in_run = false;
    if (at(i + 1, j) >= at(i, j + 1)) {
      ++i;
    } else {
      ++j;
    }
  }
  for (std::size_t k = 0; k < al.pairs.size(); ++k) {
    if (k == 0 || al.pairs[k].first != al.pairs[k - 1].first + 1 ||
        al.pairs[k].second != al.pairs[k - 1].second + 1) {
      ++al.blocks;
    }
  }
  return al;
}

std::array<double, kNumFeatures> PairFeatures(const Prepared& a, const Prepared& b) {
  return Features(a, b, Align(a, b));
}

namespace {

// Analyse; with `filing`, returns false (and leaves `r` partial) as soon as
// the pair can be shown to have neither rule_same nor evidence, the only
// pairs the matcher reads further while filing:
//  - every rule needs the member or the root aligned whole, or 80% of the
//    member aligned (the near excerpt); aligned tokens are pairs of equal
//    stems in order, so they are at most the stem multisets' intersection;
//  - evidence needs two content stems in common and 2 * matched >= the
//    shorter side's content words (matched as SynonymMatch counts them; it
//    gives up once that count cannot be reached).
bool AnalyseImpl(const Prepared& pa, const Prepared& pb, bool filing, PairAnalysis& r,
                 std::size_t shared_content_stems = SIZE_MAX) {
  const std::vector<TokenClass>& a = pa.tokens;
  const std::vector<TokenClass>& b = pb.tokens;
  if (a.empty() || b.empty()) return true;
  const std::size_t shorter = std::min(pa.content, pb.content);
  const std::size_t by_stem = shared_content_stems != SIZE_MAX
                                  ? shared_content_stems
                                  : MultisetIntersect(pa.content_stems, pb.content_stems);
  // 2 * matched >= shorter, as a count of matches.
  const std::size_t need = (shorter + 1) / 2;
  std::optional<SynonymCounts> synonyms;
  std::optional<KnownIntersections> known;
  if (filing) {
    const std::size_t in_all = MultisetIntersect(pa.stems, pb.stems);
    known = KnownIntersections{in_all, by_stem};
    const bool rule_possible =
        in_all >= b.size() || in_all >= a.size() ||
        (b.size() >= 5 && static_cast<double>(in_all) / static_cast<double>(b.size()) >= 0.8);
    if (!rule_possible) {
      if (by_stem < 2) return false;
      // Before the alignment: most candidates fail here.
      SynonymCounts sc;
      sc.matched = SynonymMatch(pa, pb, &sc.unmatched_a, &sc.unmatched_b, need);
      if (sc.matched == kGaveUp) return false;
      synonyms = sc;
    }
  }
  r.al = Align(pa, pb);
  const double aligned = static_cast<double>(r.al.pairs.size());
  r.containment = aligned / static_cast<double>(b.size());
  r.coverage = aligned / static_cast<double>(a.size());
  for (const auto& t : b) r.content_member += t.stop ? 0 : 1;
  for (const auto& [i, j] : r.al.pairs) r.content_aligned += b[j].stop ? 0 : 1;
  r.contained = r.al.pairs.size() == b.size();
  r.root_contained = r.al.pairs.size() == a.size();
  // An excerpt is the same statement when it is found, in order, inside the
  // root and carries enough information not to be a stock phrase.
  const bool excerpt = r.contained && r.content_aligned >= 2 && b.size() >= 3;
  // A longer rendering with a word or two changed.
  // Only for a clear excerpt (less than half of the root): two full
  // renderings that differ by a clause are left to the model.
  const bool near_excerpt =
      r.containment >= 0.8 && r.content_aligned >= 3 && b.size() >= 5 && r.coverage < 0.5;
  // The member is the fuller rendering and holds all of the root.
  const bool root_excerpt = r.root_contained && a.size() >= 3 && r.coverage >= 0.5;
  r.rule_same = (r.contained && r.root_contained) || excerpt || near_excerpt || root_excerpt;
  if (filing && !r.rule_same && !synonyms) {
    if (by_stem < 2) return false;
    SynonymCounts sc;
    sc.matched = SynonymMatch(pa, pb, &sc.unmatched_a, &sc.unmatched_b, need);
    if (sc.matched == kGaveUp) return false;
    synonyms = sc;
  }
  std::size_t matched = 0;
  r.features =
      Features(pa, pb, r.al, &matched, synonyms ? &*synonyms : nullptr, known ? &*known : nullptr);
  // The model was fitted on sentence pairs chosen as likely paraphrases; on
  // arbitrary candidates it must not decide from a single shared word (or a
  // loose WordNet sense: "head" ~ "point"): two content words at least must
  // share a stem, and half of the shorter side's must match by stem or
  // WordNet.
  r.evidence = by_stem >= 2 && 2 * matched >= shorter;
  r.features[23] = std::max(r.containment, r.coverage);
  r.features[24] = std::min(r.containment, r.coverage);
  r.features[25] = (r.contained || r.root_contained) ? 1 : 0;
  return true;
}

}  // namespace

PairAnalysis Analyse(const Prepared& pa, const Prepared& pb) {
  PairAnalysis r;
  AnalyseImpl(pa, pb, /*filing=*/false, r);
  return r;
}

bool AnalyseCandidate(const Prepared& root, const Prepared& member, PairAnalysis* out,
                      std::size_t shared_content_stems) {
  return AnalyseImpl(root, member, /*filing=*/true, *out, shared_content_stems);
}

std::vector<double> ModelInputs(const std::array<double, kNumFeatures>& f) {
  std::vector<double> x(f.begin(), f.end());
  x.reserve(kNumModelInputs);
  for (std::size_t i = 0; i < kNumFeatures; ++i) {
    for (std::size_t j = i; j < kNumFeatures; ++j) x.push_back(f[i] * f[j]);
  }
  return x;
}

double ModelProbability(const LinearModel& m, const std::array<double, kNumFeatures>& f) {
  // The inputs of ModelInputs, in the same order, without building them.
  double z = m.bias;
  std::size_t k = 0;
  auto add = [&](double x) {
    const double s = m.scale[k] != 0 ? m.scale[k] : 1.0;
    z += m.weight[k] * (x - m.mean[k]) / s;
    ++k;
  };
  for (std::size_t i = 0; i < kNumFeatures; ++i) add(f[i]);
  for (std::size_t i = 0; i < kNumFeatures; ++i) {
    for (std::size_t j = i; j < kNumFeatures; ++j) add(f[i] * f[j]);
  }
  return 1.0 / (1.0 + std::exp(-z));
}

}  // namespace qt::match_internal
