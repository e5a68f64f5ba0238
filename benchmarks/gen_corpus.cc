// qt_gen_corpus: writes a synthetic news corpus (see corpus.h).
//
//   qt_gen_corpus [--seed S] (--quotes N | --mb N) (--out DIR | --jsonl FILE)
//
// --out writes a folder of .txt articles (1000 per subfolder, so that folders
// stay listable at a million quotes); --jsonl writes one JSON Lines file.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "corpus.h"

namespace fs = std::filesystem;

namespace {

int Usage() {
  std::cerr << "usage: qt_gen_corpus [--seed S] (--quotes N | --mb N) (--out DIR | --jsonl FILE)\n";
  return 2;
}

bool ParseSize(const char* s, std::size_t* out) {
  char* end = nullptr;
  const unsigned long long v = std::strtoull(s, &end, 10);
  if (end == s || *end != '\0') return false;
  *out = static_cast<std::size_t>(v);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  qtbench::CorpusOptions opt;
  std::string out_dir, jsonl;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    std::size_t v = 0;
    if (a == "--seed" && has_value && ParseSize(argv[i + 1], &v)) {
      opt.seed = v;
      ++i;
    } else if (a == "--quotes" && has_value && ParseSize(argv[i + 1], &v)) {
      opt.quotes = v;
      ++i;
    } else if (a == "--mb" && has_value && ParseSize(argv[i + 1], &v)) {
      opt.mb = v;
      ++i;
    } else if (a == "--out" && has_value) {
      out_dir = argv[++i];
    } else if (a == "--jsonl" && has_value) {
      jsonl = argv[++i];
    } else {
      std::cerr << "qt_gen_corpus: bad argument '" << a << "'\n";
      return Usage();
    }
  }
  if ((opt.quotes == 0) == (opt.mb == 0) || out_dir.empty() == jsonl.empty()) return Usage();

  qtbench::CorpusGenerator gen(opt);
  qtbench::Article art;
  std::size_t n = 0;
  if (!jsonl.empty()) {
    std::ofstream out(jsonl, std::ios::binary);
    if (!out) {
      std::cerr << "qt_gen_corpus: " << jsonl << ": cannot write\n";
      return 1;
    }
    while (gen.Next(&art)) {
      out << qtbench::ToJsonl(art);
      ++n;
    }
    if (!out.flush()) {
      std::cerr << "qt_gen_corpus: " << jsonl << ": write failed\n";
      return 1;
    }
  } else {
    while (gen.Next(&art)) {
      const fs::path dir = fs::path(out_dir) / fmt::format("{:04d}", n / 1000);
      if (n % 1000 == 0) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) {
          std::cerr << "qt_gen_corpus: " << dir.string() << ": " << ec.message() << "\n";
          return 1;
        }
      }
      const fs::path file = dir / (art.id + ".txt");
      std::ofstream out(file, std::ios::binary);
      out << qtbench::ToText(art);
      if (!out.flush()) {
        std::cerr << "qt_gen_corpus: " << file.string() << ": write failed\n";
        return 1;
      }
      ++n;
    }
  }
  std::cerr << fmt::format("{} articles, {} quotes, {:.1f} MB of article text\n", n, gen.quotes_emitted(),
                           static_cast<double>(gen.bytes_emitted()) / 1e6);
  return 0;
}
