// qt_bench: speed and memory of quotetrack on synthetic corpora.
//
//   qt_bench [--sizes 10000,100000,1000000] [--seed S] [--workdir DIR]
//            [--binary PATH] [--reps N] [--jobs 1,2] [--corpus FILE.jsonl] [--keep]
//            [--skip-match] [--skip-extract] [--no-match-above N] [--store-path]
//            [--latency-only]
//
// For each size (a number of quotes) it generates a corpus (corpus.h) as one
// JSON Lines file, then measures, each phase in a child process so that the
// peak RSS (getrusage ru_maxrss of that child) belongs to that phase alone:
//   - extract MB/s: qt::ExtractQuotes over documents already in memory, one core;
//   - extract streaming: qt::RunExtractFormatted (what `extract` does:
//     records formatted on the workers, counted instead of written), jobs=1
//     and the last --jobs value, reading the file (the memory of a map-step
//     worker, which must stay flat in corpus size), and the speed-up;
//   - statement matching alone: the quotes extracted above fed in order through
//     qt::CandidateKeys, qt::CandidateIndex and qt::Compare the way the store
//     files them (new statement unless a candidate root says same_statement);
//   - ingest MB/s including store and matching: qt::RunIngest with each --jobs
//     value into a fresh database file, and the ratio to jobs=1; for sizes
//     above --no-match-above, without statement matching (every quote its own
//     statement: the store path alone), marked as such in the table;
//   - with --store-path, also the store path alone (matching off) at jobs=1;
//   - --skip-extract leaves out the extract phases (a large store built for
//     query latency needs only generate and ingest);
//   - --latency-only measures only the queries, on the stores and query files
//     an earlier run left in --workdir with --keep;
//   - `quotes --speaker` and `search` latency on the resulting store: the
//     library calls (Store::Quotes, Store::Search) and, with --binary, the
//     command run as a process; medians over --reps runs of several queries.
// Figures are printed as a table, sizes as columns. No figure is asserted.
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "corpus.h"
#include "quotetrack/attribute.h"
#include "quotetrack/ingest.h"
#include "quotetrack/match.h"
#include "quotetrack/pipeline.h"
#include "quotetrack/report.h"
#include "quotetrack/store.h"

extern char** environ;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Results = std::map<std::string, double>;

namespace {

double Seconds(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// Runs `fn` in a child process. The child reports "key value" lines through a
// pipe; the parent adds "rss_mb", the child's peak resident set.
Results InChild(const std::string& phase, const std::function<void(Results&)>& fn) {
  std::cerr << "  " << phase << " ..." << std::flush;
  const auto t0 = Clock::now();
  int fds[2];
  if (pipe(fds) != 0) {
    perror("pipe");
    std::exit(1);
  }
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    Results r;
    int code = 0;
    try {
      fn(r);
    } catch (const std::exception& e) {
      std::cerr << "\nqt_bench: " << phase << ": " << e.what() << "\n";
      code = 1;
    }
    std::string out;
    for (const auto& [k, v] : r) out += fmt::format("{} {:.17g}\n", k, v);
    std::size_t off = 0;
    while (off < out.size()) {
      const ssize_t w = write(fds[1], out.data() + off, out.size() - off);
      if (w <= 0) break;
      off += static_cast<std::size_t>(w);
    }
    close(fds[1]);
    std::fflush(nullptr);
    _exit(code);
  }
  close(fds[1]);
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  Results r;
  std::istringstream in(text);
  std::string k;
  double v;
  while (in >> k >> v) r[k] = v;
  r["rss_mb"] = static_cast<double>(ru.ru_maxrss) / 1024.0;
  r["cpu_s"] = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
               static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) r["failed"] = 1;
  std::cerr << fmt::format(" {:.1f} s{}\n", Seconds(t0), r.count("failed") ? " (FAILED)" : "");
  return r;
}

// Runs a command with stdout and stderr sent to /dev/null; wall time in ms.
double TimeCommand(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  const auto t0 = Clock::now();
  pid_t pid;
  if (posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  posix_spawn_file_actions_destroy(&fa);
  return Seconds(t0) * 1000.0;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(line);
  return out;
}

struct Config {
  std::vector<std::size_t> sizes = {10000};
  std::uint64_t seed = 7;
  std::string workdir = "bench-work";
  std::string binary;
  std::string corpus;
  std::size_t reps = 5;
  std::vector<unsigned> jobs = {1, 2};
  bool keep = false;
  bool skip_match = false;         // no matching-alone phase (ingest still matches)
  bool skip_extract = false;       // no extract phases: generate, ingest, latency only
  std::size_t no_match_above = 0;  // sizes above: ingest without matching (0: never)
  bool store_path = false;         // also time ingest with matching off, jobs=1
  bool latency_only = false;  // only the latency phase, on stores kept by an earlier --keep run
};

struct Column {
  std::string label;
  Results gen, extract, stream, stream_par, match, latency, store_path;
  std::map<unsigned, Results> ingest;
  bool ingest_matched = true;
};

void NoErrors(const std::string&) {}

// This process's peak resident set so far (VmHWM), MB; 0 if unknown.
double PeakRssMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return 0.0;
}

Column RunSize(const Config& cfg, std::size_t size) {
  Column col;
  fs::create_directories(cfg.workdir);
  const std::string tag = cfg.corpus.empty() ? std::to_string(size) : "corpus";
  col.label = cfg.corpus.empty() ? fmt::format("{} quotes", size)
                                 : fs::path(cfg.corpus).filename().string();
  const std::string corpus =
      cfg.corpus.empty() ? fmt::format("{}/corpus-{}.jsonl", cfg.workdir, tag) : cfg.corpus;
  const std::string speakers_file = fmt::format("{}/speakers-{}.txt", cfg.workdir, tag);
  const std::string terms_file = fmt::format("{}/terms-{}.txt", cfg.workdir, tag);
  std::cerr << col.label << ":\n";
  if (cfg.latency_only) {
    for (const unsigned j : cfg.jobs) col.ingest[j] = Results{};
  } else {
    col.gen = InChild("generate", [&](Results& r) {
      qtbench::CorpusOptions opt;
      opt.seed = cfg.seed;
      opt.quotes = size;
      qtbench::CorpusGenerator gen(opt);
      qtbench::Article a;
      if (cfg.corpus.empty()) {
        std::ofstream out(corpus, std::ios::binary);
        while (gen.Next(&a)) out << qtbench::ToJsonl(a);
        r["generated_quotes"] = static_cast<double>(gen.quotes_emitted());
      } else {
        // Speaker names and terms still come from a generator of this size.
        while (gen.Next(&a)) {
        }
      }
      std::ofstream sp(speakers_file), te(terms_file);
      for (const auto& s : gen.SampleSpeakerNames(12)) sp << s << "\n";
      for (const auto& t : gen.SampleSearchTerms(12)) te << t << "\n";
    });

    // Extraction over documents in memory, one core; then matching alone over
    // the quotes it found.
    if (!cfg.skip_extract) col.extract = InChild("extract (in memory, 1 core) + matching", [&](Results& r) {
      std::vector<qt::Document> docs;
      qt::Status st = qt::ReadPath(
          corpus,
          [&](qt::Document&& d) {
            docs.push_back(std::move(d));
            return true;
          },
          NoErrors);
      if (!st.ok()) throw std::runtime_error(st.message());
      std::size_t bytes = 0;
      for (const auto& d : docs) bytes += d.text.size();
      struct Q {
        std::string text, speaker;
        qt::QuoteKind kind;
      };
      std::vector<Q> quotes;
      auto t0 = Clock::now();
      for (const auto& d : docs) {
        for (qt::Quote& q : qt::ExtractQuotes(d))
          quotes.push_back({std::move(q.text), std::move(q.speaker), q.kind});
      }
      const double secs = Seconds(t0);
      r["documents"] = static_cast<double>(docs.size());
      r["bytes"] = static_cast<double>(bytes);
      r["quotes"] = static_cast<double>(quotes.size());
      r["seconds"] = secs;
      r["mbps"] = static_cast<double>(bytes) / 1e6 / secs;
      docs.clear();
      docs.shrink_to_fit();
      if (cfg.skip_match) return;

      // Statement matching alone: candidates from the index, compared with roots.
      qt::CandidateIndex index;
      std::vector<std::size_t> roots;  // statement id -> quote index
      std::size_t comparisons = 0;
      t0 = Clock::now();
      double keys_s = 0, cand_s = 0, cmp_s = 0;
      for (std::size_t i = 0; i < quotes.size(); ++i) {
        const Q& q = quotes[i];
        auto a = Clock::now();
        const std::vector<std::uint64_t> keys = qt::CandidateKeys(q.text);
        auto b = Clock::now();
        const std::vector<std::int64_t> cands = index.Candidates(keys, 16);
        auto c = Clock::now();
        const qt::MatchInput me{q.text, q.kind, q.speaker};
        bool found = false;
        double best = -1;
        for (const std::int64_t cand : cands) {
          const Q& root = quotes[roots[static_cast<std::size_t>(cand)]];
          const qt::Comparison cmp =
              qt::Compare(qt::MatchInput{root.text, root.kind, root.speaker}, me);
          ++comparisons;
          if (cmp.same_statement && cmp.score > best) {
            best = cmp.score;
            found = true;
          }
        }
        auto d = Clock::now();
        keys_s += std::chrono::duration<double>(b - a).count();
        cand_s += std::chrono::duration<double>(c - b).count();
        cmp_s += std::chrono::duration<double>(d - c).count();
        if (!found) {
          index.Add(static_cast<std::int64_t>(roots.size()), keys);
          roots.push_back(i);
        }
      }
      r["match_seconds"] = Seconds(t0);
      r["match_keys_seconds"] = keys_s;
      r["match_candidates_seconds"] = cand_s;
      r["match_compare_seconds"] = cmp_s;
      r["match_statements"] = static_cast<double>(roots.size());
      r["match_comparisons"] = static_cast<double>(comparisons);
    });

    // What `extract` does: records formatted on the workers, here counted
    // instead of written.
    auto stream = [&](unsigned j) {
      return InChild(fmt::format("extract (streaming, jobs={})", j), [&](Results& r) {
        qt::PipelineOptions opt;
        opt.jobs = j;
        qt::PipelineStats stats;
        std::size_t out_bytes = 0;
        const auto t0 = Clock::now();
        qt::Status st = qt::RunExtractFormatted(
            {corpus}, opt,
            [](const qt::Document& doc, const std::vector<qt::Quote>& q, std::string* text) {
              qt::AppendExtractionRecords(*text, doc, q, false);
            },
            [&](std::string_view text) { out_bytes += text.size(); }, NoErrors, &stats);
        const double secs = Seconds(t0);
        if (!st.ok()) throw std::runtime_error(st.message());
        r["mbps"] = static_cast<double>(stats.bytes) / 1e6 / secs;
        r["quotes"] = static_cast<double>(stats.quotes);
        r["out_bytes"] = static_cast<double>(out_bytes);
      });
    };
    const unsigned par = cfg.jobs.empty() ? 1 : cfg.jobs.back();
    if (!cfg.skip_extract) {
      col.stream = stream(1);
      if (par > 1) col.stream_par = stream(par);
    }

    auto ingest = [&](const std::string& db, unsigned j, bool match) {
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
      return InChild(fmt::format("ingest (jobs={}{})", j, match ? "" : ", no matching"),
                     [&](Results& r) {
                       qt::Status st;
                       qt::StoreOptions so;
                       so.match_statements = match;
                       std::unique_ptr<qt::Store> store = qt::Store::Open(db, so, &st);
                       if (!store) throw std::runtime_error(st.message());
                       qt::PipelineOptions opt;
                       opt.jobs = j;
                       qt::PipelineStats stats;
                       const auto t0 = Clock::now();
                       st = qt::RunIngest({corpus}, *store, opt, NoErrors, &stats);
                       const double secs = Seconds(t0);
                       if (!st.ok()) throw std::runtime_error(st.message());
                       r["seconds"] = secs;
                       r["serial_cpu_s"] = stats.serial_cpu_seconds;
                       r["bytes"] = static_cast<double>(stats.bytes);
                       r["mbps"] = static_cast<double>(stats.bytes) / 1e6 / secs;
                       r["quotes"] = static_cast<double>(store->QuoteCount());
                       r["documents"] = static_cast<double>(store->DocumentCount());
                     });
    };
    if (cfg.store_path) {
      col.store_path = ingest(fmt::format("{}/store-{}-nomatch.db", cfg.workdir, tag), 1, false);
    }
    col.ingest_matched =
        cfg.no_match_above == 0 || size <= cfg.no_match_above || !cfg.corpus.empty();
    for (const unsigned j : cfg.jobs) {
      col.ingest[j] =
          ingest(fmt::format("{}/store-{}-j{}.db", cfg.workdir, tag, j), j, col.ingest_matched);
    }

  }  // !latency_only

  const unsigned last = cfg.jobs.empty() ? 0 : cfg.jobs.back();
  if (last != 0 && !col.ingest[last].count("failed")) {
    const std::string db = fmt::format("{}/store-{}-j{}.db", cfg.workdir, tag, last);
    const std::vector<std::string> names = ReadLines(speakers_file);
    const std::vector<std::string> terms = ReadLines(terms_file);
    col.latency = InChild("latency", [&](Results& r) {
      qt::Status st;
      std::unique_ptr<qt::Store> store = qt::Store::Open(db, &st);
      if (!store) throw std::runtime_error(st.message());
      std::vector<double> q_ms, s_ms;
      std::size_t q_rows = 0, s_rows = 0;
      // One untimed pass warms the page cache and prepared statements.
      for (std::size_t rep = 0; rep <= cfg.reps; ++rep) {
        for (const auto& n : names) {
          const auto t0 = Clock::now();
          const std::size_t rows = store->Quotes(n).size();
          if (rep > 0) q_ms.push_back(Seconds(t0) * 1000), q_rows += rows;
        }
        for (const auto& t : terms) {
          const auto t0 = Clock::now();
          const std::size_t rows = store->Search(t).size();
          if (rep > 0) s_ms.push_back(Seconds(t0) * 1000), s_rows += rows;
        }
      }
      r["quotes_ms"] = Median(q_ms);
      r["quotes_max_ms"] = q_ms.empty() ? 0 : *std::max_element(q_ms.begin(), q_ms.end());
      r["quotes_rows"] =
          q_ms.empty() ? 0 : static_cast<double>(q_rows) / static_cast<double>(q_ms.size());
      r["search_ms"] = Median(s_ms);
      r["search_max_ms"] = s_ms.empty() ? 0 : *std::max_element(s_ms.begin(), s_ms.end());
      r["search_rows"] =
          s_ms.empty() ? 0 : static_cast<double>(s_rows) / static_cast<double>(s_ms.size());
      // Peak memory of the speaker and search queries alone (resident pages of
      // the memory-mapped store file included), before the statement list
      // below reads every statement.
      r["query_rss_mb"] = PeakRssMb();
      r["statements"] = static_cast<double>(store->Statements(qt::StatementFilter{}).size());
      if (!cfg.binary.empty()) {
        std::vector<double> cq, cs;
        for (std::size_t rep = 0; rep <= cfg.reps; ++rep) {
          for (const auto& n : names) {
            const double ms = TimeCommand({cfg.binary, "quotes", "--db", db, "--speaker", n});
            if (rep > 0) cq.push_back(ms);
          }
          for (const auto& t : terms) {
            const double ms = TimeCommand({cfg.binary, "search", "--db", db, t});
            if (rep > 0) cs.push_back(ms);
          }
        }
        r["cli_quotes_ms"] = Median(cq);
        r["cli_search_ms"] = Median(cs);
      }
    });
  }
  if (!cfg.keep && cfg.corpus.empty()) {
    std::error_code ec;
    fs::remove(corpus, ec);
  }
  return col;
}

std::string Get(const Results& r, const std::string& key, const char* fmtstr = "{:.1f}") {
  if (r.count("failed")) return "FAILED";
  auto it = r.find(key);
  if (it == r.end()) return "-";
  return fmt::format(fmt::runtime(fmtstr), it->second);
}

void PrintTable(const Config& cfg, const std::vector<Column>& cols) {
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  auto row = [&](const std::string& name, const std::function<std::string(const Column&)>& f) {
    std::vector<std::string> cells;
    for (const auto& c : cols) cells.push_back(f(c));
    rows.emplace_back(name, cells);
  };
  row("documents", [](const Column& c) { return Get(c.extract, "documents", "{:.0f}"); });
  row("article text, MB", [](const Column& c) {
    double bytes = c.extract.count("bytes") ? c.extract.at("bytes") : 0.0;
    for (const auto& [j, r] : c.ingest) {  // --skip-extract: as the ingest read it
      if (bytes == 0.0 && r.count("bytes")) bytes = r.at("bytes");
    }
    return fmt::format("{:.1f}", bytes / 1e6);
  });
  row("quotes extracted", [](const Column& c) { return Get(c.extract, "quotes", "{:.0f}"); });
  row("extract MB/s (in memory, 1 core)", [](const Column& c) { return Get(c.extract, "mbps"); });
  row("extract MB/s (streaming, jobs=1)", [](const Column& c) { return Get(c.stream, "mbps"); });
  row("  peak RSS, MB (streaming extract)",
      [](const Column& c) { return Get(c.stream, "rss_mb", "{:.0f}"); });
  const unsigned par = cfg.jobs.empty() ? 1 : cfg.jobs.back();
  if (par > 1) {
    row(fmt::format("extract MB/s (streaming, jobs={})", par),
        [](const Column& c) { return Get(c.stream_par, "mbps"); });
    row(fmt::format("extract speed-up jobs={} / jobs=1", par), [](const Column& c) {
      if (!c.stream.count("mbps") || !c.stream_par.count("mbps")) return std::string("-");
      return fmt::format("{:.2f}x", c.stream_par.at("mbps") / c.stream.at("mbps"));
    });
  }
  for (const unsigned j : cfg.jobs) {
    row(fmt::format("ingest MB/s (jobs={}, with store+match)", j), [j](const Column& c) {
      if (!c.ingest.count(j)) return std::string("-");
      return Get(c.ingest.at(j), "mbps", "{:.2f}") + (c.ingest_matched ? "" : " (NO matching)");
    });
    row(fmt::format("  ingest seconds (jobs={})", j),
        [j](const Column& c) { return c.ingest.count(j) ? Get(c.ingest.at(j), "seconds") : "-"; });
    row(fmt::format("  ingest CPU seconds, user+sys (jobs={})", j),
        [j](const Column& c) { return c.ingest.count(j) ? Get(c.ingest.at(j), "cpu_s") : "-"; });
    row(fmt::format("  store writer thread CPU seconds (jobs={})", j), [j](const Column& c) {
      return c.ingest.count(j) ? Get(c.ingest.at(j), "serial_cpu_s") : "-";
    });
    row(fmt::format("  peak RSS, MB (ingest jobs={})", j), [j](const Column& c) {
      return c.ingest.count(j) ? Get(c.ingest.at(j), "rss_mb", "{:.0f}") : "-";
    });
  }
  if (cfg.store_path) {
    row("store path alone MB/s (jobs=1, matching off)",
        [](const Column& c) { return Get(c.store_path, "mbps", "{:.2f}"); });
  }
  if (cfg.jobs.size() >= 2) {
    row(fmt::format("ingest speed-up jobs={} / jobs={}", cfg.jobs.back(), cfg.jobs.front()),
        [&](const Column& c) {
          const auto a = c.ingest.find(cfg.jobs.front()), b = c.ingest.find(cfg.jobs.back());
          if (a == c.ingest.end() || b == c.ingest.end() || !a->second.count("mbps") ||
              !b->second.count("mbps"))
            return std::string("-");
          return fmt::format("{:.2f}x", b->second.at("mbps") / a->second.at("mbps"));
        });
    // What the speed-up can be on idle cores, from CPU times (which a loaded
    // machine does not distort): the one-job CPU over the larger of the
    // writer thread's CPU and the N-job CPU spread over N cores.
    row(fmt::format("  speed-up bound from CPU, jobs={}", cfg.jobs.back()), [&](const Column& c) {
      const auto a = c.ingest.find(cfg.jobs.front()), b = c.ingest.find(cfg.jobs.back());
      if (a == c.ingest.end() || b == c.ingest.end() || !a->second.count("cpu_s") ||
          !b->second.count("cpu_s") || !b->second.count("serial_cpu_s"))
        return std::string("-");
      const double spread = b->second.at("cpu_s") / static_cast<double>(cfg.jobs.back());
      const double bound = std::max(spread, b->second.at("serial_cpu_s"));
      return bound > 0 ? fmt::format("{:.2f}x", a->second.at("cpu_s") / bound) : std::string("-");
    });
  }
  row("statement matching alone, s",
      [](const Column& c) { return Get(c.extract, "match_seconds", "{:.2f}"); });
  row("  of which CandidateKeys, s",
      [](const Column& c) { return Get(c.extract, "match_keys_seconds", "{:.2f}"); });
  row("  of which index lookups, s",
      [](const Column& c) { return Get(c.extract, "match_candidates_seconds", "{:.2f}"); });
  row("  of which Compare, s",
      [](const Column& c) { return Get(c.extract, "match_compare_seconds", "{:.2f}"); });
  row("  comparisons",
      [](const Column& c) { return Get(c.extract, "match_comparisons", "{:.0f}"); });
  row("  statements (matching alone)",
      [](const Column& c) { return Get(c.extract, "match_statements", "{:.0f}"); });
  row("statements in store",
      [](const Column& c) { return Get(c.latency, "statements", "{:.0f}"); });
  row("Store::Quotes(speaker) median ms",
      [](const Column& c) { return Get(c.latency, "quotes_ms", "{:.2f}"); });
  row("  max ms / rows per query", [](const Column& c) {
    return Get(c.latency, "quotes_max_ms", "{:.1f}") + " / " +
           Get(c.latency, "quotes_rows", "{:.0f}");
  });
  row("Store::Search(term) median ms",
      [](const Column& c) { return Get(c.latency, "search_ms", "{:.2f}"); });
  row("  max ms / rows per query", [](const Column& c) {
    return Get(c.latency, "search_max_ms", "{:.1f}") + " / " +
           Get(c.latency, "search_rows", "{:.0f}");
  });
  if (!cfg.binary.empty()) {
    row("`quotes --speaker` process median ms",
        [](const Column& c) { return Get(c.latency, "cli_quotes_ms", "{:.1f}"); });
    row("`search` process median ms",
        [](const Column& c) { return Get(c.latency, "cli_search_ms", "{:.1f}"); });
  }
  row("  peak RSS, MB (library speaker and search queries)",
      [](const Column& c) { return Get(c.latency, "query_rss_mb", "{:.0f}"); });
  row("  peak RSS, MB (query child, after listing all statements)",
      [](const Column& c) { return Get(c.latency, "rss_mb", "{:.0f}"); });
  row("peak RSS, MB (extract+match child)",
      [](const Column& c) { return Get(c.extract, "rss_mb", "{:.0f}"); });

  std::size_t w0 = 0;
  for (const auto& [name, cells] : rows) w0 = std::max(w0, name.size());
  std::vector<std::size_t> w(cols.size(), 10);
  for (std::size_t i = 0; i < cols.size(); ++i) {
    w[i] = std::max(w[i], cols[i].label.size());
    for (const auto& [name, cells] : rows) w[i] = std::max(w[i], cells[i].size());
  }
  std::string line = fmt::format("{:<{}}", "", w0);
  for (std::size_t i = 0; i < cols.size(); ++i)
    line += fmt::format(" | {:>{}}", cols[i].label, w[i]);
  std::cout << line << "\n" << std::string(line.size(), '-') << "\n";
  for (const auto& [name, cells] : rows) {
    std::string l = fmt::format("{:<{}}", name, w0);
    for (std::size_t i = 0; i < cells.size(); ++i) l += fmt::format(" | {:>{}}", cells[i], w[i]);
    std::cout << l << "\n";
  }
}

int Usage() {
  std::cerr
      << "usage: qt_bench [--sizes N,N,...] [--seed S] [--workdir DIR] [--binary PATH] [--reps N]\n"
         "                [--jobs 1,2] [--corpus FILE.jsonl] [--keep] [--skip-match] [--skip-extract]\n"
         "                [--no-match-above N] [--store-path] [--latency-only]\n";
  return 2;
}

template <typename T>
bool ParseList(const std::string& s, std::vector<T>* out) {
  out->clear();
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0') return false;
    out->push_back(static_cast<T>(v));
  }
  return !out->empty();
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool v = i + 1 < argc;
    if (a == "--sizes" && v) {
      if (!ParseList(argv[++i], &cfg.sizes)) return Usage();
    } else if (a == "--jobs" && v) {
      if (!ParseList(argv[++i], &cfg.jobs)) return Usage();
    } else if (a == "--seed" && v) {
      cfg.seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--workdir" && v) {
      cfg.workdir = argv[++i];
    } else if (a == "--binary" && v) {
      cfg.binary = fs::absolute(argv[++i]).string();
    } else if (a == "--corpus" && v) {
      cfg.corpus = argv[++i];
    } else if (a == "--reps" && v) {
      cfg.reps = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--no-match-above" && v) {
      cfg.no_match_above = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--latency-only") {
      cfg.latency_only = true;
    } else if (a == "--store-path") {
      cfg.store_path = true;
    } else if (a == "--skip-match") {
      cfg.skip_match = true;
    } else if (a == "--skip-extract") {
      cfg.skip_extract = true;
    } else if (a == "--keep") {
      cfg.keep = true;
    } else {
      std::cerr << "qt_bench: bad argument '" << a << "'\n";
      return Usage();
    }
  }
  if (!cfg.corpus.empty()) cfg.sizes.resize(1);
  std::vector<Column> cols;
  for (const std::size_t s : cfg.sizes) cols.push_back(RunSize(cfg, s));
  PrintTable(cfg, cols);
  return 0;
}
