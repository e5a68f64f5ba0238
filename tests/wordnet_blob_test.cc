// match: WordNet's tables as a blob (src/match/wordnet_blob.h). The build
// embeds the blob made from the installed WordNet; a process without one
// makes it at run time from the same files. Both must hold exactly what the
// text files say.
#include "match/wordnet_blob.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "match/wordnet.h"

namespace {

namespace fs = std::filesystem;
namespace wb = qt::wordnet_blob;

// A tiny WordNet in the files' own format (index: lemma pos synset_cnt
// p_cnt [ptr...] sense_cnt tagsense_cnt offsets; data: offset lex_filenum
// ss_type w_cnt(hex) [word lex_id...] p_cnt [sym offset pos src/tgt...] | gloss).
class TinyWordNet {
 public:
  TinyWordNet() {
    dir_ = fs::temp_directory_path() / ("qt_wordnet_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    Write("index.noun",
          "  1 This is a licence header line that the loader skips.\n"
          "talk n 2 1 + 2 1 00001000 00001100 \n"
          "negotiation n 1 1 + 1 0 00001000 \n"
          "harbour n 1 0 1 0 00002000 \n"
          "harbour_master n 1 0 1 0 00002100 \n"
          "man n 1 0 1 0 00002200 \n");
    Write("index.verb",
          "talk v 1 1 + 1 1 00003000 \n"
          "negotiate v 1 2 + @ 1 0 00003100 \n"
          "confer v 1 1 @ 1 0 00003200 \n");
    Write("index.adj", "grave a 1 1 & 1 0 00004000 \nserious a 1 1 & 1 0 00004100 \n");
    Write("index.adv", "seriously r 1 1 \\ 1 0 00005000 \n");
    Write("noun.exc", "men man\nmice mouse\n");
    Write("verb.exc", "spoke speak\nbetter better improve\n");
    Write("adj.exc", "graver grave\n");
    Write("adv.exc", "");
    Write("data.noun",
          "  1 licence header\n"
          "00001000 04 n 02 talk 0 negotiation 0 001 + 00003100 v 0101 | a discussion\n"
          "00001100 04 n 01 talk 1 000 | a lecture\n"
          "00002000 06 n 01 harbour 0 000 | a port\n"
          "00002200 18 n 01 man 0 000 | an adult male\n");
    Write("data.verb",
          "00003000 32 v 01 talk 0 000 01 + 02 00 | speak\n"
          "00003100 32 v 01 negotiate 0 002 + 00001000 n 0101 @ 00003200 v 0000 01 + 08 00 | "
          "discuss terms\n"
          "00003200 32 v 01 confer 0 000 01 + 02 00 | consult\n");
    Write("data.adj",
          "00004000 00 a 01 grave 0 001 & 00004100 s 0000 | serious\n"
          "00004100 00 s 01 serious 0 001 & 00004000 a 0000 | grave\n");
    Write("data.adv", "00005000 02 r 01 seriously 0 001 \\ 00004100 a 0101 | in a serious way\n");
  }
  ~TinyWordNet() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Dir() const { return dir_.string(); }

 private:
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  fs::path dir_;
};

std::uint64_t Id(int pos, std::uint64_t off) { return (std::uint64_t(pos) << 32) | off; }

std::set<std::uint64_t> Ids(const wb::List& l) {
  std::set<std::uint64_t> out;
  for (std::uint32_t k = 0; k < l.size(); ++k) out.insert(wb::Unpack(l[k]));
  return out;
}

}  // namespace

TEST_CASE("the WordNet blob holds what the text files say", "[match][wordnet]") {
  TinyWordNet files;
  const std::string blob = wb::Build(files.Dir(), 1);
  REQUIRE(!blob.empty());
  CHECK(wb::Build(files.Dir(), 2) == blob);  // the two-thread parse gives the same blob
  wb::View v;
  REQUIRE(v.Open(blob));

  wb::List l;
  REQUIRE(v.Lemma(0, "talk", &l));
  CHECK(Ids(l) == std::set<std::uint64_t>{Id(0, 1000), Id(0, 1100)});
  REQUIRE(v.Lemma(1, "talk", &l));
  CHECK(Ids(l) == std::set<std::uint64_t>{Id(1, 3000)});
  CHECK_FALSE(v.Lemma(1, "harbour", &l));
  CHECK_FALSE(v.Lemma(0, "harbour_master", &l));  // multiword lemmas are left out
  CHECK_FALSE(v.Lemma(0, "talks", &l));           // inflections come from morphy, not the index

  const wb::List exc = v.Exceptions(1, "better");
  REQUIRE(exc.size() == 4);
  CHECK(v.Str(exc[0], exc[1]) == "better");
  CHECK(v.Str(exc[2], exc[3]) == "improve");
  CHECK(v.Exceptions(0, "spoke").empty());

  // Links of the six kinds kept, across parts of speech; "@" only for verbs.
  CHECK(Ids(v.Links(wb::kRelated, wb::Pack(Id(0, 1000)))) == std::set<std::uint64_t>{Id(1, 3100)});
  CHECK(Ids(v.Links(wb::kRelated, wb::Pack(Id(1, 3100)))) == std::set<std::uint64_t>{Id(0, 1000)});
  CHECK(Ids(v.Links(wb::kRelated, wb::Pack(Id(3, 5000)))) == std::set<std::uint64_t>{Id(2, 4100)});
  CHECK(Ids(v.Links(wb::kRelatedFrom, wb::Pack(Id(2, 4100)))) ==
        std::set<std::uint64_t>{Id(2, 4000), Id(3, 5000)});
  CHECK(Ids(v.Links(wb::kVerbHypernyms, wb::Pack(Id(1, 3100)))) ==
        std::set<std::uint64_t>{Id(1, 3200)});
  CHECK(v.Links(wb::kRelated, wb::Pack(Id(0, 2000))).empty());
}

TEST_CASE("a WordNet blob is refused when malformed and missing files give none",
          "[match][wordnet]") {
  TinyWordNet files;
  const std::string blob = wb::Build(files.Dir(), 1);
  wb::View v;
  CHECK_FALSE(v.Open(""));
  CHECK_FALSE(v.Open(std::string_view(blob).substr(0, 40)));
  CHECK_FALSE(v.Open(std::string_view(blob).substr(0, blob.size() / 2)));
  std::string bad = blob;
  bad[4] = 9;  // another version
  CHECK_FALSE(v.Open(bad));
  CHECK(wb::Build(files.Dir() + "/nowhere", 1).empty());
  CHECK(wb::Build(files.Dir() + "/nowhere", 2).empty());
}

TEST_CASE("the embedded WordNet blob is the one the installed files give", "[match][wordnet]") {
  namespace mi = qt::match_internal;
  const std::string_view embedded = mi::EmbeddedWordNetBlob();
  const std::string built = wb::Build(mi::WordNetDir(), 2);
  if (embedded.empty() || built.empty()) {
    WARN("no WordNet at build or at run time: nothing to compare");
    return;
  }
  CHECK(built == embedded);
  REQUIRE(mi::WordNetAvailable());
  // Morphy over the blob: an inflection and an exception reach the lemma.
  CHECK(mi::WordNetRelated("negotiations", "talks"));
  CHECK(mi::WordNetRelated("grave", "serious"));
  CHECK_FALSE(mi::WordNetRelated("harbour", "negotiation"));
}
