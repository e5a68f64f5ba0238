// The Quote value type: what detect finds and attribute completes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quotetrack/document.h"

namespace qt {

enum class QuoteKind { kDirect, kMixed, kIndirect };
enum class SpeakerKind { kUnknown, kPerson, kOrganization, kAnonymous };

std::string_view ToString(QuoteKind k);     // "direct" | "mixed" | "indirect"
std::string_view ToString(SpeakerKind k);   // "person" | "organization" | "anonymous" | ""
QuoteKind QuoteKindFromString(std::string_view s);
SpeakerKind SpeakerKindFromString(std::string_view s);

// A span of the document with its text.
struct Mention {
  Span span;
  std::string text;
};

struct Quote {
  QuoteKind kind = QuoteKind::kDirect;
  std::string text;            // the quoted words, pieces joined by one space
  std::vector<Span> content;   // pieces, excluding the quote marks; source offsets
  std::optional<Mention> cue;  // the speech verb or phrase
  std::optional<Mention> source;  // the mention the cue attaches to (a pronoun stays a pronoun)
  Span sentence;               // the sentence(s) around the quote: context

  // Filled by attribute.
  std::string speaker;         // canonical speaker; empty if unresolved
  SpeakerKind speaker_kind = SpeakerKind::kUnknown;
  std::string role;            // "Ukrainian Foreign Ministry spokesman"
  std::string via;             // agency in between: "Reuters"
};

}  // namespace qt
