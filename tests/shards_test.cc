// shards: the map-step contract of DESIGN.md "Scale". `extract` run as two
// independent workers over two shards of a corpus (at the same time, as a
// batch engine would), their extraction records then loaded with
// `ingest --records`, gives the same store as one `ingest` of all articles:
// the same documents, quotes, speakers and statements, quote for quote.
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "quotetrack/store.h"

extern char** environ;

namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag) {
    path = fs::temp_directory_path() / fmt::format("qt_shards_test_{}_{}", tag, ::getpid());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Starts QT_BINARY with `args`; stdin from `in` (if not empty), stdout to `out`.
pid_t Start(const std::vector<std::string>& args, const std::string& in, const std::string& out) {
  std::vector<std::string> all = {QT_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (!in.empty()) posix_spawn_file_actions_addopen(&fa, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

int Wait(pid_t pid) {
  if (pid < 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int Run(const std::vector<std::string>& args, const std::string& out) {
  return Wait(Start(args, "", out));
}

using QuoteKey = std::tuple<std::string, std::int64_t, std::int64_t, std::string, std::string,
                            std::string, std::string, std::string, std::string, std::string>;

struct Contents {
  std::int64_t documents = 0;
  std::int64_t quotes = 0;
  std::size_t speakers = 0;
  std::size_t statements = 0;
  std::size_t shared_statements = 0;  // carried by two sources or more
  std::vector<QuoteKey> rows;         // sorted
};

Contents Load(const fs::path& db) {
  qt::Status st;
  std::unique_ptr<qt::Store> store = qt::Store::Open(db.string(), &st);
  INFO(st.message());
  REQUIRE(store);
  Contents c;
  c.documents = store->DocumentCount();
  c.quotes = store->QuoteCount();
  c.speakers = store->Speakers().size();
  c.statements = store->Statements(qt::StatementFilter{}).size();
  qt::StatementFilter shared;
  shared.min_sources = 2;
  c.shared_statements = store->Statements(shared).size();
  for (const qt::QuoteRow& r : store->Quotes()) {
    c.rows.emplace_back(r.doc, r.start, r.end, r.text, r.kind, r.speaker, r.outlet, r.via,
                        r.variant, r.context);
  }
  std::sort(c.rows.begin(), c.rows.end());
  return c;
}

void RequireSame(const Contents& one, const Contents& sharded) {
  CHECK(sharded.documents == one.documents);
  CHECK(sharded.quotes == one.quotes);
  CHECK(sharded.speakers == one.speakers);
  CHECK(sharded.statements == one.statements);
  CHECK(sharded.shared_statements == one.shared_statements);
  REQUIRE(sharded.rows.size() == one.rows.size());
  for (std::size_t i = 0; i < one.rows.size(); ++i) {
    INFO("quote " << i << " of " << std::get<0>(one.rows[i]) << ": " << std::get<3>(one.rows[i]));
    CHECK(sharded.rows[i] == one.rows[i]);
  }
}

// Invented wire copy: one statement carried by several outlets, cut and
// altered on the way, plus reported speech and a second speaker.
const char* const kArticles[] = {
    R"({"id": "nbw-0412", "url": "https://northbridgewire.example/a/0412", "outlet": "Northbridge Wire", "published": "2025-04-12T08:10:00Z", "title": "Kestria halts ferry tender", "text": "VARNHOLM, Kestria (NBW) \u2014 Kestria suspended the tender for the Lyrac ferry service on Friday after auditors found gaps in the bidding file.\n\n\u201cThe Port Commission must explain why 40 million was spent without a single tender,\u201d Finance Minister Oksana Dravetska told reporters in Varnholm. \u201cUntil it does, nothing else will be signed.\u201d\n\nThe commission said it would publish its accounts next week."})",
    R"({"id": "courier-0412", "url": "https://valdorcourier.example/b/0412", "outlet": "The Valdor Courier", "published": "2025-04-12T11:30:00Z", "title": "Ferry money under scrutiny", "text": "The Kestrian finance minister has turned on the Port Commission.\n\n\u201cThe Port Commission must explain why 40 million was spent without a single tender,\u201d Oksana Dravetska said on Friday.\n\nHarbour pilots in Lyrac, who have worked without a contract since January, said they would strike on Monday."})",
    R"({"id": "klaxon-0413", "url": "https://dailyklaxon.example/c/0413", "outlet": "The Daily Klaxon", "published": "2025-04-13T06:00:00Z", "title": "FERRY FIASCO", "text": "Minister Oksana Dravetskaya has blasted port bosses over the ferry deal.\n\n\"The Port Commission must explain why 70 million was spent without a single tender,\" she fumed.\n\nREAD MORE: Lyrac pilots walk out\n\nThe commission's chairman, Tomas Halberg, said the figures had been \"taken out of context\" and insisted that every payment had been approved by parliament."})",
    R"({"id": "ledger-0414", "url": "https://harcourtledger.example/d/0414", "outlet": "The Harcourt Ledger", "published": "2025-04-14T09:45:00Z", "title": "Port Commission defends ferry spending", "text": "Tomas Halberg, chairman of the Port Commission, said on Monday that every payment for the ferry service had been approved by parliament.\n\n\u201cWe have nothing to hide, and the accounts will show it,\u201d Mr Halberg said.\n\nAccording to Ms Dravetska, the commission must explain why 40 million was spent without a tender."})",
};

}  // namespace

TEST_CASE(
    "extract over two shards in parallel then ingest --records equals one ingest of the samples",
    "[shards]") {
  TempDir tmp("samples");
  const fs::path articles = fs::path(QT_SAMPLES_DIR) / "articles";
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(articles))
    if (e.is_regular_file()) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 4);
  const std::size_t half = files.size() / 2;

  // Two map workers at the same time, each over its own shard.
  std::vector<std::string> a = {"extract", "--with-documents", "-q", "-j", "1"};
  std::vector<std::string> b = a;
  a.insert(a.end(), files.begin(), files.begin() + static_cast<long>(half));
  b.insert(b.end(), files.begin() + static_cast<long>(half), files.end());
  const fs::path ra = tmp.path / "shard-a.jsonl", rb = tmp.path / "shard-b.jsonl";
  const pid_t pa = Start(a, "", ra.string());
  const pid_t pb = Start(b, "", rb.string());
  REQUIRE(Wait(pa) == 0);
  REQUIRE(Wait(pb) == 0);
  REQUIRE(fs::file_size(ra) > 0);
  REQUIRE(fs::file_size(rb) > 0);

  const fs::path sharded = tmp.path / "sharded.db", one = tmp.path / "one.db";
  const fs::path log = tmp.path / "log.txt";
  REQUIRE(Run({"ingest", "-q", "--db", sharded.string(), "--records", ra.string(), rb.string()},
              log.string()) == 0);
  REQUIRE(Run({"ingest", "-q", "--db", one.string(), articles.string()}, log.string()) == 0);

  const Contents c1 = Load(one);
  const Contents c2 = Load(sharded);
  CHECK(c1.documents ==
        static_cast<std::int64_t>(files.size()) + 2);  // the .jsonl file holds 3 records
  CHECK(c1.quotes > 20);
  CHECK(c1.shared_statements > 0);
  RequireSame(c1, c2);
}

TEST_CASE("extract reading JSON Lines shards on stdin then ingest --records equals one ingest",
          "[shards]") {
  TempDir tmp("stdin");
  const fs::path all = tmp.path / "all.jsonl", s1 = tmp.path / "s1.jsonl",
                 s2 = tmp.path / "s2.jsonl";
  {
    std::ofstream o(all, std::ios::binary), o1(s1, std::ios::binary), o2(s2, std::ios::binary);
    for (std::size_t i = 0; i < std::size(kArticles); ++i) {
      o << kArticles[i] << "\n";
      (i < 2 ? o1 : o2) << kArticles[i] << "\n";
    }
  }
  // As a streaming map step runs it: records on stdin, extraction records on stdout.
  const std::vector<std::string> args = {"extract", "--jsonl-input", "--with-documents", "-q", "-"};
  const fs::path r1 = tmp.path / "r1.jsonl", r2 = tmp.path / "r2.jsonl";
  const pid_t p1 = Start(args, s1.string(), r1.string());
  const pid_t p2 = Start(args, s2.string(), r2.string());
  REQUIRE(Wait(p1) == 0);
  REQUIRE(Wait(p2) == 0);

  const fs::path sharded = tmp.path / "sharded.db", one = tmp.path / "one.db";
  const fs::path log = tmp.path / "log.txt";
  REQUIRE(Run({"ingest", "-q", "--db", sharded.string(), "--records", r1.string(), r2.string()},
              log.string()) == 0);
  REQUIRE(Run({"ingest", "-q", "--db", one.string(), all.string()}, log.string()) == 0);

  const Contents c1 = Load(one);
  const Contents c2 = Load(sharded);
  CHECK(c1.documents == 4);
  CHECK(c1.quotes >= 5);
  // The minister's line is carried by three outlets: one statement.
  CHECK(c1.shared_statements >= 1);
  RequireSame(c1, c2);
}
