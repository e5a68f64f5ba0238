// Internal to detect: WordNet's lexical files ("supersenses") of a word, for
// the tagger's features. A rare cue ("unleashed", "pledged") or source noun
// ("strategists") shares its class (verb.communication, noun.person) with
// common ones the tagger has weights for.
#pragma once

#include <cstdint>
#include <string_view>

namespace qt::detect_internal {

struct WordClass {
  static constexpr std::uint8_t kNone = 0xFF;
  // WordNet lex_filenum of the most frequent noun / verb sense (3..28 nouns,
  // 29..43 verbs), or kNone.
  std::uint8_t noun = kNone, verb = kNone;
  // Bit f set: some noun or verb sense is in lexical file f.
  std::uint64_t mask = 0;
};

// The classes of a lower-case word, after WordNet's base forms ("pledged" ->
// "pledge", "strategists" -> "strategist", irregular forms from its
// exception lists). Empty for unknown words, and when the build found no
// WordNet (Debian wordnet-base). Thread-safe, no allocation.
WordClass ClassOf(std::string_view lower);

// True when the build embedded the table.
bool WordClassesAvailable();

}  // namespace qt::detect_internal
