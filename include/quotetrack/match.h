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
  double score = 0.0;                 // 0..1 similarity
  Variant variant = Variant::kParaphrase;
  std::vector<std::string> flags;     // number_changed, negation_changed, modal_changed,
                                      // name_changed, unmarked_omission, speaker_mismatch
};

// Compares `member` against `root`. Deterministic and thread-safe.
Comparison Compare(const MatchInput& root, const MatchInput& member);

// Hashed keys under which a text is indexed for candidate generation.
std::vector<std::uint64_t> CandidateKeys(std::string_view text);

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
