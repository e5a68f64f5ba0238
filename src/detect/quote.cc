#include "quotetrack/quote.h"

namespace qt {

std::string_view ToString(QuoteKind k) {
  switch (k) {
    case QuoteKind::kDirect:
      return "direct";
    case QuoteKind::kMixed:
      return "mixed";
    case QuoteKind::kIndirect:
      return "indirect";
  }
  return "direct";
}

std::string_view ToString(SpeakerKind k) {
  switch (k) {
    case SpeakerKind::kPerson:
      return "person";
    case SpeakerKind::kOrganization:
      return "organization";
    case SpeakerKind::kAnonymous:
      return "anonymous";
    case SpeakerKind::kUnknown:
      return "";
  }
  return "";
}

QuoteKind QuoteKindFromString(std::string_view s) {
  if (s == "mixed") return QuoteKind::kMixed;
  if (s == "indirect") return QuoteKind::kIndirect;
  return QuoteKind::kDirect;
}

SpeakerKind SpeakerKindFromString(std::string_view s) {
  if (s == "person") return SpeakerKind::kPerson;
  if (s == "organization") return SpeakerKind::kOrganization;
  if (s == "anonymous") return SpeakerKind::kAnonymous;
  return SpeakerKind::kUnknown;
}

}  // namespace qt
