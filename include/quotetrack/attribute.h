// attribute: who said it, and through whom.
//
// Resolves each quote's source mention to a canonical speaker: titles, roles
// and honorifics split off ("Defense Minister Rustem Umerov" -> speaker
// "Rustem Umerov", role "Defense Minister"); pronouns, "the source", "the
// minister" carried back to their antecedent; an unattributed follow-on quote
// inherits the previous speaker where a careful reader would; collective
// speakers (a country, a ministry, "the Kremlin") and anonymous sources kept
// as such. Sets `via` for agencies in between ("according to Reuters", "AFP
// quoted", "told Reuters").
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "quotetrack/document.h"
#include "quotetrack/normalise.h"
#include "quotetrack/quote.h"

namespace qt {

// A name split into its parts.
struct ParsedName {
  std::string name;  // "Rustem Umerov"
  std::string role;  // "Defense Minister"
  SpeakerKind kind = SpeakerKind::kUnknown;
};

class Attributor {
 public:
  Attributor();
  ~Attributor();
  Attributor(const Attributor&) = delete;
  Attributor& operator=(const Attributor&) = delete;

  // Fills speaker, speaker_kind, role and via of every quote of one document.
  void Attribute(const Document& doc, const NormalisedText& norm, std::vector<Quote>& quotes) const;

  // Splits a mention into name, role and kind ("Kremlin spokesman Dmitry
  // Peskov" -> Dmitry Peskov / Kremlin spokesman / person).
  ParsedName ParseMention(std::string_view mention) const;

  static const Attributor& Default();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A key under which spellings and transliterations of one name meet:
// "Zelensky", "Zelenskyy", "Zelenskiy", "Зеленський" -> "zelensky".
// Operates on a single name token or a full name (tokens keyed one by one).
std::string NameKey(std::string_view name);

// True if the two canonical names may denote the same person: equal keys, or
// one is the other's surname / has matching initials ("V. Zelensky"). Names
// whose given names differ ("Ann Smith" vs "John Smith") never match.
bool SamePersonName(std::string_view a, std::string_view b);
// SamePersonName on names already keyed by NameKey (no transliteration: for
// callers that compare one name against many).
bool SamePersonKey(std::string_view key_a, std::string_view key_b);

// The whole extraction of one document: normalise, detect, attribute.
std::vector<Quote> ExtractQuotes(const Document& doc);

}  // namespace qt
