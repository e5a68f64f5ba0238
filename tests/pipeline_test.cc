// pipeline: results come back in input order whatever the number of workers,
// bad documents are counted and reported while the others go through, and
// extraction records read back into the documents they came from.
#include "quotetrack/pipeline.h"

#include <fmt/format.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "quotetrack/store.h"

namespace fs = std::filesystem;

namespace {

// A fresh folder under the system temp dir, removed at scope exit.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / fmt::format("qt_pipeline_test_{}_{}", ::getpid(),
                                                   reinterpret_cast<std::uintptr_t>(this));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void WriteFile(const fs::path& p, const std::string& body) {
  std::ofstream out(p, std::ios::binary);
  out << body;
}

const char* const kNames[] = {"Marta Kovalenko", "Piotr Abramek", "Lena Sorensen", "Tomas Okafor"};
const char* const kPlaces[] = {"harbour", "ferry terminal", "grain silo", "rail bridge"};

// Small articles, each with its own numbered quote so order can be checked.
std::string Article(int i) {
  return fmt::format(
      "Works at the {} resume\n"
      "Outlet: Coastal Ledger\n"
      "Published: 2024-03-{:02d}\n"
      "\n"
      "Repairs at the {} entered their {}th week on Monday.\n"
      "\n"
      "\"We expect crew number {} to finish the {} before the storms,\" said {}, the "
      "project director.\n",
      kPlaces[i % 4], 1 + i % 28, kPlaces[i % 4], i + 2, i, kPlaces[i % 4], kNames[i % 4]);
}

std::vector<std::string> RunOver(const std::vector<std::string>& paths, unsigned jobs,
                                 qt::PipelineStats* stats, std::vector<std::string>* errors) {
  std::vector<std::string> seen;
  qt::PipelineOptions opt;
  opt.jobs = jobs;
  qt::Status st = qt::RunExtract(
      paths, opt,
      [&](const qt::Document& doc, const std::vector<qt::Quote>& quotes) {
        std::string out = doc.id + "\n";
        for (const qt::Quote& q : quotes) {
          out += fmt::format("{} [{}] {}", qt::ToString(q.kind), q.speaker, q.text);
          for (const qt::Span& sp : q.content) out += fmt::format(" {}-{}", sp.start, sp.end);
          out += "\n";
        }
        seen.push_back(out);
      },
      [&](const std::string& line) { errors->push_back(line); }, stats);
  (void)st;
  return seen;
}

}  // namespace

TEST_CASE("RunExtract delivers documents in input order for any number of jobs", "[pipeline]") {
  TempDir dir;
  std::vector<std::string> paths;
  for (int i = 0; i < 40; ++i) {
    fs::path p = dir.path / fmt::format("article_{:03d}.txt", i);
    WriteFile(p, Article(i));
    paths.push_back(p.string());
  }
  qt::PipelineStats s1, s2, s3;
  std::vector<std::string> e1, e2, e3;
  auto one = RunOver(paths, 1, &s1, &e1);
  auto two = RunOver(paths, 2, &s2, &e2);
  auto four = RunOver(paths, 4, &s3, &e3);
  REQUIRE(one.size() == 40);
  CHECK(e1.empty());
  CHECK(two == one);
  CHECK(four == one);
  for (int i = 0; i < 40; ++i) CHECK(one[i].rfind(paths[i] + "\n", 0) == 0);
  CHECK(s1.documents == 40);
  CHECK(s2.documents == 40);
  CHECK(s1.failed == 0);
  CHECK(s1.quotes == s2.quotes);
  CHECK(s1.bytes == s2.bytes);
  CHECK(s1.bytes > 0);
}

TEST_CASE("With two jobs the calling thread extracts while the next document is not ready",
          "[pipeline]") {
  // jobs threads extract in all: one worker, and the calling thread (which
  // also delivers) whenever the document due next is not done. Here the
  // worker is slow, so the calling thread must extract too, and the output
  // is still in input order.
  TempDir dir;
  std::vector<std::string> paths;
  for (int i = 0; i < 24; ++i) {
    fs::path p = dir.path / fmt::format("slow_{:02d}.txt", i);
    WriteFile(p, Article(i));
    paths.push_back(p.string());
  }
  const std::thread::id caller = std::this_thread::get_id();
  std::mutex mu;
  std::set<std::thread::id> formatters;
  std::size_t by_caller = 0;
  std::vector<std::string> written;
  qt::PipelineOptions opt;
  opt.jobs = 2;
  qt::PipelineStats stats;
  std::vector<std::string> errors;
  qt::Status st = qt::RunExtractFormatted(
      paths, opt,
      [&](const qt::Document& doc, const std::vector<qt::Quote>& quotes, std::string* out) {
        const bool mine = std::this_thread::get_id() == caller;
        {
          std::lock_guard<std::mutex> lock(mu);
          formatters.insert(std::this_thread::get_id());
          if (mine) ++by_caller;
        }
        if (!mine) std::this_thread::sleep_for(std::chrono::milliseconds(15));
        *out = doc.id + " " + std::to_string(quotes.size()) + "\n";
      },
      [&](std::string_view text) { written.emplace_back(text); },
      [&](const std::string& line) { errors.push_back(line); }, &stats);
  CHECK(st.ok());
  CHECK(errors.empty());
  REQUIRE(written.size() == paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) CHECK(written[i] == paths[i] + " 1\n");
  CHECK(formatters.size() <= 2);  // never more extracting threads than jobs
  CHECK(by_caller > 0);
}

TEST_CASE("RunExtract counts bad documents and missing paths and keeps going", "[pipeline]") {
  TempDir dir;
  fs::path good1 = dir.path / "good1.txt";
  fs::path bad = dir.path / "bad.txt";
  fs::path good2 = dir.path / "good2.txt";
  WriteFile(good1, Article(1));
  WriteFile(bad, std::string("Broken title\n\nInvalid \xff\xfe bytes \"here,\" he said.\n"));
  WriteFile(good2, Article(2));
  const std::string missing = (dir.path / "no_such_article.txt").string();
  for (unsigned jobs : {1u, 2u}) {
    INFO("jobs " << jobs);
    qt::PipelineStats stats;
    std::vector<std::string> errors;
    std::vector<std::string> ids;
    qt::PipelineOptions opt;
    opt.jobs = jobs;
    qt::Status st = qt::RunExtract(
        {good1.string(), bad.string(), missing, good2.string()}, opt,
        [&](const qt::Document& doc, const std::vector<qt::Quote>&) { ids.push_back(doc.id); },
        [&](const std::string& line) { errors.push_back(line); }, &stats);
    CHECK_FALSE(st.ok());
    CHECK(ids == std::vector<std::string>{good1.string(), good2.string()});
    CHECK(stats.failed >= 1);
    bool names_bad = false, names_missing = false;
    for (const auto& e : errors) {
      if (e.find("bad.txt") != std::string::npos) names_bad = true;
      if (e.find("no_such_article.txt") != std::string::npos) names_missing = true;
    }
    CHECK(names_bad);
    CHECK(names_missing);
  }
}

TEST_CASE("Extraction records read back into documents with their quotes", "[pipeline]") {
  TempDir dir;
  fs::path records = dir.path / "part-0.jsonl";
  // Lines as `extract` writes them: a.txt (two quotes), a broken line, then
  // b.txt with its document record (`extract --with-documents`).
  WriteFile(records,
            "{\"doc\":\"a.txt\",\"outlet\":\"Coastal Ledger\",\"kind\":\"direct\","
            "\"text\":\"We expect the crew to finish\",\"content\":[{\"start\":40,\"end\":68}],"
            "\"cue\":{\"start\":71,\"end\":75,\"text\":\"said\"},\"source\":null,"
            "\"speaker\":\"Marta Kovalenko\",\"speaker_kind\":\"person\",\"role\":null,"
            "\"via\":null}\n"
            "{\"doc\":\"a.txt\",\"outlet\":\"Coastal Ledger\",\"kind\":\"indirect\","
            "\"text\":\"the bridge would reopen in May\",\"content\":[{\"start\":120,\"end\":150}],"
            "\"cue\":null,\"source\":null,\"speaker\":null,\"speaker_kind\":null,\"role\":null,"
            "\"via\":null}\n"
            "{not json\n"
            "{\"document\":{\"id\":\"b.txt\",\"url\":\"\",\"outlet\":\"\",\"published\":"
            "\"2024-03-02\",\"title\":\"B\",\"text\":\"Body of b.\",\"furniture\":[]}}\n"
            "{\"doc\":\"b.txt\",\"outlet\":null,\"kind\":\"direct\","
            "\"text\":\"We expect the crew to finish before the storms\","
            "\"content\":[{\"start\":40,\"end\":86}],"
            "\"cue\":{\"start\":89,\"end\":93,\"text\":\"said\"},"
            "\"source\":{\"start\":94,\"end\":109,\"text\":\"Marta Kovalenko\"},"
            "\"speaker\":\"Marta Kovalenko\",\"speaker_kind\":\"person\",\"role\":null,"
            "\"via\":null,\"sentence\":{\"start\":0,\"end\":10}}\n");
  std::vector<qt::Document> docs;
  std::vector<std::vector<qt::Quote>> quotes;
  std::vector<std::string> errors;
  qt::Status st = qt::ReadExtractionRecords(
      records.string(),
      [&](qt::Document&& d, std::vector<qt::Quote>&& q) {
        docs.push_back(std::move(d));
        quotes.push_back(std::move(q));
      },
      [&](const std::string& e) { errors.push_back(e); });
  CHECK(st.ok());
  // The malformed line belongs to document a.txt, which is dropped whole.
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("part-0.jsonl:3:") != std::string::npos);
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].id == "b.txt");
  CHECK(docs[0].published == "2024-03-02");
  CHECK(docs[0].text == "Body of b.");
  REQUIRE(quotes[0].size() == 1);
  CHECK(quotes[0][0].text == "We expect the crew to finish before the storms");
  CHECK(quotes[0][0].content == std::vector<qt::Span>{{40, 86}});
  REQUIRE(quotes[0][0].cue.has_value());
  CHECK(quotes[0][0].cue->text == "said");
  CHECK(quotes[0][0].source->text == "Marta Kovalenko");
  CHECK(quotes[0][0].speaker_kind == qt::SpeakerKind::kPerson);
  CHECK(quotes[0][0].sentence == qt::Span{0, 10});
}

TEST_CASE("RunIngest stores every good document once", "[pipeline]") {
  TempDir dir;
  std::vector<std::string> paths;
  for (int i = 0; i < 6; ++i) {
    fs::path p = dir.path / fmt::format("a{}.txt", i);
    WriteFile(p, Article(i));
    paths.push_back(p.string());
  }
  qt::Status st;
  auto store = qt::Store::Open(":memory:", &st);
  REQUIRE(store);
  REQUIRE(st.ok());
  qt::PipelineOptions opt;
  opt.jobs = 2;
  qt::PipelineStats first, second;
  std::vector<std::string> errors;
  auto on_error = [&](const std::string& e) { errors.push_back(e); };
  CHECK(qt::RunIngest(paths, *store, opt, on_error, &first).ok());
  CHECK(first.added == 6);
  CHECK(store->DocumentCount() == 6);
  CHECK(qt::RunIngest(paths, *store, opt, on_error, &second).ok());
  CHECK(second.added == 0);
  CHECK(second.unchanged == 6);
  CHECK(store->DocumentCount() == 6);
  CHECK(errors.empty());
}

TEST_CASE("RunIngest gives the same store for any number of jobs and commits before returning",
          "[pipeline]") {
  TempDir dir;
  std::vector<std::string> paths;
  for (int i = 0; i < 40; ++i) {
    fs::path p = dir.path / fmt::format("b{:02d}.txt", i);
    // Every fourth article repeats an earlier one's quote under another
    // title: statements span documents, so matching has work to do.
    WriteFile(p, Article(i % 4 == 3 ? i - 1 : i));
    paths.push_back(p.string());
  }
  auto snapshot = [&](unsigned jobs) {
    const fs::path db = dir.path / fmt::format("s{}.db", jobs);
    qt::Status st;
    auto store = qt::Store::Open(db.string(), &st);
    REQUIRE(store);
    qt::PipelineOptions opt;
    opt.jobs = jobs;
    qt::PipelineStats stats;
    std::vector<std::string> errors;
    REQUIRE(qt::RunIngest(
                paths, *store, opt, [&](const std::string& e) { errors.push_back(e); }, &stats)
                .ok());
    CHECK(errors.empty());
    CHECK(stats.added == paths.size());
    // Another connection sees every document: the last batch was committed.
    auto reader = qt::Store::Open(db.string(), &st);
    REQUIRE(reader);
    CHECK(reader->DocumentCount() == static_cast<std::int64_t>(paths.size()));
    std::vector<std::string> rows;
    for (const auto& r : reader->Quotes()) {
      rows.push_back(fs::path(r.doc).filename().string() + "|" + r.text + "|" + r.speaker + "|" +
                     r.variant + "|" + std::to_string(r.statement_id));
    }
    return rows;
  };
  const auto one = snapshot(1);
  REQUIRE(one.size() == paths.size());
  // b03 repeats b02: the same statement.
  CHECK(one[3].substr(one[3].rfind('|')) == one[2].substr(one[2].rfind('|')));
  CHECK(snapshot(2) == one);
  CHECK(snapshot(3) == one);
}
