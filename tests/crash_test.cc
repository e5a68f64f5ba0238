// crash safety: `ingest` killed with SIGKILL in the middle of a run leaves a
// store that passes PRAGMA integrity_check, where every document is either
// fully stored (as many quotes as a fresh `extract` finds in it) or absent,
// and a second `ingest` completes the rest with no duplicates.
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "process_util.h"

namespace {

using qt_test::Child;
using qt_test::Db;
using qt_test::Lines;
using qt_test::Run;
using qt_test::TempDir;

// Quotes per document id as `extract` finds them: the reference a stored
// document must match exactly.
std::map<std::string, std::int64_t> ExtractCounts(const qt_test::fs::path& cwd,
                                                  const std::string& folder) {
  auto r = Run({"extract", "-q", folder}, cwd);
  INFO("extract stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  std::map<std::string, std::int64_t> counts;
  for (const std::string& line : Lines(r.out)) {
    ++counts[nlohmann::json::parse(line)["doc"].get<std::string>()];
  }
  return counts;
}

// Documents stored so far, or -1 while the file or its tables do not exist.
std::int64_t StoredDocuments(const qt_test::fs::path& db) {
  if (!qt_test::fs::exists(db)) return -1;
  try {
    Db d(db);
    return d.Count("SELECT COUNT(*) FROM documents");
  } catch (const std::exception&) {
    return -1;
  }
}

// Every document in the store holds exactly the quotes extract finds; no
// quote, speaker or FTS row belongs to a missing document.
void CheckWholeDocuments(const qt_test::fs::path& dbpath,
                         const std::map<std::string, std::int64_t>& expected) {
  Db db(dbpath);
  CHECK(db.Query("PRAGMA integrity_check") == std::vector<std::vector<std::string>>{{"ok"}});
  CHECK(db.Query("PRAGMA foreign_key_check").empty());
  auto rows = db.Query(
      "SELECT d.doc_key, (SELECT COUNT(*) FROM quotes q WHERE q.doc_id = d.id) FROM documents d");
  for (const auto& row : rows) {
    INFO("document " << row[0]);
    auto it = expected.find(row[0]);
    REQUIRE(it != expected.end());
    CHECK(std::stoll(row[1]) == it->second);
  }
  CHECK(db.Count("SELECT COUNT(*) FROM quotes WHERE doc_id NOT IN (SELECT id FROM documents)") ==
        0);
  CHECK(db.Count("SELECT COUNT(*) FROM quotes_fts") == db.Count("SELECT COUNT(*) FROM quotes"));
  CHECK(db.Count("SELECT COUNT(*) FROM quotes WHERE statement_id IS NULL OR statement_id NOT IN "
                 "(SELECT id FROM statements)") == 0);
}

}  // namespace

TEST_CASE("ingest killed with SIGKILL mid-run leaves whole documents only", "[crash]") {
  TempDir dir("crash");
  const auto db = dir.path / "s.db";
  int n = 400;
  bool killed = false;
  std::int64_t at_kill = 0;
  // A fast machine may finish a small corpus before the kill lands: grow the
  // corpus and try again.
  for (int attempt = 0; attempt < 4 && !killed; ++attempt, n *= 2) {
    qt_test::fs::remove_all(dir.path / "corpus");
    for (const char* ext : {"", "-wal", "-shm"}) {
      qt_test::fs::remove(qt_test::fs::path(db.string() + ext));
    }
    qt_test::WriteCorpus(dir.path / "corpus", n);
    Child ingest({"ingest", "--db", "s.db", "-q", "-j", "2", "corpus"}, dir.path, "crash");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (ingest.Running() && std::chrono::steady_clock::now() < deadline) {
      std::int64_t docs = StoredDocuments(db);
      // Past the first tenth of the run, well before the end.
      if (docs >= n / 10 && docs < n - 10) {
        ingest.Kill(SIGKILL);
        killed = ingest.term_signal == SIGKILL;
        at_kill = docs;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (!killed) ingest.Wait(300);
  }
  REQUIRE(killed);
  INFO("killed after " << at_kill << " of " << n / 2 << " documents");

  const int total = n / 2;  // the loop doubled n after the successful attempt
  const auto expected = ExtractCounts(dir.path, "corpus");
  REQUIRE(expected.size() == static_cast<std::size_t>(total));
  std::int64_t expected_quotes = 0;
  for (const auto& [doc, count] : expected) expected_quotes += count;
  REQUIRE(expected_quotes >= total);

  const std::int64_t stored = StoredDocuments(db);
  CHECK(stored >= at_kill);
  CHECK(stored < total);
  CheckWholeDocuments(db, expected);

  // The second run stores the rest; nothing twice.
  auto again = Run({"ingest", "--db", "s.db", "-q", "-j", "2", "corpus"}, dir.path);
  INFO("stderr: " << again.err);
  REQUIRE(again.exit_code == 0);
  CheckWholeDocuments(db, expected);
  Db d(db);
  CHECK(d.Count("SELECT COUNT(*) FROM documents") == total);
  CHECK(d.Count("SELECT COUNT(DISTINCT doc_key) FROM documents") == total);
  CHECK(d.Count("SELECT COUNT(*) FROM quotes") == expected_quotes);

  // And a third run changes nothing.
  auto third = Run({"ingest", "--db", "s.db", "-q", "corpus"}, dir.path);
  REQUIRE(third.exit_code == 0);
  CHECK(d.Count("SELECT COUNT(*) FROM quotes") == expected_quotes);
}
