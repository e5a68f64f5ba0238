// store: the embedded SQLite store. Only this module talks to SQLite.
//
// Schema and migrations are db/*.sql, applied on open. Re-adding a document
// with the same id and text changes nothing; a document that fails leaves
// nothing behind (one transaction per document). Quotes are matched into
// statements as they arrive. Full-text search over quote text with FTS5.
//
// Contracts:
//  - Same id with a changed text or metadata: the document's quotes are
//    replaced (deleted and inserted again); a statement whose root was among
//    them is re-rooted on its earliest remaining member, or deleted if empty.
//  - Speakers: one person is one speaker across documents (NameKey, then a
//    unique person for which SamePersonName holds; a fuller spelling becomes
//    the canonical name). Organisations meet only on an equal name key and
//    never merge with persons. Anonymous sources are one speaker per document.
//  - Several processes may write one file at once (WAL, IMMEDIATE
//    transactions, 10 s busy timeout); readers are never blocked by a writer.
//  - Read methods return an empty result if the database cannot be read.
//  - A Store object may be shared between threads (calls are serialised).
//  - With StoreOptions::batch_documents > 1, other connections see a
//    document only once its batch is committed; this Store's own reads see
//    it at once (reads commit the open batch first).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quotetrack/document.h"
#include "quotetrack/quote.h"
#include "quotetrack/status.h"

namespace qt {

class AnalysedQuote;  // match.h
class CompareHints;   // match.h

// One row of the quote sheet (DESIGN.md column order).
struct QuoteRow {
  std::int64_t quote_id = 0;
  std::int64_t statement_id = 0;
  std::string variant;
  std::string flags;  // ';'-joined
  std::string speaker;
  std::string speaker_kind;
  std::string role;
  std::string outlet;
  std::string via;
  std::string published;
  std::string kind;
  std::string text;
  std::string context;
  std::string doc;
  std::int64_t start = 0;  // byte offset of the first content piece
  std::int64_t end = 0;    // end of the last content piece
  std::string cue;         // not in the sheet; for terminal output
  std::string title;
};

struct SpeakerSummary {
  std::int64_t id = 0;
  std::string name;
  std::string kind;
  std::string roles;    // '; '-joined distinct roles
  std::string aliases;  // '; '-joined
  std::int64_t quotes = 0;
  std::string outlets;  // ', '-joined
};

struct StatementSummary {
  std::int64_t id = 0;
  std::string text;          // root text
  std::string speaker;       // root speaker
  std::int64_t sources = 0;  // distinct documents
  std::int64_t quotes = 0;
  std::string flags;  // union of member flags
  // 0 (all verbatim) .. 1: the mean over non-root members of a weight per
  // variant (verbatim 0, truncated .25, elided .4, altered/retranslated .6,
  // paraphrase/reported .7), 1 for a member flagged number/negation/modal/
  // name changed or speaker_mismatch, at least .5 for unmarked_omission.
  double drift = 0.0;
};

struct StatementFilter {
  std::string speaker;
  std::int64_t min_sources = 1;
  std::string flag;
};

struct AddResult {
  bool added = false;  // false: an identical document was already stored
  std::int64_t quotes = 0;
};

// How a Store writes; the defaults suit interactive use and tests.
struct StoreOptions {
  // Documents grouped into one write transaction (each document is still all
  // or nothing: it runs in a savepoint that is rolled back on failure). A
  // batch is committed when it reaches this many documents, after
  // `batch_millis`, on Flush(), before a read method, and when the Store is
  // destroyed. 1: every document is committed on its own. Larger batches
  // write much faster (fewer WAL commits, FTS5 segments merged in memory) but
  // hold the write lock longer and lose the open batch in a crash.
  std::size_t batch_documents = 1;
  int batch_millis = 250;
  // Threads that compare a quote with its candidate statements (the caller
  // plus helpers; 0 or 1: the caller only). Results do not depend on it.
  unsigned match_threads = 1;
  // false: every quote becomes a statement of its own (no candidates, no
  // Compare). For benchmarks of the store path and bulk loads only.
  bool match_statements = true;
};

class Store {
 public:
  // Opens (creating if needed) the store at `path` (":memory:" for tests),
  // applies pending migrations, and sets WAL mode and a busy timeout.
  static std::unique_ptr<Store> Open(const std::string& path, Status* status);
  static std::unique_ptr<Store> Open(const std::string& path, const StoreOptions& options,
                                     Status* status);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Stores a document and its attributed quotes in one transaction (or one
  // savepoint of the open batch) and matches the quotes into statements.
  Status AddDocument(const Document& doc, const std::vector<Quote>& quotes, AddResult* result);
  // The same, with the quotes' match analyses done ahead of time, e.g. on the
  // thread that extracted them: `prepared[i]` (if present and not empty) is
  // Prepare({quotes[i].text, kind, speaker}, speaker_kind) as the caller saw
  // it. The store uses its analysis of the text only when the text and kind
  // are exactly its own inputs (with the speaker as resolved against the
  // store applied by WithSpeaker) and analyses the quote itself otherwise,
  // so the result never depends on what was passed.
  Status AddDocument(const Document& doc, const std::vector<Quote>& quotes,
                     const std::vector<AnalysedQuote>& prepared, AddResult* result);
  // The same, with keys[i] = CandidateKeys(prepared[i]) computed ahead too
  // (used only together with prepared[i], under the same condition).
  Status AddDocument(const Document& doc, const std::vector<Quote>& quotes,
                     const std::vector<AnalysedQuote>& prepared,
                     const std::vector<std::vector<std::uint64_t>>& keys, AddResult* result);
  // The same, with hints = CompareAhead(prepared, keys, doc.published) made
  // ahead (hints[i] used only together with prepared[i] and keys[i]). What the
  // store files never depends on them: they save the store the comparisons
  // they hold (see CompareHints).
  Status AddDocument(const Document& doc, const std::vector<Quote>& quotes,
                     const std::vector<AnalysedQuote>& prepared,
                     const std::vector<std::vector<std::uint64_t>>& keys,
                     const std::vector<CompareHints>& hints, AddResult* result);
  // Comparisons AddDocument is likely to make for the quotes of a document
  // to come (prepared and keys as for AddDocument, the document published
  // `published`), as far as they do not depend on the corpus, done on the
  // calling thread: with the statements that are each quote's candidates
  // now, and with the document's earlier quotes. hints[i] is for quote i.
  // Thread-safe, and meant to run on other threads while AddDocument files
  // earlier documents (it never waits for a whole AddDocument). Empty hints
  // when the store does not match statements.
  std::vector<CompareHints> CompareAhead(const std::vector<AnalysedQuote>& prepared,
                                         const std::vector<std::vector<std::uint64_t>>& keys,
                                         std::string_view published) const;
  // Whether AddDocument files quotes into statements (StoreOptions), i.e.
  // whether analyses prepared ahead are of any use.
  bool MatchesStatements() const;
  // Commits the open batch, if any (see StoreOptions::batch_documents).
  Status Flush();
  // Changes the batching and matching parallelism of later AddDocument calls
  // (match_statements is fixed at Open). Commits the open batch first.
  Status SetWriteOptions(std::size_t batch_documents, int batch_millis, unsigned match_threads);

  // Quote sheet rows, in document then offset order; `speaker` filters by
  // any alias of a speaker (empty: all).
  std::vector<QuoteRow> Quotes(const std::string& speaker = {}) const;
  // Speakers matching `name` in any spelling; empty if none.
  std::vector<SpeakerSummary> FindSpeakers(const std::string& name) const;
  std::vector<SpeakerSummary> Speakers() const;
  // FTS5 search over quote text (every word must occur); best matches (BM25)
  // first. When more than max(2000, limit) quotes match, the best among the
  // max(2000, limit) most recently stored: the cost stays flat however common
  // the words are.
  std::vector<QuoteRow> Search(const std::string& query, std::size_t limit = 50) const;
  std::vector<StatementSummary> Statements(const StatementFilter& filter) const;
  // Members of one statement in publication order; empty if no such statement.
  std::vector<QuoteRow> StatementQuotes(std::int64_t statement_id) const;
  // Folds speaker `from` into speaker `into` (aliases, roles, quotes).
  Status MergeSpeakers(const std::string& from, const std::string& into);

  std::int64_t DocumentCount() const;
  std::int64_t QuoteCount() const;

 private:
  Store();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace qt
