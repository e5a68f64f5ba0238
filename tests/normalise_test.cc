#include "quotetrack/normalise.h"

#include <catch2/catch.hpp>
#include <string>

namespace {

qt::Document Doc(std::string text) {
  qt::Document d;
  d.id = "t";
  d.text = std::move(text);
  return d;
}

std::string At(const qt::NormalisedText& n, qt::Span s) { return n.text.substr(s.start, s.size()); }

}  // namespace

TEST_CASE("sentences survive titles and abbreviations", "[normalise]") {
  auto n =
      qt::Normalise(Doc("Gen. Mark Olsen met Mr. Tal in the U.S. Capitol on Monday. "
                        "He left at 5 p.m. The talks resume Friday."));
  REQUIRE(n.sentences.size() == 3);
  CHECK(At(n, n.sentences[0]) == "Gen. Mark Olsen met Mr. Tal in the U.S. Capitol on Monday.");
}

TEST_CASE("a middle initial ends no sentence, a lone capital before an opener does",
          "[normalise]") {
  auto n = qt::Normalise(Doc(
      "The counsel, James A. Baker, wrote to the clerk. They chose Plan B. The vote was close."));
  REQUIRE(n.sentences.size() == 3);
  CHECK(At(n, n.sentences[0]) == "The counsel, James A. Baker, wrote to the clerk.");
  CHECK(At(n, n.sentences[1]) == "They chose Plan B.");
}

TEST_CASE("a first initial after a quote's closing comma ends no sentence", "[normalise]") {
  auto n = qt::Normalise(Doc("\"The courts are changing,\" R. Dana Okafor said. \"Watch them.\""));
  REQUIRE(n.sentences.size() == 2);
  CHECK(At(n, n.sentences[0]) == "\"The courts are changing,\" R. Dana Okafor said.");
}

TEST_CASE("sentences never cross paragraphs", "[normalise]") {
  auto n = qt::Normalise(Doc("Title line\n\nFirst paragraph ends without a stop\nSecond one."));
  REQUIRE(n.paragraphs.size() == 3);
  REQUIRE(n.sentences.size() == 3);
  CHECK(At(n, n.sentences[1]) == "First paragraph ends without a stop");
}

TEST_CASE("sentence offsets are UTF-8 bytes in text beyond ASCII", "[normalise]") {
  // Two- three- and four-byte characters (the last outside the BMP) before
  // and inside sentences: every span still starts and ends on the right byte.
  auto n = qt::Normalise(
      Doc("Café owners in Zürich said «no» to the plan. Prices rose 5\u20ac \U0001F4C8 again! "
          "\u4ED6\u8BF4\u4E86\u3002 Then Ms. Ng left."));
  REQUIRE(n.sentences.size() == 4);
  CHECK(At(n, n.sentences[0]) == "Café owners in Zürich said «no» to the plan.");
  CHECK(At(n, n.sentences[1]) == "Prices rose 5\u20ac \U0001F4C8 again!");
  CHECK(At(n, n.sentences[2]) == "\u4ED6\u8BF4\u4E86\u3002");
  CHECK(At(n, n.sentences[3]) == "Then Ms. Ng left.");
}

TEST_CASE("one-sentence paragraphs keep their closing marks and spaces", "[normalise]") {
  auto n =
      qt::Normalise(Doc("Title line\n\n"
                        "The port stays closed (for now).\n"
                        "  \"We will not sign,\" the union said!\")  \n"
                        "No stop at all here\n"
                        "Is it over?!'\n"
                        "He left. \"\n"
                        "Mr. Tal left at 5 p.m. on Friday."));
  REQUIRE(n.sentences.size() == 8);
  CHECK(At(n, n.sentences[0]) == "Title line");
  CHECK(At(n, n.sentences[1]) == "The port stays closed (for now).");
  CHECK(At(n, n.sentences[2]) == "\"We will not sign,\" the union said!\")");
  CHECK(At(n, n.sentences[3]) == "No stop at all here");
  CHECK(At(n, n.sentences[4]) == "Is it over?!'");
  // A quote mark after a space after the stop opens a new sentence.
  CHECK(At(n, n.sentences[5]) == "He left.");
  CHECK(At(n, n.sentences[6]) == "\"");
  CHECK(At(n, n.sentences[7]) == "Mr. Tal left at 5 p.m. on Friday.");
}

TEST_CASE("quote marks of every script are classified", "[normalise]") {
  struct Case {
    char32_t cp;
    qt::MarkRole role;
    qt::MarkLevel level;
  };
  const Case cases[] = {
      {U'"', qt::MarkRole::kAmbiguous, qt::MarkLevel::kDouble},
      {U'\u201C', qt::MarkRole::kOpen, qt::MarkLevel::kDouble},
      {U'\u201D', qt::MarkRole::kClose, qt::MarkLevel::kDouble},
      {U'\u00AB', qt::MarkRole::kOpen, qt::MarkLevel::kDouble},
      {U'\u00BB', qt::MarkRole::kClose, qt::MarkLevel::kDouble},
      {U'\u201E', qt::MarkRole::kOpen, qt::MarkLevel::kDouble},
      {U'\u2018', qt::MarkRole::kOpen, qt::MarkLevel::kSingle},
      {U'\u2019', qt::MarkRole::kClose, qt::MarkLevel::kSingle},
      {U'\u300C', qt::MarkRole::kOpen, qt::MarkLevel::kDouble},
  };
  for (const Case& c : cases) {
    qt::MarkRole role;
    qt::MarkLevel level;
    REQUIRE(qt::ClassifyQuoteMark(c.cp, &role, &level));
    CHECK(role == c.role);
    CHECK(level == c.level);
  }
  qt::MarkRole role;
  qt::MarkLevel level;
  CHECK_FALSE(qt::ClassifyQuoteMark(U'a', &role, &level));
}

TEST_CASE("marks are found at their byte offsets", "[normalise]") {
  auto n = qt::Normalise(Doc("Она сказала: «Мы готовы». He said \u201Cyes\u201D."));
  REQUIRE(n.marks.size() == 4);
  CHECK(n.text.compare(n.marks[0].pos, n.marks[0].len, "\u00AB") == 0);
  CHECK(n.marks[2].cp == U'\u201C');
}

TEST_CASE("marks are found at every offset within and across 16-byte blocks", "[normalise]") {
  // Plain prose before each mark, of every length from 0 to 40 bytes, so
  // that marks fall at every position of the scan's blocks and after them.
  for (std::size_t k = 0; k <= 40; ++k) {
    const std::string lead =
        std::string("The minister said it plainly: no more talks.").substr(0, k);
    auto n =
        qt::Normalise(Doc(lead + "\"Enough,\" she said, \u2018we\u2019re done\u2019 and left."));
    INFO("lead " << k);
    REQUIRE(n.marks.size() == 5);
    CHECK(n.marks[0].pos == k);
    CHECK(n.marks[1].pos == k + 8);
    CHECK(n.marks[2].pos == k + 20);
    CHECK(n.marks[2].cp == U'\u2018');
    CHECK(n.marks[3].pos == k + 25);
    CHECK(n.marks[4].pos == k + 35);
    CHECK(n.marks[4].len == 3);
  }
}

TEST_CASE("two straight apostrophes are one double mark", "[normalise]") {
  auto n = qt::Normalise(Doc("''It is over,'' she said. The farmers' union's vote is 'final'."));
  REQUIRE(n.marks.size() >= 2);
  CHECK(n.marks[0].pos == 0);
  CHECK(n.marks[0].len == 2);
  CHECK(n.marks[0].level == qt::MarkLevel::kDouble);
  CHECK(n.text.compare(n.marks[1].pos, n.marks[1].len, "''") == 0);
  CHECK(n.marks[1].level == qt::MarkLevel::kDouble);
  // A lone apostrophe stays a single mark.
  for (std::size_t i = 2; i < n.marks.size(); ++i) CHECK(n.marks[i].len == 1);
}

TEST_CASE("offsets map back to the original bytes after NFC", "[normalise]") {
  // "Cafe" + combining acute (decomposed) composes to one code point under NFC.
  std::string src = "The Cafe\xCC\x81 owner said \"fine\".";
  auto n = qt::Normalise(Doc(src));
  CHECK(n.text.size() == src.size() - 1);
  REQUIRE_FALSE(n.to_source.empty());
  std::size_t q = n.text.find("fine");
  qt::Span s = n.ToSource({q, q + 4});
  CHECK(src.substr(s.start, s.size()) == "fine");
}

TEST_CASE("furniture lines are not paragraphs", "[normalise]") {
  auto d = Doc("Title\nREAD MORE: something else\nBody text here.");
  d.furniture.push_back({6, 6 + 26});
  auto n = qt::Normalise(d);
  REQUIRE(n.paragraphs.size() == 2);
  CHECK(At(n, n.paragraphs[1]) == "Body text here.");
}

TEST_CASE("FoldForMatch folds case, accents, scripts and punctuation", "[normalise]") {
  CHECK(qt::FoldForMatch("  Caf\xC3\xA9, \"OK\"!  ") == "cafe ok");
  CHECK(qt::FoldForMatch("Kravets'kyj") == "kravetskyj");
  // Latin-1 signs as ICU's transliterator folds them (mojibake in a name).
  CHECK(qt::FoldForMatch("Fran\xC3\x83\xC2\xA7ois Hollande") == "frana\xC2\xA7ois hollande");
  CHECK(qt::FoldForMatch("Caf\xC2\xB5 \xC2\xBD, \xC2\xA8x") == "caf\xCE\xBC 1 2 \xCC\x88x");
  CHECK_FALSE(
      qt::FoldForMatch(
          "\xD0\x97\xD0\xB5\xD0\xBB\xD0\xB5\xD0\xBD\xD1\x81\xD1\x8C\xD0\xBA\xD0\xB8\xD0\xB9")
          .empty());
}

TEST_CASE("a paragraph whose dots and curly marks break nothing is one sentence", "[normalise]") {
  // Dots before a digit or a lower-case word, curly quotes and dashes
  // inside, a curly quote after the final stop: ICU breaks only at the end.
  const char* one[] = {
      "U.S. officials said the levy rose 3.5 percent, e.g. on \xE2\x80\x9C"
      "fresh\xE2\x80\x9D produce \xE2\x80\x94 the council\xE2\x80\x99s figure.",
      "\xE2\x80\x9CWe will open the sluices at 6 a.m. tomorrow,\xE2\x80\x9D she said.\xE2\x80\x9D",
      "The vote \xE2\x80\x93 held on Friday \xE2\x80\x93 passed.\xE2\x80\x99 ",
  };
  for (const char* p : one) {
    INFO(p);
    auto n = qt::Normalise(Doc(std::string("Headline\n\n") + p + "\n\nNext paragraph."));
    REQUIRE(n.sentences.size() == 3);
    std::string want = p;
    while (!want.empty() && want.back() == ' ') want.pop_back();
    CHECK(At(n, n.sentences[1]) == want);
  }
  // A capital or a curly quote after the stop, or a '?', is ICU's to split.
  auto n = qt::Normalise(
      Doc("The dam held. Engineers said so.\xE2\x80\x9D Nobody asked why? the mayor said. "
          "It rained.\xE2\x80\x9D then it stopped."));
  CHECK(n.sentences.size() >= 3);
}
