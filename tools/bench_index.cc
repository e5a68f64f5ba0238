// Scaling of candidate generation: N synthetic quotes (random words from a
// Zipf-like vocabulary, with some near-duplicates) are keyed, looked up and
// added one at a time, as the store does while ingesting.
//
//   build-match/tools/bench_index 10000 100000 1000000
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "quotetrack/match.h"

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
    const auto t0 = std::chrono::steady_clock::now();
    for (long i = 0; i < n; ++i) {
      std::string text;
      if (!recent.empty() && i % 5 == 0) {
        text = recent[static_cast<std::size_t>(i) % recent.size()] + " indeed";  // a near-duplicate
      } else {
        const int l = len(rng);
        for (int k = 0; k < l; ++k) text += vocab[zipf(rng)] + " ";
      }
      const auto keys = qt::CandidateKeys(text);
      candidates += index.Candidates(keys, 16).size();
      index.Add(i, keys);
      if (recent.size() < 1000)
        recent.push_back(text);
      else
        recent[static_cast<std::size_t>(i) % 1000] = text;
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%9ld quotes: %.2f s, %.2f us/quote, %.2f candidates/quote\n", n, s,
                1e6 * s / static_cast<double>(n),
                static_cast<double>(candidates) / static_cast<double>(n));
    std::fflush(stdout);
  }
  return 0;
}
