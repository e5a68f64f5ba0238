// cli: the command-line contract of DESIGN.md, checked on the built binary:
// exit statuses, one error line naming the file, extraction records, the
// quote sheet, compare, and the map-step round trip (extract -> ingest
// --records gives the same store as ingest).
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag) {
    path = fs::temp_directory_path() / fmt::format("qt_cli_test_{}_{}", tag, ::getpid());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void WriteFile(const fs::path& p, const std::string& body) {
  std::ofstream out(p, std::ios::binary);
  out << body;
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

struct Result {
  int status = -1;
  std::string out, err;
};

// Runs the binary in `cwd` with `args`, `input` on stdin.
Result Run(const fs::path& cwd, const std::vector<std::string>& args,
           const std::string& input = {}) {
  const fs::path in = cwd / ".stdin", out = cwd / ".stdout", err = cwd / ".stderr";
  WriteFile(in, input);
  std::string cmd = "cd " + ShellQuote(cwd.string()) + " && " + ShellQuote(QT_BINARY);
  for (const auto& a : args) {
    cmd += ' ';
    cmd += ShellQuote(a);
  }
  cmd += " < " + ShellQuote(in.string()) + " > " + ShellQuote(out.string()) + " 2> " +
         ShellQuote(err.string());
  Result r;
  int raw = std::system(cmd.c_str());
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  fs::remove(in);
  fs::remove(out);
  fs::remove(err);
  return r;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) v.push_back(line);
  return v;
}

// A short article written for these tests (invented people and places).
const char* const kArticle =
    "Harbour works to resume after storm damage\n"
    "Outlet: Coastal Ledger\n"
    "Published: 2024-03-01T09:00:00Z\n"
    "\n"
    "PORT ELLIS — Repairs to the storm-damaged quay will start next week, officials said on "
    "Friday.\n"
    "\n"
    "\"We will reopen the harbour to fishing boats by the end of May,\" said Marta Kovalenko, "
    "director of the Port Ellis Harbour Authority.\n"
    "\n"
    "She added that the cost of the works had not yet been agreed with the insurers.\n";

const char* const kArticle2 =
    "Fishing fleet told to wait for quay repairs\n"
    "Outlet: Bay Times\n"
    "Published: 2024-03-02T10:00:00Z\n"
    "\n"
    "PORT ELLIS — Fishermen will have to wait for the quay to be rebuilt.\n"
    "\n"
    "\"We will reopen the harbour to fishing boats by the end of June,\" harbour director "
    "Marta Kovalenko told reporters on Saturday.\n";

}  // namespace

TEST_CASE("Usage errors exit 2 with one line on stderr", "[cli]") {
  TempDir dir("usage");
  for (const auto& args : std::vector<std::vector<std::string>>{{},
                                                                {"frobnicate"},
                                                                {"extract"},
                                                                {"export", "--no-such-option"},
                                                                {"compare"},
                                                                {"drift"}}) {
    INFO(fmt::format("args: {}", fmt::join(args, " ")));
    Result r = Run(dir.path, args);
    CHECK(r.status == 2);
    CHECK(Lines(r.err).size() == 1);
    CHECK(r.out.empty());
  }
  Result help = Run(dir.path, {"--help"});
  CHECK(help.status == 0);
  CHECK(help.out.find("extract") != std::string::npos);
  Result version = Run(dir.path, {"--version"});
  CHECK(version.status == 0);
  CHECK(version.out.find("quotetrack") != std::string::npos);
}

TEST_CASE("A missing input file exits 1 with one stderr line naming it", "[cli]") {
  TempDir dir("missing");
  Result r = Run(dir.path, {"extract", "no_such_article.txt"});
  CHECK(r.status == 1);
  auto lines = Lines(r.err);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find("no_such_article.txt") != std::string::npos);
  CHECK(r.out.empty());
}

TEST_CASE("Read commands on a missing database fail without creating it", "[cli]") {
  TempDir dir("nodb");
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"export"},
                                             {"quotes", "--speaker", "Kovalenko"},
                                             {"speakers"},
                                             {"search", "harbour"},
                                             {"statements"},
                                             {"drift", "1"}}) {
    INFO(args[0]);
    Result r = Run(dir.path, args);
    CHECK(r.status == 1);
    auto lines = Lines(r.err);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].find("quotetrack.db") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path / "quotetrack.db"));
  }
}

TEST_CASE("extract prints one valid extraction record per quote", "[cli]") {
  TempDir dir("extract");
  WriteFile(dir.path / "harbour.txt", kArticle);
  Result r = Run(dir.path, {"extract", "harbour.txt"});
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  auto lines = Lines(r.out);
  REQUIRE_FALSE(lines.empty());
  bool found = false;
  for (const auto& line : lines) {
    auto j = nlohmann::json::parse(line);  // throws (fails the test) if not JSON
    for (const char* key : {"doc", "outlet", "kind", "text", "content", "cue", "source", "speaker",
                            "speaker_kind", "role", "via"}) {
      CHECK(j.contains(key));
    }
    CHECK(j["doc"] == "harbour.txt");
    for (const auto& piece : j["content"]) {
      std::size_t start = piece["start"], end = piece["end"];
      REQUIRE(start <= end);
      REQUIRE(end <= std::string(kArticle).size());
    }
    if (j["kind"] == "direct" &&
        j["text"].get<std::string>().find("reopen the harbour") != std::string::npos) {
      found = true;
      std::size_t start = j["content"][0]["start"], end = j["content"][0]["end"];
      // Offsets point into the file's bytes and exclude the quote marks.
      CHECK(std::string(kArticle).substr(start, end - start).rfind("We will reopen", 0) == 0);
    }
  }
  CHECK(found);

  // The same article on stdin, and as a JSON Lines record on stdin (map step).
  Result in = Run(dir.path, {"extract", "-"}, kArticle);
  CHECK(in.status == 0);
  CHECK(Lines(in.out).size() == lines.size());
  nlohmann::json rec = {{"id", "rec-1"},
                        {"url", "https://example.org/a"},
                        {"outlet", "Coastal Ledger"},
                        {"published", "2024-03-01"},
                        {"title", "Harbour"},
                        {"text", kArticle}};
  Result jl = Run(dir.path, {"extract", "--jsonl-input", "-"}, rec.dump() + "\n");
  CHECK(jl.status == 0);
  auto jl_lines = Lines(jl.out);
  REQUIRE_FALSE(jl_lines.empty());
  CHECK(nlohmann::json::parse(jl_lines[0])["doc"] == "rec-1");
}

TEST_CASE("compare prints one line per input line", "[cli]") {
  TempDir dir("compare");
  WriteFile(dir.path / "pairs.tsv",
            "We will reopen the harbour by May.\tWe will reopen the harbour by May.\n"
            "We will reopen the harbour by May.\tThe weather in the north was cold and wet.\n"
            "a line without a tab\n");
  Result r = Run(dir.path, {"compare", "--tsv", "pairs.tsv"});
  CHECK(r.status == 1);
  auto lines = Lines(r.out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].rfind("1\t", 0) == 0);
  CHECK(lines[1].rfind("0\t", 0) == 0);
  CHECK(lines[2] == "0\t0.0000\tinvalid");
  for (const auto& l : lines) {
    auto first = l.find('\t'), second = l.find('\t', first + 1);
    REQUIRE(second != std::string::npos);
    CHECK(second - first - 1 == 6);  // SCORE with four decimals: d.dddd
  }
  auto err = Lines(r.err);
  REQUIRE(err.size() == 1);
  CHECK(err[0].find("pairs.tsv:3") != std::string::npos);
}

TEST_CASE("ingest, export and drift work end to end, and records load the same store", "[cli]") {
  TempDir dir("ingest");
  fs::create_directories(dir.path / "in");
  WriteFile(dir.path / "in" / "a.txt", kArticle);
  WriteFile(dir.path / "in" / "b.txt", kArticle2);

  Result ing = Run(dir.path, {"ingest", "--quiet", "in"});
  CHECK(ing.status == 0);
  CHECK(ing.err.empty());
  CHECK(ing.out.empty());
  REQUIRE(fs::exists(dir.path / "quotetrack.db"));

  Result again = Run(dir.path, {"ingest", "in"});
  CHECK(again.status == 0);
  CHECK(again.out.find("2 unchanged") != std::string::npos);

  Result csv = Run(dir.path, {"export", "-o", "reports/sheet.csv"});
  CHECK(csv.status == 0);
  const std::string sheet = ReadFile(dir.path / "reports" / "sheet.csv");
  CHECK(sheet.rfind("quote_id,statement_id,variant,flags,speaker,speaker_kind,role,outlet,via,"
                    "published,kind,text,context,doc,start,end\r\n",
                    0) == 0);
  Result jsonl = Run(dir.path, {"export", "--format", "jsonl"});
  CHECK(jsonl.status == 0);
  auto rows = Lines(jsonl.out);
  REQUIRE_FALSE(rows.empty());
  std::int64_t statement = nlohmann::json::parse(rows[0])["statement_id"];

  Result drift = Run(dir.path, {"drift", std::to_string(statement)});
  CHECK(drift.status == 0);
  CHECK(drift.out.find("Statement " + std::to_string(statement)) != std::string::npos);
  CHECK(drift.out.find('\x1b') == std::string::npos);  // not a terminal: no colours
  Result html = Run(dir.path, {"drift", std::to_string(statement), "--html", "drift.html"});
  CHECK(html.status == 0);
  const std::string page = ReadFile(dir.path / "reports" / "drift.html");
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  Result missing = Run(dir.path, {"drift", "999999"});
  CHECK(missing.status == 1);

  // Map step: extract with document records, load them into a second store.
  Result ex = Run(dir.path, {"extract", "--with-documents", "in"});
  CHECK(ex.status == 0);
  WriteFile(dir.path / "part-0.jsonl", ex.out);
  Result rec =
      Run(dir.path, {"ingest", "--quiet", "--db", "records.db", "--records", "part-0.jsonl"});
  CHECK(rec.status == 0);
  CHECK(rec.err.empty());
  Result a = Run(dir.path, {"export", "--format", "jsonl"});
  Result b = Run(dir.path, {"export", "--db", "records.db", "--format", "jsonl"});
  CHECK(a.out == b.out);
}
