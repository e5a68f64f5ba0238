// Tests of the ingest stage: text, JSONL and HTML articles, furniture, outlet
// guessing, and every bad-input case. All articles here are invented.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "quotetrack/ingest.h"

namespace {

namespace fs = std::filesystem;

struct Collected {
  std::vector<qt::Document> docs;
  std::vector<std::string> errors;
  qt::DocumentSink doc_sink() {
    return [this](qt::Document&& d) {
      docs.push_back(std::move(d));
      return true;
    };
  }
  qt::ErrorSink error_sink() {
    return [this](const std::string& e) { errors.push_back(e); };
  }
};

std::string Slice(const qt::Document& d, const qt::Span& s) {
  return d.text.substr(s.start, s.size());
}

std::vector<std::string> FurnitureLines(const qt::Document& d) {
  std::vector<std::string> out;
  for (const auto& s : d.furniture) out.push_back(Slice(d, s));
  return out;
}

bool IsFurniture(const qt::Document& d, std::string_view needle) {
  std::size_t at = d.text.find(needle);
  REQUIRE(at != std::string::npos);
  for (const auto& s : d.furniture) {
    if (s.start <= at && at + needle.size() <= s.end) return true;
  }
  return false;
}

void CheckSpansSorted(const qt::Document& d) {
  for (std::size_t i = 0; i < d.furniture.size(); ++i) {
    CHECK(d.furniture[i].start < d.furniture[i].end);
    CHECK(d.furniture[i].end <= d.text.size());
    if (i > 0) CHECK(d.furniture[i - 1].end < d.furniture[i].start);
  }
}

// A scratch folder under the system temp dir, removed at the end of a test.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) {
    path = fs::temp_directory_path() / ("qt_ingest_test_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string Write(const std::string& rel, std::string_view bytes) const {
    fs::path p = path / rel;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p.string();
  }
};

const char kTextArticle[] =
    "Harbour strike enters second week as talks stall\n"
    "Outlet: Coastal Herald\n"
    "Published: 2025-03-14T09:30:00Z\n"
    "URL: https://www.coastalherald.example/news/harbour-strike\n"
    "By: Mara Lindqvist\n"
    "\n"
    "Dock workers in Port Alder will stay off the job until the port authority "
    "returns to the table, union leader Tomas Brandt said on Friday.\n"
    "\n"
    "READ MORE: Ferry timetable cut as fuel costs climb\n"
    "\n"
    "\"We are not going anywhere,\" Brandt told reporters outside the gates.\n";

}  // namespace

TEST_CASE("text article: title, header lines and exact bytes") {
  qt::Document d = qt::ParseTextArticle("strike.txt", kTextArticle);
  CHECK(d.id == "strike.txt");
  CHECK(d.text == kTextArticle);
  CHECK(d.title == "Harbour strike enters second week as talks stall");
  CHECK(d.outlet == "Coastal Herald");
  CHECK(d.published == "2025-03-14T09:30:00Z");
  CHECK(d.url == "https://www.coastalherald.example/news/harbour-strike");
  CheckSpansSorted(d);
  CHECK(IsFurniture(d, "Outlet: Coastal Herald"));
  CHECK(IsFurniture(d, "Published: 2025-03-14T09:30:00Z"));
  CHECK(IsFurniture(d, "By: Mara Lindqvist"));
  CHECK(IsFurniture(d, "READ MORE: Ferry timetable"));
  CHECK_FALSE(IsFurniture(d, "Harbour strike enters"));
  CHECK_FALSE(IsFurniture(d, "Dock workers in Port Alder"));
  CHECK_FALSE(IsFurniture(d, "\"We are not going anywhere,\""));
}

TEST_CASE("text article: alternative header keys and no headers") {
  struct Case {
    std::string text;
    std::string title, outlet, published, url;
  };
  std::vector<Case> cases = {
      {"  \n\nTitle here\nSource: Valley Post\nDate: 12 May 2025\n\nBody text said.\n", "Title here",
       "Valley Post", "12 May 2025", ""},
      {"Only a title\nThe body starts here, with no header lines at all.\n", "Only a title", "", "",
       ""},
      {"Title\r\nOutlet: Windows Weekly\r\nURL: https://example.org/a\r\n\r\nBody.\r\n", "Title",
       "Windows Weekly", "", "https://example.org/a"},
      // A long "Source:" line is prose, not a header.
      {"Title\nSource: " + std::string(400, 'x') + "\n", "Title", "", "", ""},
  };
  for (const auto& c : cases) {
    qt::Document d = qt::ParseTextArticle("t.txt", c.text);
    INFO(c.text);
    CHECK(d.text == c.text);
    CHECK(d.title == c.title);
    CHECK(d.outlet == c.outlet);
    CHECK(d.published == c.published);
    CHECK(d.url == c.url);
    CheckSpansSorted(d);
  }
}

TEST_CASE("text article: outlet from the URL or dateline when no Outlet header") {
  qt::Document d = qt::ParseTextArticle(
      "a.txt", "Title\nURL: https://apnews.com/article/x\n\nThe mayor said no.\n");
  CHECK(d.outlet == "AP");
  d = qt::ParseTextArticle("b.txt",
                           "Floods hit the valley\n\nLISBON, March 3 (Reuters) - Rivers burst "
                           "their banks on Monday, officials said.\n");
  CHECK(d.outlet == "Reuters");
}

TEST_CASE("text article: a repeated headline and a UTF-8 BOM are furniture") {
  std::string text =
      "\xEF\xBB\xBFMinister quits over budget row\n\nMinister quits over budget row\n\nThe finance "
      "minister resigned on Tuesday.\n";
  qt::Document d = qt::ParseTextArticle("bom.txt", text);
  CHECK(d.title == "Minister quits over budget row");
  REQUIRE(d.furniture.size() == 2);
  CHECK(d.furniture[0] == qt::Span{0, 3});
  CHECK(Slice(d, d.furniture[1]) == "Minister quits over budget row");
  CHECK(d.furniture[1].start > 10);
}

TEST_CASE("JSONL: good and bad records") {
  std::string jsonl =
      R"({"id":"r1","url":"https://www.reuters.com/world/x","title":"Grain deal","text":"The minister said the deal would hold."})"
      "\n"
      "\n"
      R"({"id":"r2","text":"broken)"
      "\n"
      R"({"url":"https://example-news.com/a","text":"No id here, the spokeswoman said."})"
      "\n"
      R"({"id":"r4","text":42})"
      "\n"
      R"({"id":"r5","title":"no text"})"
      "\n"
      R"(["not","an","object"])"
      "\n"
      R"({"id":7,"outlet":"Daily Ledger","published":"2025-01-02","text":"Numeric id, \"quoted\" words."})"
      "\n"
      R"({"id":"r8","title":["bad"],"text":"Title of the wrong type."})"
      "\n"
      R"({"id":"r9","text":"   "})"
      "\n";
  Collected c;
  qt::Status s = qt::ParseDocument("feed.jsonl", jsonl, qt::Format::kAuto, c.doc_sink(),
                                   c.error_sink());
  CHECK(s.ok());
  REQUIRE(c.docs.size() == 3);
  CHECK(c.docs[0].id == "r1");
  CHECK(c.docs[0].outlet == "Reuters");
  CHECK(c.docs[0].title == "Grain deal");
  CHECK(c.docs[0].text == "The minister said the deal would hold.");
  CHECK(c.docs[1].id == "feed.jsonl:4");
  CHECK(c.docs[1].outlet == "example-news.com");
  CHECK(c.docs[2].id == "7");
  CHECK(c.docs[2].outlet == "Daily Ledger");
  CHECK(c.docs[2].published == "2025-01-02");
  CHECK(c.docs[2].text == "Numeric id, \"quoted\" words.");
  std::vector<std::string> expected = {
      "feed.jsonl:3: malformed JSON",
      "feed.jsonl:5: field \"text\" is number, expected a string",
      "feed.jsonl:6: record has no \"text\" field",
      "feed.jsonl:7: record is a JSON array, expected an object",
      "feed.jsonl:9: field \"title\" is array, expected a string",
      "feed.jsonl:10: field \"text\" is empty",
  };
  CHECK(c.errors == expected);
}

TEST_CASE("JSONL: invalid UTF-8 and NUL inside a record") {
  std::string jsonl = "{\"id\":\"a\",\"text\":\"caf\xC3\"}\n{\"id\":\"b\",\"text\":\"nul \\u0000 here\"}\n{\"id\":\"c\",\"text\":\"fine\"}\n";
  Collected c;
  CHECK(qt::ParseDocument("x.jsonl", jsonl, qt::Format::kJsonl, c.doc_sink(), c.error_sink()).ok());
  REQUIRE(c.docs.size() == 1);
  CHECK(c.docs[0].id == "c");
  REQUIRE(c.errors.size() == 2);
  CHECK(c.errors[0] == "x.jsonl:1: invalid UTF-8 at byte 21 of the line");
  CHECK(c.errors[1] == "x.jsonl:2: field \"text\" holds a NUL character");
}

TEST_CASE("IsValidUtf8") {
  struct Case {
    std::string bytes;
    bool valid;
    std::size_t bad;
  };
  std::vector<Case> cases = {
      {"", true, 0},
      {"plain ASCII text that is longer than eight bytes", true, 0},
      {"“curly” «guillemets» Зеленський 日本 😀", true, 0},
      {"abc\x80", false, 3},                // lone continuation byte
      {"abcdefghij\xC3", false, 10},        // truncated two-byte sequence
      {"\xC0\xAF", false, 0},               // overlong '/'
      {"ab\xE0\x80\xAF", false, 2},         // overlong three-byte
      {"x\xED\xA0\x80", false, 1},          // UTF-16 surrogate
      {"\xF4\x90\x80\x80", false, 0},       // above U+10FFFF
      {"ok \xF0\x9F\x98", false, 3},        // truncated four-byte
      {"\xFF", false, 0},
      {"12345678\xE2\x80\x9C" "12345678", true, 0},
  };
  for (const auto& c : cases) {
    INFO(c.bytes);
    std::size_t bad = 999;
    CHECK(qt::IsValidUtf8(c.bytes, &bad) == c.valid);
    if (!c.valid) CHECK(bad == c.bad);
  }
}

TEST_CASE("GuessOutlet: datelines, sign-offs, bylines and hosts") {
  struct Case {
    std::string text, url, outlet;
  };
  std::vector<Case> cases = {
      {"Title\nANKARA, Turkey (AP) — The talks ended early on Friday.", "", "AP"},
      {"KYIV, May 16 (Reuters) - Ukraine said on Friday it was ready.", "", "Reuters"},
      {"(AFP) - A ship ran aground near the port.", "", "AFP"},
      {"WASHINGTON, Sept. 28 (UPI) -- Lawmakers voted on Tuesday.", "", "UPI"},
      {"The mayor resigned.\n\n(Reporting by Ann Kovac; Editing by Piet Rood)", "", "Reuters"},
      {"The mayor resigned on Monday.\n— Reuters", "", "Reuters"},
      {"By Lena Ortiz, Associated Press\n\nThe storm moved north.", "", "AP"},
      {"No dateline here.", "https://www.bbc.co.uk/news/world-1", "BBC"},
      {"No dateline here.", "https://edition.cnn.com/2025/05/16/world", "CNN"},
      {"No dateline here.", "https://www.theguardian.com/world/2025", "The Guardian"},
      {"No dateline here.", "https://www.aljazeera.com/news/2025", "Al Jazeera"},
      {"No dateline here.", "https://example-news.com/a/b", "example-news.com"},
      {"No dateline here.", "https://news.example.co.uk:8080/a", "example.co.uk"},
      {"No dateline here.", "", ""},
      {"No dateline here.", "not a url", ""},
      // A dateline beats the host.
      {"BERLIN (AP) — Trains stopped.", "https://www.nytimes.com/x", "AP"},
      // "said (AP)" in the middle of a sentence is not a dateline.
      {"He said the (AP) poll was wrong.", "", ""},
  };
  for (const auto& c : cases) {
    INFO(c.text << " | " << c.url);
    CHECK(qt::GuessOutlet(c.text, c.url) == c.outlet);
  }
}

TEST_CASE("FindFurniture: furniture lines and prose lines") {
  struct Case {
    std::string line;
    bool furniture;
  };
  std::vector<Case> cases = {
      {"READ MORE: Ferry timetable cut as fuel costs climb", true},
      {"Read more", true},
      {"Select Language", true},
      {"Select Country", true},
      {"Down Icon", true},
      {"Advertisement", true},
      {"Share this article", true},
      {"Facebook Twitter WhatsApp Email", true},
      {"Photo: Harbour Authority", true},
      {"Photograph: Jon Hale/Getty Images", true},
      {"Union members gather at the gates (Image: Getty Images)", true},
      {"Protesters outside the ministry (Photo: City Press Office)", true},
      {"The delegation arrives. /Courtesy of the ministry", true},
      {"By Jane Doe", true},
      {"By Jane Doe and Omar Haddad, Associated Press", true},
      {"Reporter Priya Natarajan priya.natarajan@example.com", true},
      {"Sign up for our morning briefing, delivered to your inbox", true},
      {"![The harbour at dawn](https://img.example.com/h.jpg)", true},
      {"https://www.example.com/story/123", true},
      {"Published 14 March 2025", true},
      {"May 16, 2025", true},
      {"© 2025 Coastal Herald. All rights reserved.", true},
      // Prose stays prose.
      {"By the time the ferry docked, the strike had spread to two more ports.", false},
      {"By Friday, the talks had collapsed.", false},
      {"\"We are not going anywhere,\" Brandt told reporters.", false},
      {"The senator urged residents to sign up for flood insurance before the deadline.", false},
      {"Dock workers will stay off the job until the authority returns, the union said.", false},
      {"Reporters were told to leave the building.", false},
      {"Watch the harbour closely, the captain warned.", false},
      {"The photo shows the minister at the summit.", false},
  };
  for (const auto& c : cases) {
    INFO(c.line);
    std::string text = "Headline\n\n" + c.line + "\n\nBody.\n";
    auto spans = qt::FindFurniture(text);
    bool found = false;
    for (const auto& s : spans) {
      if (text.substr(s.start, s.size()) == c.line) found = true;
    }
    CHECK(found == c.furniture);
  }
}

TEST_CASE("FindFurniture: the value under a language picker") {
  std::string text = "Title\n\nSelect Language\n\nEnglish\n\nDown Icon\n\nSelect Country\n\nPortugal\n\nThe strike spread.\n";
  auto spans = qt::FindFurniture(text);
  std::vector<std::string> lines;
  for (const auto& s : spans) lines.push_back(text.substr(s.start, s.size()));
  std::vector<std::string> expected = {"Select Language", "English", "Down Icon", "Select Country",
                                       "Portugal"};
  CHECK(lines == expected);
}
