// detect's tokeniser: words with inner apostrophes, hyphens, dots and
// digit groups; abbreviation dots; punctuation runs; quote marks; lower
// forms with ASCII lowered and ’ folded to '.
#include "detect/tokens.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace {

using qt::detect_internal::Token;
using qt::detect_internal::TokenKind;

std::vector<Token> Tokens(const std::string& text) {
  std::vector<Token> out;
  qt::detect_internal::Tokenize(text, 0, text.size(), out);
  return out;
}

std::string Joined(const std::vector<Token>& toks) {
  std::string s;
  for (const Token& t : toks) {
    if (!s.empty()) s += '|';
    s += t.lower;
  }
  return s;
}

}  // namespace

TEST_CASE("tokens of a news sentence", "[tokens]") {
  const std::string text =
      "Gen. Mark O’Neil told the U.S. Senate on Friday that 10,000 troops—3.5% of the force—"
      "\"won't leave\", according to AT&T's Zoë Müller-Lüdenscheidt.";
  const auto toks = Tokens(text);
  CHECK(Joined(toks) ==
        "gen.|mark|o'neil|told|the|u.s.|senate|on|friday|that|10,000|troops|—|3.5|%|of|the|"
        "force|—|\"|won't|leave|\"|,|according|to|at&t's|zoë|müller-lüdenscheidt|.");
  REQUIRE(toks.size() == 30);
  CHECK(toks[0].cap);
  CHECK(toks[2].start == 10);
  CHECK(toks[2].end == 10 + 8);  // O’Neil: ’ is three bytes
  CHECK(text.substr(toks[27].start, toks[27].end - toks[27].start) == "Zoë");
  CHECK(toks[27].cap);
  CHECK(toks[19].kind == TokenKind::kMark);
  CHECK(toks[19].is_mark);
  CHECK(toks[12].kind == TokenKind::kPunct);
  CHECK(toks[3].speech_verb);  // "told", from the lexicon
}

TEST_CASE("tokens respect the range and long words", "[tokens]") {
  std::string word(300, 'A');
  const std::string text = "  x " + word + " y";
  std::vector<Token> out;
  qt::detect_internal::Tokenize(text, 4, 4 + word.size(), out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].lower == std::string(300, 'a'));
  CHECK(out[0].start == 4);
  CHECK(out[0].end == 304);
}
