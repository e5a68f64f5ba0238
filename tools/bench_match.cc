// Statement matching alone, the way the store files quotes while ingesting:
// each quote is keyed, looked up in the CandidateIndex (16 candidates, plus
// up to 8 recent statements of the same person), compared with each
// candidate's root with the index as corpus (Compare(root, member, index)),
// and either joins the best statement or founds a new one (whose root is
// indexed with Add(id, keys, root)). Prepared roots are kept up to 1 GiB of
// memory_bytes (--cache-mb), the oldest dropped first (as the store's root
// cache); a dropped root is prepared again from its text when it is a
// candidate and cached again (the store reads it back, prepares and caches
// it). Input: one quote per line,
// `KIND<TAB>SPEAKER_KIND<TAB>SPEAKER<TAB>TEXT` (see tools/README.md).
// By default each quote is prepared once (qt::Prepare) and roots are kept
// prepared; --strings uses Compare(MatchInput, MatchInput), which analyses
// both texts on every call.
//
// --assign FILE writes, per quote, the statement it was filed into, the
// winning score, variant and flags (`-1` for a new statement), to check that a change of the
// matcher's speed leaves its results alone (cmp two runs' files).
//
//   build-match/tools/bench_match [--strings] [--cache-mb N] [--lru] [--assign FILE] QUOTES.tsv
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <fstream>
#include <string>
#include <vector>

#include "quotetrack/match.h"

namespace {

// CPU time of this thread: the machine is shared, wall time is not ours.
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  }
};
double Since(double t0) { return Clock::now() - t0; }

struct Row {
  qt::QuoteKind kind;
  qt::SpeakerKind speaker_kind;
  std::string speaker, text;
};

// Prepared roots by statement, bounded by their memory_bytes like the
// store's root cache: the oldest entries go first; a root that was dropped
// is prepared again when it is a candidate and cached again (as the store's
// Root() does). With `lru`, a hit also makes the root the newest.
struct RootCache {
  RootCache(std::size_t budget_bytes, bool use_lru) : budget(budget_bytes), lru(use_lru) {}
  std::size_t budget;
  bool lru;
  std::vector<qt::AnalysedQuote> prepared;  // by statement; empty when not cached
  std::vector<std::uint64_t> stamp;         // by statement: its newest entry in `order`
  std::deque<std::pair<std::size_t, std::uint64_t>> order;  // (statement, stamp), oldest first
  std::uint64_t clock = 0;
  std::size_t bytes = 0, live = 0, misses = 0;

  const qt::AnalysedQuote& Get(std::size_t sid, const Row& root) {
    if (prepared[sid].empty()) {
      ++misses;
      Put(sid, qt::Prepare(qt::MatchInput{root.text, root.kind, root.speaker}, root.speaker_kind));
    } else if (lru) {
      Touch(sid);
    }
    return prepared[sid];
  }
  void Put(std::size_t sid, qt::AnalysedQuote q) {
    if (prepared.size() <= sid) {
      prepared.resize(sid + 1);
      stamp.resize(sid + 1, 0);
    }
    bytes += q.memory_bytes();
    ++live;
    prepared[sid] = std::move(q);
    Touch(sid);
    // Keep the one being put (the caller holds a reference to it).
    while (bytes > budget && !order.empty() && order.front().first != sid) {
      const auto [s, st] = order.front();
      order.pop_front();
      if (stamp[s] != st || prepared[s].empty()) continue;
      bytes -= prepared[s].memory_bytes();
      --live;
      prepared[s] = qt::AnalysedQuote();
    }
  }
  void Touch(std::size_t sid) {
    stamp[sid] = ++clock;
    order.emplace_back(sid, clock);
    if (order.size() > 2 * live + 1024) {  // drop stale entries
      std::deque<std::pair<std::size_t, std::uint64_t>> keep;
      for (const auto& e : order) {
        if (stamp[e.first] == e.second && !prepared[e.first].empty()) keep.push_back(e);
      }
      order.swap(keep);
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  bool strings = false, lru = false;
  std::size_t cache_mb = 1024;  // as the store's root cache
  const char* path = nullptr;
  const char* assign_path = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--strings") {
      strings = true;
    } else if (std::string(argv[i]) == "--lru") {
      lru = true;
    } else if (std::string(argv[i]) == "--assign" && i + 1 < argc) {
      assign_path = argv[++i];
    } else if (std::string(argv[i]) == "--cache-mb" && i + 1 < argc) {
      cache_mb = std::stoul(argv[++i]);
    } else {
      path = argv[i];
    }
  }
  if (path == nullptr) {
    std::fprintf(
        stderr,
        "usage: bench_match [--strings] [--cache-mb N] [--lru] [--assign FILE] QUOTES.tsv\n");
    return 2;
  }
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "%s: cannot open\n", path);
    return 1;
  }
  std::vector<Row> rows;
  std::size_t bytes = 0;
  for (std::string line; std::getline(in, line);) {
    std::size_t a = line.find('\t'), b = line.find('\t', a + 1), c = line.find('\t', b + 1);
    if (a == std::string::npos || b == std::string::npos || c == std::string::npos) continue;
    rows.push_back({qt::QuoteKindFromString(line.substr(0, a)),
                    qt::SpeakerKindFromString(line.substr(a + 1, b - a - 1)),
                    line.substr(b + 1, c - b - 1), line.substr(c + 1)});
    bytes += rows.back().text.size();
  }
  // WordNet loads on first use; keep it out of the figures.
  (void)qt::Compare(qt::MatchInput{"warm up the lexicon", qt::QuoteKind::kDirect, {}},
                    qt::MatchInput{"warm the lexicon", qt::QuoteKind::kDirect, {}});
  qt::CandidateIndex index;
  std::vector<std::size_t> roots;  // statement id -> row of its root
  RootCache cache(cache_mb << 20, lru);
  std::size_t compares = 0, joined = 0;
  std::FILE* assign = nullptr;
  if (assign_path != nullptr && (assign = std::fopen(assign_path, "w")) == nullptr) {
    std::fprintf(stderr, "%s: cannot write\n", assign_path);
    return 1;
  }
  double t_prepare = 0, t_keys = 0, t_cands = 0, t_compare = 0;
  const auto t0 = Clock::now();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    const qt::MatchInput me{r.text, r.kind, r.speaker};
    auto t = Clock::now();
    qt::AnalysedQuote prepared;
    if (!strings) prepared = qt::Prepare(me, r.speaker_kind);
    t_prepare += Since(t);
    t = Clock::now();
    const auto keys = strings ? qt::CandidateKeys(r.text) : qt::CandidateKeys(prepared);
    t_keys += Since(t);
    t = Clock::now();
    auto cands = index.Candidates(keys, 16);
    if (!strings) {
      for (std::int64_t s : index.SpeakerCandidates(prepared, 8)) {
        if (std::find(cands.begin(), cands.end(), s) == cands.end()) cands.push_back(s);
      }
    }
    t_cands += Since(t);
    t = Clock::now();
    bool found = false;
    double best = 0;
    std::int64_t best_sid = -1;
    qt::Comparison best_c;
    for (std::int64_t cand : cands) {
      const auto sid = static_cast<std::size_t>(cand);
      const Row& root = rows[roots[sid]];
      const qt::Comparison c =
          strings ? qt::Compare(qt::MatchInput{root.text, root.kind, root.speaker}, me)
                  : qt::Compare(cache.Get(sid, root), prepared, index);
      ++compares;
      if (c.same_statement && (!found || c.score > best)) {
        found = true;
        best = c.score;
        best_sid = cand;
        if (assign != nullptr) best_c = c;
      }
    }
    t_compare += Since(t);
    if (assign != nullptr) {
      std::string flags;
      for (const auto& f : best_c.flags) flags += f + ";";
      std::fprintf(assign, "%lld %.17g %s %s\n", static_cast<long long>(best_sid), best,
                   std::string(qt::ToString(best_c.variant)).c_str(), flags.c_str());
    }
    if (found) {
      ++joined;
    } else {
      if (strings) {
        index.Add(static_cast<std::int64_t>(roots.size()), keys);
      } else {
        index.Add(static_cast<std::int64_t>(roots.size()), keys, prepared);
      }
      roots.push_back(i);
      if (!strings) cache.Put(roots.size() - 1, std::move(prepared));
    }
  }
  const double total = Since(t0);
  if (assign != nullptr) std::fclose(assign);
  std::printf(
      "%zu quotes (%.2f MB of quote text): %.2f s CPU total, %.1f us/quote\n"
      "  prepare %.2f s, keys %.2f s, candidates %.2f s, compare %.2f s (%zu compares, %.2f us "
      "each)\n"
      "  %zu joined a statement, %zu statements, %zu roots prepared again\n"
      "  prepared roots kept: %zu, %.0f bytes each (memory_bytes)\n",
      rows.size(), static_cast<double>(bytes) / 1e6, total,
      1e6 * total / static_cast<double>(rows.size()), t_prepare, t_keys, t_cands, t_compare,
      compares, compares ? 1e6 * t_compare / static_cast<double>(compares) : 0.0, joined,
      roots.size(), cache.misses, cache.live,
      cache.live ? static_cast<double>(cache.bytes) / static_cast<double>(cache.live) : 0.0);
  return 0;
}
