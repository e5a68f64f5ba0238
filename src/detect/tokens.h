// A light tokeniser for detect: words (letters, digits, inner apostrophes,
// hyphens and abbreviation dots), punctuation, and quote marks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "detect/lexicon.h"

namespace qt::detect_internal {

enum class TokenKind { kWord, kPunct, kMark };

struct Token {
  std::size_t start = 0;
  std::size_t end = 0;
  TokenKind kind = TokenKind::kWord;
  std::string lower;      // ASCII-lowered; ’ folded to '
  bool cap = false;       // starts with an upper-case letter (or non-ASCII letter)
  bool in_quote = false;  // inside a quoted span (set by detect)
  bool is_mark = false;
  // lex::Facts(lower), looked up once here for the rule passes.
  float cue_rate = 0.0f;
  bool speech_verb = false;
  lex::Raising raising = lex::Raising::kNone;
  // When `lower` is 1..16 bytes of ASCII (nearly every token): key_size =
  // its size and key_lo, key_hi its bytes as two little-endian words, zero
  // past its end, so that the tagger's word cache finds the word without
  // hashing or reading the string. key_size 0: not set (the cache then reads
  // `lower`; it also does when key_size is not lower's size).
  std::uint8_t key_size = 0;
  std::uint64_t key_lo = 0, key_hi = 0;
};

// Tokenises text[from, to).
void Tokenize(std::string_view text, std::size_t from, std::size_t to, std::vector<Token>& out);

}  // namespace qt::detect_internal
