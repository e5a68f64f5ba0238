// The scan for candidate full names ("Ines Calloway", "Jean-Luc Okafor"),
// by hand: the RE2 pattern it replaces (kFullNamePattern) needed ~85 M
// instructions per process to compile forwards and backwards (its Unicode
// classes in a bounded repetition) and ~4 instructions a byte to run.
#pragma once

#include <cstddef>
#include <string_view>

namespace qt::attribute_internal {

// The pattern NextFullName finds, as RE2 reads it (leftmost-first; \b is
// an ASCII word boundary; \p{Lu} and \p{Ll} as RE2's Unicode tables have
// them). tests/full_names_test.cc checks the two agree.
inline constexpr char kFullNamePattern[] =
    R"(\b((?:\p{Lu}[\p{Ll}\-'’]+[ \t\x{00A0}]){1,4}\p{Lu}[\p{Ll}]+(?:-\p{Lu}\p{Ll}+)?)\b)";

// The first match of kFullNamePattern in text[from, size), read as if the
// text began at `from` (as RE2 reads a StringPiece that starts there): true
// and its bytes [*start, *end), or false. Ill-formed UTF-8 matches no class.
bool NextFullName(std::string_view text, std::size_t from, std::size_t* start, std::size_t* end);

}  // namespace qt::attribute_internal
