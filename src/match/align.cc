#include "match/align.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "match/wordnet.h"

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

Alignment Align(const std::vector<Token>& root, const std::vector<Token>& member) {
  Alignment al;
  const std::size_t n = root.size(), m = member.size();
  if (n == 0 || m == 0) return al;
  // LCS table from the end; ties broken towards continuing a run so that the
  // alignment prefers few contiguous blocks.
  std::vector<std::uint32_t> L((n + 1) * (m + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return L[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      at(i, j) = root[i].stem == member[j].stem ? at(i + 1, j + 1) + 1
                                                : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  std::size_t i = 0, j = 0;
  bool in_run = false;
  while (i < n && j < m) {
    const bool eq = root[i].stem == member[j].stem;
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
      while (i + run < n && j + run < m && root[i + run].stem == member[j + run].stem) ++run;
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

namespace {

using Counts = std::unordered_map<std::string, int>;

Counts StemCounts(const std::vector<Token>& t, bool content_only) {
  Counts c;
  for (const auto& x : t) {
    if (content_only && x.stop) continue;
    ++c[x.stem];
  }
  return c;
}

double Intersect(const Counts& a, const Counts& b) {
  double s = 0;
  for (const auto& [k, v] : a) {
    auto it = b.find(k);
    if (it != b.end()) s += std::min(v, it->second);
  }
  return s;
}

double Total(const Counts& c) {
  double s = 0;
  for (const auto& [k, v] : c) s += v;
  return s;
}

double Dice(const Counts& a, const Counts& b) {
  const double ta = Total(a), tb = Total(b);
  if (ta + tb == 0) return 0;
  return 2 * Intersect(a, b) / (ta + tb);
}

Counts NGrams(const std::vector<Token>& t, std::size_t n) {
  Counts c;
  for (std::size_t i = 0; i + n <= t.size(); ++i) {
    std::string k;
    for (std::size_t j = 0; j < n; ++j) {
      k += t[i + j].stem;
      k.push_back('\x1f');
    }
    ++c[k];
  }
  return c;
}

std::size_t Lcs(const std::vector<Token>& a, const std::vector<Token>& b) {
  std::vector<std::uint32_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t j = 0; j < b.size(); ++j) {
      cur[j + 1] = a[i].stem == b[j].stem ? prev[j] + 1 : std::max(prev[j + 1], cur[j]);
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// Content tokens of a and b matched one-to-one by stem, then by WordNet
// relation; returns matched count and fills unmatched flags.
std::size_t SynonymMatch(const std::vector<Token>& a, const std::vector<Token>& b,
                         std::vector<bool>& ua, std::vector<bool>& ub) {
  ua.assign(a.size(), false);
  ub.assign(b.size(), false);
  std::vector<bool> used_b(b.size(), false);
  std::size_t matched = 0;
  std::vector<bool> done_a(a.size(), false);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].stop) continue;
    for (std::size_t j = 0; j < b.size(); ++j) {
      if (!used_b[j] && !b[j].stop && a[i].stem == b[j].stem) {
        used_b[j] = true;
        done_a[i] = true;
        ++matched;
        break;
      }
    }
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].stop || done_a[i] || a[i].number) continue;
    for (std::size_t j = 0; j < b.size(); ++j) {
      if (used_b[j] || b[j].stop || b[j].number) continue;
      if (WordNetRelated(a[i].fold, b[j].fold)) {
        used_b[j] = true;
        done_a[i] = true;
        ++matched;
        break;
      }
    }
  }
  for (std::size_t i = 0; i < a.size(); ++i) ua[i] = !a[i].stop && !done_a[i];
  for (std::size_t j = 0; j < b.size(); ++j) ub[j] = !b[j].stop && !used_b[j];
  return matched;
}

double CharTrigramCosine(const std::vector<Token>& a, const std::vector<Token>& b) {
  auto grams = [](const std::vector<Token>& t) {
    Counts c;
    std::string s = " ";
    for (const auto& x : t) {
      s += x.fold;
      s.push_back(' ');
    }
    for (std::size_t i = 0; i + 3 <= s.size(); ++i) ++c[s.substr(i, 3)];
    return c;
  };
  Counts ga = grams(a), gb = grams(b);
  double dot = 0, na = 0, nb = 0;
  for (const auto& [k, v] : ga) {
    na += double(v) * v;
    auto it = gb.find(k);
    if (it != gb.end()) dot += double(v) * it->second;
  }
  for (const auto& [k, v] : gb) nb += double(v) * v;
  if (na == 0 || nb == 0) return 0;
  return dot / std::sqrt(na * nb);
}

}  // namespace

std::array<double, kNumFeatures> PairFeatures(const std::vector<Token>& a,
                                              const std::vector<Token>& b) {
  std::array<double, kNumFeatures> f{};
  const double la = static_cast<double>(a.size()), lb = static_cast<double>(b.size());
  if (a.empty() || b.empty()) return f;
  auto minmax = [](double x, double y, double* lo, double* hi) {
    *lo = std::min(x, y);
    *hi = std::max(x, y);
  };
  {
    Counts ca = StemCounts(a, false), cb = StemCounts(b, false);
    const double in = Intersect(ca, cb);
    minmax(in / la, in / lb, &f[0], &f[1]);
  }
  {
    Counts ca = StemCounts(a, true), cb = StemCounts(b, true);
    const double in = Intersect(ca, cb), ta = Total(ca), tb = Total(cb);
    minmax(ta ? in / ta : 0, tb ? in / tb : 0, &f[2], &f[3]);
  }
  std::vector<bool> ua, ub;
  {
    const double matched = static_cast<double>(SynonymMatch(a, b, ua, ub));
    double ca = 0, cb = 0;
    for (const auto& x : a) ca += x.stop ? 0 : 1;
    for (const auto& x : b) cb += x.stop ? 0 : 1;
    minmax(ca ? matched / ca : 0, cb ? matched / cb : 0, &f[4], &f[5]);
    double una = 0, unb = 0;
    for (bool u : ua) una += u;
    for (bool u : ub) unb += u;
    double lo, hi;
    minmax(una, unb, &lo, &hi);
    f[17] = std::log1p(hi);
    f[18] = std::log1p(lo);
    double ca2 = 0, cb2 = 0;
    for (const auto& x : a) ca2 += x.stop ? 0 : 1;
    for (const auto& x : b) cb2 += x.stop ? 0 : 1;
    f[26] = std::max(ca2 ? una / ca2 : 0, cb2 ? unb / cb2 : 0);
  }
  {
    // Weighted overlap: informative tokens count more.
    std::unordered_map<std::string, double> wa, wb;
    double ta = 0, tb = 0;
    for (const auto& x : a) {
      wa[x.stem] += TokenWeight(x);
      ta += TokenWeight(x);
    }
    for (const auto& x : b) {
      wb[x.stem] += TokenWeight(x);
      tb += TokenWeight(x);
    }
    double in = 0;
    for (const auto& [k, v] : wa) {
      auto it = wb.find(k);
      if (it != wb.end()) in += std::min(v, it->second);
    }
    f[6] = (ta + tb) > 0 ? 2 * in / (ta + tb) : 0;
  }
  f[7] = Dice(NGrams(a, 2), NGrams(b, 2));
  f[8] = Dice(NGrams(a, 3), NGrams(b, 3));
  f[9] = Dice(NGrams(a, 4), NGrams(b, 4));
  {
    const double l = static_cast<double>(Lcs(a, b));
    minmax(l / la, l / lb, &f[10], &f[11]);
  }
  f[12] = std::min(la, lb) / std::max(la, lb);
  f[13] = std::log1p(std::fabs(la - lb));
  {
    Counts na, nb;
    for (const auto& x : a)
      if (x.number) ++na[x.fold];
    for (const auto& x : b)
      if (x.number) ++nb[x.fold];
    const double ta = Total(na), tb = Total(nb), in = Intersect(na, nb);
    f[14] = (ta > 0 && tb > 0 && in == ta && in == tb) ? 1 : 0;
    f[15] = std::log1p(ta + tb - 2 * in);
  }
  {
    int ga = 0, gb = 0;
    for (const auto& x : a) ga += x.negation;
    for (const auto& x : b) gb += x.negation;
    f[16] = ((ga > 0) != (gb > 0)) ? 1 : 0;
  }
  {
    Counts na, nb;
    for (const auto& x : a)
      if (x.cap) ++na[x.stem];
    for (const auto& x : b)
      if (x.cap) ++nb[x.stem];
    Counts sa = StemCounts(a, false), sb = StemCounts(b, false);
    double un = 0;
    for (const auto& [k, v] : na)
      if (!sb.count(k)) un += v;
    for (const auto& [k, v] : nb)
      if (!sa.count(k)) un += v;
    f[19] = std::log1p(un);
  }
  f[20] = CharTrigramCosine(a, b);
  {
    // BLEU-like: geometric mean of 1..4-gram Dice.
    const double eps = 0.1;
    f[29] = std::exp((std::log(Dice(NGrams(a, 1), NGrams(b, 1)) + eps) + std::log(f[7] + eps) +
                      std::log(f[8] + eps) + std::log(f[9] + eps)) /
                     4.0);
  }
  {
    const Alignment al = Align(a, b);
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
    const double ga = static_cast<double>(longest_gap(true, a.size()));
    const double gb = static_cast<double>(longest_gap(false, b.size()));
    f[27] = std::log1p(std::max(ga, gb));
    f[28] = std::log1p(std::min(ga, gb));
    f[21] = al.pairs.empty()
                ? 1.0
                : static_cast<double>(al.blocks) / static_cast<double>(al.pairs.size());
  }
  f[22] = std::log1p(la + lb);
  return f;
}

PairAnalysis Analyse(const std::vector<Token>& a, const std::vector<Token>& b) {
  PairAnalysis r;
  if (a.empty() || b.empty()) return r;
  r.al = Align(a, b);
  const double aligned = static_cast<double>(r.al.pairs.size());
  r.containment = aligned / static_cast<double>(b.size());
  r.coverage = aligned / static_cast<double>(a.size());
  for (const auto& t : b) r.content_member += t.stop ? 0 : 1;
  for (const auto& [i, j] : r.al.pairs) r.content_aligned += b[j].stop ? 0 : 1;
  r.features = PairFeatures(a, b);
  r.contained = r.al.pairs.size() == b.size();
  r.root_contained = r.al.pairs.size() == a.size();
  r.features[23] = std::max(r.containment, r.coverage);
  r.features[24] = std::min(r.containment, r.coverage);
  r.features[25] = (r.contained || r.root_contained) ? 1 : 0;
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
  return r;
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
  const std::vector<double> x = ModelInputs(f);
  double z = m.bias;
  for (std::size_t k = 0; k < kNumModelInputs; ++k) {
    const double s = m.scale[k] != 0 ? m.scale[k] : 1.0;
    z += m.weight[k] * (x[k] - m.mean[k]) / s;
  }
  return 1.0 / (1.0 + std::exp(-z));
}

}  // namespace qt::match_internal
