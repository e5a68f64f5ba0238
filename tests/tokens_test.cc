// detect's tokeniser: words with inner apostrophes, hyphens, dots and
// digit groups; abbreviation dots; punctuation runs; quote marks; lower
// forms with ASCII lowered and ’ folded to '.
#include "detect/tokens.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
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

// Short ASCII tokens are lowered eight bytes at a time; the rest byte by
// byte. Both must give the same lower form for every length around the
// 8- and 16-byte steps, wherever the token sits (the last token of the text
// has fewer than 16 bytes after it), and leave non-ASCII bytes alone.
TEST_CASE("lower forms at every token length and position", "[tokens]") {
  auto reference = [](const std::string& w) {
    std::string out;
    for (std::size_t k = 0; k < w.size(); ++k) {
      const auto ch = static_cast<unsigned char>(w[k]);
      if (ch == 0xE2 && k + 2 < w.size() && static_cast<unsigned char>(w[k + 1]) == 0x80 &&
          static_cast<unsigned char>(w[k + 2]) == 0x99) {
        out += '\'';
        k += 2;
        continue;
      }
      out += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch);
    }
    return out;
  };
  const std::string stems[] = {"WashingtonPostEditorialBoardZ", "McConnell", "O\u2019ReillyFactor",
                               "Z\u00FCrichAIRPORT", "AbCdEfGhIjKlMnOpQrStUvWxYz", "X9y8Z7@"};
  for (const std::string& stem : stems) {
    for (std::size_t len = 1; len <= stem.size(); ++len) {
      std::string word = stem.substr(0, len);
      // Keep whole UTF-8 sequences and no trailing '@' (not a word character).
      while (!word.empty() && (static_cast<unsigned char>(word.back()) >= 0x80 ||
                               word.back() == '@'))
        word.pop_back();
      if (word.empty()) continue;
      for (const std::string& text : {"He said " + word + " yesterday, officials said.",
                                      "Said " + word, word}) {
        const std::vector<Token> toks = Tokens(text);
        bool found = false;
        for (const Token& t : toks)
          if (text.compare(t.start, t.end - t.start, word) == 0 && t.end - t.start == word.size()) {
            CHECK(t.lower == reference(word));
            found = true;
          }
        CHECK(found);
      }
    }
  }
}

// The facts on a token come from lex::ShortFacts (a short ASCII token, read
// from the bytes the lowering already holds) or lex::Facts (any other): both
// must answer as lex::Facts(lower) does, for every word it knows, in lower
// and capitalised form, as its prefixes and with a letter more (words that
// share a table slot's neighbourhood or its first eight bytes), in the middle
// of a sentence and at its end (fewer than 16 bytes after it).
TEST_CASE("token facts agree with the lexicon", "[tokens]") {
  namespace lex = qt::lex;
  std::size_t with_facts = 0, checked = 0;
  auto check = [&](const std::string& word) {
    for (const std::string& text : {"Officials " + word + " on Tuesday that the talks had failed.",
                                    "Officials " + word}) {
      for (const Token& t : Tokens(text)) {
        const lex::WordFacts& want = lex::Facts(t.lower);
        CHECK(t.cue_rate == want.cue_rate);
        CHECK(t.speech_verb == want.speech_verb);
        CHECK(t.raising == want.raising);
        ++checked;
        if (want.cue_rate != 0.0f || want.speech_verb || want.raising != lex::Raising::kNone)
          ++with_facts;
      }
    }
  };
  for (std::string_view w : lex::FactWords()) {
    const std::string word(w);
    check(word);
    std::string cap = word;
    if (!cap.empty() && cap[0] >= 'a' && cap[0] <= 'z') cap[0] = static_cast<char>(cap[0] - 32);
    check(cap);
    check(word + "s");
    if (word.size() > 1) check(word.substr(0, word.size() - 1));
  }
  for (const char* w : {"said", "SAID", "Said", "told", "reportedly", "seemed", "according",
                        "announcing", "the", "x", "internationalisation", "Zürich", "O’Neil"})
    check(w);
  CHECK(with_facts > 1000);
  CHECK(checked > 10000);
  // Known answers, so that both paths are not merely equally wrong.
  const auto toks = Tokens("She said it reportedly seemed fine, they stated.");
  REQUIRE(toks.size() == 10);
  CHECK(toks[1].speech_verb);
  CHECK(toks[1].cue_rate > 0.0f);
  CHECK(toks[3].raising == lex::Raising::kAdverb);
  CHECK(toks[4].raising == lex::Raising::kVerb);
  CHECK_FALSE(toks[5].speech_verb);
  CHECK(toks[5].cue_rate == 0.0f);
  CHECK(toks[8].speech_verb);
}

// lex::WordIndex turns most misses away on a word's first byte and size
// before probing: every word of a set is still found (its last index for a
// repeated word), whatever its first byte and size (empty, one byte, 31 and
// more bytes, NUL and high bytes), and words that share a first byte and a
// size with a member, or only one of them, are not.
TEST_CASE("WordIndex finds its words and only them", "[tokens]") {
  const std::string long_a(31, 'a'), long_b(40, 'a');
  const std::vector<std::string_view> words = {
      "", "x", "said", "say", "\xC3\xA9lys\xC3\xA9" "e", std::string_view("\0ab", 3), long_a, long_b,
      "told", "said"};
  const qt::lex::WordIndex index(words);
  CHECK(index.Find("said") == 9);
  for (std::size_t i = 0; i < words.size(); ++i)
    if (i != 2) CHECK(index.Find(words[i]) == static_cast<int>(i));
  for (std::string_view miss : {"y", "sa", "sad", "sain", "says", "tell", "x ", "\xC3\xA9", "S",
                                "aaa", "b", "\t"})
    CHECK(index.Find(miss) == -1);
  CHECK(index.Find(std::string(32, 'a')) == -1);
  CHECK(index.Find(std::string(41, 'a')) == -1);
  CHECK(index.Find(std::string(30, 'a')) == -1);
  CHECK(index.Find(std::string_view("\0ac", 3)) == -1);
  CHECK(index.Find(std::string_view("\0", 1)) == -1);
  const qt::lex::WordIndex empty({});
  CHECK(empty.Find("") == -1);
  CHECK(empty.Find("said") == -1);
}
