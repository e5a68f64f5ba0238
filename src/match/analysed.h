// Internal to match: what an AnalysedQuote holds.
#pragma once

#include <string>
#include <vector>

#include "match/align.h"
#include "quotetrack/match.h"

namespace qt {

struct AnalysedQuote::Impl {
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
};

namespace match_internal {

// Candidate keys from tokens (shared by both CandidateKeys overloads).
std::vector<std::uint64_t> KeysOf(const std::vector<Token>& toks);

// Token limit of one compared quote: keeps the alignment table bounded.
inline constexpr std::size_t kMaxCompareTokens = 1500;

}  // namespace match_internal
}  // namespace qt
