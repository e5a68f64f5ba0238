// Trains detect's sequence tagger (src/detect/tagger.h) on a PolNeAR split.
//
//   qt_train_tagger TRAIN_DIR OUT.bin [--epochs N] [--bags K] [--cost C] [--holdout N] [--rotate N]
//
// TRAIN_DIR holds text/<article>.txt and attributions/<article>_*.ann (brat
// standoff, character offsets). Every article is read exactly as `extract`
// reads it (ingest, normalise, the rule passes of detect), gold spans are
// projected onto its tokens as BIO tags (content first, then cue and source on
// what is left), and an averaged structured perceptron is trained with
// Viterbi decoding. The order of articles is shuffled with a fixed seed, so
// the same data gives the same weights: `scripts/train-tagger.sh` reproduces
// src/detect/tagger.bin. `--holdout N` keeps the last N articles (sorted by
// name) out of training and prints token and span scores on them; with
// `--rotate R` the sorted list is first rotated left by R articles, so that
// `--holdout 280 --rotate 280` holds out the first 280 (cross-validation folds).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "detect/tagger.h"
#include "quotetrack/ingest.h"
#include "quotetrack/normalise.h"

namespace fs = std::filesystem;
using namespace qt::detect_internal;

namespace {

struct Piece {
  std::size_t a, b;
};
struct GoldAttr {
  std::vector<Piece> content, cue, source;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// brat standoff: T lines (label, pieces "a b;c d") and E lines tying them.
std::vector<GoldAttr> ParseAnn(const std::string& body) {
  std::map<std::string, std::pair<std::string, std::vector<Piece>>> spans;
  std::vector<std::map<std::string, std::vector<std::string>>> rels;
  std::istringstream in(body);
  std::string line;
  while (std::getline(in, line)) {
    auto tab = line.find('\t');
    if (tab == std::string::npos || tab == 0) continue;
    std::string id = line.substr(0, tab);
    std::string rest = line.substr(tab + 1);
    auto tab2 = rest.find('\t');
    if (tab2 != std::string::npos) rest = rest.substr(0, tab2);
    if (id[0] == 'T') {
      auto sp = rest.find(' ');
      if (sp == std::string::npos) continue;
      std::string label = rest.substr(0, sp);
      std::vector<Piece> pieces;
      std::istringstream offs(rest.substr(sp + 1));
      std::string piece;
      while (std::getline(offs, piece, ';')) {
        std::size_t a = 0, b = 0;
        if (std::sscanf(piece.c_str(), "%zu %zu", &a, &b) == 2) pieces.push_back({a, b});
      }
      spans[id] = {label, pieces};
    } else if (id[0] == 'E') {
      std::map<std::string, std::vector<std::string>> roles;
      std::istringstream items(rest);
      std::string item;
      while (items >> item) {
        auto colon = item.find(':');
        if (colon == std::string::npos) continue;
        std::string role = item.substr(0, colon);
        while (!role.empty() && std::isdigit(static_cast<unsigned char>(role.back()))) role.pop_back();
        roles[role].push_back(item.substr(colon + 1));
      }
      rels.push_back(roles);
    }
  }
  std::vector<GoldAttr> out;
  for (auto& roles : rels) {
    GoldAttr g;
    auto collect = [&](const char* role, std::vector<Piece>& into) {
      for (const auto& ref : roles[role]) {
        auto it = spans.find(ref);
        if (it != spans.end()) into.insert(into.end(), it->second.second.begin(), it->second.second.end());
      }
    };
    collect("Content", g.content);
    collect("Cue", g.cue);
    collect("Source", g.source);
    if (!g.content.empty()) out.push_back(std::move(g));
  }
  return out;
}

// Loss-augmented training (--cost C): while training, every wrong tag of a
// token scores C more, so the perceptron also updates when the gold sequence
// wins by less than C per token it gets wrong, which widens the margin the
// weights leave (a structured SVM's hinge, learnt by perceptron steps).
float g_cost = 0.0f;

struct Example {
  std::vector<std::uint32_t> feats, offs;
  std::vector<std::uint8_t> gold;
};

// Character offset -> byte offset in `text` (UTF-8), size chars + 1.
std::vector<std::size_t> CharToByte(const std::string& text) {
  std::vector<std::size_t> m;
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) m.push_back(i);
  m.push_back(text.size());
  return m;
}

void LabelDocument(const std::string& text, const qt::NormalisedText& norm, const TagDoc& doc,
                   const std::vector<GoldAttr>& gold, std::vector<std::uint8_t>& tags) {
  const auto c2b = CharToByte(text);
  auto to_norm = [&](std::size_t chr) -> std::size_t {
    std::size_t byte = c2b[std::min(chr, c2b.size() - 1)];
    if (norm.to_source.empty()) return byte;
    auto it = std::lower_bound(norm.to_source.begin(), norm.to_source.end(),
                               static_cast<std::uint32_t>(byte));
    return static_cast<std::size_t>(it - norm.to_source.begin());
  };
  tags.assign(doc.tokens.size(), kO);
  auto first_token = [&](std::size_t pos) {
    auto it = std::lower_bound(doc.tokens.begin(), doc.tokens.end(), pos,
                               [](const Token& t, std::size_t p) { return t.start < p; });
    return static_cast<std::size_t>(it - doc.tokens.begin());
  };
  auto paint = [&](const std::vector<Piece>& pieces, std::uint8_t begin) {
    bool first = true;
    for (const Piece& p : pieces) {
      std::size_t a = to_norm(p.a), b = to_norm(p.b);
      for (std::size_t t = first_token(a); t < doc.tokens.size() && doc.tokens[t].start < b; ++t) {
        if (tags[t] != kO) {
          first = false;
          continue;
        }
        tags[t] = first ? begin : static_cast<std::uint8_t>(begin + 1);
        first = false;
      }
    }
  };
  std::vector<const GoldAttr*> order;
  for (const auto& g : gold) order.push_back(&g);
  std::sort(order.begin(), order.end(), [](const GoldAttr* x, const GoldAttr* y) {
    return x->content.front().a < y->content.front().a;
  });
  for (const GoldAttr* g : order) paint(g->content, kBCon);
  for (const GoldAttr* g : order) paint(g->cue, kBCue);
  for (const GoldAttr* g : order) paint(g->source, kBSrc);
}

struct Trainer {
  std::vector<float> w, trans;
  std::vector<double> acc, tacc;
  double c = 1.0;

  Trainer()
      : w(static_cast<std::size_t>(1u << kFeatureBits) * kStride, 0.0f),
        trans(static_cast<std::size_t>(kNumTags + 1) * kNumTags, 0.0f),
        acc(w.size(), 0.0),
        tacc(trans.size(), 0.0) {}

  TagModel Averaged() const {
    TagModel m;
    m.w.resize(w.size());
    m.trans.resize(trans.size());
    for (std::size_t i = 0; i < w.size(); ++i) m.w[i] = static_cast<float>(w[i] - acc[i] / c);
    for (std::size_t i = 0; i < trans.size(); ++i) m.trans[i] = static_cast<float>(trans[i] - tacc[i] / c);
    return m;
  }
  void Update(const Example& ex, const std::vector<std::uint8_t>& pred) {
    const double cf = c;
    for (std::size_t i = 0; i < ex.gold.size(); ++i) {
      std::uint8_t g = ex.gold[i], p = pred[i];
      std::uint8_t gp = i ? ex.gold[i - 1] : static_cast<std::uint8_t>(kNumTags);
      std::uint8_t pp = i ? pred[i - 1] : static_cast<std::uint8_t>(kNumTags);
      if (g != p) {
        for (std::uint32_t k = ex.offs[i]; k < ex.offs[i + 1]; ++k) {
          std::size_t base = static_cast<std::size_t>(ex.feats[k]) * kStride;
          w[base + g] += 1.0f;
          acc[base + g] += cf;
          w[base + p] -= 1.0f;
          acc[base + p] -= cf;
        }
      }
      if (g != p || gp != pp) {
        trans[static_cast<std::size_t>(gp) * kNumTags + g] += 1.0f;
        tacc[static_cast<std::size_t>(gp) * kNumTags + g] += cf;
        trans[static_cast<std::size_t>(pp) * kNumTags + p] -= 1.0f;
        tacc[static_cast<std::size_t>(pp) * kNumTags + p] -= cf;
      }
    }
  }
};

// An averaged perceptron over `data`, in an order shuffled with `seed`.
TagModel TrainOne(const std::vector<const Example*>& data, int epochs, unsigned seed) {
  Trainer tr;
  std::mt19937 rng(seed);
  std::vector<std::size_t> order(data.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  TagModel view;  // decodes with the current weights, swapped in and out
  for (int ep = 0; ep < epochs; ++ep) {
    std::shuffle(order.begin(), order.end(), rng);
    for (std::size_t i : order) {
      const Example& ex = *data[i];
      view.w.swap(tr.w);
      view.trans.swap(tr.trans);
      auto pred = g_cost > 0.0f ? view.Decode(ex.feats, ex.offs, ex.gold.data(), g_cost)
                                : view.Decode(ex.feats, ex.offs);
      view.w.swap(tr.w);
      view.trans.swap(tr.trans);
      if (pred != ex.gold) tr.Update(ex, pred);
      tr.c += 1.0;
    }
  }
  return tr.Averaged();
}

// The mean of `bags` averaged perceptrons, each trained over its own fixed
// shuffle of `data` (bags run in parallel). A perceptron's weights depend on
// the order it sees the examples in; their mean scores every sequence by the
// mean of the bags' scores (all scores are linear in the weights), so it is
// an ensemble of the bags at the cost of one model, and steadier than any of
// them: a small change to the features no longer reshuffles what is learned.
TagModel Train(const std::vector<const Example*>& data, int epochs, int bags) {
  bags = std::max(bags, 1);
  std::vector<TagModel> models(static_cast<std::size_t>(bags));
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  for (std::size_t first = 0; first < models.size(); first += hw) {
    std::vector<std::thread> pool;
    for (std::size_t k = first; k < std::min(models.size(), first + hw); ++k)
      pool.emplace_back([&, k] {
        models[k] = TrainOne(data, epochs, 20261122u + static_cast<unsigned>(k));
      });
    for (auto& t : pool) t.join();
  }
  TagModel mean = std::move(models[0]);
  for (std::size_t k = 1; k < models.size(); ++k) {
    for (std::size_t i = 0; i < mean.w.size(); ++i) mean.w[i] += models[k].w[i];
    for (std::size_t i = 0; i < mean.trans.size(); ++i) mean.trans[i] += models[k].trans[i];
  }
  const float inv = 1.0f / static_cast<float>(models.size());
  for (float& x : mean.w) x *= inv;
  for (float& x : mean.trans) x *= inv;
  return mean;
}

// Content spans as (start token, end token) runs.
std::vector<std::pair<std::size_t, std::size_t>> ContentRuns(const std::vector<std::uint8_t>& t) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (SpanKind(t[i]) != kBCon) continue;
    if (t[i] == kBCon || out.empty() || out.back().second != i)
      out.emplace_back(i, i + 1);
    else
      out.back().second = i + 1;
  }
  return out;
}

void Score(const TagModel& m, const std::vector<Example>& data) {
  std::size_t tok = 0, ok = 0, gold_n = 0, sys_n = 0, hit = 0;
  for (const auto& ex : data) {
    auto pred = m.Decode(ex.feats, ex.offs);
    for (std::size_t i = 0; i < pred.size(); ++i) {
      ++tok;
      ok += pred[i] == ex.gold[i];
    }
    auto g = ContentRuns(ex.gold), s = ContentRuns(pred);
    gold_n += g.size();
    sys_n += s.size();
    for (const auto& r : s) hit += std::find(g.begin(), g.end(), r) != g.end();
  }
  double p = sys_n ? double(hit) / double(sys_n) : 0, r = gold_n ? double(hit) / double(gold_n) : 0;
  std::printf("  token acc %.4f  content exact P %.3f R %.3f F1 %.3f\n",
              tok ? double(ok) / double(tok) : 0.0, p, r, p + r > 0 ? 2 * p * r / (p + r) : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: %s TRAIN_DIR OUT.bin [--epochs N] [--bags K] [--cost C] [--holdout N] "
                 "[--rotate N]\n",
                 argv[0]);
    return 2;
  }
  fs::path dir = argv[1];
  std::string out_path = argv[2];
  int epochs = 8;
  int bags = 1;
  std::size_t holdout = 0;
  std::size_t rotate = 0;  // cross-validation: the articles are rotated left first
  for (int i = 3; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--epochs")) epochs = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--bags")) bags = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--cost")) g_cost = std::strtof(argv[i + 1], nullptr);
    if (!std::strcmp(argv[i], "--holdout")) holdout = static_cast<std::size_t>(std::atoi(argv[i + 1]));
    if (!std::strcmp(argv[i], "--rotate")) rotate = static_cast<std::size_t>(std::atoi(argv[i + 1]));
  }
  std::error_code ec;
  if (!fs::is_directory(dir / "text", ec) || !fs::is_directory(dir / "attributions", ec)) {
    std::fprintf(stderr, "%s: no text/ and attributions/ directories (a PolNeAR split)\n",
                 dir.string().c_str());
    return 2;
  }
  std::vector<fs::path> texts;
  for (const auto& e : fs::directory_iterator(dir / "text"))
    if (e.path().extension() == ".txt") texts.push_back(e.path());
  std::sort(texts.begin(), texts.end());
  std::map<std::string, fs::path> anns;
  for (const auto& e : fs::directory_iterator(dir / "attributions")) {
    std::string name = e.path().filename().string();
    auto us = name.rfind('_');
    if (us == std::string::npos) continue;
    std::string art = name.substr(0, us);
    auto it = anns.find(art);
    if (it == anns.end() || e.path() < it->second) anns[art] = e.path();
  }
  std::vector<std::vector<Example>> docs;
  for (const auto& p : texts) {
    auto it = anns.find(p.stem().string());
    if (it == anns.end()) continue;
    std::string text = Slurp(p);
    qt::Document doc = qt::ParseTextArticle(p.string(), text);
    qt::NormalisedText norm = qt::Normalise(doc);
    TagDoc td = RulesThenTagDoc(doc, norm);
    std::vector<std::uint8_t> tags;
    LabelDocument(doc.text, norm, td, ParseAnn(Slurp(it->second)), tags);
    std::vector<Example> units;
    for (const auto& [a, b] : td.units) {
      Example ex;
      UnitFeatures(td, a, b, ex.feats, ex.offs);
      ex.gold.assign(tags.begin() + static_cast<std::ptrdiff_t>(a), tags.begin() + static_cast<std::ptrdiff_t>(b));
      units.push_back(std::move(ex));
    }
    docs.push_back(std::move(units));
  }
  if (!docs.empty())
    std::rotate(docs.begin(), docs.begin() + static_cast<std::ptrdiff_t>(rotate % docs.size()),
                docs.end());
  holdout = std::min(holdout, docs.size());
  const std::size_t n_train = docs.size() - holdout;
  std::printf("articles %zu (held out %zu)\n", docs.size(), holdout);
  auto gather = [&](auto pick) {
    std::vector<const Example*> out;
    for (std::size_t d = 0; d < n_train; ++d)
      if (pick(d))
        for (const auto& ex : docs[d]) out.push_back(&ex);
    return out;
  };
  // Pass one on all training articles (what ships), and on K-1 of K folds to
  // predict the first-pass tags the second pass learns from.
  TagModel first = Train(gather([](std::size_t) { return true; }), epochs, bags);
  constexpr std::size_t kFolds = 5;
  std::vector<std::vector<std::vector<std::uint8_t>>> first_tags(docs.size());
  for (std::size_t k = 0; k < kFolds; ++k) {
    TagModel fold = Train(gather([k](std::size_t d) { return d % kFolds != k; }), epochs, bags);
    for (std::size_t d = 0; d < n_train; ++d)
      if (d % kFolds == k)
        for (const auto& ex : docs[d]) first_tags[d].push_back(fold.Decode(ex.feats, ex.offs));
  }
  for (std::size_t d = n_train; d < docs.size(); ++d)
    for (const auto& ex : docs[d]) first_tags[d].push_back(first.Decode(ex.feats, ex.offs));
  std::vector<std::vector<Example>> stacked(docs.size());
  for (std::size_t d = 0; d < docs.size(); ++d) {
    for (std::size_t u = 0; u < docs[d].size(); ++u) {
      Example ex;
      StackedFeatures(docs[d][u].feats, docs[d][u].offs, first_tags[d][u], ex.feats, ex.offs);
      ex.gold = docs[d][u].gold;
      stacked[d].push_back(std::move(ex));
    }
  }
  std::vector<const Example*> train2;
  for (std::size_t d = 0; d < n_train; ++d)
    for (const auto& ex : stacked[d]) train2.push_back(&ex);
  TagModel second = Train(train2, epochs, bags);
  if (holdout > 0) {
    std::vector<Example> held1, held2;
    for (std::size_t d = n_train; d < docs.size(); ++d) {
      for (const auto& ex : docs[d]) held1.push_back(ex);
      for (const auto& ex : stacked[d]) held2.push_back(ex);
    }
    std::printf("held out, first pass:");
    Score(first, held1);
    std::printf("held out, second pass:");
    Score(second, held2);
  }
  std::string blob = first.Serialise() + second.Serialise();
  std::ofstream out(out_path, std::ios::binary);
  out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
  std::printf("wrote %s (%zu bytes)\n", out_path.c_str(), blob.size());
  return out ? 0 : 1;
}
