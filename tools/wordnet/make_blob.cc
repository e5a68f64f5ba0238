// Build step: writes WordNet's tables as the matcher reads them in place
// (src/match/wordnet_blob.h) to OUT, from the WordNet files in DIR. Writes
// an empty file when DIR holds no WordNet: the matcher then reads DIR's
// files at run time, as it did before the blob.
//
//   qt_make_wordnet_blob DIR OUT
#include <cstdio>
#include <exception>
#include <fstream>
#include <string>

#include "match/wordnet_blob.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: qt_make_wordnet_blob WORDNET_DIR OUT\n");
    return 2;
  }
  std::string blob;
  try {
    blob = qt::wordnet_blob::Build(argv[1], 2);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "qt_make_wordnet_blob: %s\n", e.what());
    return 1;
  }
  if (blob.empty()) {
    std::fprintf(stderr,
                 "qt_make_wordnet_blob: no WordNet in %s; the matcher will read it at run time\n",
                 argv[1]);
  }
  const std::string tmp = std::string(argv[2]) + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
    if (!out) {
      std::fprintf(stderr, "qt_make_wordnet_blob: cannot write %s\n", tmp.c_str());
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), argv[2]) != 0) {
    std::fprintf(stderr, "qt_make_wordnet_blob: cannot rename %s\n", tmp.c_str());
    return 1;
  }
  return 0;
}
