// report: escaping of every output format, the extraction record shape, and
// the drift renderings.
#include "quotetrack/report.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

qt::QuoteRow Row(std::int64_t id, std::string outlet, std::string published, std::string text,
                 std::string variant) {
  qt::QuoteRow r;
  r.quote_id = id;
  r.statement_id = 7;
  r.variant = std::move(variant);
  r.speaker = "Marta Kovalenko";
  r.speaker_kind = "person";
  r.role = "Harbour Authority director";
  r.outlet = std::move(outlet);
  r.published = std::move(published);
  r.kind = "direct";
  r.text = std::move(text);
  r.context = "The director spoke at the quay.";
  r.doc = "articles/" + std::to_string(id) + ".txt";
  r.start = 10;
  r.end = 20;
  return r;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("CsvCell quotes RFC 4180 specials and neutralises formulas", "[report]") {
  struct Case {
    std::string in, out;
  };
  const std::vector<Case> cases = {
      {"plain words", "plain words"},
      {"", ""},
      {"with, comma", "\"with, comma\""},
      {"she said \"no\"", "\"she said \"\"no\"\"\""},
      {"line one\nline two", "\"line one\nline two\""},
      {"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
      {"+1 for the port", "\"'+1 for the port\""},
      {"-2+3", "\"'-2+3\""},
      {"@SUM(A1)", "\"'@SUM(A1)\""},
      {"\tindented", "\"'\tindented\""},
      {"\rcarriage", "\"'\rcarriage\""},
      {"a = b", "a = b"},  // only a leading sign is a formula
  };
  for (const auto& c : cases) {
    INFO(c.in);
    CHECK(qt::CsvCell(c.in) == c.out);
  }
  // Invalid UTF-8 is replaced, never passed through raw.
  CHECK(qt::CsvCell("bad \xff byte") == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("Quote sheet CSV has the contract header and one record per quote", "[report]") {
  std::vector<qt::QuoteRow> rows = {
      Row(1, "Coastal Ledger", "2024-03-01", "We will reopen the harbour, \"fully\", by May.",
          "original"),
      Row(2, "=cmd|' /C calc'!A0", "2024-03-02", "-We will reopen\nthe harbour", "truncated")};
  rows[1].flags = "unmarked_omission;number_changed";
  std::ostringstream out;
  qt::WriteQuoteSheetCsv(out, rows);
  const std::string csv = out.str();
  const std::string header =
      "quote_id,statement_id,variant,flags,speaker,speaker_kind,role,outlet,via,published,kind,"
      "text,context,doc,start,end\r\n";
  REQUIRE(csv.rfind(header, 0) == 0);
  CHECK(csv.find("\"We will reopen the harbour, \"\"fully\"\", by May.\"") != std::string::npos);
  CHECK(csv.find("\"'=cmd|' /C calc'!A0\"") != std::string::npos);
  CHECK(csv.find("\"'-We will reopen\nthe harbour\"") != std::string::npos);
  CHECK(csv.find(",unmarked_omission;number_changed,") != std::string::npos);
  // Three records (header + 2), each ending in CRLF; the embedded LF is inside quotes.
  std::size_t crlf = 0;
  for (std::size_t p = csv.find("\r\n"); p != std::string::npos; p = csv.find("\r\n", p + 2)) {
    ++crlf;
  }
  CHECK(crlf == 3);
}

TEST_CASE("Quote sheet JSONL keeps the exact text and survives invalid UTF-8", "[report]") {
  std::vector<qt::QuoteRow> rows = {
      Row(1, "Coastal Ledger", "2024-03-01", "=1+1 \"quoted\" <b>", "original"),
      Row(2, "Ledger", "", "broken \xC3 byte", "verbatim")};
  std::ostringstream out;
  REQUIRE_NOTHROW(qt::WriteQuoteSheetJsonl(out, rows));
  auto lines = Lines(out.str());
  REQUIRE(lines.size() == 2);
  auto j = nlohmann::json::parse(lines[0]);
  CHECK(j["text"] == "=1+1 \"quoted\" <b>");
  CHECK(j["quote_id"] == 1);
  CHECK(j["statement_id"] == 7);
  CHECK(j["via"].is_null());
  auto k = nlohmann::json::parse(lines[1]);
  CHECK(k["text"] == "broken \xEF\xBF\xBD byte");
  CHECK(k["published"].is_null());
  // Keys in the sheet's column order.
  // nlohmann::json sorts keys on parse: check the order on the raw line.
  CHECK(lines[0].find("\"quote_id\"") < lines[0].find("\"statement_id\""));
  CHECK(lines[0].find("\"text\"") < lines[0].find("\"context\""));
  CHECK(lines[0].find("\"start\"") < lines[0].find("\"end\""));
}

TEST_CASE("Extraction records follow DESIGN.md key order with nulls for empty fields", "[report]") {
  qt::Document doc;
  doc.id = "news/harbour.txt";
  doc.outlet = "";
  doc.text = "\"We will reopen the harbour by May,\" director Marta Kovalenko said.";
  qt::Quote q;
  q.kind = qt::QuoteKind::kDirect;
  q.text = "We will reopen the harbour by May,";
  q.content = {{1, 35}};
  q.cue = qt::Mention{{66, 70}, "said"};
  q.speaker = "Marta Kovalenko";
  q.speaker_kind = qt::SpeakerKind::kPerson;
  q.role = "director";
  std::ostringstream out;
  qt::WriteExtractionRecords(out, doc, {q});
  auto lines = Lines(out.str());
  REQUIRE(lines.size() == 1);
  const std::string& line = lines[0];
  const char* order[] = {"\"doc\"",          "\"outlet\"", "\"kind\"",   "\"text\"",
                         "\"content\"",      "\"cue\"",    "\"source\"", "\"speaker\"",
                         "\"speaker_kind\"", "\"role\"",   "\"via\""};
  std::size_t last = 0;
  for (const char* key : order) {
    INFO(key);
    std::size_t p = line.find(key);
    REQUIRE(p != std::string::npos);
    CHECK(p >= last);
    last = p;
  }
  auto j = nlohmann::json::parse(line);
  CHECK(j["doc"] == "news/harbour.txt");
  CHECK(j["outlet"].is_null());
  CHECK(j["kind"] == "direct");
  CHECK(j["content"][0]["start"] == 1);
  CHECK(j["content"][0]["end"] == 35);
  CHECK(j["cue"]["text"] == "said");
  CHECK(j["source"].is_null());
  CHECK(j["speaker_kind"] == "person");
  CHECK(j["via"].is_null());
  CHECK(j.size() == 11);
}

TEST_CASE("HtmlEscape turns markup into text", "[report]") {
  CHECK(qt::HtmlEscape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(qt::HtmlEscape("\"><img src=x onerror=alert(1)>") ==
        "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  CHECK(qt::HtmlEscape("Tom & Jerry's") == "Tom &amp; Jerry&#39;s");
}

TEST_CASE("Drift HTML is self-contained and escapes all article text", "[report]") {
  std::vector<qt::QuoteRow> rows = {
      Row(1, "Coastal Ledger", "2024-03-01", "We will reopen the harbour by May", "original"),
      Row(2, "<b>Bay</b> Times", "2024-03-02",
          "We will reopen the harbour <script>alert(1)</script> by June", "altered"),
      Row(3, "Gazette", "2024-03-03", "\"><img src=x onerror=alert(2)>", "paraphrase")};
  rows[1].flags = "number_changed";
  std::ostringstream out;
  qt::WriteDriftHtml(out, 7, rows);
  const std::string html = out.str();
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("&lt;b&gt;Bay&lt;/b&gt; Times") != std::string::npos);
  CHECK(html.find("<del>May</del>") != std::string::npos);
  CHECK(html.find("<ins>") != std::string::npos);
  CHECK(html.find("number_changed") != std::string::npos);
  CHECK(html.find("id=\"timeline\"") != std::string::npos);
  // No external assets and nothing fetched.
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
}

TEST_CASE("Drift text lists renderings with a word diff against the root", "[report]") {
  std::vector<qt::QuoteRow> rows = {
      Row(1, "Coastal Ledger", "2024-03-01", "We will reopen the harbour by May", "original"),
      Row(2, "Bay Times", "2024-03-02", "We will reopen the harbour by June", "altered")};
  rows[1].via = "Reuters";
  rows[1].flags = "number_changed";
  std::ostringstream plain;
  qt::WriteDriftText(plain, 7, rows, false);
  const std::string s = plain.str();
  CHECK(s.find("Statement 7") != std::string::npos);
  CHECK(s.find("Bay Times via Reuters") != std::string::npos);
  CHECK(s.find("[-May-] {+June+}") != std::string::npos);
  CHECK(s.find("flags: number_changed") != std::string::npos);
  CHECK(s.find('\x1b') == std::string::npos);
  CHECK(s.find("Coastal Ledger") < s.find("Bay Times"));

  std::ostringstream colored;
  qt::WriteDriftText(colored, 7, rows, true);
  CHECK(colored.str().find("\x1b[") != std::string::npos);
  CHECK(colored.str().find("[-") == std::string::npos);
}

TEST_CASE("Terminal listings do not pass escape sequences from article text", "[report]") {
  std::vector<qt::QuoteRow> rows = {
      Row(1, "Ledger", "2024-03-01", "Harmless \x1b]0;owned\x07 words", "original")};
  std::ostringstream out;
  qt::WriteQuotesText(out, rows);
  CHECK(out.str().find('\x1b') == std::string::npos);
  CHECK(out.str().find("Marta Kovalenko") != std::string::npos);
  CHECK(out.str().find("Harmless") != std::string::npos);
}

// Issue 4/6: the drift page opened in a real headless browser. It must render
// the diff elements and show a hostile quote as text: the injected script
// would retitle the page, so the title proves nothing ran.
TEST_CASE("Drift HTML renders in headless Chromium with hostile quotes shown as text",
          "[report][browser]") {
  const char* chromium = nullptr;
  for (const char* c : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (std::filesystem::exists(c)) {
      chromium = c;
      break;
    }
  }
  if (chromium == nullptr) {
    WARN("chromium not installed: browser test skipped");
    return;
  }
  const auto dir =
      std::filesystem::temp_directory_path() / ("qt_report_browser_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "profile");
  const auto page = dir / "drift.html";
  const auto dom = dir / "dom.html";
  {
    std::vector<qt::QuoteRow> rows = {
        Row(1, "Coastal Ledger", "2024-03-01", "We will reopen the harbour by May", "original"),
        Row(2, "Bay Times", "2024-03-02",
            "We will reopen the harbour <script>document.title='pwned'</script> by June",
            "altered"),
        Row(3, "Gazette", "2024-03-03",
            "\"><img src=x onerror=\"document.title='pwned2'\"> reopen the harbour", "paraphrase")};
    std::ofstream out(page, std::ios::binary);
    qt::WriteDriftHtml(out, 7, rows);
  }
  const std::string cmd =
      "timeout 90 " + std::string(chromium) +
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update --disable-sync"
      " --user-data-dir='" +
      (dir / "profile").string() + "' --dump-dom 'file://" + page.string() + "' > '" +
      dom.string() + "' 2>/dev/null";
  const int rc = std::system(cmd.c_str());
  std::ifstream in(dom, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string dumped = buf.str();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  INFO("chromium exit " << rc);
  REQUIRE(!dumped.empty());
  CHECK(dumped.find("<title>Statement 7 — drift report</title>") != std::string::npos);
  CHECK(dumped.find("pwned</title>") == std::string::npos);
  CHECK(dumped.find("pwned2</title>") == std::string::npos);
  CHECK(dumped.find("<del>May</del>") != std::string::npos);
  CHECK(dumped.find("<ins>") != std::string::npos);
  // The hostile markup survives only as text nodes.
  CHECK(dumped.find("&lt;script&gt;document.title='pwned'&lt;/script&gt;") != std::string::npos);
  CHECK(dumped.find("<script") == std::string::npos);
  CHECK(dumped.find("<img") == std::string::npos);
}
