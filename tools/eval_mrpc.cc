// Evaluates qt::Compare exactly as `quotetrack compare` calls it (both sides
// direct quotes) on an MRPC-format file: accuracy, precision, recall, F1 and
// the variant labels given to the pairs judged the same.
//
//   build-match/tools/eval_mrpc /work/shared/data/mrpc/msr_paraphrase_train.txt
#include <cstdio>
#include <map>
#include <string>

#include "mrpc.h"
#include "quotetrack/match.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: eval_mrpc MRPC_FILE\n");
    return 2;
  }
  std::vector<MrpcPair> pairs;
  if (!ReadMrpc(argv[1], &pairs) || pairs.empty()) return 1;
  int tp = 0, fp = 0, tn = 0, fn = 0;
  std::map<std::string, int> variants;
  for (const auto& p : pairs) {
    const qt::Comparison c = qt::Compare(qt::MatchInput{p.a, qt::QuoteKind::kDirect, {}},
                                         qt::MatchInput{p.b, qt::QuoteKind::kDirect, {}});
    if (c.same_statement) ++variants[std::string(qt::ToString(c.variant))];
    if (c.same_statement && p.label)
      ++tp;
    else if (c.same_statement)
      ++fp;
    else if (p.label)
      ++fn;
    else
      ++tn;
  }
  const double n = static_cast<double>(pairs.size());
  const double prec = tp + fp ? double(tp) / (tp + fp) : 0,
               rec = tp + fn ? double(tp) / (tp + fn) : 0;
  std::printf("pairs %zu  accuracy %.4f  precision %.4f  recall %.4f  F1 %.4f\n", pairs.size(),
              (tp + tn) / n, prec, rec, prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0.0);
  std::printf("tp %d fp %d tn %d fn %d\n", tp, fp, tn, fn);
  for (const auto& [v, k] : variants) std::printf("  %-12s %d\n", v.c_str(), k);
  return 0;
}
