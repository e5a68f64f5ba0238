// attribute's hand-written full-name scan finds what RE2 finds with the
// pattern it replaced, match for match, on prose and on random text over
// the characters that decide the pattern (capitals and lower-case letters
// in and out of ASCII, the inner hyphen and apostrophes, the three spaces,
// word and non-word bytes for \b, ill-formed UTF-8).
#include "attribute/full_names.h"

#include <re2/re2.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

using Matches = std::vector<std::pair<std::size_t, std::size_t>>;

// The loop attribute ran: Match on what is left after each match.
Matches WithRe2(const std::string& text) {
  static const RE2 re(qt::attribute_internal::kFullNamePattern);
  Matches out;
  re2::StringPiece input(text);
  re2::StringPiece m;
  while (re.Match(input, 0, input.size(), RE2::UNANCHORED, &m, 1)) {
    const auto start = static_cast<std::size_t>(m.data() - text.data());
    out.emplace_back(start, start + m.size());
    input.remove_prefix(static_cast<std::size_t>(m.data() + m.size() - input.data()));
  }
  return out;
}

Matches WithScan(const std::string& text) {
  Matches out;
  std::size_t from = 0, s = 0, e = 0;
  while (qt::attribute_internal::NextFullName(text, from, &s, &e)) {
    out.emplace_back(s, e);
    from = e;
  }
  return out;
}

}  // namespace

TEST_CASE("full-name scan finds the names RE2 finds in prose", "[attribute]") {
  const std::string text =
      "Finance Minister Ines Calloway said on Tuesday that Jean-Luc Okafor, 58, and "
      "Mar\xC3\xAD"
      "a Jos\xC3\xA9 P\xC3\xA9"
      "rez-Soto met Andr\xC3\xA9 in New York City.\n"
      "O'Neill Harbour Authority\xC2\xA0"
      "Chief\tExecutive Dana Whitfield-Barros told "
      "\xC3\x89"
      "mile Zola Street residents that The Port Of Valmora Dock Company would "
      "not comment. McDonald Ray ran; \xE2\x80\x9C"
      "Sven Okonkwo\xE2\x80\x9D left. Xi Jinping, "
      "A B, Ab Cd, ABC Def Ghi, D\xE2\x80\x99"
      "Arcy Lane, Ana  Ruiz, Lee Park-jones.";
  const Matches want = WithRe2(text);
  CHECK(want.size() >= 8);
  CHECK(WithScan(text) == want);
}

TEST_CASE("full-name scan agrees with RE2 on random text", "[attribute]") {
  const std::vector<std::string> pieces = {"A",
                                           "B",
                                           "Z",
                                           "a",
                                           "b",
                                           "z",
                                           "Ann",
                                           "Lee",
                                           "-",
                                           "'",
                                           "\xE2\x80\x99",
                                           " ",
                                           "\t",
                                           "\xC2\xA0",
                                           "\n",
                                           "\xC3\x89",
                                           "\xC3\xA9",
                                           "\xCE\xA9",
                                           "\xCF\x89",
                                           "1",
                                           "_",
                                           ".",
                                           ",",
                                           "\xC7\x85" /* Lt */,
                                           "\xC2\xAA" /* not Ll */,
                                           "\xC3\x9F",
                                           "\xC3",
                                           "\x80",
                                           "\xF0\x9D\x90\x80" /* U+1D400, Lu */,
                                           "\xF0\x9D\x90\x9A" /* Ll */,
                                           "\xED\xA0\x80" /* a surrogate */,
                                           "\xE2\x80",
                                           "x\xC3\xA9"};
  // Words of a capital, zero to three inner pieces and a separator, or a
  // piece alone: names are common, and so is every way of almost being one.
  const std::vector<std::string> caps = {
      "A", "Z", "\xC3\x89", "\xCE\xA9", "\xF0\x9D\x90\x80", "\xC7\x85", "a", "1"};
  const std::vector<std::string> inner = {"b",
                                          "nn",
                                          "o",
                                          "e",
                                          "ri",
                                          "-",
                                          "'",
                                          "\xE2\x80\x99",
                                          "\xC3\xA9",
                                          "\xCF\x89",
                                          "\xF0\x9D\x90\x9A",
                                          "\xC2\xAA",
                                          "_",
                                          "B",
                                          "\xC3",
                                          "x\xC3\xA9"};
  const std::vector<std::string> seps = {" ",  " ", " ", " ",  "\t", "\xC2\xA0", "\n",
                                         ", ", "-", "",  "  ", ".",  "\x80"};
  std::mt19937 rng(12345);
  auto one = [&rng](const std::vector<std::string>& v) -> const std::string& {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
  };
  std::uniform_int_distribution<int> len(1, 12), coin(0, 5), n_inner(0, 3), more(0, 1);
  std::size_t found = 0;
  for (int round = 0; round < 60000; ++round) {
    std::string text;
    for (int k = len(rng); k > 0; --k) {
      if (coin(rng) == 0) {
        text += one(pieces);
        continue;
      }
      text += one(caps);
      for (int m = n_inner(rng) + more(rng); m > 0; --m) text += one(inner);
      text += one(seps);
    }
    const Matches want = WithRe2(text);
    found += want.size();
    const Matches got = WithScan(text);
    if (got != want) {
      INFO("text: " << text);
      REQUIRE(got == want);
    }
  }
  CHECK(found > 2000);  // the random texts did hold names
}
