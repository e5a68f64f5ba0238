// Statement matching alone, the way the store files quotes while ingesting:
// each quote is keyed, looked up in the CandidateIndex (16 candidates, plus
// up to 8 recent statements of the same person), compared with each
// candidate's root with the index as corpus (Compare(root, member, index)),
// and either joins the best statement or founds a new one (whose root is
// indexed with Add(id, keys, root)). Prepared roots are kept up to 512 MB,
// the oldest dropped first (as the store's root cache); a dropped root is
// prepared again from its text when it is a candidate (the store reads it
// back and prepares it). Input: one quote per line,
// `KIND<TAB>SPEAKER_KIND<TAB>SPEAKER<TAB>TEXT` (see tools/README.md).
// By default each quote is prepared once (qt::Prepare) and roots are kept
// prepared; --strings uses Compare(MatchInput, MatchInput), which analyses
// both texts on every call.
//
//   build-match/tools/bench_match [--strings] QUOTES.tsv
#include <time.h>

#include <algorithm>
#include <cstdio>
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

}  // namespace

int main(int argc, char** argv) {
  bool strings = false;
  const char* path = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--strings") {
      strings = true;
    } else {
      path = argv[i];
    }
  }
  if (path == nullptr) {
    std::fprintf(stderr, "usage: bench_match [--strings] QUOTES.tsv\n");
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
  std::vector<std::size_t> roots;                 // statement id -> row of its root
  std::vector<qt::AnalysedQuote> prepared_roots;  // statement id -> its prepared root (or empty)
  std::size_t kept_bytes = 0, reprepared = 0;
  std::size_t oldest_kept = 0;  // roots before this one were dropped (oldest first)
  constexpr std::size_t kMaxKeptBytes = std::size_t{512} << 20;
  std::size_t compares = 0, joined = 0;
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
    for (std::int64_t cand : cands) {
      const auto sid = static_cast<std::size_t>(cand);
      const Row& root = rows[roots[sid]];
      const qt::Comparison c =
          strings
              ? qt::Compare(qt::MatchInput{root.text, root.kind, root.speaker}, me)
              : (prepared_roots[sid].empty()
                     ? (++reprepared,
                        qt::Compare(qt::Prepare(qt::MatchInput{root.text, root.kind, root.speaker},
                                                root.speaker_kind),
                                    prepared, index))
                     : qt::Compare(prepared_roots[sid], prepared, index));
      ++compares;
      if (c.same_statement && (!found || c.score > best)) {
        found = true;
        best = c.score;
      }
    }
    t_compare += Since(t);
    if (found) {
      ++joined;
    } else {
      if (strings) {
        index.Add(static_cast<std::int64_t>(roots.size()), keys);
      } else {
        index.Add(static_cast<std::int64_t>(roots.size()), keys, prepared);
      }
      roots.push_back(i);
      kept_bytes += prepared.memory_bytes();
      prepared_roots.push_back(std::move(prepared));
      while (kept_bytes > kMaxKeptBytes && oldest_kept < prepared_roots.size()) {
        kept_bytes -= prepared_roots[oldest_kept].memory_bytes();
        prepared_roots[oldest_kept++] = qt::AnalysedQuote();
      }
    }
  }
  const double total = Since(t0);
  std::printf(
      "%zu quotes (%.2f MB of quote text): %.2f s CPU total, %.1f us/quote\n"
      "  prepare %.2f s, keys %.2f s, candidates %.2f s, compare %.2f s (%zu compares, %.2f us "
      "each)\n"
      "  %zu joined a statement, %zu statements, %zu roots prepared again\n"
      "  prepared roots kept: %zu, %.0f bytes each (memory_bytes)\n",
      rows.size(), static_cast<double>(bytes) / 1e6, total,
      1e6 * total / static_cast<double>(rows.size()), t_prepare, t_keys, t_cands, t_compare,
      compares, compares ? 1e6 * t_compare / static_cast<double>(compares) : 0.0, joined,
      roots.size(), reprepared, prepared_roots.size() - oldest_kept,
      prepared_roots.size() > oldest_kept
          ? static_cast<double>(kept_bytes) / static_cast<double>(prepared_roots.size() - oldest_kept)
          : 0.0);
  return 0;
}
