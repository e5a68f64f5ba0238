// match: is this the same statement, and how was it changed?
//
// Quotes of one statement are compared against the statement's root (its
// earliest, fullest rendering) by a token alignment over normalised, stemmed
// tokens. Candidates come from an index of hashed keys (shingles, MinHash/LSH
// bands), never from all pairs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "quotetrack/quote.h"

namespace qt {

enum class Variant {
  kOriginal,      // the statement's root
  kVerbatim,      // same words
  kTruncated,     // a contiguous part of the root
  kElided,        // parts of the root joined, with or without an ellipsis
  kAltered,       // quoted, a few words changed
  kRetranslated,  // quoted, same meaning, wording changed throughout
  kParaphrase,    // unquoted or mixed rendering with changed wording
  kReported,      // reported speech (no quote marks) of the statement
};
std::string_view ToString(Variant v);
Variant VariantFromString(std::string_view s);

struct MatchInput {
  std::string_view text;
  QuoteKind kind = QuoteKind::kDirect;
  std::string_view speaker;  // canonical speaker, may be empty
};

struct Comparison {
  bool same_statement = false;
  double score = 0.0;  // 0..1 similarity
  Variant variant = Variant::kParaphrase;
  std::vector<std::string> flags;  // number_changed, negation_changed, modal_changed,
                                   // name_changed, unmarked_omission, speaker_mismatch
};

// Compares `member` against `root`. Deterministic and thread-safe.
Comparison Compare(const MatchInput& root, const MatchInput& member);

// A quote analysed once for matching: its tokens (NFKC, case-folded,
// Snowball-stemmed), their integer ids, WordNet senses and the sorted
// multisets the comparison reads, plus copies of the text and speaker.
// Immutable; copies share one analysis (cheap to copy, safe to share
// between threads). A default-constructed AnalysedQuote is empty.
class AnalysedQuote {
 public:
  struct Impl;  // internal to match
  AnalysedQuote();
  ~AnalysedQuote();
  AnalysedQuote(const AnalysedQuote&);
  AnalysedQuote& operator=(const AnalysedQuote&);
  AnalysedQuote(AnalysedQuote&&) noexcept;
  AnalysedQuote& operator=(AnalysedQuote&&) noexcept;

  bool empty() const { return impl_ == nullptr; }
  std::string_view text() const;
  QuoteKind kind() const;
  std::string_view speaker() const;
  SpeakerKind speaker_kind() const;
  // Approximate heap bytes held (for callers that bound a cache).
  std::size_t memory_bytes() const;
  const Impl* impl() const { return impl_.get(); }

 private:
  friend AnalysedQuote Prepare(const MatchInput& in, SpeakerKind speaker_kind);
  friend AnalysedQuote WithSpeaker(const AnalysedQuote& q, std::string_view speaker,
                                   SpeakerKind speaker_kind);
  std::shared_ptr<const Impl> impl_;
};

// Analyses `in` (copies its strings). Never fails; thread-safe.
//
// `speaker_kind` decides speaker_mismatch: it is raised only between two
// named speakers of one kind whose names cannot denote the same speaker
// (person/person by person key, so "Zelensky", "Zelenskyy" and "Volodymyr
// Zelensky" agree; organization/organization when no name word is shared).
// An anonymous source may be the named person, and a spokesperson speaks for
// an institution, so anonymous and person/organization pairs are not
// flagged. kUnknown (and Compare(MatchInput, MatchInput)) compares by name.
AnalysedQuote Prepare(const MatchInput& in, SpeakerKind speaker_kind = SpeakerKind::kUnknown);

// What Prepare({q.text(), q.kind(), speaker}, speaker_kind) returns, without
// analysing the text again (only the speaker-dependent parts are redone):
// for an analysis made ahead with the speaker as extracted when the store
// resolves it to another spelling. Compares exactly as that Prepare would.
AnalysedQuote WithSpeaker(const AnalysedQuote& q, std::string_view speaker,
                          SpeakerKind speaker_kind);

// Loads the data the matcher reads (WordNet) now instead of at the first
// Prepare, on up to `threads` threads: for a process with cores idle at
// start-up. Thread-safe; results never depend on it.
void LoadMatcher(unsigned threads);

// Same as Compare(MatchInput, MatchInput) on the inputs the two were
// prepared from. An empty AnalysedQuote compares as an empty text.
Comparison Compare(const AnalysedQuote& root, const AnalysedQuote& member);

class CandidateIndex;

// Compare as the matcher does while filing quotes into statements, with the
// corpus held by `corpus` (document frequencies of content stems, counted by
// CandidateIndex::Add(id, keys, root)):
//  - a short pair (eight content words or fewer on one side) that is not
//    word-for-word the same must share a content stem that is not a topic
//    word of the corpus (in 3 statements or more and in more than 1 in 50)
//    or match three quarters of the shorter side's weighted content with a
//    non-topic word among the matches (synonyms), and a pair the model decided must match half of
//    the shorter side's content, weighted by inverse document frequency;
//  - two renderings given to the same named person are one statement when
//    half of the shorter side's weighted content matches by stem or by a
//    looser WordNet relation (derivation, shared neighbours, verb hypernyms:
//    "pleased" / "satisfied" / "satisfaction"; only between words of six
//    senses or fewer), a non-topic word among the matches; the share is
//    also taken on a quoted fragment or a participle clause ("…, adding
//    that …") of either side. The candidate itself comes from
//    CandidateIndex::SpeakerCandidates.
// Without a corpus (Compare above, `quotetrack compare`) neither applies.
// Thread-safe while `corpus` is not modified.
Comparison Compare(const AnalysedQuote& root, const AnalysedQuote& member,
                   const CandidateIndex& corpus);

// Comparisons done ahead: the part of Compare(root, member, corpus) that
// does not depend on the corpus (the two whole texts' alignment, features,
// excerpt rules and model probability, or that they fail the cheap tests
// before those), computed for pairs likely to be compared later, e.g. on
// another thread than the one filing quotes while it files earlier ones.
// Compare(root, member, corpus, hints) reads a pair's entry instead of
// computing it when it was made from the same two analyses (the same
// Prepare calls: WithSpeaker keeps them), and computes it otherwise, so its
// result is always that of Compare(root, member, corpus). Move-only; Add is
// not thread-safe, reads are.
class CompareHints {
 public:
  struct Impl;  // internal to match
  CompareHints();
  ~CompareHints();
  CompareHints(CompareHints&&) noexcept;
  CompareHints& operator=(CompareHints&&) noexcept;
  CompareHints(const CompareHints&) = delete;
  CompareHints& operator=(const CompareHints&) = delete;

  // Does the first stage of comparing `member` with `root` now.
  void Add(const AnalysedQuote& root, const AnalysedQuote& member);
  // Pairs held.
  std::size_t size() const;
  const Impl* impl() const { return impl_.get(); }

 private:
  std::unique_ptr<Impl> impl_;
};

// Compare(root, member, corpus), with what `hints` holds for the pair.
Comparison Compare(const AnalysedQuote& root, const AnalysedQuote& member,
                   const CandidateIndex& corpus, const CompareHints& hints);

// Hashed keys under which a text is indexed for candidate generation.
std::vector<std::uint64_t> CandidateKeys(std::string_view text);
// The same keys from a prepared quote (no second tokenisation).
std::vector<std::uint64_t> CandidateKeys(const AnalysedQuote& quote);

// An in-memory index from keys to statement ids, with document-frequency
// limits so that common phrases do not pull in everything.
class CandidateIndex {
 public:
  CandidateIndex();
  ~CandidateIndex();
  void Add(std::int64_t statement_id, const std::vector<std::uint64_t>& keys);
  // Statement ids sharing keys with `keys`, best first, at most `limit`.
  std::vector<std::int64_t> Candidates(const std::vector<std::uint64_t>& keys,
                                       std::size_t limit = 16) const;
  std::size_t size() const;

  // Indexes a statement's root as Add(statement_id, keys) does and, the
  // first time the statement is seen, counts its content stems (document
  // frequency over statements) and files it under its speaker: a named
  // person's statements are candidates for that person's later quotes
  // whatever their wording (SpeakerCandidates).
  void Add(std::int64_t statement_id, const std::vector<std::uint64_t>& keys,
           const AnalysedQuote& root);
  // The statements most recently filed under the person who speaks `quote`
  // (by surname key; Compare checks the full names), newest first, at most
  // `limit`. Empty for anonymous, collective or unattributed quotes.
  std::vector<std::int64_t> SpeakerCandidates(const AnalysedQuote& quote,
                                              std::size_t limit = 8) const;
  // Statements counted by Add(id, keys, root), and how many of them hold a
  // content stem (by match's internal stem id).
  std::size_t statements_counted() const;
  std::size_t StemFrequency(std::uint64_t stem_id) const;

  // Figures for benchmarks: distinct keys, keys ignored as too frequent,
  // postings held, and postings read by Candidates so far.
  struct Stats {
    std::size_t keys = 0, stop_keys = 0, postings = 0, postings_read = 0;
  };
  Stats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A word-level difference of `text` against `root` for the drift report.
struct DiffOp {
  enum Kind { kSame, kInsert, kDelete } kind = kSame;
  std::string text;
};
std::vector<DiffOp> WordDiff(std::string_view root, std::string_view text);

}  // namespace qt
