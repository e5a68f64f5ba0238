// store: the SQLite store (schema in db/*.sql, embedded by
// cmake/embed_migrations.cmake).
//
// Contracts kept here:
//  - One IMMEDIATE transaction per document: a document is either fully
//    stored (document row, speakers, quotes, FTS rows, statement links) or
//    not at all. IMMEDIATE takes the write lock up front, so two processes
//    ingesting into one file queue on the busy timeout instead of failing
//    with SQLITE_BUSY on a read-to-write upgrade.
//  - Same doc key and same content hash: nothing is written. Same key with a
//    changed text or metadata: the document row is updated and its quotes
//    are deleted and inserted again; statements that lose their root get a
//    new root (their earliest remaining member), empty statements are deleted.
//  - Speakers: one person is one speaker across documents however the name is
//    spelled (qt::NameKey, qt::SamePersonName). Organisations only meet on an
//    equal name key. Anonymous sources are never merged across documents:
//    each document's anonymous source is its own speaker row (speakers.doc_id).
//  - Every statement uses bound parameters and is prepared once per Store.
#include "quotetrack/store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "quotetrack/attribute.h"
#include "quotetrack/match.h"
#include "store/migrations.h"

namespace qt {
namespace {

constexpr int kBusyTimeoutMs = 10000;
constexpr std::size_t kCandidateLimit = 16;
// Statements of the quote's own speaker compared on top of those, when
// published within this many days of each other (or undated).
constexpr std::size_t kSpeakerCandidateLimit = 8;
constexpr long kSpeakerWindowDays = 7;

// Days between two publication dates that start "YYYY-MM-DD"; 0 when either
// is missing or malformed (undated renderings are not kept apart).
long DaysApart(std::string_view a, std::string_view b) {
  auto days = [](std::string_view d) -> long {
    if (d.size() < 10 || d[4] != '-' || d[7] != '-') return -1;
    long v[3] = {0, 0, 0};
    const std::size_t at[3] = {0, 5, 8}, len[3] = {4, 2, 2};
    for (int k = 0; k < 3; ++k) {
      for (std::size_t c = at[k]; c < at[k] + len[k]; ++c) {
        if (d[c] < '0' || d[c] > '9') return -1;
        v[k] = v[k] * 10 + (d[c] - '0');
      }
    }
    // Days from civil (Howard Hinnant's algorithm), proleptic Gregorian.
    const long y = v[0] - (v[1] <= 2 ? 1 : 0);
    const long era = y / 400, yoe = y - era * 400;
    const long mp = (v[1] + 9) % 12, doy = (153 * mp + 2) / 5 + v[2] - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
  };
  const long da = days(a), db = days(b);
  if (da < 0 || db < 0) return 0;
  return da > db ? da - db : db - da;
}
// Search ranks the best matches among this many most recent ones (store.h).
constexpr std::size_t kSearchWindow = 2000;

// The UTC time now as SQLite's strftime('%Y-%m-%dT%H:%M:%SZ', 'now') writes
// it (whole seconds, truncated): the time a document and the statements it
// opens are stored. Formatted once per document here, where a column
// default formatted it once per row (3.7k instructions a new statement).
std::string UtcNow() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

// A failure inside AddDocument that must roll the document back.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::int64_t ContentHash(const Document& doc) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  // Length-prefixed fields, so that moving bytes between fields changes the hash.
  for (const std::string* field : {&doc.title, &doc.outlet, &doc.published, &doc.url, &doc.text}) {
    const std::uint64_t n = field->size();
    XXH3_64bits_update(state, &n, sizeof n);
    XXH3_64bits_update(state, field->data(), field->size());
  }
  const std::uint64_t h = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  std::int64_t out;
  std::memcpy(&out, &h, sizeof out);
  return out;
}

bool SpanInside(const Span& s, std::size_t n) { return s.start <= s.end && s.end <= n; }

std::string PiecesJson(const std::vector<Span>& pieces) {
  std::string out = "[";
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (i) out += ',';
    out += '[' + std::to_string(pieces[i].start) + ',' + std::to_string(pieces[i].end) + ']';
  }
  out += ']';
  return out;
}

std::string JoinFlags(const std::vector<std::string>& flags) {
  std::string out;
  for (const auto& f : flags) {
    if (f.empty()) continue;
    if (!out.empty()) out += ';';
    out += f;
  }
  return out;
}

std::vector<std::string> SplitNonEmpty(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t next = s.find(sep, pos);
    if (next == std::string_view::npos) next = s.size();
    if (next > pos) out.emplace_back(s.substr(pos, next - pos));
    pos = next + 1;
  }
  return out;
}

// Last space-separated token of a name key: the surname for the candidate
// index of speakers.
std::string LastToken(std::string_view key) {
  while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
  const std::size_t sp = key.rfind(' ');
  return std::string(sp == std::string_view::npos ? key : key.substr(sp + 1));
}

std::size_t TokenCount(std::string_view key) { return SplitNonEmpty(key, ' ').size(); }

std::string KeyOf(std::string_view name) {
  std::string key = NameKey(name);
  if (key.empty()) {
    // Names NameKey cannot key (digits, symbols): fall back to the ASCII-lowered name.
    key.assign(name);
    for (char& c : key) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return key;
}

bool KindsCompatible(std::string_view a, std::string_view b) {
  return a == b || a.empty() || b.empty();
}

int Directness(QuoteKind k) {
  switch (k) {
    case QuoteKind::kDirect:
      return 2;
    case QuoteKind::kMixed:
      return 1;
    case QuoteKind::kIndirect:
      return 0;
  }
  return 0;
}

// How far one member drifted from its root, 0..1: by variant, and 1 when a
// flag that changes meaning or speaker is raised.
double MemberDrift(std::string_view variant, std::string_view flags) {
  static const std::map<std::string_view, double> kWeight = {
      {"original", 0.0}, {"verbatim", 0.0},     {"truncated", 0.25}, {"elided", 0.4},
      {"altered", 0.6},  {"retranslated", 0.6}, {"paraphrase", 0.7}, {"reported", 0.7}};
  auto it = kWeight.find(variant);
  double d = it == kWeight.end() ? 0.7 : it->second;
  for (const auto& f : SplitNonEmpty(flags, ';')) {
    if (f == "unmarked_omission") {
      d = std::max(d, 0.5);
    } else {
      d = 1.0;  // number/negation/modal/name changed, speaker_mismatch
    }
  }
  return d;
}

// FTS5 query from arbitrary user text: every word becomes a quoted string
// (embedded '"' doubled), words are ANDed. No user byte can become FTS5
// syntax (AND, NEAR, *, parentheses, column filters).
std::string FtsQuery(std::string_view user) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += ' ';
    out += '"';
    for (char c : word) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
    word.clear();
  };
  for (char c : user) {
    const auto u = static_cast<unsigned char>(c);
    const bool word_byte =
        (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
    if (word_byte) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

std::string IdsJson(const std::vector<std::int64_t>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  out += ']';
  return out;
}

// The line around [start, end) when no sentence span was given, capped so that
// a document without newlines does not make a huge context.
std::string FallbackContext(const std::string& text, std::size_t start, std::size_t end) {
  constexpr std::size_t kMax = 2000;
  std::size_t a = text.rfind('\n', start == 0 ? 0 : start - 1);
  a = (a == std::string::npos || start == 0) ? 0 : a + 1;
  std::size_t b = text.find('\n', end);
  if (b == std::string::npos) b = text.size();
  if (b - a > kMax) {
    a = start;
    b = end;
  }
  return text.substr(a, b - a);
}

constexpr const char* kRowSelect =
    "SELECT q.id, COALESCE(q.statement_id, 0), q.variant, q.flags,"
    " COALESCE(sp.name, q.speaker_name), COALESCE(sp.kind, ''), q.role,"
    " COALESCE(o.name, ''), COALESCE(v.name, ''), d.published, q.kind, q.text, q.context,"
    " d.doc_key, q.start, q.\"end\", COALESCE(q.cue_text, ''), d.title"
    " FROM quotes q JOIN documents d ON d.id = q.doc_id"
    " LEFT JOIN speakers sp ON sp.id = q.speaker_id"
    " LEFT JOIN outlets o ON o.id = d.outlet_id"
    " LEFT JOIN outlets v ON v.id = q.via_outlet_id ";

QuoteRow ReadRow(SQLite::Statement& st) {
  QuoteRow r;
  r.quote_id = st.getColumn(0).getInt64();
  r.statement_id = st.getColumn(1).getInt64();
  r.variant = st.getColumn(2).getString();
  r.flags = st.getColumn(3).getString();
  r.speaker = st.getColumn(4).getString();
  r.speaker_kind = st.getColumn(5).getString();
  r.role = st.getColumn(6).getString();
  r.outlet = st.getColumn(7).getString();
  r.via = st.getColumn(8).getString();
  r.published = st.getColumn(9).getString();
  r.kind = st.getColumn(10).getString();
  r.text = st.getColumn(11).getString();
  r.context = st.getColumn(12).getString();
  r.doc = st.getColumn(13).getString();
  r.start = st.getColumn(14).getInt64();
  r.end = st.getColumn(15).getInt64();
  r.cue = st.getColumn(16).getString();
  r.title = st.getColumn(17).getString();
  return r;
}

// Runs fn(0..n-1) on the calling thread and `threads - 1` helper threads and
// returns when all calls are done. Used for the Compare calls of one quote
// (its candidates) and of a re-rooted statement (its members): each call is
// independent and writes only its own slot, so results do not depend on the
// number of threads. The first exception thrown by fn is rethrown.
class ForkJoin {
 public:
  explicit ForkJoin(unsigned threads) {
    for (unsigned i = 1; i < threads; ++i) helpers_.emplace_back([this] { HelperLoop(); });
  }
  ~ForkJoin() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_start_.notify_all();
    for (auto& t : helpers_) t.join();
  }
  ForkJoin(const ForkJoin&) = delete;
  ForkJoin& operator=(const ForkJoin&) = delete;

  std::size_t threads() const { return helpers_.size() + 1; }

  void Run(std::size_t n, const std::function<void(std::size_t)>& fn) {
    if (helpers_.empty() || n < 2) {
      for (std::size_t i = 0; i < n; ++i) fn(i);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      fn_ = &fn;
      n_ = n;
      next_.store(0);
      error_ = nullptr;
      ++generation_;
    }
    cv_start_.notify_all();
    Work(fn, n);
    std::unique_lock<std::mutex> lock(mu_);
    cv_done_.wait(lock, [&] { return active_ == 0; });
    fn_ = nullptr;  // helpers waking late see no work
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  void Work(const std::function<void(std::size_t)>& fn, std::size_t n) {
    for (std::size_t i; (i = next_.fetch_add(1)) < n;) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mu_);
        if (!error_) error_ = std::current_exception();
      }
    }
  }

  void HelperLoop() {
    std::uint64_t seen = 0;
    for (;;) {
      std::unique_lock<std::mutex> lock(mu_);
      cv_start_.wait(lock, [&] { return stop_ || (fn_ && generation_ != seen); });
      if (stop_) return;
      seen = generation_;
      const auto* fn = fn_;
      const std::size_t n = n_;
      ++active_;
      lock.unlock();
      Work(*fn, n);
      lock.lock();
      if (--active_ == 0) cv_done_.notify_all();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_start_, cv_done_;
  const std::function<void(std::size_t)>* fn_ = nullptr;
  std::size_t n_ = 0;
  std::atomic<std::size_t> next_{0};
  std::size_t active_ = 0;
  std::uint64_t generation_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
  std::vector<std::thread> helpers_;
};

// A resolved speaker as the matcher sees it.
struct SpeakerRef {
  std::int64_t id = 0;
  std::string name;  // canonical name
};

// The root of a statement, for comparisons.
struct RootInfo {
  std::int64_t quote_id = 0;
  std::string text;
  QuoteKind kind = QuoteKind::kDirect;
  std::string speaker;
  std::string published;
  AnalysedQuote prepared;  // analysed once, compared with every candidate member
  std::size_t bytes = 0;   // counted against the root cache's bound (set by CacheRoot)
  // false: cached by the writer when the statement was created (or
  // re-rooted) from the quote's own analysis; the first Root() call checks
  // it against the stored row (speaker name and kind as the store has them
  // now) and analyses the root again only if they differ.
  bool verified = true;
};

SpeakerKind KindOf(std::string_view stored) {
  return stored.empty() ? SpeakerKind::kUnknown : SpeakerKindFromString(stored);
}

}  // namespace

namespace {

// SQLite's process-wide settings, made once before the first connection is
// opened (sqlite3_config must precede sqlite3_initialize; only this module
// uses SQLite). Memory statistics off: with them on, every sqlite3_malloc
// and sqlite3_free takes a global mutex to count bytes nobody reads here
// (1.9M lock pairs in a PolNeAR-train ingest). A call after SQLite was
// initialised fails harmlessly and leaves the default.
int ConfigureSqliteOnce() {
  static const int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  return rc;
}

// The connection of one Store. NOMUTEX: SQLite's per-connection mutex is
// not needed, as every use of `db` is serialised by Store::Impl::mu (each
// public method that touches the database holds it; CompareAhead and the
// match threads read only the in-memory index and roots, never `db`), and
// Open finishes before the Store is shared.
SQLite::Database OpenConnection(const std::string& path) {
  ConfigureSqliteOnce();
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
  return db;
}

}  // namespace

struct Store::Impl {
  explicit Impl(const std::string& p) : path(p), db(OpenConnection(p)) {}
  ~Impl() {
    try {
      CommitBatch();
    } catch (const std::exception&) {
      // The open batch is lost (it held whole documents only).
    }
  }

  std::string path;
  SQLite::Database db;
  mutable std::mutex mu;
  StoreOptions options;
  // The open write transaction of a batch of documents (StoreOptions).
  bool in_batch = false;
  std::size_t batch_docs = 0;
  std::chrono::steady_clock::time_point batch_start;
  // Quotes stored in the open batch, in insertion order; the first
  // `fts_indexed` of them are in quotes_fts already (db/002: the rest go in
  // with one INSERT ... SELECT before COMMIT, so a batch is one FTS5 segment).
  std::vector<std::int64_t> fts_pending;
  std::size_t fts_indexed = 0;
  std::unique_ptr<ForkJoin> pool;  // match_threads > 1
  // Mean wall time of one Compare, ns: a quote's candidates are compared in
  // parallel only when that is worth waking the helpers.
  double compare_ns = 0.0;
  // Outlet ids by name (outlets are never deleted; cleared after a rollback).
  std::unordered_map<std::string, std::int64_t> outlet_ids;
  // Resolved non-anonymous speakers by kind and spelling, and the (speaker,
  // role) pairs known to be stored, across documents. Cleared whenever a
  // speaker row changes (upgrade, merge), after a rollback, and when another
  // connection committed.
  std::unordered_map<std::string, SpeakerRef> speaker_cache;
  // Speaker rows as stored now (name, kind) by id, for the speakers
  // ResolveSpeaker read or wrote since the caches were last cleared: a new
  // statement's root is known to be what Root() would read back (no query)
  // when its analysis was made with exactly these.
  std::unordered_map<std::int64_t, std::pair<std::string, std::string>> speaker_rows;
  std::unordered_set<std::string> role_cache;
  // Prepared statements by the address of their SQL text; each is reset
  // before and after use. Every caller passes a string literal or a static
  // string, so an address is one text for the life of the process (hashing
  // and comparing the texts themselves cost a pass over ~200 bytes a use).
  mutable std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> stmts;
  // Guards `index` and `roots` against CompareAhead, which reads them from
  // other threads while this Store files quotes: the writer (holding `mu`)
  // takes it exclusively around every change of the two and reads them
  // without it (it is their only writer).
  mutable std::shared_mutex match_mu;
  // Statement candidates keyed by their roots' CandidateKeys. Built lazily;
  // dropped after a failed transaction (it may hold rolled-back statements).
  std::unique_ptr<CandidateIndex> index;
  std::int64_t index_max_id = 0;
  // Roots of statements by id, so that candidates are compared without a
  // query each. Cleared when another connection committed (PRAGMA
  // data_version), after a failed transaction, and when speakers change.
  // Shared and immutable once cached: a quote's candidates hold their roots
  // without copying their strings, and keep them alive if evicted meanwhile.
  std::unordered_map<std::int64_t, std::shared_ptr<const RootInfo>> roots;
  std::size_t roots_bytes = 0;
  std::deque<std::int64_t> roots_order;  // cached statement ids, oldest first (may hold stale ids)
  void ClearRoots() {
    {
      std::unique_lock<std::shared_mutex> lock(match_mu);
      roots.clear();
    }
    roots_order.clear();
    roots_bytes = 0;
  }
  void EraseRoot(std::int64_t statement_id) {
    auto it = roots.find(statement_id);
    if (it == roots.end()) return;
    roots_bytes -= it->second->bytes;
    std::unique_lock<std::shared_mutex> lock(match_mu);
    roots.erase(it);
  }
  // Indexes a statement's root (CandidateIndex::Add).
  void IndexAdd(std::int64_t statement_id, const std::vector<std::uint64_t>& keys,
                const AnalysedQuote& root) {
    std::unique_lock<std::shared_mutex> lock(match_mu);
    index->Add(statement_id, keys, root);
  }
  std::int64_t data_version = -1;
  // The id the next new statement gets (statements is AUTOINCREMENT: one past
  // the largest ever given, sqlite_sequence's), 0 when not known: read once a
  // transaction (BeginBatch forgets it, as does ForgetCaches after a
  // rollback) and counted up by InsertQuote, which writes a new statement's
  // root quote first with this id (db/006: quotes.statement_id is deferred).
  std::int64_t next_statement_id = 0;
  std::int64_t NextStatementId();
  // UtcNow() when the document being added began: its ingested_at and its
  // new statements' created.
  std::string doc_time;
  // Speaker `id` is renamed or changes kind: the cached roots it spoke and
  // its cached resolutions are stale, and only those go (clearing both
  // caches whole here made a PolNeAR-train ingest analyse 98k roots for 18k
  // quotes).
  void ForgetSpeaker(std::int64_t id);

  SQLite::Statement& Prep(const char* sql) const {
    auto& slot = stmts[sql];
    if (!slot) slot = std::make_unique<SQLite::Statement>(db, sql);
    return *slot;
  }

  // Write-side helpers (called inside a transaction).
  void BeginBatch();
  void CommitBatch();
  void IndexPendingQuotes();
  // The batch was rolled back as a whole: nothing of it is pending any more.
  void DropPendingQuotes() {
    fts_pending.clear();
    fts_indexed = 0;
  }
  void ForgetCaches();
  // Read methods see every stored document, and other connections too.
  void SettleForRead() {
    try {
      CommitBatch();
    } catch (const std::exception&) {
      ForgetCaches();
    }
  }
  void CompareAll(std::size_t n, const std::function<void(std::size_t)>& fn);
  void ApplyMigrations();
  // Throws StoreError when the store was written by a newer quotetrack: a
  // migration this binary does not know is recorded, or PRAGMA user_version
  // is past its migrations. Reads only (nothing is written before it).
  void RefuseNewerSchema();
  void EnsureIndex();
  std::optional<std::int64_t> OutletId(const std::string& name);
  SpeakerRef ResolveSpeaker(const Quote& q, std::int64_t doc_id,
                            std::map<std::string, SpeakerRef>& cache);
  void RemoveDocumentQuotes(std::int64_t doc_id);
  // `prepared_keys`: CandidateKeys(*prepared), computed ahead, or null.
  // `hints`: CompareAhead(*prepared, *prepared_keys), or null.
  void InsertQuote(std::int64_t doc_id, const Document& doc, std::int64_t seq, const Quote& q,
                   const AnalysedQuote* prepared, const std::vector<std::uint64_t>* prepared_keys,
                   const CompareHints* hints, std::map<std::string, SpeakerRef>& speakers);
  std::shared_ptr<const RootInfo> Root(std::int64_t statement_id);  // null: none
  // Puts `r` in the root cache (replacing any entry of the statement),
  // dropping the oldest roots beyond the cache's bound.
  std::shared_ptr<const RootInfo> CacheRoot(std::int64_t statement_id, RootInfo r);
  // The root a new (or re-rooted) statement got from the quote just stored,
  // cached unverified (see RootInfo::verified): a statement's first
  // comparisons then reuse the analysis the quote was filed with.
  // `speaker_id`: the quote's speaker row (0: none).
  void CacheNewRoot(std::int64_t statement_id, std::int64_t quote_id, const Quote& q,
                    std::string_view speaker, std::int64_t speaker_id,
                    const std::string& published, const AnalysedQuote& prepared);
  void Reroot(std::int64_t statement_id, std::int64_t quote_id, const AnalysedQuote& root);

  // Read-side helpers.
  std::vector<std::int64_t> SpeakerIds(const std::string& name) const;
  std::vector<SpeakerSummary> Summaries(const std::string& where_ids_json,
                                        bool only_with_quotes) const;
  std::vector<QuoteRow> Rows(const char* sql,
                             const std::function<void(SQLite::Statement&)>& bind) const;
};

namespace {

// Borrows a cached prepared statement; resets it on both ends so that no read
// transaction stays open between calls.
class Use {
 public:
  template <class Owner>
  Use(const Owner& owner, const char* sql) : st_(owner.Prep(sql)) {
    st_.tryReset();
    st_.clearBindings();
  }
  ~Use() { st_.tryReset(); }
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;
  SQLite::Statement* operator->() { return &st_; }
  SQLite::Statement& operator*() { return st_; }

 private:
  SQLite::Statement& st_;
};

void BindOptional(SQLite::Statement& st, int i, const std::optional<std::int64_t>& v) {
  if (v) {
    st.bind(i, *v);
  } else {
    st.bind(i);
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// Open and migrations.

void Store::Impl::RefuseNewerSchema() {
  const auto& known = store_internal::Migrations();
  const std::int64_t version = db.execAndGet("PRAGMA user_version").getInt64();
  std::vector<std::string> unknown;
  if (db.tableExists("schema_migrations")) {
    std::set<std::string_view> names;
    for (const auto& m : known) names.insert(m.name);
    SQLite::Statement all(db, "SELECT name FROM schema_migrations ORDER BY name");
    while (all.executeStep()) {
      std::string name = all.getColumn(0).getString();
      if (names.count(name) == 0) unknown.push_back(std::move(name));
    }
  }
  if (unknown.empty() && version <= static_cast<std::int64_t>(known.size())) return;
  // An older binary writing into a newer schema would silently lose what the
  // newer migrations maintain (FTS rows, new columns); the store is left as
  // it is.
  std::string why = "the store was written by a newer quotetrack (schema version " +
                    std::to_string(version) + ", this quotetrack knows versions up to " +
                    std::to_string(known.size());
  if (!unknown.empty()) {
    why += "; unknown migration";
    why += unknown.size() > 1 ? "s " : " ";
    for (std::size_t i = 0; i < unknown.size(); ++i) why += (i ? ", " : "") + unknown[i];
  }
  why += "); open it with that version or a later one";
  throw StoreError(why);
}

void Store::Impl::ApplyMigrations() {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " name TEXT PRIMARY KEY,"
      " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))");
  // Fast path for every open of an up-to-date store (each `quotes` or
  // `search` run): no write lock, so a reader never waits for an ingest's batch.
  {
    std::size_t done = 0;
    SQLite::Statement all(db, "SELECT name FROM schema_migrations");
    std::set<std::string> names;
    while (all.executeStep()) names.insert(all.getColumn(0).getString());
    for (const auto& m : store_internal::Migrations()) done += names.count(std::string(m.name));
    if (done == store_internal::Migrations().size()) return;
  }
  int applied = 0;
  for (const auto& m : store_internal::Migrations()) {
    // Each migration in its own IMMEDIATE transaction, re-checked under the
    // write lock so that two processes opening a new file apply it once.
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement check(db, "SELECT 1 FROM schema_migrations WHERE name = ?");
    check.bind(1, std::string(m.name));
    if (!check.executeStep()) {
      try {
        db.exec(std::string(m.sql));
      } catch (const std::exception& e) {
        throw StoreError("migration " + std::string(m.name) + " failed: " + e.what());
      }
      // Foreign keys are off while migrations run (Open), so that a table
      // can be rebuilt (db/004); what they would have guarded is checked
      // here, before the migration commits.
      SQLite::Statement fk(db, "PRAGMA foreign_key_check");
      if (fk.executeStep()) {
        throw StoreError("migration " + std::string(m.name) +
                         " failed: it broke a foreign key of table " + fk.getColumn(0).getString());
      }
      SQLite::Statement rec(db, "INSERT INTO schema_migrations(name) VALUES (?)");
      rec.bind(1, std::string(m.name));
      rec.exec();
    }
    check.tryReset();
    ++applied;
    db.exec("PRAGMA user_version = " + std::to_string(applied));
    tx.commit();
  }
}

Store::Store() = default;
Store::~Store() = default;

std::unique_ptr<Store> Store::Open(const std::string& path, Status* status) {
  return Open(path, StoreOptions{}, status);
}

std::unique_ptr<Store> Store::Open(const std::string& path, const StoreOptions& options,
                                   Status* status) {
  auto fail = [&](const std::string& why) -> std::unique_ptr<Store> {
    if (status) *status = Status::Error(path + ": " + why);
    return nullptr;
  };
  if (path.empty()) return fail("empty database path");
  auto open_once = [&]() -> std::unique_ptr<Store> {
    auto impl = std::make_unique<Impl>(path);
    impl->db.setBusyTimeout(kBusyTimeoutMs);
    impl->RefuseNewerSchema();  // before anything could write to the file
    const std::string mode = impl->db.execAndGet("PRAGMA journal_mode = WAL").getString();
    if (mode != "wal" && mode != "memory") return fail("cannot switch to WAL mode (" + mode + ")");
    impl->db.exec("PRAGMA synchronous = NORMAL");
    impl->db.exec("PRAGMA cache_size = -65536");  // 64 MiB: the indexes of a large store stay hot
    impl->db.exec("PRAGMA temp_store = MEMORY");
    // Reads of a large store through the OS page cache without copies.
    impl->db.exec("PRAGMA mmap_size = 1073741824");
    // Fewer, larger checkpoints while ingesting (16 MiB of WAL pages).
    impl->db.exec("PRAGMA wal_autocheckpoint = 4096");
    // Migrations run with foreign keys off: SQLite's table rebuild (create,
    // copy, drop, rename) needs them off, as a DROP TABLE would otherwise
    // cascade into the tables that refer to the dropped one. The pragma is a
    // no-op inside a transaction, hence here, around all of them.
    impl->db.exec("PRAGMA foreign_keys = OFF");
    impl->ApplyMigrations();
    impl->db.exec("PRAGMA foreign_keys = ON");
    impl->options = options;
    impl->options.batch_documents = std::max<std::size_t>(1, options.batch_documents);
    if (options.match_threads > 1) impl->pool = std::make_unique<ForkJoin>(options.match_threads);
    std::unique_ptr<Store> store(new Store());
    store->impl_ = std::move(impl);
    if (status) *status = Status::Ok();
    return store;
  };
  // Opening a new file while other processes create it too can meet
  // SQLITE_BUSY where SQLite does not call the busy handler (the switch to
  // WAL, the first schema read): the whole open is then retried until the
  // busy timeout has passed, as a write waiting on the lock would.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  for (;;) {
    try {
      return open_once();
    } catch (const SQLite::Exception& e) {
      if ((e.getErrorCode() & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() >= deadline)
        return fail(e.what());
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } catch (const std::exception& e) {
      return fail(e.what());
    }
  }
}

// ---------------------------------------------------------------------------
// Writing.

void Store::Impl::ForgetSpeaker(std::int64_t id) {
  // A root is a member of its statement, so every root this speaker spoke is
  // among the statements of the speaker's quotes (an index lookup, where a
  // walk over the cache cost 150 ns a root).
  if (!roots.empty()) {
    Use st(*this,
           "SELECT DISTINCT statement_id FROM quotes WHERE speaker_id = ?"
           " AND statement_id IS NOT NULL");
    st->bind(1, id);
    while (st->executeStep()) EraseRoot(st->getColumn(0).getInt64());
  }
  std::erase_if(speaker_cache, [&](const auto& entry) { return entry.second.id == id; });
  speaker_rows.erase(id);
}

void Store::Impl::ForgetCaches() {
  {
    std::unique_lock<std::shared_mutex> lock(match_mu);
    index.reset();
  }
  ClearRoots();
  outlet_ids.clear();
  speaker_cache.clear();
  speaker_rows.clear();
  role_cache.clear();
  next_statement_id = 0;
}

std::int64_t Store::Impl::NextStatementId() {
  if (next_statement_id == 0) {
    Use st(*this,
           "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'statements'), 0),"
           " coalesce((SELECT max(id) FROM statements), 0)) + 1");
    next_statement_id = st->executeStep() ? st->getColumn(0).getInt64() : 0;
    if (next_statement_id <= 0) throw StoreError("cannot read the next statement id");
  }
  return next_statement_id;
}

// Takes the write lock (IMMEDIATE: two processes queue on the busy timeout
// instead of failing on a read-to-write upgrade) and catches up with what
// other connections committed since this one last wrote.
void Store::Impl::BeginBatch() {
  if (in_batch) return;
  db.exec("BEGIN IMMEDIATE");
  in_batch = true;
  batch_docs = 0;
  next_statement_id = 0;  // another connection may have written statements
  batch_start = std::chrono::steady_clock::now();
  Use dv(*this, "PRAGMA data_version");
  const std::int64_t version = dv->executeStep() ? dv->getColumn(0).getInt64() : -1;
  if (version != data_version) {
    // Another connection wrote: cached roots, speakers and roles may be stale;
    // the candidate index only misses statements, which EnsureIndex adds.
    ClearRoots();
    speaker_cache.clear();
    speaker_rows.clear();
    role_cache.clear();
  }
  data_version = version;
}

void Store::Impl::CommitBatch() {
  if (!in_batch) return;
  in_batch = false;
  if (sqlite3_get_autocommit(db.getHandle())) {  // rolled back by SQLite
    DropPendingQuotes();
    return;
  }
  try {
    IndexPendingQuotes();
    db.exec("COMMIT");
    DropPendingQuotes();
  } catch (...) {
    DropPendingQuotes();
    if (!sqlite3_get_autocommit(db.getHandle())) db.exec("ROLLBACK");
    ForgetCaches();
    throw;
  }
}

// One statement for all the batch's unindexed quotes: FTS5 flushes its
// pending terms into a new segment at every statement boundary inside a
// transaction, so one statement per quote (the version 1 trigger) wrote one
// segment per quote. Ascending ids let FTS5 append to its doclists.
void Store::Impl::IndexPendingQuotes() {
  if (fts_indexed >= fts_pending.size()) return;
  std::vector<std::int64_t> ids(fts_pending.begin() + static_cast<std::ptrdiff_t>(fts_indexed),
                                fts_pending.end());
  std::sort(ids.begin(), ids.end());
  Use st(*this,
         "INSERT INTO quotes_fts(rowid, text) SELECT id, text FROM quotes"
         " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id");
  st->bind(1, IdsJson(ids));
  st->exec();
  fts_indexed = fts_pending.size();
}

void Store::Impl::CompareAll(std::size_t n, const std::function<void(std::size_t)>& fn) {
  // Waking a helper costs some microseconds: parallel only when the
  // comparisons are expected to take much longer than that.
  constexpr double kParallelWorthNs = 100e3;
  const bool parallel = pool && n >= 2 && static_cast<double>(n) * compare_ns >= kParallelWorthNs;
  const auto t0 = std::chrono::steady_clock::now();
  if (parallel) {
    pool->Run(n, fn);
  } else {
    for (std::size_t i = 0; i < n; ++i) fn(i);
  }
  if (n == 0) return;
  const double ns =
      std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
  const double per =
      ns * (parallel ? static_cast<double>(pool->threads()) : 1.0) / static_cast<double>(n);
  compare_ns = compare_ns == 0.0 ? per : 0.9 * compare_ns + 0.1 * per;
}

void Store::Impl::EnsureIndex() {
  if (!index) {
    auto fresh = std::make_unique<CandidateIndex>();
    std::unique_lock<std::shared_mutex> lock(match_mu);
    index = std::move(fresh);
    index_max_id = 0;
  }
  if (!options.match_statements) return;  // no candidates: the index stays empty
  Use st(*this,
         "SELECT s.id, q.text, q.kind, COALESCE(sp.name, q.speaker_name), COALESCE(sp.kind, '')"
         " FROM statements s JOIN quotes q ON q.id = s.root_quote_id"
         " LEFT JOIN speakers sp ON sp.id = q.speaker_id"
         " WHERE s.id > ? ORDER BY s.id");
  st->bind(1, index_max_id);
  while (st->executeStep()) {
    const std::int64_t id = st->getColumn(0).getInt64();
    // Analysed for the corpus counts and the speaker's statements too.
    const std::string text = st->getColumn(1).getString(), speaker = st->getColumn(3).getString();
    const AnalysedQuote root =
        Prepare(MatchInput{text, QuoteKindFromString(st->getColumn(2).getString()), speaker},
                KindOf(st->getColumn(4).getText()));
    IndexAdd(id, CandidateKeys(root), root);
    index_max_id = std::max(index_max_id, id);
  }
}

std::optional<std::int64_t> Store::Impl::OutletId(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (auto it = outlet_ids.find(name); it != outlet_ids.end()) return it->second;
  std::int64_t id = 0;
  {
    Use sel(*this, "SELECT id FROM outlets WHERE name = ?");
    sel->bind(1, name);
    if (sel->executeStep()) id = sel->getColumn(0).getInt64();
  }
  if (id == 0) {
    Use ins(*this, "INSERT INTO outlets(name) VALUES (?)");
    ins->bind(1, name);
    ins->exec();
    id = db.getLastInsertRowid();
  }
  outlet_ids.emplace(name, id);
  return id;
}

SpeakerRef Store::Impl::ResolveSpeaker(const Quote& q, std::int64_t doc_id,
                                       std::map<std::string, SpeakerRef>& cache) {
  const std::string kind(ToString(q.speaker_kind));
  const std::string cache_key = kind + '\x1f' + q.speaker;
  SpeakerRef ref;
  auto cached = cache.find(cache_key);
  auto shared = kind == "anonymous" ? speaker_cache.end() : speaker_cache.find(cache_key);
  if (cached != cache.end()) {
    ref = cached->second;
  } else if (shared != speaker_cache.end()) {
    ref = shared->second;
    cache[cache_key] = ref;
  } else {
    const std::string key = KeyOf(q.speaker);
    std::optional<std::int64_t> id;
    std::string canonical, current_kind, stored_kind;
    if (kind == "anonymous") {
      Use st(
          *this,
          "SELECT id, name FROM speakers WHERE doc_id = ? AND kind = 'anonymous' AND name_key = ?");
      st->bind(1, doc_id);
      st->bind(2, key);
      if (st->executeStep()) {
        id = st->getColumn(0).getInt64();
        canonical = st->getColumn(1).getString();
        stored_kind = "anonymous";
      }
    } else {
      // Both lookups below order and filter their few rows here rather than
      // in SQL: an ORDER BY the index does not give costs SQLite a sorter,
      // and "kind IN (...)" as an index constraint a temporary b-tree, on
      // every lookup (a third of the cost of resolving a new speaker).
      // 1. A speaker already known under this spelling (alias key): the
      // first compatible one, those of the same kind first, then by id.
      {
        Use st(*this,
               "SELECT s.id, s.name, s.kind FROM speaker_aliases a JOIN speakers s ON s.id = "
               "a.speaker_id WHERE a.alias_key = ? AND s.doc_id IS NULL");
        st->bind(1, key);
        bool best_same_kind = false;
        while (st->executeStep()) {
          std::string k = st->getColumn(2).getString();
          if (!KindsCompatible(k, kind)) continue;
          const std::int64_t row_id = st->getColumn(0).getInt64();
          const bool same_kind = k == kind;
          if (id && (best_same_kind > same_kind || (best_same_kind == same_kind && *id < row_id)))
            continue;
          id = row_id;
          best_same_kind = same_kind;
          canonical = st->getColumn(1).getString();
          current_kind = std::move(k);
        }
      }
      // 2. A unique person with a compatible name under the same surname
      // (candidates in id order).
      if (!id && (kind == "person" || kind.empty())) {
        struct Row {
          std::int64_t id;
          std::string name, kind;
        };
        std::vector<Row> rows;
        {
          Use st(*this,
                 "SELECT id, name, kind FROM speakers WHERE surname_key = ? AND doc_id IS NULL");
          st->bind(1, LastToken(key));
          while (st->executeStep()) {
            std::string k = st->getColumn(2).getString();
            if (k != "person" && !k.empty()) continue;
            rows.push_back(
                {st->getColumn(0).getInt64(), st->getColumn(1).getString(), std::move(k)});
          }
        }
        std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.id < b.id; });
        int found = 0;
        for (Row& row : rows) {
          if (!SamePersonName(q.speaker, row.name)) continue;
          if (++found > 1) break;
          id = row.id;
          canonical = std::move(row.name);
          current_kind = std::move(row.kind);
        }
        if (found > 1)
          id.reset();  // ambiguous ("Smith" with Ann and John Smith): a speaker of its own
      }
      if (id) {
        stored_kind = current_kind;
        // Upgrades: a fuller spelling becomes the canonical name ("Zelensky"
        // -> "Volodymyr Zelensky"); an unknown kind takes the known one.
        const std::string old_key = KeyOf(canonical);
        const bool fuller = kind != "organization" && TokenCount(key) > TokenCount(old_key) &&
                            SamePersonName(q.speaker, canonical);
        if (fuller || (current_kind.empty() && !kind.empty())) {
          ForgetSpeaker(*id);
          if (fuller) canonical = q.speaker;
          const std::string new_kind = current_kind.empty() ? kind : current_kind;
          const std::string ckey = KeyOf(canonical);
          Use up(
              *this,
              "UPDATE speakers SET name = ?, kind = ?, name_key = ?, surname_key = ? WHERE id = ?");
          up->bind(1, canonical);
          up->bind(2, new_kind);
          up->bind(3, ckey);
          up->bind(4, LastToken(ckey));
          up->bind(5, *id);
          up->exec();
          stored_kind = new_kind;
        }
      }
    }
    if (!id) {
      Use ins(
          *this,
          "INSERT INTO speakers(name, kind, name_key, surname_key, doc_id) VALUES (?, ?, ?, ?, ?)");
      ins->bind(1, q.speaker);
      ins->bind(2, kind);
      ins->bind(3, key);
      ins->bind(4, LastToken(key));
      BindOptional(*ins, 5,
                   kind == "anonymous" ? std::optional<std::int64_t>(doc_id) : std::nullopt);
      ins->exec();
      id = db.getLastInsertRowid();
      canonical = q.speaker;
      stored_kind = kind;
    }
    {
      Use al(
          *this,
          "INSERT OR IGNORE INTO speaker_aliases(speaker_id, alias, alias_key) VALUES (?, ?, ?)");
      al->bind(1, *id);
      al->bind(2, q.speaker);
      al->bind(3, key);
      al->exec();
    }
    ref = SpeakerRef{*id, canonical};
    speaker_rows[*id] = {canonical, stored_kind};
    cache[cache_key] = ref;
    if (kind != "anonymous") speaker_cache[cache_key] = ref;
  }
  if (!q.role.empty()) {
    const std::string role_key = std::to_string(ref.id) + '\x1f' + q.role;
    if (role_cache.insert(role_key).second) {
      Use ro(*this, "INSERT OR IGNORE INTO speaker_roles(speaker_id, role) VALUES (?, ?)");
      ro->bind(1, ref.id);
      ro->bind(2, q.role);
      ro->exec();
    }
  }
  return ref;
}

std::shared_ptr<const RootInfo> Store::Impl::Root(std::int64_t statement_id) {
  auto cached = roots.find(statement_id);
  if (cached != roots.end() && cached->second->verified) return cached->second;
  Use st(*this,
         "SELECT q.id, q.text, q.kind, COALESCE(sp.name, q.speaker_name), d.published,"
         " COALESCE(sp.kind, '')"
         " FROM statements s JOIN quotes q ON q.id = s.root_quote_id"
         " JOIN documents d ON d.id = q.doc_id LEFT JOIN speakers sp ON sp.id = q.speaker_id"
         " WHERE s.id = ?");
  st->bind(1, statement_id);
  if (!st->executeStep()) {
    EraseRoot(statement_id);
    return nullptr;
  }
  RootInfo r;
  r.quote_id = st->getColumn(0).getInt64();
  r.text = st->getColumn(1).getString();
  r.kind = QuoteKindFromString(st->getColumn(2).getString());
  r.speaker = st->getColumn(3).getString();
  r.published = st->getColumn(4).getString();
  const SpeakerKind speaker_kind = KindOf(st->getColumn(5).getText());
  if (cached != roots.end()) {
    // Cached unverified by CacheNewRoot: kept when it was analysed from
    // exactly what Prepare would read here.
    const RootInfo& c = *cached->second;
    const AnalysedQuote& a = c.prepared;
    if (c.quote_id == r.quote_id && a.text() == r.text && a.kind() == r.kind &&
        a.speaker() == r.speaker && a.speaker_kind() == speaker_kind) {
      r.prepared = a;
      r.bytes = c.bytes;
      auto verified = std::make_shared<const RootInfo>(std::move(r));
      std::unique_lock<std::shared_mutex> lock(match_mu);
      cached->second = verified;
      return verified;
    }
    EraseRoot(statement_id);
  }
  r.prepared = Prepare(MatchInput{r.text, r.kind, r.speaker}, speaker_kind);
  return CacheRoot(statement_id, std::move(r));
}

std::shared_ptr<const RootInfo> Store::Impl::CacheRoot(std::int64_t statement_id, RootInfo r) {
  // Bounded by the analyses' memory (about 4.5 KiB per root with its text):
  // 1 GiB keeps every root of a million quotes (about 250k statements)
  // prepared, within 2 GiB for the whole ingest. Candidates come from the
  // whole corpus, so a root dropped here is soon prepared again (at 512 MB
  // and 8.8 KiB per root, 40% of a 1M-quote run's comparisons did so).
  constexpr std::size_t kMaxCachedRootBytes = std::size_t{1} << 30;
  EraseRoot(statement_id);
  r.bytes = r.prepared.memory_bytes() + r.text.size() + sizeof(RootInfo);
  // Oldest cached roots go first (candidates are mostly recent statements).
  // Every clear and erase keeps roots_bytes exact (a clear used to leave it
  // at the old total, so the refilled cache was emptied again early), and
  // eviction is one root at a time, not the whole cache at once.
  while (roots_bytes + r.bytes > kMaxCachedRootBytes && !roots_order.empty()) {
    EraseRoot(roots_order.front());
    roots_order.pop_front();
  }
  if (roots_order.size() > 4 * (roots.size() + 16)) {  // drop stale ids
    std::deque<std::int64_t> live;
    for (const std::int64_t id : roots_order) {
      if (roots.count(id) != 0) live.push_back(id);
    }
    roots_order.swap(live);
  }
  roots_bytes += r.bytes;
  auto cached = std::make_shared<const RootInfo>(std::move(r));
  {
    std::unique_lock<std::shared_mutex> lock(match_mu);
    roots.emplace(statement_id, cached);
  }
  roots_order.push_back(statement_id);
  return cached;
}

void Store::Impl::CacheNewRoot(std::int64_t statement_id, std::int64_t quote_id, const Quote& q,
                               std::string_view speaker, std::int64_t speaker_id,
                               const std::string& published, const AnalysedQuote& prepared) {
  if (prepared.empty()) return;
  RootInfo r;
  r.quote_id = quote_id;
  r.text = q.text;
  r.kind = q.kind;
  r.speaker = std::string(speaker);
  r.published = published;
  r.prepared = prepared;
  // Root() reads the quote's text, kind and document date as stored here,
  // and its speaker's name and kind as the speaker row has them now (none:
  // the quote's empty speaker name, no kind). Known to be the analysis's own
  // inputs, the root needs no check; otherwise Root() checks it (a speaker
  // renamed since this document resolved it, a kind the row does not have).
  std::string_view stored_name, stored_kind;
  bool known = speaker_id == 0;
  if (speaker_id != 0) {
    if (auto it = speaker_rows.find(speaker_id); it != speaker_rows.end()) {
      known = true;
      stored_name = it->second.first;
      stored_kind = it->second.second;
    }
  } else {
    stored_name = q.speaker;
  }
  r.verified = known && prepared.text() == q.text && prepared.kind() == q.kind &&
               prepared.speaker() == stored_name && prepared.speaker_kind() == KindOf(stored_kind);
  CacheRoot(statement_id, std::move(r));
}

void Store::Impl::Reroot(std::int64_t statement_id, std::int64_t quote_id,
                         const AnalysedQuote& root) {
  EraseRoot(statement_id);
  {
    Use st(*this, "UPDATE statements SET root_quote_id = ? WHERE id = ?");
    st->bind(1, quote_id);
    st->bind(2, statement_id);
    st->exec();
  }
  struct Member {
    std::int64_t id;
    std::string text, kind, speaker, speaker_kind;
  };
  std::vector<Member> members;
  {
    Use st(*this,
           "SELECT q.id, q.text, q.kind, COALESCE(sp.name, q.speaker_name), COALESCE(sp.kind, '')"
           " FROM quotes q LEFT JOIN speakers sp ON sp.id = q.speaker_id WHERE q.statement_id = ?");
    st->bind(1, statement_id);
    while (st->executeStep()) {
      members.push_back({st->getColumn(0).getInt64(), st->getColumn(1).getString(),
                         st->getColumn(2).getString(), st->getColumn(3).getString(),
                         st->getColumn(4).getString()});
    }
  }
  std::vector<Comparison> cmp(members.size());
  CompareAll(members.size(), [&](std::size_t i) {
    const Member& m = members[i];
    if (m.id == quote_id) return;
    const AnalysedQuote mq =
        Prepare(MatchInput{m.text, QuoteKindFromString(m.kind), m.speaker}, KindOf(m.speaker_kind));
    cmp[i] = index ? Compare(root, mq, *index) : Compare(root, mq);
  });
  for (std::size_t i = 0; i < members.size(); ++i) {
    const Member& m = members[i];
    std::string variant = "original", flags;
    double score = 1.0;
    if (m.id != quote_id) {
      const Comparison& c = cmp[i];
      variant =
          std::string(ToString(c.variant == Variant::kOriginal ? Variant::kVerbatim : c.variant));
      flags = JoinFlags(c.flags);
      score = c.score;
    }
    Use up(*this, "UPDATE quotes SET variant = ?, flags = ?, score = ? WHERE id = ?");
    up->bind(1, variant);
    up->bind(2, flags);
    up->bind(3, score);
    up->bind(4, m.id);
    up->exec();
  }
  if (index && options.match_statements) IndexAdd(statement_id, CandidateKeys(root), root);
}

void Store::Impl::RemoveDocumentQuotes(std::int64_t doc_id) {
  // The delete trigger removes each quote's terms from quotes_fts: quotes of
  // this batch must be in there first (an FTS5 'delete' of a row it never
  // indexed corrupts the index).
  IndexPendingQuotes();
  speaker_rows.clear();  // the document's anonymous speakers go (their ids may be reused)
  std::vector<std::int64_t> affected;
  {
    Use st(
        *this,
        "SELECT DISTINCT statement_id FROM quotes WHERE doc_id = ? AND statement_id IS NOT NULL");
    st->bind(1, doc_id);
    while (st->executeStep()) affected.push_back(st->getColumn(0).getInt64());
  }
  {
    Use st(*this, "DELETE FROM quotes WHERE doc_id = ?");
    st->bind(1, doc_id);
    st->exec();
  }
  {
    Use st(*this, "DELETE FROM speakers WHERE doc_id = ?");
    st->bind(1, doc_id);
    st->exec();
  }
  for (const std::int64_t sid : affected) {
    std::optional<std::int64_t> root, first;
    EraseRoot(sid);
    {
      Use st(*this, "SELECT root_quote_id FROM statements WHERE id = ?");
      st->bind(1, sid);
      if (st->executeStep() && !st->getColumn(0).isNull()) root = st->getColumn(0).getInt64();
    }
    if (root) continue;
    // The root was in this document: the earliest (then longest) remaining
    // member becomes the root.
    std::string text, kind, speaker, speaker_kind;
    {
      Use st(*this,
             "SELECT q.id, q.text, q.kind, COALESCE(sp.name, q.speaker_name),"
             " COALESCE(sp.kind, '') FROM quotes q"
             " JOIN documents d ON d.id = q.doc_id LEFT JOIN speakers sp ON sp.id = q.speaker_id"
             " WHERE q.statement_id = ?"
             " ORDER BY (d.published = ''), d.published, length(q.text) DESC, d.id, q.seq LIMIT 1");
      st->bind(1, sid);
      if (st->executeStep()) {
        first = st->getColumn(0).getInt64();
        text = st->getColumn(1).getString();
        kind = st->getColumn(2).getString();
        speaker = st->getColumn(3).getString();
        speaker_kind = st->getColumn(4).getString();
      }
    }
    if (first) {
      Reroot(sid, *first,
             Prepare(MatchInput{text, QuoteKindFromString(kind), speaker}, KindOf(speaker_kind)));
    } else {
      Use st(*this, "DELETE FROM statements WHERE id = ?");
      st->bind(1, sid);
      st->exec();
    }
  }
}

void Store::Impl::InsertQuote(std::int64_t doc_id, const Document& doc, std::int64_t seq,
                              const Quote& q, const AnalysedQuote* prepared,
                              const std::vector<std::uint64_t>* prepared_keys,
                              const CompareHints* hints,
                              std::map<std::string, SpeakerRef>& speakers) {
  const std::size_t n = doc.text.size();
  auto bad = [&](const char* what, const Span& s) {
    return StoreError("quote " + std::to_string(seq + 1) + ": " + what + " [" +
                      std::to_string(s.start) + ", " + std::to_string(s.end) +
                      ") is outside the text (" + std::to_string(n) + " bytes)");
  };
  for (const Span& s : q.content) {
    if (!SpanInside(s, n)) throw bad("content piece", s);
  }
  if (!SpanInside(q.sentence, n)) throw bad("sentence", q.sentence);
  if (q.cue && !SpanInside(q.cue->span, n)) throw bad("cue", q.cue->span);
  if (q.source && !SpanInside(q.source->span, n)) throw bad("source", q.source->span);

  std::size_t start = q.sentence.start, end = q.sentence.start;
  if (!q.content.empty()) {
    start = q.content.front().start;
    end = q.content.back().end;
    for (const Span& s : q.content) {
      start = std::min(start, s.start);
      end = std::max(end, s.end);
    }
  }
  const std::string context = !q.sentence.empty()
                                  ? doc.text.substr(q.sentence.start, q.sentence.size())
                                  : FallbackContext(doc.text, start, end);

  std::optional<SpeakerRef> speaker;
  if (!q.speaker.empty()) speaker = ResolveSpeaker(q, doc_id, speakers);
  const std::optional<std::int64_t> via = OutletId(q.via);
  const MatchInput me_input{q.text, q.kind,
                            speaker ? std::string_view(speaker->name) : std::string_view()};
  // Analysed once: keys, every candidate comparison and a re-rooting read it.
  // An analysis prepared ahead (on an extraction thread) stands in for
  // Prepare when it was made from this text and kind: as it is when the
  // speaker is the one it was made with, else with the speaker as resolved
  // here (WithSpeaker: what Prepare would give, without analysing the text
  // again; the store often spells a speaker more fully than the document).
  const bool same_text = prepared && !prepared->empty() && prepared->text() == me_input.text &&
                         prepared->kind() == me_input.kind;
  const AnalysedQuote me = !options.match_statements ? AnalysedQuote()
                           : same_text ? WithSpeaker(*prepared, me_input.speaker, q.speaker_kind)
                                       : Prepare(me_input, q.speaker_kind);

  // Statement: attach to the best candidate whose root says same_statement
  // (the first of equal scores, in candidate order). Roots are read here, the
  // comparisons may run on the match threads.
  std::vector<std::uint64_t> keys;
  std::optional<std::int64_t> statement;
  std::shared_ptr<const RootInfo> best_root;
  Comparison best;
  if (options.match_statements) {
    // Keys depend on the text alone.
    keys = same_text && prepared_keys != nullptr ? *prepared_keys : CandidateKeys(me);
    std::vector<std::int64_t> cands = index->Candidates(keys, kCandidateLimit);
    // The speaker's recent statements, whatever their words (reported speech),
    // from the same news cycle: published within kSpeakerWindowDays.
    const std::size_t first_by_speaker = cands.size();
    for (const std::int64_t s : index->SpeakerCandidates(me, kSpeakerCandidateLimit)) {
      if (std::find(cands.begin(), cands.end(), s) == cands.end()) cands.push_back(s);
    }
    std::vector<std::shared_ptr<const RootInfo>> cand_roots;
    cand_roots.reserve(cands.size());
    for (std::size_t i = 0; i < cands.size(); ++i) {
      cand_roots.push_back(Root(cands[i]));
      if (i >= first_by_speaker && cand_roots.back() &&
          DaysApart(doc.published, cand_roots.back()->published) > kSpeakerWindowDays) {
        cand_roots.back().reset();
      }
    }
    std::vector<Comparison> cmp(cands.size());
    CompareAll(cands.size(), [&](std::size_t i) {
      const std::shared_ptr<const RootInfo>& root = cand_roots[i];
      if (!root) return;
      cmp[i] = hints != nullptr && hints->size() > 0 ? Compare(root->prepared, me, *index, *hints)
                                                     : Compare(root->prepared, me, *index);
    });
    for (std::size_t i = 0; i < cands.size(); ++i) {
      if (!cand_roots[i]) continue;
      const Comparison& c = cmp[i];
      if (c.same_statement && (!statement || c.score > best.score)) {
        statement = cands[i];
        best = c;
        best_root = std::move(cand_roots[i]);
      }
    }
  }
  bool new_root = false;
  if (statement) {
    // Is this rendering fuller than the root (the root is a part of it), or
    // an earlier rendering that is at least as direct? Then it becomes the root.
    const bool earlier = !doc.published.empty() && !best_root->published.empty() &&
                         doc.published < best_root->published &&
                         Directness(q.kind) >= Directness(best_root->kind);
    const bool longer = q.text.size() > best_root->text.size();
    if (earlier || longer) {
      const Comparison rev = Compare(me, best_root->prepared, *index);
      const bool root_is_part = rev.same_statement && (rev.variant == Variant::kTruncated ||
                                                       rev.variant == Variant::kElided);
      new_root = root_is_part || (earlier && rev.same_statement);
    }
  } else {
    // A new statement, this quote its root: the quote goes in first with the
    // id the statement will get, then the statement with its root (db/006).
    statement = NextStatementId();
    new_root = true;
  }

  std::string variant = "original", flags;
  double score = 1.0;
  if (!new_root) {
    variant = std::string(
        ToString(best.variant == Variant::kOriginal ? Variant::kVerbatim : best.variant));
    flags = JoinFlags(best.flags);
    score = best.score;
  }

  Use ins(*this,
          "INSERT INTO quotes(doc_id, seq, kind, text, pieces, start, \"end\", cue_text, cue_start,"
          " cue_end, source_text, source_start, source_end, speaker_id, speaker_name, role,"
          " via_outlet_id, context, statement_id, variant, flags, score)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  SQLite::Statement& st = *ins;
  st.bind(1, doc_id);
  st.bind(2, seq);
  st.bind(3, std::string(ToString(q.kind)));
  st.bindNoCopy(4, q.text);
  st.bind(5, PiecesJson(q.content));
  st.bind(6, static_cast<std::int64_t>(start));
  st.bind(7, static_cast<std::int64_t>(end));
  if (q.cue) {
    st.bindNoCopy(8, q.cue->text);
    st.bind(9, static_cast<std::int64_t>(q.cue->span.start));
    st.bind(10, static_cast<std::int64_t>(q.cue->span.end));
  }
  if (q.source) {
    st.bindNoCopy(11, q.source->text);
    st.bind(12, static_cast<std::int64_t>(q.source->span.start));
    st.bind(13, static_cast<std::int64_t>(q.source->span.end));
  }
  if (speaker) st.bind(14, speaker->id);
  st.bindNoCopy(15, q.speaker);
  st.bindNoCopy(16, q.role);
  BindOptional(st, 17, via);
  st.bindNoCopy(18, context);
  st.bind(19, *statement);
  st.bindNoCopy(20, variant);
  st.bindNoCopy(21, flags);
  st.bind(22, score);
  st.exec();
  const std::int64_t quote_id = db.getLastInsertRowid();
  fts_pending.push_back(quote_id);

  if (!statement || !new_root) return;
  if (best_root) {
    Reroot(*statement, quote_id, me);
  } else {
    Use up(*this, "INSERT INTO statements(id, root_quote_id, created) VALUES (?, ?, ?)");
    up->bind(1, *statement);
    up->bind(2, quote_id);
    up->bindNoCopy(3, doc_time);
    up->exec();
    ++next_statement_id;
    if (options.match_statements) IndexAdd(*statement, keys, me);
    index_max_id = std::max(index_max_id, *statement);
  }
  if (options.match_statements) {
    CacheNewRoot(*statement, quote_id, q, me_input.speaker, speaker ? speaker->id : 0,
                 doc.published, me);
  }
}

Status Store::AddDocument(const Document& doc, const std::vector<Quote>& quotes,
                          AddResult* result) {
  return AddDocument(doc, quotes, {}, result);
}

bool Store::MatchesStatements() const { return impl_->options.match_statements; }

Status Store::AddDocument(const Document& doc, const std::vector<Quote>& quotes,
                          const std::vector<AnalysedQuote>& prepared, AddResult* result) {
  return AddDocument(doc, quotes, prepared, {}, result);
}

Status Store::AddDocument(const Document& doc, const std::vector<Quote>& quotes,
                          const std::vector<AnalysedQuote>& prepared,
                          const std::vector<std::vector<std::uint64_t>>& keys, AddResult* result) {
  return AddDocument(doc, quotes, prepared, keys, {}, result);
}

std::vector<CompareHints> Store::CompareAhead(
    const std::vector<AnalysedQuote>& prepared,
    const std::vector<std::vector<std::uint64_t>>& keys, std::string_view published) const {
  const std::size_t n = std::min(prepared.size(), keys.size());
  std::vector<CompareHints> hints(n);
  const Impl& im = *impl_;
  if (!im.options.match_statements) return hints;
  // Each quote's candidates as InsertQuote would find them now, and their
  // cached roots (roots not cached are left to the writer: reading them is
  // its work).
  std::vector<std::vector<std::shared_ptr<const RootInfo>>> roots(n);
  {
    std::shared_lock<std::shared_mutex> lock(im.match_mu);
    for (std::size_t q = 0; q < n && im.index; ++q) {
      if (prepared[q].empty()) continue;
      std::vector<std::int64_t> cands = im.index->Candidates(keys[q], kCandidateLimit);
      const std::size_t first_by_speaker = cands.size();
      for (const std::int64_t s : im.index->SpeakerCandidates(prepared[q], kSpeakerCandidateLimit)) {
        if (std::find(cands.begin(), cands.end(), s) == cands.end()) cands.push_back(s);
      }
      roots[q].reserve(cands.size());
      for (std::size_t i = 0; i < cands.size(); ++i) {
        auto it = im.roots.find(cands[i]);
        if (it == im.roots.end()) continue;
        if (i >= first_by_speaker &&
            DaysApart(published, it->second->published) > kSpeakerWindowDays) {
          continue;
        }
        roots[q].push_back(it->second);
      }
    }
  }
  // The document's own earlier quotes become statements before the later
  // ones are filed, and are often their candidates (a remark quoted twice,
  // in part and in full): for each quote, the earlier quotes (up to
  // kOwnWindow back) that share the most candidate keys with it, at most
  // kCandidateLimit, earliest first among equals, as the store's index
  // would rank them. Counted from the document's (key, quote) pairs sorted
  // once: a CandidateIndex per document cost more to build (a hash table,
  // stem counts) than it saved; keys of more than kMaxRun quotes are
  // skipped like the index's stop keys.
  constexpr std::size_t kOwnWindow = 256, kMaxRun = 64;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> by_key;
  for (std::size_t q = 0; q < n; ++q) {
    if (prepared[q].empty()) continue;
    for (const std::uint64_t k : keys[q]) by_key.emplace_back(k, static_cast<std::uint32_t>(q));
  }
  std::sort(by_key.begin(), by_key.end());
  const std::size_t window = std::min(n, kOwnWindow);
  // shared[q * window + d - 1]: keys quote q shares with quote q - d.
  std::vector<std::uint16_t> shared(n * window, 0);
  for (std::size_t r = 0; r < by_key.size();) {
    std::size_t e = r + 1;
    while (e < by_key.size() && by_key[e].first == by_key[r].first) ++e;
    if (e - r <= kMaxRun) {
      for (std::size_t x = r; x < e; ++x) {
        for (std::size_t y = x + 1; y < e; ++y) {
          const std::size_t i = by_key[x].second, q = by_key[y].second;  // i < q
          if (q - i <= window) ++shared[q * window + (q - i - 1)];
        }
      }
    }
    r = e;
  }
  std::vector<std::pair<std::size_t, std::size_t>> ranked;  // (-shared keys, earlier quote)
  for (std::size_t q = 0; q < n; ++q) {
    if (prepared[q].empty()) continue;
    for (const auto& root : roots[q]) hints[q].Add(root->prepared, prepared[q]);
    ranked.clear();
    for (std::size_t d = 1; d <= std::min(q, window); ++d) {
      const std::size_t common = shared[q * window + d - 1];
      if (common > 0) ranked.emplace_back(~common, q - d);
    }
    const std::size_t take = std::min(ranked.size(), kCandidateLimit);
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(take),
                      ranked.end());
    for (std::size_t k = 0; k < take; ++k) hints[q].Add(prepared[ranked[k].second], prepared[q]);
  }
  return hints;
}

Status Store::AddDocument(const Document& doc, const std::vector<Quote>& quotes,
                          const std::vector<AnalysedQuote>& prepared,
                          const std::vector<std::vector<std::uint64_t>>& keys,
                          const std::vector<CompareHints>& hints, AddResult* result) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  Impl& im = *impl_;
  if (result) *result = AddResult{};
  if (doc.id.empty()) return Status::Error(im.path + ": a document without an id cannot be stored");
  const std::size_t earlier = im.in_batch ? im.batch_docs : 0;
  // A failure that may have cost the open batch says so: those documents
  // were reported stored.
  auto batch_lost = [&]() -> std::string {
    return earlier == 0 ? std::string()
                        : " (and the " + std::to_string(earlier) +
                              " documents stored before it in the same batch are lost)";
  };
  try {
    im.BeginBatch();
    // Prepared once, as every per-document statement: Database::exec would
    // parse the SQL again for each document.
    Use(im, "SAVEPOINT qt_document")->exec();
  } catch (const std::exception& e) {
    im.ForgetCaches();
    im.DropPendingQuotes();
    if (!sqlite3_get_autocommit(im.db.getHandle())) {
      try {
        im.db.exec("ROLLBACK");
      } catch (const std::exception&) {
      }
    }
    im.in_batch = false;
    return Status::Error(im.path + ": cannot store document " + doc.id + ": " + e.what() +
                         batch_lost());
  }
  // Rolling back to the savepoint undoes this document's quotes and any
  // quotes_fts rows written since it began.
  const std::size_t pending_mark = im.fts_pending.size(), indexed_mark = im.fts_indexed;
  try {
    if (im.batch_docs == 0 || !im.index) im.EnsureIndex();
    im.doc_time = UtcNow();
    const std::int64_t hash = ContentHash(doc);
    std::optional<std::int64_t> doc_id;
    bool identical = false;
    {
      Use st(im, "SELECT id, content_hash FROM documents WHERE doc_key = ?");
      st->bind(1, doc.id);
      if (st->executeStep()) {
        doc_id = st->getColumn(0).getInt64();
        identical = st->getColumn(1).getInt64() == hash;
      }
    }
    if (identical) {
      Use cnt(im, "SELECT count(*) FROM quotes WHERE doc_id = ?");
      cnt->bind(1, *doc_id);
      if (result && cnt->executeStep()) result->quotes = cnt->getColumn(0).getInt64();
    } else {
      const std::optional<std::int64_t> outlet = im.OutletId(doc.outlet);
      if (doc_id) {
        im.RemoveDocumentQuotes(*doc_id);
        Use st(im,
               "UPDATE documents SET content_hash = ?, title = ?, outlet_id = ?, published = ?,"
               " url = ?, text = ?, ingested_at = ? WHERE id = ?");
        st->bind(1, hash);
        st->bindNoCopy(2, doc.title);
        BindOptional(*st, 3, outlet);
        st->bindNoCopy(4, doc.published);
        st->bindNoCopy(5, doc.url);
        st->bindNoCopy(6, doc.text);
        st->bindNoCopy(7, im.doc_time);
        st->bind(8, *doc_id);
        st->exec();
      } else {
        Use st(
            im,
            "INSERT INTO documents(doc_key, content_hash, title, outlet_id, published, url, text,"
            " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        st->bindNoCopy(1, doc.id);
        st->bind(2, hash);
        st->bindNoCopy(3, doc.title);
        BindOptional(*st, 4, outlet);
        st->bindNoCopy(5, doc.published);
        st->bindNoCopy(6, doc.url);
        st->bindNoCopy(7, doc.text);
        st->bindNoCopy(8, im.doc_time);
        st->exec();
        doc_id = im.db.getLastInsertRowid();
      }
      std::map<std::string, SpeakerRef> speakers;
      for (std::size_t i = 0; i < quotes.size(); ++i) {
        const bool ahead = i < prepared.size() && i < keys.size();
        im.InsertQuote(*doc_id, doc, static_cast<std::int64_t>(i), quotes[i],
                       i < prepared.size() ? &prepared[i] : nullptr, ahead ? &keys[i] : nullptr,
                       ahead && i < hints.size() ? &hints[i] : nullptr, speakers);
      }
    }
    // A deferred key (db/006: a quote's statement) left unresolved fails this
    // document now, not the batch's COMMIT.
    int unresolved = 0, highwater = 0;
    if (sqlite3_db_status(im.db.getHandle(), SQLITE_DBSTATUS_DEFERRED_FKS, &unresolved, &highwater,
                          0) == SQLITE_OK &&
        unresolved != 0) {
      throw StoreError("FOREIGN KEY constraint failed (a quote's statement)");
    }
    Use(im, "RELEASE qt_document")->exec();
    if (result && !identical) {
      result->added = true;
      result->quotes = static_cast<std::int64_t>(quotes.size());
    }
  } catch (const std::exception& e) {
    // Undo this document only; the batch before it stays.
    im.ForgetCaches();  // may hold statements, speakers or outlets rolled back
    std::string lost;
    try {
      if (sqlite3_get_autocommit(im.db.getHandle())) throw StoreError("transaction aborted");
      im.db.exec("ROLLBACK TO qt_document");
      im.db.exec("RELEASE qt_document");
      im.fts_pending.resize(pending_mark);
      im.fts_indexed = indexed_mark;
    } catch (const std::exception&) {
      im.DropPendingQuotes();
      lost = batch_lost();
      if (!sqlite3_get_autocommit(im.db.getHandle())) {
        try {
          im.db.exec("ROLLBACK");
        } catch (const std::exception&) {
        }
      }
      im.in_batch = false;
    }
    if (result) *result = AddResult{};
    return Status::Error(im.path + ": cannot store document " + doc.id + ": " + e.what() + lost);
  }
  ++im.batch_docs;
  const auto age = std::chrono::steady_clock::now() - im.batch_start;
  if (im.batch_docs >= im.options.batch_documents ||
      age >= std::chrono::milliseconds(im.options.batch_millis)) {
    try {
      im.CommitBatch();
    } catch (const std::exception& e) {
      if (result) *result = AddResult{};
      return Status::Error(im.path + ": cannot commit document " + doc.id + ": " + e.what() +
                           batch_lost());
    }
  }
  return Status::Ok();
}

Status Store::Flush() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  try {
    impl_->CommitBatch();
    return Status::Ok();
  } catch (const std::exception& e) {
    return Status::Error(impl_->path + ": cannot commit the open batch: " + e.what());
  }
}

Status Store::SetWriteOptions(std::size_t batch_documents, int batch_millis,
                              unsigned match_threads) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  Impl& im = *impl_;
  Status status;
  try {
    im.CommitBatch();
  } catch (const std::exception& e) {
    status = Status::Error(im.path + ": cannot commit the open batch: " + e.what());
  }
  im.options.batch_documents = std::max<std::size_t>(1, batch_documents);
  im.options.batch_millis = batch_millis;
  const unsigned threads = std::max(1u, match_threads);
  if (threads != im.options.match_threads) {
    im.options.match_threads = threads;
    im.pool = threads > 1 ? std::make_unique<ForkJoin>(threads) : nullptr;
  }
  return status;
}

// ---------------------------------------------------------------------------
// Reading.

std::vector<std::int64_t> Store::Impl::SpeakerIds(const std::string& name) const {
  std::vector<std::int64_t> ids;
  if (name.empty()) return ids;
  const std::string key = KeyOf(name);
  {
    Use st(*this,
           "SELECT id FROM speakers WHERE name_key = ? UNION"
           " SELECT speaker_id FROM speaker_aliases WHERE alias_key = ? ORDER BY 1");
    st->bind(1, key);
    st->bind(2, key);
    while (st->executeStep()) ids.push_back(st->getColumn(0).getInt64());
  }
  if (!ids.empty()) return ids;
  // Other spellings of a person: same surname key and SamePersonName.
  Use st(
      *this,
      "SELECT id, name FROM speakers WHERE surname_key = ? AND kind IN ('person', '') ORDER BY id");
  st->bind(1, LastToken(key));
  while (st->executeStep()) {
    if (SamePersonName(name, st->getColumn(1).getString()))
      ids.push_back(st->getColumn(0).getInt64());
  }
  return ids;
}

std::vector<SpeakerSummary> Store::Impl::Summaries(const std::string& ids_json,
                                                   bool only_with_quotes) const {
  const char* sql_ids =
      "SELECT s.id, s.name, s.kind,"
      " (SELECT group_concat(role, '; ') FROM (SELECT role FROM speaker_roles WHERE speaker_id = "
      "s.id ORDER BY role)),"
      " (SELECT group_concat(alias, '; ') FROM (SELECT alias FROM speaker_aliases WHERE speaker_id "
      "= s.id ORDER BY alias)),"
      " (SELECT count(*) FROM quotes WHERE speaker_id = s.id) AS n,"
      " (SELECT group_concat(name, ', ') FROM (SELECT DISTINCT o.name FROM quotes q"
      "   JOIN documents d ON d.id = q.doc_id JOIN outlets o ON o.id = d.outlet_id"
      "   WHERE q.speaker_id = s.id ORDER BY o.name))"
      " FROM speakers s WHERE s.id IN (SELECT value FROM json_each(?)) ORDER BY n DESC, s.name, "
      "s.id";
  const char* sql_all =
      "SELECT s.id, s.name, s.kind,"
      " (SELECT group_concat(role, '; ') FROM (SELECT role FROM speaker_roles WHERE speaker_id = "
      "s.id ORDER BY role)),"
      " (SELECT group_concat(alias, '; ') FROM (SELECT alias FROM speaker_aliases WHERE speaker_id "
      "= s.id ORDER BY alias)),"
      " (SELECT count(*) FROM quotes WHERE speaker_id = s.id) AS n,"
      " (SELECT group_concat(name, ', ') FROM (SELECT DISTINCT o.name FROM quotes q"
      "   JOIN documents d ON d.id = q.doc_id JOIN outlets o ON o.id = d.outlet_id"
      "   WHERE q.speaker_id = s.id ORDER BY o.name))"
      " FROM speakers s WHERE n > 0 ORDER BY n DESC, s.name, s.id";
  Use st(*this, only_with_quotes ? sql_all : sql_ids);
  if (!only_with_quotes) st->bind(1, ids_json);
  std::vector<SpeakerSummary> out;
  while (st->executeStep()) {
    SpeakerSummary s;
    s.id = st->getColumn(0).getInt64();
    s.name = st->getColumn(1).getString();
    s.kind = st->getColumn(2).getString();
    s.roles = st->getColumn(3).getString();
    s.aliases = st->getColumn(4).getString();
    s.quotes = st->getColumn(5).getInt64();
    s.outlets = st->getColumn(6).getString();
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<QuoteRow> Store::Impl::Rows(const char* sql,
                                        const std::function<void(SQLite::Statement&)>& bind) const {
  Use st(*this, sql);
  bind(*st);
  std::vector<QuoteRow> rows;
  while (st->executeStep()) rows.push_back(ReadRow(*st));
  return rows;
}

namespace {
std::string RowSql(const char* tail) { return std::string(kRowSelect) + tail; }
}  // namespace

std::vector<QuoteRow> Store::Quotes(const std::string& speaker) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->SettleForRead();
  try {
    if (speaker.empty()) {
      static const std::string sql = RowSql("ORDER BY d.id, q.start, q.seq");
      return impl_->Rows(sql.c_str(), [](SQLite::Statement&) {});
    }
    const std::vector<std::int64_t> ids = impl_->SpeakerIds(speaker);
    if (ids.empty()) return {};
    static const std::string sql = RowSql(
        "WHERE q.speaker_id IN (SELECT value FROM json_each(?)) ORDER BY d.id, q.start, q.seq");
    const std::string json = IdsJson(ids);
    return impl_->Rows(sql.c_str(), [&](SQLite::Statement& st) { st.bind(1, json); });
  } catch (const std::exception&) {
    return {};
  }
}

std::vector<SpeakerSummary> Store::FindSpeakers(const std::string& name) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->SettleForRead();
  try {
    const std::vector<std::int64_t> ids = impl_->SpeakerIds(name);
    if (ids.empty()) return {};
    return impl_->Summaries(IdsJson(ids), false);
  } catch (const std::exception&) {
    return {};
  }
}

std::vector<SpeakerSummary> Store::Speakers() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->SettleForRead();
  try {
    return impl_->Summaries({}, true);
  } catch (const std::exception&) {
    return {};
  }
}

std::vector<QuoteRow> Store::Search(const std::string& query, std::size_t limit) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->SettleForRead();
  const std::string fts = FtsQuery(query);
  if (fts.empty() || limit == 0) return {};
  try {
    // Ranked among the kSearchWindow most recent matches: FTS5 walks its
    // doclists newest first and stops there, so a word found in half a
    // million quotes costs no more than a rare one; only the `limit` best
    // are joined with their documents and speakers.
    static const std::string sql = [] {
      std::string head = kRowSelect;
      const std::string from = "FROM quotes q JOIN documents d";
      head.replace(head.find(from), from.size(),
                   "FROM (SELECT id, score FROM ("
                   "   SELECT rowid AS id, bm25(quotes_fts) AS score FROM quotes_fts"
                   "   WHERE quotes_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?3)"
                   "  ORDER BY score, id LIMIT ?2) h"
                   " CROSS JOIN quotes q ON q.id = h.id JOIN documents d");
      return head + "ORDER BY h.score, q.id";
    }();
    return impl_->Rows(sql.c_str(), [&](SQLite::Statement& st) {
      st.bind(1, fts);
      st.bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, 1u << 30)));
      st.bind(3, static_cast<std::int64_t>(std::max<std::size_t>(kSearchWindow, limit)));
    });
  } catch (const std::exception&) {
    return {};
  }
}

std::vector<StatementSummary> Store::Statements(const StatementFilter& filter) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->SettleForRead();
  std::vector<StatementSummary> out;
  try {
    std::string ids_json;
    if (!filter.speaker.empty()) {
      const std::vector<std::int64_t> ids = impl_->SpeakerIds(filter.speaker);
      if (ids.empty()) return {};
      ids_json = IdsJson(ids);
    }
    Use st(*impl_,
           "SELECT s.id, r.text, COALESCE(rs.name, r.speaker_name), count(DISTINCT m.doc_id),"
           " count(m.id), group_concat(m.variant || char(31) || m.flags, char(30))"
           " FROM statements s JOIN quotes r ON r.id = s.root_quote_id"
           " LEFT JOIN speakers rs ON rs.id = r.speaker_id"
           " JOIN quotes m ON m.statement_id = s.id"
           " WHERE (?1 IS NULL OR s.id IN (SELECT statement_id FROM quotes"
           "   WHERE speaker_id IN (SELECT value FROM json_each(?1))))"
           " GROUP BY s.id HAVING count(DISTINCT m.doc_id) >= ?2");
    if (!ids_json.empty()) st->bind(1, ids_json);
    st->bind(2, filter.min_sources);
    while (st->executeStep()) {
      StatementSummary s;
      s.id = st->getColumn(0).getInt64();
      s.text = st->getColumn(1).getString();
      s.speaker = st->getColumn(2).getString();
      s.sources = st->getColumn(3).getInt64();
      s.quotes = st->getColumn(4).getInt64();
      std::set<std::string> flags;
      double drift = 0.0;
      int members = 0;
      for (const auto& m : SplitNonEmpty(st->getColumn(5).getString(), '\x1e')) {
        const std::size_t sep = m.find('\x1f');
        const std::string variant = m.substr(0, sep);
        const std::string f = sep == std::string::npos ? std::string() : m.substr(sep + 1);
        for (auto& one : SplitNonEmpty(f, ';')) flags.insert(one);
        if (variant == "original") continue;
        drift += MemberDrift(variant, f);
        ++members;
      }
      if (!filter.flag.empty() && !flags.count(filter.flag)) continue;
      s.drift = members ? drift / members : 0.0;
      std::vector<std::string> fl(flags.begin(), flags.end());
      s.flags = JoinFlags(fl);
      out.push_back(std::move(s));
    }
  } catch (const std::exception&) {
    return {};
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const StatementSummary& a, const StatementSummary& b) {
                     if (a.drift != b.drift) return a.drift > b.drift;
                     if (a.sources != b.sources) return a.sources > b.sources;
                     return a.id < b.id;
                   });
  return out;
}

std::vector<QuoteRow> Store::StatementQuotes(std::int64_t statement_id) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->SettleForRead();
  try {
    static const std::string sql = RowSql(
        "WHERE q.statement_id = ? ORDER BY (d.published = ''), d.published, d.id, q.start, q.seq");
    return impl_->Rows(sql.c_str(), [&](SQLite::Statement& st) { st.bind(1, statement_id); });
  } catch (const std::exception&) {
    return {};
  }
}

Status Store::MergeSpeakers(const std::string& from, const std::string& into) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->SettleForRead();
  Impl& im = *impl_;
  // One speaker per name: an exact canonical name first, then any spelling.
  auto resolve = [&](const std::string& name, std::int64_t* id) -> Status {
    std::vector<std::int64_t> ids;
    {
      Use st(im, "SELECT id FROM speakers WHERE name = ? ORDER BY id");
      st->bind(1, name);
      while (st->executeStep()) ids.push_back(st->getColumn(0).getInt64());
    }
    if (ids.empty()) ids = im.SpeakerIds(name);
    if (ids.empty()) return Status::Error(im.path + ": no speaker named \"" + name + "\"");
    if (ids.size() > 1) {
      return Status::Error(im.path + ": \"" + name + "\" names " + std::to_string(ids.size()) +
                           " speakers; use the full canonical name");
    }
    *id = ids.front();
    return Status::Ok();
  };
  try {
    SQLite::Transaction tx(im.db, SQLite::TransactionBehavior::IMMEDIATE);
    std::int64_t a = 0, b = 0;
    if (Status s = resolve(from, &a); !s.ok()) return s;
    if (Status s = resolve(into, &b); !s.ok()) return s;
    if (a == b) return Status::Ok();
    im.ClearRoots();
    im.speaker_cache.clear();
    im.speaker_rows.clear();
    im.role_cache.clear();
    for (const char* sql :
         {"UPDATE quotes SET speaker_id = ?2 WHERE speaker_id = ?1",
          "INSERT OR IGNORE INTO speaker_aliases(speaker_id, alias, alias_key)"
          " SELECT ?2, alias, alias_key FROM speaker_aliases WHERE speaker_id = ?1",
          "INSERT OR IGNORE INTO speaker_roles(speaker_id, role)"
          " SELECT ?2, role FROM speaker_roles WHERE speaker_id = ?1",
          "DELETE FROM speakers WHERE id = ?1"}) {
      Use st(im, sql);
      st->bind(1, a);
      if (st->getBindParameterCount() > 1) st->bind(2, b);
      st->exec();
    }
    tx.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return Status::Error(im.path + ": cannot merge speakers: " + e.what());
  }
}

std::int64_t Store::DocumentCount() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->SettleForRead();
  try {
    Use st(*impl_, "SELECT count(*) FROM documents");
    return st->executeStep() ? st->getColumn(0).getInt64() : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

std::int64_t Store::QuoteCount() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->SettleForRead();
  try {
    Use st(*impl_, "SELECT count(*) FROM quotes");
    return st->executeStep() ? st->getColumn(0).getInt64() : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace qt
