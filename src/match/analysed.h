// Internal to match: what an AnalysedQuote holds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "match/align.h"
#include "quotetrack/match.h"

namespace qt {

struct AnalysedQuote::Impl {
  std::uint64_t serial = 0;  // unique per Prepare call, from 1 (keys memos)
  std::string text;
  QuoteKind kind = QuoteKind::kDirect;
  std::string speaker;
  SpeakerKind speaker_kind = SpeakerKind::kUnknown;
  std::string speaker_key;  // NameKey(speaker): spellings of one name meet
  bool ellipsis = false;    // the text marks a cut ("…", "...")
  match_internal::Prepared prepared;
  // A mixed quote's text is reported speech around quoted words; the words
  // inside quote marks (three tokens or more) are also compared on their own.
  std::vector<match_internal::Prepared> fragments;
  // Reported speech often joins two reports with a participle ("…, adding
  // that …", "…, insisting …"): the clauses of an indirect or mixed quote
  // split there (two content words or more each); and one remark often
  // joins two statements with "and", "but" or a sentence end (parts of
  // three content words or more, shorter than the whole). Compared on their
  // own by the same-speaker rule only, which analyses them when it needs
  // them: byte ranges of `text` here, a few bytes for a kept root.
  struct Clause {
    std::uint32_t begin = 0, end = 0;
    std::uint8_t min_content = 2;  // fewer content words: not a clause
    bool shorter = false;          // must have fewer tokens than the whole
  };
  std::vector<Clause> clauses;
};

namespace match_internal {

// Candidate keys from tokens (shared by both CandidateKeys overloads).
std::vector<std::uint64_t> KeysOf(const std::vector<Token>& toks);
std::vector<std::uint64_t> KeysOf(const Prepared& p);

// Hash of the surname key of a named person's quote (its speaker_key's last
// word), 0 for anonymous, collective and unattributed quotes: the bucket
// under which CandidateIndex files a person's statements.
std::uint64_t SpeakerBucket(const AnalysedQuote::Impl& q);

// Token limit of one compared quote: keeps the alignment table bounded.
inline constexpr std::size_t kMaxCompareTokens = 1500;

}  // namespace match_internal
}  // namespace qt
