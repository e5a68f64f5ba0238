// Huge documents are extracted window by window (normalise.h,
// kExtractionWindow): the cuts, and that quotes found in any window keep
// offsets into the whole document.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "quotetrack/attribute.h"
#include "quotetrack/normalise.h"

namespace {

// Windows cover the text in order, none empty, none longer than `max`.
void CheckCover(std::string_view text, const std::vector<qt::Span>& w, std::size_t max) {
  REQUIRE_FALSE(w.empty());
  CHECK(w.front().start == 0);
  CHECK(w.back().end == text.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    CHECK(w[i].size() > 0);
    CHECK(w[i].size() <= max);
    if (i > 0) CHECK(w[i].start == w[i - 1].end);
  }
}

std::string Slice(std::string_view text, qt::Span s) {
  return std::string(text.substr(s.start, s.size()));
}

}  // namespace

TEST_CASE("a text that fits is one window", "[windows]") {
  const std::string text = "The council met on Monday.\nIt voted to close the bridge.\n";
  auto w = qt::SplitIntoWindows(text, 1000);
  REQUIRE(w.size() == 1);
  CHECK(w[0] == qt::Span{0, text.size()});
  CHECK(qt::SplitIntoWindows("", 10).size() == 1);
}

TEST_CASE("windows are cut at paragraph breaks first", "[windows]") {
  std::string text;
  for (int i = 0; i < 40; ++i)
    text += "The ferry left the harbour at dawn. Crews checked the nets.\n";
  auto w = qt::SplitIntoWindows(text, 500);
  CheckCover(text, w, 500);
  REQUIRE(w.size() > 4);
  for (std::size_t i = 0; i + 1 < w.size(); ++i) CHECK(text[w[i].end - 1] == '\n');
}

TEST_CASE("a single long line is cut after sentence ends, then spaces", "[windows]") {
  std::string line;
  for (int i = 0; i < 60; ++i) line += "The road stayed shut near the old mill for the day. ";
  auto w = qt::SplitIntoWindows(line, 300);
  CheckCover(line, w, 300);
  for (std::size_t i = 0; i + 1 < w.size(); ++i)
    CHECK(Slice(line, w[i]).substr(w[i].size() - 2) == ". ");

  std::string run_on = "Residents said that ";
  for (int i = 0; i < 60; ++i) run_on += "the water kept rising past the wall, ";
  w = qt::SplitIntoWindows(run_on, 300);
  CheckCover(run_on, w, 300);
  for (std::size_t i = 0; i + 1 < w.size(); ++i) CHECK(run_on[w[i].end - 1] == ' ');
}

TEST_CASE("text without spaces is cut on character boundaries", "[windows]") {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "\xD0\x96\xE2\x80\x9C";  // Ж and a curly quote, 5 bytes
  for (std::size_t max : {7u, 64u, 333u}) {
    auto w = qt::SplitIntoWindows(text, max);
    CheckCover(text, w, max);
    for (const qt::Span& s : w) {
      CHECK((static_cast<unsigned char>(text[s.start]) & 0xC0) != 0x80);
    }
  }
  // Degenerate sizes still make progress.
  CheckCover("abc", qt::SplitIntoWindows("abc", 1), 1);
}

TEST_CASE("quotes of a document longer than one window keep whole-document offsets", "[windows]") {
  const std::string para =
      "The district council met again on Tuesday to discuss the state of the river road, which "
      "has been closed since the spring floods washed away part of the embankment.\n";
  const std::string first =
      "\xE2\x80\x9CWe are watching the levels every hour,\xE2\x80\x9D the district engineer Mara "
      "Lind said on Tuesday.\n";
  const std::string last =
      "\xE2\x80\x9CStay away from the banks tonight,\xE2\x80\x9D Mayor Tomas Brekke told "
      "residents.\n";
  qt::Document doc;
  doc.id = "long.txt";
  doc.text = "River watch\n\n" + first;
  while (doc.text.size() < qt::kExtractionWindow + qt::kExtractionWindow / 2) doc.text += para;
  const std::size_t last_at = doc.text.size();
  doc.text += last;
  REQUIRE(qt::SplitIntoWindows(doc.text, qt::kExtractionWindow).size() == 2);

  std::vector<qt::Quote> quotes = qt::ExtractQuotes(doc);
  const qt::Quote* a = nullptr;
  const qt::Quote* b = nullptr;
  for (const qt::Quote& q : quotes) {
    REQUIRE_FALSE(q.content.empty());
    for (const qt::Span& s : q.content) REQUIRE(s.end <= doc.text.size());
    if (q.text.rfind("We are watching", 0) == 0) a = &q;
    if (q.text.rfind("Stay away", 0) == 0) b = &q;
  }
  REQUIRE(a != nullptr);
  REQUIRE(b != nullptr);
  CHECK(Slice(doc.text, a->content.front()) == "We are watching the levels every hour,");
  CHECK(b->content.front().start > last_at);
  CHECK(Slice(doc.text, b->content.front()) == "Stay away from the banks tonight,");
  REQUIRE(b->cue.has_value());
  CHECK(Slice(doc.text, b->cue->span) == b->cue->text);
  REQUIRE(b->source.has_value());
  CHECK(Slice(doc.text, b->source->span) == b->source->text);
  CHECK(b->sentence.start >= last_at);
  CHECK(b->sentence.end <= doc.text.size());
  CHECK(b->speaker == "Tomas Brekke");
}
