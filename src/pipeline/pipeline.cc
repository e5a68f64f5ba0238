// pipeline: reader -> `jobs` extracting threads -> one in-order consumer.
//
// The reader thread walks the paths with ReadPath and numbers each document;
// `jobs - 1` workers extract; the calling thread takes results strictly in
// number order and hands them to the sink (for ingest: the single store
// writer), and extracts too whenever the next result is not ready. The number
// of documents in flight is bounded, so memory stays flat however large the
// corpus, and the output never depends on `jobs`.
#include "quotetrack/pipeline.h"

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "quotetrack/attribute.h"
#include "quotetrack/ingest.h"
#include "quotetrack/match.h"
#include "quotetrack/store.h"

namespace qt {
namespace {

using Clock = std::chrono::steady_clock;

// CPU time of the calling thread, seconds.
double ThreadCpuSeconds() {
  timespec ts{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0.0;
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Bytes under `path` as far as they can be known up front (0 = unknown).
std::size_t KnownSize(const std::string& path) {
  namespace fs = std::filesystem;
  if (path == "-") return 0;
  std::error_code ec;
  fs::path p(path);
  if (fs::is_regular_file(p, ec)) {
    auto n = fs::file_size(p, ec);
    return ec ? 0 : static_cast<std::size_t>(n);
  }
  if (!fs::is_directory(p, ec)) return 0;
  std::size_t total = 0;
  for (fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    std::error_code ec2;
    if (!it->is_regular_file(ec2)) continue;
    std::string ext = it->path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".txt" || ext == ".jsonl" || ext == ".html" || ext == ".htm") {
      auto n = it->file_size(ec2);
      if (!ec2) total += static_cast<std::size_t>(n);
    }
  }
  return total;
}

// One progress line on stderr, redrawn at most a few times a second.
class Progress {
 public:
  Progress(bool enabled, std::size_t total_bytes)
      : enabled_(enabled), total_(total_bytes), start_(Clock::now()), last_(start_) {}

  void Update(std::size_t docs, std::size_t bytes, bool force = false) {
    if (!enabled_) return;
    auto now = Clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double mb = static_cast<double>(bytes) / 1e6;
    double rate = secs > 0 ? mb / secs : 0.0;
    std::string line = fmt::format("\r{} documents, {:.1f} MB, {:.1f} MB/s", docs, mb, rate);
    if (total_ > 0 && rate > 0 && bytes < total_) {
      double left = static_cast<double>(total_ - bytes) / 1e6 / rate;
      int pct = static_cast<int>(100.0 * static_cast<double>(bytes) / static_cast<double>(total_));
      line += fmt::format(", {}%, ETA {}:{:02d}", pct, static_cast<int>(left) / 60,
                          static_cast<int>(left) % 60);
    }
    line += "   ";
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
    drawn_ = true;
  }

  // Clears the line so that the summary and error lines start clean.
  void Finish() {
    if (enabled_ && drawn_) {
      std::fputs("\r\x1b[K", stderr);
      std::fflush(stderr);
    }
  }

 private:
  bool enabled_;
  std::size_t total_;
  Clock::time_point start_;
  Clock::time_point last_;
  bool drawn_ = false;
};

struct Item {
  Document doc;
  std::vector<Quote> quotes;
  std::string error;                             // non-empty: extraction failed
  std::string formatted;                         // RunExtractFormatted: the document's output
  std::vector<AnalysedQuote> prepared;           // RunIngest: match analyses done on the worker
  std::vector<std::vector<std::uint64_t>> keys;  // RunIngest: CandidateKeys(prepared[i])
  std::vector<CompareHints> hints;               // RunIngest: Store::CompareAhead(prepared, keys)
  unsigned extracted_by = 0;                     // RunOrdered: 0 the in-order thread, w worker w
};

// Work done on the extracting thread after extraction (formatting the
// output, match analyses). `ahead`: the document is extracted ahead of the
// in-order stage (false: that stage takes it next, at once).
using AfterExtract = std::function<void(Item&, bool ahead)>;

// Extracts one document; extraction faults become an error line, never a crash
// of the whole run.
void ExtractInto(Item& item, const AfterExtract& after, bool ahead) {
  try {
    item.quotes = ExtractQuotes(item.doc);
    if (after) after(item, ahead);
  } catch (const std::exception& e) {
    item.quotes.clear();
    item.formatted.clear();
    item.error = fmt::format("{}: extraction failed: {}", item.doc.id, e.what());
  } catch (...) {
    item.quotes.clear();
    item.formatted.clear();
    item.error = fmt::format("{}: extraction failed", item.doc.id);
  }
}

using ItemSink = std::function<void(Item&&)>;

// Builds the process-wide read-only state (RE2 pattern sets of furniture and
// outlets, the detector's and attributor's models) on threads of their own
// while the reader opens its first file. Each is built once under a static
// guard; one after another they are a serial start-up of ~0.1 s that the
// reader and the workers would otherwise wait for. Joined before returning.
class WarmUp {
 public:
  WarmUp() {
    // Faults (out of memory) are left for the real documents to report.
    auto guarded = [](auto fn) {
      return [fn] {
        try {
          fn();
        } catch (...) {
        }
      };
    };
    threads_.emplace_back(guarded([] { FindFurniture("warm-up line\n"); }));
    threads_.emplace_back(guarded([] { GuessOutlet("warm-up line\n", ""); }));
    threads_.emplace_back(guarded([] {
      Document doc;
      doc.id = "warm-up";
      doc.text = "\"Warm-up,\" she said.\n";
      ExtractQuotes(doc);
    }));
  }
  ~WarmUp() {
    for (auto& t : threads_) t.join();
  }
  WarmUp(const WarmUp&) = delete;
  WarmUp& operator=(const WarmUp&) = delete;

 private:
  std::vector<std::thread> threads_;
};

// `on_error` made safe to call from the reader thread and the consumer at
// once: the caller's callback never runs concurrently with itself.
ErrorLineSink Serialised(const ErrorLineSink& on_error, std::mutex* mu) {
  return [on_error, mu](const std::string& line) {
    std::lock_guard<std::mutex> lock(*mu);
    if (on_error) on_error(line);
  };
}

// Reads every path and delivers extracted items in input order to `sink` on
// the calling thread. `on_error` is called from the reader thread and must be
// safe to call concurrently with the sink (callers pass a Serialised one).
Status RunOrdered(const std::vector<std::string>& paths, const PipelineOptions& options,
                  const AfterExtract& after, const ItemSink& sink, const ErrorLineSink& on_error,
                  PipelineStats* stats) {
  std::mutex err_mu;
  std::size_t read_failures = 0;
  Status first_error;
  auto report = [&](const std::string& line) {
    std::lock_guard<std::mutex> lock(err_mu);
    ++read_failures;
    if (on_error) on_error(line);
  };
  // Reads one path; path-level failures are reported once.
  auto read_path = [&](const std::string& path, const DocumentSink& on_doc) {
    std::string last;
    Status st = ReadPath(
        path, on_doc,
        [&](const std::string& line) {
          last = line;
          report(line);
        },
        options.format);
    if (!st.ok()) {
      std::lock_guard<std::mutex> lock(err_mu);
      if (st.message() != last && on_error) on_error(st.message());
      if (first_error.ok()) first_error = st;
    }
  };

  unsigned jobs = options.jobs;
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());

  if (jobs == 1) {
    for (const std::string& path : paths) {
      read_path(path, [&](Document&& doc) {
        Item item{std::move(doc), {}, {}, {}, {}, {}, {}};
        ExtractInto(item, after, /*ahead=*/false);
        sink(std::move(item));
        return true;
      });
    }
  } else {
    WarmUp warm_up;
    const std::size_t capacity = 4 * static_cast<std::size_t>(jobs) + 4;
    std::mutex mu;
    std::condition_variable cv_work, cv_space, cv_result;
    std::deque<std::pair<std::size_t, Item>> work;
    std::map<std::size_t, Item> results;
    // Delivered items go back to the worker that extracted them, which
    // destroys them the next time it takes work: its allocations are freed
    // on its own thread (glibc returns a chunk to the arena it came from,
    // under that arena's lock, so frees on the in-order thread contended
    // with the worker's own mallocs) and off the in-order thread.
    std::vector<std::vector<Item>> spent(jobs);
    std::size_t next_seq = 0, delivered = 0;
    bool reading_done = false, abort = false;

    std::thread reader([&] {
      for (const std::string& path : paths) {
        read_path(path, [&](Document&& doc) {
          std::unique_lock<std::mutex> lock(mu);
          cv_space.wait(lock, [&] { return abort || next_seq - delivered < capacity; });
          if (abort) return false;
          work.emplace_back(next_seq++, Item{std::move(doc), {}, {}, {}, {}, {}, {}});
          cv_work.notify_one();
          cv_result.notify_all();  // the in-order stage may be waiting to help
          return true;
        });
        std::lock_guard<std::mutex> lock(mu);
        if (abort) break;
      }
      std::lock_guard<std::mutex> lock(mu);
      reading_done = true;
      cv_work.notify_all();
      cv_result.notify_all();
    });
    // jobs - 1 worker threads extract; the calling thread is the jobs-th:
    // when the document it must deliver next is not ready, it extracts the
    // next one nobody has taken (often that very document) instead of
    // waiting. So `jobs` threads are busy on `jobs` cores, and the in-order
    // stage never shares its core with a worker it waits for (with `jobs`
    // workers beside it, it got about jobs / (jobs + 1) of a core and the
    // window filled while it waited).
    auto take_work = [&](std::unique_lock<std::mutex>& lock, bool in_order, unsigned self) {
      auto [seq, item] = std::move(work.front());
      work.pop_front();
      std::vector<Item> garbage = std::move(spent[self]);
      spent[self].clear();
      item.extracted_by = self;
      lock.unlock();
      garbage.clear();
      // Extracted for the in-order stage to use at once: nothing is to be
      // done ahead for it.
      ExtractInto(item, after, /*ahead=*/!(in_order && seq == delivered));
      lock.lock();
      results.emplace(seq, std::move(item));
      cv_result.notify_all();
    };
    std::vector<std::thread> workers;
    for (unsigned w = 1; w < jobs; ++w) {
      workers.emplace_back([&, w] {
        for (;;) {
          std::unique_lock<std::mutex> lock(mu);
          cv_work.wait(lock, [&] { return !work.empty() || reading_done || abort; });
          if (work.empty()) return;
          take_work(lock, false, w);
        }
      });
    }
    for (;;) {
      std::unique_lock<std::mutex> lock(mu);
      cv_result.wait(lock, [&] {
        return results.count(delivered) > 0 || !work.empty() ||
               (reading_done && delivered == next_seq);
      });
      auto it = results.find(delivered);
      if (it == results.end()) {
        if (work.empty()) break;  // reading done, everything delivered
        take_work(lock, true, 0);
        continue;
      }
      Item item = std::move(it->second);
      results.erase(it);
      lock.unlock();
      try {
        sink(std::move(item));
      } catch (...) {
        lock.lock();
        abort = true;
        cv_space.notify_all();
        cv_work.notify_all();
        lock.unlock();
        reader.join();
        for (auto& t : workers) t.join();
        throw;
      }
      const unsigned by = item.extracted_by;
      if (by == 0) {
        Item done = std::move(item);  // freed here, not under the lock
      }
      lock.lock();
      if (by != 0) spent[by].push_back(std::move(item));
      ++delivered;
      cv_space.notify_one();
    }
    reader.join();
    for (auto& t : workers) t.join();
  }
  if (stats) stats->failed += read_failures;
  return first_error;
}

std::size_t TotalSize(const std::vector<std::string>& paths) {
  std::size_t total = 0;
  for (const std::string& p : paths) total += KnownSize(p);
  return total;
}

}  // namespace

namespace {

// Stores one document and counts the outcome.
void StoreOne(Store& store, const Document& doc, const std::vector<Quote>& quotes,
              const std::vector<AnalysedQuote>& prepared,
              const std::vector<std::vector<std::uint64_t>>& keys,
              const std::vector<CompareHints>& hints, PipelineStats& st,
              const ErrorLineSink& errors) {
  AddResult res;
  Status s = store.AddDocument(doc, quotes, prepared, keys, hints, &res);
  if (!s.ok()) {
    ++st.failed;
    if (errors) errors(s.message().empty() ? doc.id + ": could not be stored" : s.message());
  } else if (res.added) {
    ++st.added;
    st.quotes += static_cast<std::size_t>(res.quotes);
  } else {
    ++st.unchanged;
  }
}

// While an ingest runs, the store commits documents in batches (each
// document still all or nothing) and compares a quote with its candidates on
// `jobs` threads; afterwards it is back to one commit per document.
class IngestMode {
 public:
  IngestMode(Store& store, unsigned jobs) : store_(store) {
    constexpr std::size_t kBatchDocuments = 512;
    constexpr int kBatchMillis = 250;
    if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
    store_.SetWriteOptions(kBatchDocuments, kBatchMillis, jobs);
  }
  ~IngestMode() { store_.SetWriteOptions(1, 250, 1); }
  IngestMode(const IngestMode&) = delete;
  IngestMode& operator=(const IngestMode&) = delete;

  // Commits the last batch; a failure there is reported like a document's.
  void Finish(PipelineStats& st, const ErrorLineSink& errors) {
    Status s = store_.Flush();
    if (!s.ok()) {
      ++st.failed;
      if (errors) errors(s.message());
    }
  }

 private:
  Store& store_;
};

// What RunExtract and RunIngest share: stats, timing, progress and error
// serialisation around RunOrdered; `handle` gets each extracted document.
Status RunCounted(const std::vector<std::string>& paths, const PipelineOptions& options,
                  const ErrorLineSink& on_error, PipelineStats* stats, const AfterExtract& after,
                  const std::function<void(Item&&, PipelineStats&, const ErrorLineSink&)>& handle) {
  PipelineStats local;
  PipelineStats& st = stats ? *stats : local;
  auto start = Clock::now();
  Progress progress(options.progress, options.progress ? TotalSize(paths) : 0);
  std::mutex error_mu;
  const ErrorLineSink errors = Serialised(on_error, &error_mu);
  Status status = RunOrdered(
      paths, options, after,
      [&](Item&& item) {
        ++st.documents;
        st.bytes += item.doc.text.size();
        if (!item.error.empty()) {
          ++st.failed;
          errors(item.error);
        } else {
          const double cpu0 = ThreadCpuSeconds();
          handle(std::move(item), st, errors);
          st.serial_cpu_seconds += ThreadCpuSeconds() - cpu0;
        }
        progress.Update(st.documents, st.bytes);
      },
      errors, &st);
  progress.Finish();
  st.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return status;
}

}  // namespace

Status RunExtract(const std::vector<std::string>& paths, const PipelineOptions& options,
                  const ExtractSink& sink, const ErrorLineSink& on_error, PipelineStats* stats) {
  return RunCounted(paths, options, on_error, stats, nullptr,
                    [&](Item&& item, PipelineStats& st, const ErrorLineSink&) {
                      st.quotes += item.quotes.size();
                      sink(item.doc, item.quotes);
                    });
}

Status RunExtractFormatted(const std::vector<std::string>& paths, const PipelineOptions& options,
                           const FormatFn& format, const WriteFn& write,
                           const ErrorLineSink& on_error, PipelineStats* stats) {
  return RunCounted(
      paths, options, on_error, stats,
      [&](Item& item, bool) { format(item.doc, item.quotes, &item.formatted); },
      [&](Item&& item, PipelineStats& st, const ErrorLineSink&) {
        st.quotes += item.quotes.size();
        write(item.formatted);
      });
}

Status RunIngest(const std::vector<std::string>& paths, Store& store,
                 const PipelineOptions& options, const ErrorLineSink& on_error,
                 PipelineStats* stats) {
  IngestMode mode(store, options.jobs);
  PipelineStats local;
  PipelineStats& st = stats ? *stats : local;
  // The store writer is the one serial stage. With workers to spare, each
  // quote's match analysis is made on the worker that extracted it; the store
  // uses it when the speaker resolves to the same name (nearly always) and
  // analyses the quote itself otherwise, so results do not change.
  unsigned jobs = options.jobs;
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  AfterExtract prepare;
  // The matcher's first analysis loads WordNet (most of a second); with
  // cores to spare that happens while the first documents are extracted
  // instead of in front of the first comparison. Joined on return.
  std::jthread load_matcher;
  if (jobs > 1 && store.MatchesStatements()) {
    load_matcher = std::jthread([] {
      try {
        // Two threads: nothing else can run before the first documents are
        // extracted, and those wait for it too (their analyses).
        LoadMatcher(2);
        Prepare(MatchInput{"Officials discussed the ceasefire proposal", QuoteKind::kIndirect, {}});
      } catch (...) {
        // The real quotes will meet the same fault and report it.
      }
    });
    // And the comparisons with the candidates the store has by now, as far
    // as they do not depend on the corpus (Store::CompareAhead): the most
    // of the writer's work that can leave its thread without changing
    // what it files.
    prepare = [&store](Item& item, bool ahead) {
      item.prepared.reserve(item.quotes.size());
      item.keys.reserve(item.quotes.size());
      for (const Quote& q : item.quotes) {
        item.prepared.push_back(Prepare(MatchInput{q.text, q.kind, q.speaker}, q.speaker_kind));
        item.keys.push_back(CandidateKeys(item.prepared.back()));
      }
      if (ahead) item.hints = store.CompareAhead(item.prepared, item.keys, item.doc.published);
    };
  }
  Status s =
      RunCounted(paths, options, on_error, &st, prepare,
                 [&](Item&& item, PipelineStats& counts, const ErrorLineSink& errors) {
                   StoreOne(store, item.doc, item.quotes, item.prepared, item.keys, item.hints,
                            counts, errors);
                 });
  const double cpu0 = ThreadCpuSeconds();
  mode.Finish(st, on_error);
  st.serial_cpu_seconds += ThreadCpuSeconds() - cpu0;
  return s;
}

// ---------------------------------------------------------------------------
// Extraction records.

namespace {

using nlohmann::json;

std::string StringField(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

bool ReadSpan(const json& j, Span* span) {
  if (!j.is_object()) return false;
  auto s = j.find("start");
  auto e = j.find("end");
  if (s == j.end() || e == j.end() || !s->is_number_unsigned() || !e->is_number_unsigned()) {
    return false;
  }
  span->start = s->get<std::size_t>();
  span->end = e->get<std::size_t>();
  return span->start <= span->end;
}

// Optional {start,end,text} mention; null or absent is fine.
bool ReadMention(const json& j, const char* key, std::optional<Mention>* m, std::string* why) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  Mention men;
  if (!ReadSpan(*it, &men.span) || !it->contains("text") || !(*it)["text"].is_string()) {
    *why = fmt::format("\"{}\" must be null or {{\"start\", \"end\", \"text\"}}", key);
    return false;
  }
  men.text = (*it)["text"].get<std::string>();
  *m = std::move(men);
  return true;
}

// Parses one quote record; returns false with `why` on a malformed record.
bool ParseQuoteRecord(const json& j, Quote* q, std::string* why) {
  auto text = j.find("text");
  if (text == j.end() || !text->is_string()) {
    *why = "missing string field \"text\"";
    return false;
  }
  q->text = text->get<std::string>();
  std::string kind = StringField(j, "kind");
  if (kind != "direct" && kind != "mixed" && kind != "indirect") {
    *why = "\"kind\" must be direct, mixed or indirect";
    return false;
  }
  q->kind = QuoteKindFromString(kind);
  auto content = j.find("content");
  if (content != j.end() && !content->is_null()) {
    if (!content->is_array()) {
      *why = "\"content\" must be an array of {\"start\", \"end\"}";
      return false;
    }
    for (const json& piece : *content) {
      Span s;
      if (!ReadSpan(piece, &s)) {
        *why = "\"content\" must be an array of {\"start\", \"end\"}";
        return false;
      }
      q->content.push_back(s);
    }
  }
  if (!ReadMention(j, "cue", &q->cue, why) || !ReadMention(j, "source", &q->source, why)) {
    return false;
  }
  auto sentence = j.find("sentence");
  if (sentence != j.end() && !sentence->is_null()) ReadSpan(*sentence, &q->sentence);
  q->speaker = StringField(j, "speaker");
  q->speaker_kind = SpeakerKindFromString(StringField(j, "speaker_kind"));
  q->role = StringField(j, "role");
  q->via = StringField(j, "via");
  return true;
}

bool ParseDocumentRecord(const json& d, Document* doc, std::string* why) {
  if (!d.is_object() || !d.contains("id") || !d["id"].is_string()) {
    *why = "\"document\" must be an object with a string \"id\"";
    return false;
  }
  doc->id = StringField(d, "id");
  doc->url = StringField(d, "url");
  doc->outlet = StringField(d, "outlet");
  doc->published = StringField(d, "published");
  doc->title = StringField(d, "title");
  doc->text = StringField(d, "text");
  auto f = d.find("furniture");
  if (f != d.end() && f->is_array()) {
    for (const json& r : *f) {
      if (r.is_array() && r.size() == 2 && r[0].is_number_unsigned() && r[1].is_number_unsigned()) {
        doc->furniture.push_back({r[0].get<std::size_t>(), r[1].get<std::size_t>()});
      }
    }
  }
  return true;
}

}  // namespace

Status ReadExtractionRecords(const std::string& path, const RecordSink& on_doc,
                             const ErrorLineSink& on_error) {
  std::ifstream file;
  std::istream* in = &std::cin;
  const std::string name = path == "-" ? std::string("<stdin>") : path;
  if (path != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      return Status::Error(path + ": is a folder; --records takes files of extraction records");
    }
    file.open(path, std::ios::binary);
    if (!file) return Status::Error(path + ": cannot open file");
    in = &file;
  }

  std::optional<Document> doc;
  std::vector<Quote> quotes;
  bool doc_has_header = false;
  bool doc_bad = false;
  auto flush = [&] {
    if (doc && !doc_bad) on_doc(std::move(*doc), std::move(quotes));
    doc.reset();
    quotes.clear();
    doc_has_header = false;
    doc_bad = false;
  };

  std::string line;
  std::size_t line_no = 0;
  while (std::getline(*in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto fail = [&](const std::string& why) {
      if (on_error) on_error(fmt::format("{}:{}: {}", name, line_no, why));
    };
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      fail("not a JSON object");
      if (doc) doc_bad = true;
      continue;
    }
    if (auto d = j.find("document"); d != j.end()) {
      Document next;
      std::string why;
      flush();
      if (!ParseDocumentRecord(*d, &next, &why)) {
        fail(why);
        continue;
      }
      doc = std::move(next);
      doc_has_header = true;
      continue;
    }
    auto id = j.find("doc");
    if (id == j.end() || !id->is_string() || id->get_ref<const std::string&>().empty()) {
      fail("missing string field \"doc\"");
      if (doc) doc_bad = true;
      continue;
    }
    const std::string& doc_id = id->get_ref<const std::string&>();
    if (!doc || doc->id != doc_id) {
      flush();
      doc.emplace();
      doc->id = doc_id;
      doc->outlet = StringField(j, "outlet");
    } else if (!doc_has_header && doc->outlet.empty()) {
      doc->outlet = StringField(j, "outlet");
    }
    Quote q;
    std::string why;
    if (!ParseQuoteRecord(j, &q, &why)) {
      fail(why);
      doc_bad = true;
      continue;
    }
    quotes.push_back(std::move(q));
  }
  if (in->bad()) {
    flush();
    return Status::Error(name + ": read error");
  }
  flush();
  return Status::Ok();
}

Status RunIngestRecords(const std::vector<std::string>& paths, Store& store,
                        const PipelineOptions& options, const ErrorLineSink& on_error,
                        PipelineStats* stats) {
  PipelineStats local;
  PipelineStats& st = stats ? *stats : local;
  auto start = Clock::now();
  Progress progress(options.progress, options.progress ? TotalSize(paths) : 0);
  Status first_error;
  IngestMode mode(store, options.jobs);
  for (const std::string& path : paths) {
    Status s = ReadExtractionRecords(
        path,
        [&](Document&& doc, std::vector<Quote>&& quotes) {
          ++st.documents;
          st.bytes += doc.text.size();
          for (const Quote& q : quotes) st.bytes += q.text.size();
          StoreOne(store, doc, quotes, {}, {}, {}, st, on_error);
          progress.Update(st.documents, st.bytes);
        },
        [&](const std::string& line) {
          ++st.failed;
          if (on_error) on_error(line);
        });
    if (!s.ok()) {
      if (on_error) on_error(s.message());
      if (first_error.ok()) first_error = s;
    }
  }
  mode.Finish(st, on_error);
  progress.Finish();
  st.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return first_error;
}

}  // namespace qt
