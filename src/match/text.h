// Internal to match: tokenisation of quote text into comparison tokens.
//
// Text is NFKC-normalised and case-folded with ICU; clitics are expanded so
// that "don't" and "do not" compare equal ("n't" -> "not", "'ll" -> "will");
// number words become digits where they are simple ("three" -> "3"); every
// token carries its Snowball (English) stem and the classes the flags need.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace qt::match_internal {

struct WordSenses;

struct Token {
  std::string fold;       // NFKC + case-folded form ("not" for "n't")
  std::string stem;       // Snowball English stem of `fold` (numbers unchanged)
  bool cap = false;       // capitalised and not sentence-initial: likely a name
  bool number = false;    // digits or a number word
  bool negation = false;  // not, never, no, nobody, nothing, none, neither, nor
  bool modal = false;     // will, would, can, could, must, should, may, might, shall
  bool stop = false;      // function word (carries little information)
  // What Prepare reads of the word beyond its strings, computed once per
  // distinct word by Tokenize's per-thread word cache instead of once per
  // token: StemId(stem), and LookupSenses(fold) for a content word that is
  // not a number (null otherwise). `ids` false (a Token built by hand):
  // Prepare computes them.
  bool ids = false;
  std::uint64_t stem_id = 0;
  std::shared_ptr<const WordSenses> senses;
};

// The 64-bit id of a stem (Prepared::stem).
std::uint64_t StemId(std::string_view stem);

// Tokens of `text`, at most `max_tokens` of them. Never fails: invalid UTF-8
// is replaced, NUL bytes and controls separate words.
// Text made of ASCII and common punctuation (curly quotes and apostrophes,
// dashes, "…", no-break space) takes a byte-level path with the same result
// as the ICU path (TokenizeUnicode), which handles everything else.
std::vector<Token> Tokenize(std::string_view text, std::size_t max_tokens = 4000);
std::vector<Token> TokenizeUnicode(std::string_view text, std::size_t max_tokens = 4000);

// True for English function words (IDF-like weighting without a corpus).
bool IsStopword(std::string_view folded);

// Informativeness of a token in 0..1: stopwords low, numbers and names high.
double TokenWeight(const Token& t);

// Snowball English stem of a case-folded word. Thread-safe.
std::string Stem(std::string_view folded);

// Case-folded NFKC form of a whole string (for speaker comparison).
std::string FoldCase(std::string_view text);

// True if `text` carries an ellipsis mark ("…", "...", ". . .").
bool HasEllipsis(std::string_view text);

}  // namespace qt::match_internal
