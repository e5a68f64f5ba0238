// pipeline: runs the stages over many paths. Documents are read in order,
// extracted on `jobs` threads (the calling thread, which also runs the
// single store writer, and `jobs - 1` workers), and handed to the writer in
// the order they were read, so results do not depend on `jobs`.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "quotetrack/document.h"
#include "quotetrack/ingest.h"
#include "quotetrack/quote.h"
#include "quotetrack/status.h"

namespace qt {

class Store;

struct PipelineOptions {
  unsigned jobs = 0;              // 0: all cores
  bool progress = false;          // progress line on stderr (documents, MB/s, ETA)
  Format format = Format::kAuto;  // how to read the paths (kJsonl: records on stdin too)
};

struct PipelineStats {
  std::size_t documents = 0;  // read
  std::size_t added = 0;      // newly stored
  std::size_t unchanged = 0;  // already stored
  std::size_t failed = 0;     // rejected, reported through on_error
  std::size_t quotes = 0;
  std::size_t bytes = 0;
  double seconds = 0.0;
  // CPU time spent in the one in-order stage (for ingest: the store writer,
  // filing included, on its own thread; helpers it wakes are not counted).
  // Whatever the machine's load, jobs > 1 cannot run faster than this.
  double serial_cpu_seconds = 0.0;
};

using ExtractSink = std::function<void(const Document&, const std::vector<Quote>&)>;
using ErrorLineSink = std::function<void(const std::string&)>;

// Extracts every document under `paths` and passes it, with its quotes, to
// `sink` in input order. `sink` and `on_error` are called from the calling
// thread or under a lock, never concurrently. A document that fails (unreadable,
// extraction threw) goes to `on_error` and is counted in stats->failed; the
// others continue. Returns an error if a path could not be read at all (that
// error has been passed to `on_error` too).
Status RunExtract(const std::vector<std::string>& paths, const PipelineOptions& options,
                  const ExtractSink& sink, const ErrorLineSink& on_error, PipelineStats* stats);

// RunExtract for text output: `format` appends a document's output to a
// string on the worker thread that extracted it (so it runs concurrently with
// itself and must be thread-safe), and `write` receives those strings in
// input order, never concurrently. With jobs > 1 the formatting is thereby off
// the one in-order thread.
using FormatFn = std::function<void(const Document&, const std::vector<Quote>&, std::string*)>;
using WriteFn = std::function<void(std::string_view)>;
Status RunExtractFormatted(const std::vector<std::string>& paths, const PipelineOptions& options,
                           const FormatFn& format, const WriteFn& write,
                           const ErrorLineSink& on_error, PipelineStats* stats);

// Extracts and stores every document under `paths`.
Status RunIngest(const std::vector<std::string>& paths, Store& store,
                 const PipelineOptions& options, const ErrorLineSink& on_error,
                 PipelineStats* stats);

// Extraction records (the JSON Lines `extract` writes) read back into
// documents with their quotes. Consecutive records with the same "doc" form
// one document (id = doc, outlet); its text is not in the records and stays
// empty unless a document record precedes them. A document record is a line
// {"document": {"id","url","outlet","published","title","text"}} as written by
// `extract --with-documents` (WriteDocumentRecord in report.h); then quote records may also carry
// "sentence":
// {"start","end"}, and the store receives exactly what `ingest` would have
// given it. A malformed line is reported as "FILE:LINE: problem" and the
// document it belongs to is dropped. `path` "-" reads stdin.
using RecordSink = std::function<void(Document&&, std::vector<Quote>&&)>;
Status ReadExtractionRecords(const std::string& path, const RecordSink& on_doc,
                             const ErrorLineSink& on_error);

// Loads extraction records (from any number of `extract` workers) into the
// store, matching them into statements as `ingest` does.
Status RunIngestRecords(const std::vector<std::string>& paths, Store& store,
                        const PipelineOptions& options, const ErrorLineSink& on_error,
                        PipelineStats* stats);

}  // namespace qt
