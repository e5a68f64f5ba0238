// Trains the logistic-regression model behind qt::Compare on the MRPC
// training pairs, reports k-fold cross-validated accuracy of the full decision
// (excerpt rules + model + threshold), and writes src/match/model_weights.cc.
//
//   cmake -S tools -B build-match/tools -G Ninja -DCMAKE_BUILD_TYPE=Release
//   cmake --build build-match/tools
//   build-match/tools/train_match /work/shared/data/mrpc/msr_paraphrase_train.txt
//       src/match/model_weights.cc   (same line)
//
// Without an output path it only reports. Deterministic: fixed fold
// assignment, Newton iterations from zero.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "match/align.h"
#include "match/text.h"
#include "mrpc.h"

namespace mi = qt::match_internal;

namespace {

constexpr std::size_t D = mi::kNumModelInputs;
constexpr double kL2 = 5.0;
constexpr int kFolds = 10;

struct Example {
  std::vector<double> x;
  bool rule_same;
  int y;
  bool evidence;  // enough shared content for the model to decide (PairAnalysis)
};

struct Trained {
  std::vector<double> mean, scale, w;
  double bias = 0, threshold = 0.5;
};

double Prob(const Trained& t, const std::vector<double>& x) {
  double z = t.bias;
  for (std::size_t k = 0; k < D; ++k) z += t.w[k] * (x[k] - t.mean[k]) / t.scale[k];
  return 1 / (1 + std::exp(-z));
}

bool Solve(std::vector<std::vector<double>> A, std::vector<double> b, std::vector<double>* x) {
  const std::size_t n = b.size();
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t piv = c;
    for (std::size_t r = c + 1; r < n; ++r) {
      if (std::fabs(A[r][c]) > std::fabs(A[piv][c])) piv = r;
    }
    if (std::fabs(A[piv][c]) < 1e-12) return false;
    std::swap(A[c], A[piv]);
    std::swap(b[c], b[piv]);
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c) continue;
      const double f = A[r][c] / A[c][c];
      for (std::size_t k = c; k < n; ++k) A[r][k] -= f * A[c][k];
      b[r] -= f * b[c];
    }
  }
  x->resize(n);
  for (std::size_t i = 0; i < n; ++i) (*x)[i] = b[i] / A[i][i];
  return true;
}

Trained Train(const std::vector<const Example*>& ex) {
  Trained t;
  t.mean.assign(D, 0);
  t.scale.assign(D, 1);
  t.w.assign(D, 0);
  const double n = static_cast<double>(ex.size());
  for (std::size_t k = 0; k < D; ++k) {
    double s = 0, s2 = 0;
    for (const auto* e : ex) {
      s += e->x[k];
      s2 += e->x[k] * e->x[k];
    }
    t.mean[k] = s / n;
    const double var = s2 / n - t.mean[k] * t.mean[k];
    t.scale[k] = var > 1e-12 ? std::sqrt(var) : 1.0;
  }
  // Newton's method on the L2-regularised log loss; parameter D is the bias.
  std::vector<double> theta(D + 1, 0.0);
  for (int iter = 0; iter < 25; ++iter) {
    std::vector<double> g(D + 1, 0.0);
    std::vector<std::vector<double>> H(D + 1, std::vector<double>(D + 1, 0.0));
    for (const auto* e : ex) {
      std::vector<double> z(D + 1);
      for (std::size_t k = 0; k < D; ++k) z[k] = (e->x[k] - t.mean[k]) / t.scale[k];
      z[D] = 1;
      double s = 0;
      for (std::size_t k = 0; k <= D; ++k) s += theta[k] * z[k];
      const double p = 1 / (1 + std::exp(-s));
      for (std::size_t k = 0; k <= D; ++k) {
        g[k] += (p - e->y) * z[k];
        for (std::size_t l = 0; l <= D; ++l) H[k][l] += p * (1 - p) * z[k] * z[l];
      }
    }
    for (std::size_t k = 0; k < D; ++k) {
      g[k] += kL2 * theta[k];
      H[k][k] += kL2;
    }
    H[D][D] += 1e-9;
    std::vector<double> step;
    if (!Solve(H, g, &step)) break;
    double norm = 0;
    for (std::size_t k = 0; k <= D; ++k) {
      theta[k] -= step[k];
      norm += step[k] * step[k];
    }
    if (norm < 1e-14) break;
  }
  for (std::size_t k = 0; k < D; ++k) t.w[k] = theta[k];
  t.bias = theta[D];
  // The threshold that maximises accuracy of the whole decision on the
  // training examples.
  double best = -1;
  for (double th = 0.20; th <= 0.80001; th += 0.005) {
    int ok = 0;
    for (const auto* e : ex) {
      ok += ((e->rule_same || (e->evidence && Prob(t, e->x) >= th)) == (e->y == 1));
    }
    if (ok > best) {
      best = ok;
      t.threshold = th;
    }
  }
  return t;
}

double Accuracy(const Trained& t, const std::vector<const Example*>& ex, bool with_rules) {
  int ok = 0;
  for (const auto* e : ex) {
    const bool same = with_rules ? (e->rule_same || (e->evidence && Prob(t, e->x) >= t.threshold))
                                 : Prob(t, e->x) >= t.threshold;
    ok += same == (e->y == 1);
  }
  return static_cast<double>(ok) / static_cast<double>(ex.size());
}

void WriteWeights(const std::string& path, const Trained& t, double cv, double train_acc) {
  std::ofstream out(path);
  auto arr = [&](const char* name, const std::vector<double>& v) {
    out << "constexpr double " << name << "[kNumModelInputs] = {";
    for (std::size_t k = 0; k < v.size(); ++k) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.9g,", v[k]);
      out << (k % 5 == 0 ? "\n    " : " ") << buf;
    }
    out << "\n};\n";
  };
  char line[160];
  out << "// Generated by tools/train_match from the MRPC training pairs. Do not edit.\n"
         "// Regenerate (from the repository root):\n"
         "//   cmake -S tools -B build-match/tools -G Ninja -DCMAKE_BUILD_TYPE=Release &&\n"
         "//   cmake --build build-match/tools &&\n"
         "//   build-match/tools/train_match "
         "/work/shared/data/mrpc/msr_paraphrase_train.txt src/match/model_weights.cc\n"
         "// A quadratic logistic regression over the features of match/align.h.\n";
  std::snprintf(line, sizeof line,
                "// %d-fold CV accuracy %.4f, training accuracy %.4f (rules + model).\n", kFolds,
                cv, train_acc);
  out << line;
  out << "#include \"match/align.h\"\n\nnamespace qt::match_internal {\nnamespace {\n";
  arr("kMean", t.mean);
  arr("kScale", t.scale);
  arr("kWeight", t.w);
  std::snprintf(line, sizeof line,
                "const LinearModel kModel{kMean, kScale, kWeight, %.9g, %.4f};\n", t.bias,
                t.threshold);
  out << line;
  out << "}  // namespace\n\nconst LinearModel& TrainedModel() { return kModel; }\n\n"
         "}  // namespace qt::match_internal\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: train_match MRPC_TRAIN_FILE [OUT_WEIGHTS_CC]\n");
    return 2;
  }
  std::vector<MrpcPair> pairs;
  if (!ReadMrpc(argv[1], &pairs) || pairs.empty()) return 1;
  std::vector<Example> ex;
  ex.reserve(pairs.size());
  for (const auto& p : pairs) {
    const auto a = mi::Prepare(mi::Tokenize(p.a, 1500)), b = mi::Prepare(mi::Tokenize(p.b, 1500));
    const auto r = mi::Analyse(a, b);
    ex.push_back({mi::ModelInputs(r.features), r.rule_same, p.label, r.evidence});
  }
  int rule_pos = 0, rule_fire = 0;
  for (const auto& e : ex) {
    rule_fire += e.rule_same;
    rule_pos += e.rule_same && e.y;
  }
  std::printf("pairs %zu, positives %.3f, excerpt rules fire %d (%d positive)\n", ex.size(),
              static_cast<double>(
                  std::count_if(ex.begin(), ex.end(), [](const Example& e) { return e.y; })) /
                  static_cast<double>(ex.size()),
              rule_fire, rule_pos);
  // Fold k holds every example whose index is k mod kFolds (file order is
  // already mixed).
  double cv = 0, cv_model = 0;
  for (int k = 0; k < kFolds; ++k) {
    std::vector<const Example*> tr, te;
    for (std::size_t i = 0; i < ex.size(); ++i) {
      (static_cast<int>(i % kFolds) == k ? te : tr).push_back(&ex[i]);
    }
    const Trained t = Train(tr);
    const double acc = Accuracy(t, te, true);
    cv += acc / kFolds;
    cv_model += Accuracy(t, te, false) / kFolds;
    std::printf("fold %d: accuracy %.4f (threshold %.3f)\n", k, acc, t.threshold);
  }
  std::vector<const Example*> all;
  for (const auto& e : ex) all.push_back(&e);
  const Trained t = Train(all);
  const double train_acc = Accuracy(t, all, true);
  std::printf("%d-fold CV accuracy %.4f (model alone %.4f); full-train accuracy %.4f\n", kFolds, cv,
              cv_model, train_acc);
  for (std::size_t k = 0; k < mi::kNumFeatures; ++k) {
    std::printf("  %-20s %+.3f\n", std::string(mi::kFeatureNames[k]).c_str(), t.w[k]);
  }
  if (argc == 3) {
    WriteWeights(argv[2], t, cv, train_acc);
    std::printf("wrote %s\n", argv[2]);
  }
  return 0;
}
