// robustness: hostile input through the built binary. Each bad file is
// ingested beside a good article into a store that already holds one: the
// run must either give a correct result (exit 0, document stored) or print
// one clear error line per problem naming the file (and line), exit 1, leave
// no trace of the bad document, and still store the good one. Nothing may
// hang: the watchdog in process_util.h turns a hang into a failure.
#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "process_util.h"

namespace {

using qt_test::Db;
using qt_test::Lines;
using qt_test::ReadFile;
using qt_test::Run;
using qt_test::TempDir;
using qt_test::WriteFile;

const char* const kGood1 =
    "Reservoir reopens after repairs\n"
    "Outlet: Valley Courier\n"
    "Published: 2024-04-02\n"
    "\n"
    "The reservoir reopened on Monday after three months of repairs. \xE2\x80\x9CThe dam is "
    "safe and the water is clean,\xE2\x80\x9D chief engineer Marta Kowal said at the gate.\n";

const char* const kGood2 =
    "Bridge tolls to stay frozen\n"
    "Outlet: Harbour Herald\n"
    "Published: 2024-04-03\n"
    "\n"
    "Tolls on the east bridge will not rise this year. \xE2\x80\x9CWe will keep the tolls where "
    "they are until the new span opens,\xE2\x80\x9D transport commissioner Paul Lindqvist "
    "told reporters.\n";

std::string Repeat(std::string_view piece, std::size_t n) {
  std::string out;
  out.reserve(piece.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += piece;
  return out;
}

std::string Utf16Le(std::string_view ascii, bool bom) {
  std::string out = bom ? std::string("\xFF\xFE", 2) : std::string();
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

std::string Utf16Be(std::string_view ascii) {
  std::string out("\xFE\xFF", 2);
  for (char c : ascii) {
    out += '\0';
    out += c;
  }
  return out;
}

// Deterministic noise with NUL bytes and high bytes, like a stray image file.
std::string BinaryBlob(std::size_t n) {
  std::string out = "\x89PNG\r\n\x1A\n";
  std::uint32_t x = 2463534242u;
  while (out.size() < n) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    out += static_cast<char>(x & 0xFF);
  }
  return out;
}

std::string Article(std::string_view body) {
  return "Council session ends late\n\n" + std::string(body) + "\n";
}

enum class Expect { kOk, kError };

struct BadInputCase {
  std::string name;
  std::string file;  // relative name, as passed on the command line
  std::function<std::string()> bytes;
  Expect expect;
  // For kError: the error lines expected (each must name the file) and a
  // substring each must hold, in order.
  std::vector<std::string> errors;
  int docs_from_file = 0;  // documents the file itself should add
};

std::vector<BadInputCase> BadInputCases() {
  const std::string open = "\xE2\x80\x9C", close = "\xE2\x80\x9D";
  const std::string lsq = "\xE2\x80\x98", rsq = "\xE2\x80\x99";
  std::vector<BadInputCase> cases = {
      {"invalid UTF-8 (lone continuation and bad lead)",
       "latin1.txt",
       [] { return Article("The mayor said the caf\xE9 would close. \xC3\x28 Then \x80 more."); },
       Expect::kError,
       {"invalid UTF-8 at byte"}},
      {"invalid UTF-8 (encoded surrogate)",
       "surrogate.txt",
       [] { return Article("A surrogate \xED\xA0\x80 is not UTF-8."); },
       Expect::kError,
       {"invalid UTF-8"}},
      {"invalid UTF-8 (truncated sequence at the end)",
       "truncated_seq.txt",
       [] { return Article("Ends in the middle of a quote mark \xE2\x80"); },
       Expect::kError,
       {"invalid UTF-8"}},
      {"UTF-16LE with a BOM",
       "utf16le.txt",
       [] { return Utf16Le("Title\n\n\"We will win,\" she said.\n", true); },
       Expect::kError,
       {"UTF-16"}},
      {"UTF-16BE with a BOM",
       "utf16be.txt",
       [] { return Utf16Be("Title\n\n\"We will win,\" she said.\n"); },
       Expect::kError,
       {"UTF-16"}},
      {"UTF-16 JSONL with a BOM",
       "utf16.jsonl",
       [] { return Utf16Le("{\"id\":\"a\",\"text\":\"hello\"}\n", true); },
       Expect::kError,
       {"UTF-16"}},
      {"NUL bytes in a text article",
       "nul.txt",
       [] {
         std::string s = Article("The minister said \"yes\".");
         s.insert(20, std::string("\0\0\0", 3));
         return s;
       },
       Expect::kError,
       {"NUL"}},
      {"binary file with no extension",
       "blob",
       [] { return BinaryBlob(4096); },
       Expect::kError,
       {"blob"}},
      {"binary file named .html",
       "photo.html",
       [] { return BinaryBlob(2048); },
       Expect::kError,
       {"NUL"}},
      {"empty file", "empty.txt", [] { return std::string(); }, Expect::kError, {"empty"}},
      {"whitespace-only file",
       "blank.txt",
       [] { return std::string(" \n\t \r\n\n   \n"); },
       Expect::kError,
       {"whitespace"}},
      {"whitespace-only JSONL",
       "blank.jsonl",
       [] { return std::string("\n \n\t\n"); },
       Expect::kError,
       {"whitespace"}},
      {"JSONL records with missing or wrongly typed fields",
       "records.jsonl",
       [] {
         return std::string(
             "{\"id\":\"r1\",\"outlet\":\"Lake Times\",\"title\":\"Ferry fares\","
             "\"text\":\"Fares will rise in May. \\\"We have no choice,\\\" the operator "
             "said.\"}\n"
             "{\"id\":\"r2\",\"title\":\"no text field\"}\n"
             "{\"id\":\"r3\",\"text\":17}\n"
             "{\"id\":[\"r4\"],\"text\":\"an id that is a list\"}\n"
             "{\"id\":\"r5\",\"outlet\":\"Lake Times\",\"text\":\"The port will close early. "
             "\\\"Storms are coming,\\\" the harbour master said.\"}\n"
             "{\"id\":\"r6\",\"text\":\"cut off in the mid\n"
             "[\"an\",\"array\"]\n");
       },
       Expect::kError,
       {"records.jsonl:2: record has no \"text\"", "records.jsonl:3: field \"text\" is number",
        "records.jsonl:4: field \"id\" is array", "records.jsonl:6: malformed JSON",
        "records.jsonl:7: record is a JSON array"},
       2},
      {"JSONL record whose title is an object",
       "title.jsonl",
       [] { return std::string("{\"id\":\"t1\",\"title\":{\"a\":1},\"text\":\"Words.\"}\n"); },
       Expect::kError,
       {"title.jsonl:1: field \"title\" is object"}},
      {"truncated HTML after the article text",
       "cut.html",
       [] {
         return std::string(
             "<!DOCTYPE html><html><head><title>Bridge reopens</title></head><body><article>"
             "<h1>Bridge reopens</h1><p>\xE2\x80\x9CWe will reopen the old bridge in May,"
             "\xE2\x80\x9D the mayor said on Friday.</p><p>Traffic will <a hr");
       },
       Expect::kOk,
       {},
       1},
      {"truncated HTML inside an open quote and a comment",
       "cut2.html",
       [] {
         return std::string(
             "<html><body><main><p>The council met. <q>Nobody leaves until this is "
             "settled</q>, the chair said, &ldquo;not even <!-- a comment that never");
       },
       Expect::kOk,
       {},
       1},
      {"truncated HTML with no text",
       "head_only.html",
       [] { return std::string("<html><head><title>Bri"); },
       Expect::kError,
       {"no article text"}},
      {"20k curly opening quote marks in a row",
       "opens.txt",
       [=] { return Article("The spokesman said " + Repeat(open, 20000) + " and left."); },
       Expect::kOk,
       {},
       1},
      {"20k straight quote marks in a row",
       "straight.txt",
       [] { return Article("She said " + Repeat("\"", 20000) + " and that was all."); },
       Expect::kOk,
       {},
       1},
      {"20k closing marks and guillemets",
       "closers.txt",
       [=] {
         return Article(Repeat(close, 10000) + " he said " + Repeat("\xC2\xAB", 10000) +
                        " she said.");
       },
       Expect::kOk,
       {},
       1},
      {"10k unclosed alternating double and single opens",
       "alternating.txt",
       [=] { return Article("He said " + Repeat(open + "a " + lsq + "b ", 10000)); },
       Expect::kOk,
       {},
       1},
      {"5k deep balanced nesting",
       "nested.txt",
       [=] {
         return Article("\"It is done,\" she said. The envoy said " +
                        Repeat(open + "x " + lsq + "y ", 5000) + "core" +
                        Repeat(" y" + rsq + " x" + close, 5000) + ".");
       },
       Expect::kOk,
       {},
       1},
      {"20k quote-said pairs on one line",
       "many_quotes.txt",
       [=] { return Article(Repeat(open + "We need water," + close + " she said. ", 20000)); },
       Expect::kOk,
       {},
       1},
      {"20k apostrophes and primes",
       "apostrophes.txt",
       [] { return Article(Repeat("rock 'n' roll's 5' 7\" ", 5000)); },
       Expect::kOk,
       {},
       1},
  };
  return cases;
}

}  // namespace

TEST_CASE("bad inputs give a correct result or one error line naming the file", "[robustness]") {
  for (const BadInputCase& c : BadInputCases()) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir("robust");
      WriteFile(dir.path / "good1.txt", kGood1);
      WriteFile(dir.path / "good2.txt", kGood2);
      WriteFile(dir.path / c.file, c.bytes());

      auto first = Run({"ingest", "--db", "s.db", "-q", "good1.txt"}, dir.path);
      REQUIRE(first.exit_code == 0);
      Db before_db(dir.path / "s.db");
      const auto before_quotes = before_db.Query("SELECT id, doc_id, text FROM quotes ORDER BY id");
      REQUIRE(before_quotes.size() >= 1);

      auto r = Run({"ingest", "--db", "s.db", "-q", "good2.txt", c.file}, dir.path);
      INFO("stderr: " << r.err);
      REQUIRE_FALSE(r.timed_out);
      REQUIRE(r.term_signal == 0);
      const std::vector<std::string> err_lines = Lines(r.err);

      Db db(dir.path / "s.db");
      CHECK(db.Count("SELECT COUNT(*) FROM documents") == 2 + c.docs_from_file);
      CHECK(db.Count("SELECT COUNT(*) FROM documents WHERE doc_key = 'good2.txt'") == 1);
      CHECK(db.Count("SELECT COUNT(*) FROM quotes q JOIN documents d ON d.id = q.doc_id "
                     "WHERE d.doc_key = 'good2.txt'") >= 1);
      // What was stored before is untouched.
      const auto after_first =
          db.Query("SELECT id, doc_id, text FROM quotes WHERE doc_id = ? ORDER BY id",
                   {before_quotes[0][1]});
      CHECK(after_first == before_quotes);
      CHECK(db.Query("PRAGMA integrity_check") == std::vector<std::vector<std::string>>{{"ok"}});

      if (c.expect == Expect::kOk) {
        CHECK(r.exit_code == 0);
        CHECK(err_lines.empty());
        CHECK(db.Count("SELECT COUNT(*) FROM documents WHERE doc_key = ?", {c.file}) == 1);
      } else {
        CHECK(r.exit_code == 1);
        REQUIRE(err_lines.size() == c.errors.size());
        for (std::size_t i = 0; i < err_lines.size(); ++i) {
          CHECK(err_lines[i].find(c.file) != std::string::npos);
          CHECK(err_lines[i].find(c.errors[i]) != std::string::npos);
        }
        if (c.docs_from_file == 0) {
          CHECK(db.Count("SELECT COUNT(*) FROM documents WHERE doc_key LIKE ?", {c.file + "%"}) ==
                0);
        }
      }
    }
  }
}

// One line of 100 MB (8 MB under the sanitizers): half of it ordinary
// sentences, half one run-on sentence with no full stop, a quote at each end.
// It must be ingested in linear time with both quotes found. The file is
// written in chunks so the test itself holds little memory.
TEST_CASE("a single 100 MB line is ingested and its quotes found", "[robustness][large]") {
  TempDir dir("hugeline");
  const std::size_t target = qt_test::Sanitized() ? (8u << 20) : (100u << 20);
  {
    std::ofstream out(dir.path / "huge.txt", std::ios::binary);
    out << "Flood watch on the lower river\nOutlet: River Gazette\n\n";
    out << "\xE2\x80\x9CWe are watching the levels every hour,\xE2\x80\x9D the district engineer "
           "said on Tuesday. ";
    const std::string sentence =
        "The river rose again near the old mill and the low road stayed shut for the day. ";
    const std::string clause = "and the water kept rising past the old stone wall, ";
    std::string chunk;
    for (int i = 0; i < 2000; ++i) chunk += sentence;
    std::size_t written = 0;
    while (written < target / 2) {
      out << chunk;
      written += chunk.size();
    }
    chunk.clear();
    out << "Residents said that ";
    for (int i = 0; i < 3000; ++i) chunk += clause;
    while (written < target) {
      out << chunk;
      written += chunk.size();
    }
    out << "until dusk. \xE2\x80\x9CStay away from the banks tonight,\xE2\x80\x9D the mayor "
           "told residents.\n";
    REQUIRE(out.good());
  }
  auto r = Run({"ingest", "--db", "s.db", "-q", "-j", "2", "huge.txt"}, dir.path);
  INFO("stderr: " << r.err);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.term_signal == 0);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  Db db(dir.path / "s.db");
  CHECK(db.Count("SELECT COUNT(*) FROM documents WHERE doc_key = 'huge.txt'") == 1);
  CHECK(db.Count("SELECT length(text) FROM documents WHERE doc_key = 'huge.txt'") >
        static_cast<std::int64_t>(target));
  CHECK(db.Count("SELECT COUNT(*) FROM quotes WHERE text = "
                 "'We are watching the levels every hour,'") +
            db.Count("SELECT COUNT(*) FROM quotes WHERE text = "
                     "'We are watching the levels every hour'") ==
        1);
  CHECK(db.Count("SELECT COUNT(*) FROM quotes WHERE text LIKE 'Stay away from the banks%'") == 1);
}

// Hostile quote text reaches the HTML drift page and the CSV sheet end to
// end: markup shows as text, formulas are neutralised, JSONL keeps the text.
TEST_CASE("hostile quote text is escaped in drift HTML and neutralised in CSV",
          "[robustness][security]") {
  TempDir dir("hostile");
  const std::string payload = "\"><img src=x onerror=alert(1)> is what we said";
  WriteFile(
      dir.path / "a.txt",
      "Harbour plan\nOutlet: Port Daily\nPublished: 2024-05-01\n\n"
      "\xE2\x80\x9C" +
          payload +
          "\xE2\x80\x9D, the port director Ines Sato said.\n"
          "\xE2\x80\x9C=HYPERLINK(http://evil.example) and <script>alert(2)</script> will not "
          "stop us,\xE2\x80\x9D Sato said.\n");
  WriteFile(dir.path / "b.txt",
            "Harbour plan\nOutlet: Coast Wire\nPublished: 2024-05-02\n\n"
            "\xE2\x80\x9C" +
                payload + "\xE2\x80\x9D, the port director Ines Sato said.\n");
  auto r = Run({"ingest", "--db", "s.db", "-q", "a.txt", "b.txt"}, dir.path);
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);

  Db db(dir.path / "s.db");
  auto ids = db.Query("SELECT DISTINCT statement_id FROM quotes WHERE text LIKE '%onerror%'");
  REQUIRE_FALSE(ids.empty());
  for (const auto& row : ids) {
    auto d = Run({"drift", "--db", "s.db", row[0], "--html", "out/drift.html"}, dir.path);
    INFO("drift stderr: " << d.err);
    REQUIRE(d.exit_code == 0);
    const std::string html = ReadFile(dir.path / "out" / "drift.html");
    CHECK(html.find("onerror") != std::string::npos);  // shown, as text
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("&lt;img") != std::string::npos);
  }
  auto s = Run({"drift", "--db", "s.db",
                db.Query("SELECT statement_id FROM quotes WHERE text LIKE '%HYPERLINK%'")[0][0],
                "--html", "out/s.html"},
               dir.path);
  REQUIRE(s.exit_code == 0);
  const std::string html2 = ReadFile(dir.path / "out" / "s.html");
  CHECK(html2.find("<script>alert") == std::string::npos);
  CHECK(html2.find("&lt;script&gt;alert(2)") != std::string::npos);

  auto csv = Run({"export", "--db", "s.db", "--format", "csv"}, dir.path);
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out.find(",=HYPERLINK") == std::string::npos);
  CHECK((csv.out.find(",'=HYPERLINK") != std::string::npos ||
         csv.out.find("\"'=HYPERLINK") != std::string::npos));
  auto jsonl = Run({"export", "--db", "s.db", "--format", "jsonl"}, dir.path);
  REQUIRE(jsonl.exit_code == 0);
  bool exact = false;
  for (const std::string& line : Lines(jsonl.out)) {
    auto j = nlohmann::json::parse(line);
    if (j["text"].get<std::string>().rfind("=HYPERLINK(", 0) == 0) exact = true;
  }
  CHECK(exact);
}

// Regression: detect walked every claimed quote span per token and every
// paragraph per sentence and per quote, so these documents took minutes
// (100k lines: 65 s at a tenth of this size). Linear now: seconds. The
// watchdog is a hang guard two orders of magnitude above the linear cost.
TEST_CASE("many lines or paragraphs or quotes in one document are extracted in linear time",
          "[robustness][large]") {
  const std::string open = "\xE2\x80\x9C", close = "\xE2\x80\x9D";
  const std::size_t n = qt_test::Sanitized() ? 20000 : 100000;
  struct LinearCase {
    std::string name;
    std::string body;
    std::size_t quotes;
  };
  const std::vector<LinearCase> cases = {
      {"400k short lines", Repeat("The river rose near the mill.\n", 4 * n), 0},
      {"100k paragraphs with a quote each",
       Repeat(open + "We need water," + close + " she said.\n\n", n), n},
      {"100k quotes on one line", Repeat(open + "We need water," + close + " she said. ", n), n},
  };
  for (const LinearCase& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir("linear");
      WriteFile(dir.path / "doc.txt", "Water dispute\n\n" + c.body);
      auto r = Run({"extract", "-q", "doc.txt"}, dir.path, 300);
      INFO("stderr: " << r.err);
      REQUIRE_FALSE(r.timed_out);
      CHECK(r.exit_code == 0);
      CHECK(r.err.empty());
      const auto lines = Lines(r.out);
      CHECK(lines.size() == c.quotes);
      if (!lines.empty()) {
        auto j = nlohmann::json::parse(lines.back());
        CHECK(j["text"] == "We need water,");
        CHECK(j["source"]["text"] == "she");
      }
    }
  }
}

// Regression (fuzz_extract): a quote whose curly opening mark is the first
// byte of the text, left open at the end of its line and swallowed by a mixed
// quote, got its start one byte before the content, inside the 3-byte mark,
// so the quote text began with a stray continuation byte. Every offset must
// fall on a character boundary and every text be valid UTF-8.
TEST_CASE("fuzz regression: quote offsets stay on character boundaries", "[robustness]") {
  const std::string doc =
      "\xE2\x80\x9CWwlei l18T09:30:00Z\n"
      "URL: https://ledgAP)\n"
      "By T\x01Homas Lind\n"
      "ar/ferry-vote\n"
      "\n"
      "PORT ELLIS (AP) \xE2\x80\x94 The harbour authorityisheCpastal Ledger\n"
      "Publishephrase4-03-18T0httd: 2024-03-18T09:3\xE2\x80\x9CThe 1irst paragcoraph\n"
      "\n"
      "\xE2\x80\x9CThe second paragraph,\xE2\x80\x9D the spokesman, who asked not to be named, "
      "told Ruuters.";
  TempDir dir("boundary");
  WriteFile(dir.path / "doc.txt", doc);
  auto r = Run({"extract", "-q", "doc.txt"}, dir.path);
  REQUIRE(r.exit_code == 0);
  const auto lines = Lines(r.out);
  REQUIRE_FALSE(lines.empty());
  auto boundary = [&](std::size_t pos) {
    return pos <= doc.size() &&
           (pos == doc.size() || (static_cast<unsigned char>(doc[pos]) & 0xC0) != 0x80);
  };
  for (const std::string& line : lines) {
    INFO(line);
    auto j = nlohmann::json::parse(line);
    // The JSON writer turns invalid UTF-8 into U+FFFD; the input has none.
    CHECK(j["text"].get<std::string>().find("\xEF\xBF\xBD") == std::string::npos);
    for (const auto& piece : j["content"]) {
      CHECK(boundary(piece["start"].get<std::size_t>()));
      CHECK(boundary(piece["end"].get<std::size_t>()));
    }
  }
}
