// Scaling of candidate generation: N synthetic quotes (random words from a
// Zipf-like vocabulary, with some near-duplicates) are keyed, looked up and
// added one at a time, as the store does while ingesting.
//
//   build-match/tools/bench_index 10000 100000 1000000
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "quotetrack/match.h"

namespace {

// CPU time of this thread: the machine is shared, wall time is not ours.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> vocab;
  for (int i = 0; i < 50000; ++i) {
    std::string w;
    int x = i;
    do {
      w.push_back(static_cast<char>('a' + x % 26));
      x /= 26;
    } while (x > 0);
    w += "o";
    vocab.push_back(w);
  }
  for (int a = 1; a < argc; ++a) {
    const long n = std::atol(argv[a]);
    std::mt19937_64 rng(42);
    std::vector<double> weights;
    for (std::size_t i = 0; i < vocab.size(); ++i) weights.push_back(1.0 / (1.0 + double(i)));
    std::discrete_distribution<std::size_t> zipf(weights.begin(), weights.end());
    std::uniform_int_distribution<int> len(4, 30);
    qt::CandidateIndex index;
    std::vector<std::string> recent;
    std::size_t candidates = 0;
    double keys_s = 0, index_s = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (long i = 0; i < n; ++i) {
      std::string text;
      if (!recent.empty() && i % 5 == 0) {
        text = recent[static_cast<std::size_t>(i) % recent.size()] + " indeed";  // a near-duplicate
      } else {
        const int l = len(rng);
        for (int k = 0; k < l; ++k) text += vocab[zipf(rng)] + " ";
      }
      const double k0 = CpuSeconds();
      const auto keys = qt::CandidateKeys(text);
      const double k1 = CpuSeconds();
      candidates += index.Candidates(keys, 16).size();
      index.Add(i, keys);
      keys_s += k1 - k0;
      index_s += CpuSeconds() - k1;
      if (recent.size() < 1000)
        recent.push_back(text);
      else
        recent[static_cast<std::size_t>(i) % 1000] = text;
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf(
        "%9ld quotes: %.2f s wall, %.2f us/quote; CPU per quote: keys %.2f us, index lookup+add "
        "%.2f us; %.2f candidates/quote\n",
        n, s, 1e6 * s / static_cast<double>(n), 1e6 * keys_s / static_cast<double>(n),
        1e6 * index_s / static_cast<double>(n),
        static_cast<double>(candidates) / static_cast<double>(n));
    const auto st = index.stats();
    std::printf("           %zu keys (%zu stop keys), %zu postings, %.1f postings read/quote\n",
                st.keys, st.stop_keys, st.postings,
                static_cast<double>(st.postings_read) / static_cast<double>(n));
    std::fflush(stdout);
  }
  return 0;
}
