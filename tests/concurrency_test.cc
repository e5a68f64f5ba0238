// concurrency: the store is one SQLite file in WAL mode with a busy timeout.
// Readers (`quotes`, `export`, `search`) must work while an ingest writes,
// and two ingests of overlapping inputs into one store at once must both
// succeed and store each document once.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "process_util.h"

namespace {

using qt_test::Child;
using qt_test::Db;
using qt_test::Lines;
using qt_test::Run;
using qt_test::TempDir;

std::map<std::string, std::int64_t> ExtractCounts(const qt_test::fs::path& cwd,
                                                  const std::vector<std::string>& paths) {
  std::vector<std::string> args = {"extract", "-q"};
  args.insert(args.end(), paths.begin(), paths.end());
  auto r = Run(args, cwd);
  REQUIRE(r.exit_code == 0);
  std::map<std::string, std::int64_t> counts;
  for (const std::string& line : Lines(r.out)) {
    ++counts[nlohmann::json::parse(line)["doc"].get<std::string>()];
  }
  return counts;
}

}  // namespace

TEST_CASE("readers work while an ingest is writing", "[concurrency]") {
  TempDir dir("readers");
  qt_test::WriteCorpus(dir.path / "first", 16, "f");
  auto seed = Run({"ingest", "--db", "s.db", "-q", "first"}, dir.path);
  INFO("seed stderr: " << seed.err);
  REQUIRE(seed.exit_code == 0);

  const int n = qt_test::Sanitized() ? 150 : 400;
  qt_test::WriteCorpus(dir.path / "second", n, "s");
  Child ingest({"ingest", "--db", "s.db", "-q", "-j", "1", "second"}, dir.path, "writer");
  int rounds = 0;
  int during = 0;  // rounds that started and ended while the writer ran
  while (rounds < 3 || (ingest.Running() && rounds < 40)) {
    const bool before = ingest.Running();
    auto quotes =
        Run({"quotes", "--db", "s.db", "--speaker", "Kowal", "--format", "jsonl"}, dir.path, 120);
    auto csv = Run({"export", "--db", "s.db", "--format", "csv"}, dir.path, 120);
    auto search = Run({"search", "--db", "s.db", "budget"}, dir.path, 120);
    if (before && ingest.Running()) ++during;
    ++rounds;
    INFO("round " << rounds << " quotes: " << quotes.err << " export: " << csv.err
                  << " search: " << search.err);
    REQUIRE(quotes.exit_code == 0);
    REQUIRE(csv.exit_code == 0);
    REQUIRE(search.exit_code == 0);
    CHECK(quotes.err.empty());
    CHECK(search.err.empty());
    // What the first ingest stored is always visible.
    CHECK(Lines(quotes.out).size() >= 2);
    CHECK(Lines(csv.out).size() >= 1 + 16 * 2);
    CHECK(search.out.find("budget") != std::string::npos);
  }
  ingest.Wait(300);
  INFO("writer stderr: " << ingest.err());
  REQUIRE_FALSE(ingest.timed_out);
  CHECK(ingest.exit_code == 0);
  // The corpus is sized so that readers overlap the writer; if a very fast
  // machine finished first the test still checked readers, just not overlap.
  WARN("reader rounds during the ingest: " << during << " of " << rounds);
  Db db(dir.path / "s.db");
  CHECK(db.Count("SELECT COUNT(*) FROM documents") == 16 + n);
  CHECK(db.Query("PRAGMA integrity_check") == std::vector<std::vector<std::string>>{{"ok"}});
}

TEST_CASE("two ingests of overlapping inputs into one store at once", "[concurrency]") {
  TempDir dir("twowriters");
  const int n = qt_test::Sanitized() ? 60 : 150;
  qt_test::WriteCorpus(dir.path / "shared", n, "c");
  qt_test::WriteCorpus(dir.path / "only_a", n / 3, "a");
  qt_test::WriteCorpus(dir.path / "only_b", n / 3, "b");
  const auto expected = ExtractCounts(dir.path, {"shared", "only_a", "only_b"});
  REQUIRE(expected.size() == static_cast<std::size_t>(n + 2 * (n / 3)));

  // Both start on a store that does not exist yet: creating it and applying
  // the migrations must be safe from two processes too. B reads the shared
  // folder in the same order, so both race for the same documents.
  Child a({"ingest", "--db", "s.db", "-q", "-j", "1", "shared", "only_a"}, dir.path, "a");
  Child b({"ingest", "--db", "s.db", "-q", "-j", "1", "only_b", "shared"}, dir.path, "b");
  Child c({"ingest", "--db", "s.db", "-q", "-j", "1", "shared"}, dir.path, "c");
  a.Wait(300);
  b.Wait(300);
  c.Wait(300);
  INFO("A: " << a.err() << "\nB: " << b.err() << "\nC: " << c.err());
  REQUIRE_FALSE(a.timed_out);
  REQUIRE_FALSE(b.timed_out);
  REQUIRE_FALSE(c.timed_out);
  CHECK(a.exit_code == 0);
  CHECK(b.exit_code == 0);
  CHECK(c.exit_code == 0);

  Db db(dir.path / "s.db");
  CHECK(db.Query("PRAGMA integrity_check") == std::vector<std::vector<std::string>>{{"ok"}});
  CHECK(db.Count("SELECT COUNT(*) FROM documents") == static_cast<std::int64_t>(expected.size()));
  CHECK(db.Count("SELECT COUNT(DISTINCT doc_key) FROM documents") ==
        static_cast<std::int64_t>(expected.size()));
  auto rows = db.Query(
      "SELECT d.doc_key, (SELECT COUNT(*) FROM quotes q WHERE q.doc_id = d.id) FROM documents d");
  for (const auto& row : rows) {
    INFO("document " << row[0]);
    REQUIRE(expected.count(row[0]) == 1);
    CHECK(std::stoll(row[1]) == expected.at(row[0]));
  }
  // One speaker per person even though two processes met the names at once.
  CHECK(db.Count("SELECT COUNT(*) FROM speakers WHERE name = 'Marta Kowal'") == 1);
  CHECK(db.Count("SELECT COUNT(*) FROM speaker_aliases GROUP BY speaker_id, alias HAVING "
                 "COUNT(*) > 1") == 0);
}
