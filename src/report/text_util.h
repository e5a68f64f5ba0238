// Text helpers shared by the report writers (internal to report).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace qt {

// `s` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string SanitiseUtf8(std::string_view s);

// `s` made safe to print on a terminal: invalid UTF-8 replaced, C0/C1 control
// characters (ESC above all: article text must not drive the terminal) shown
// as U+FFFD, newlines and tabs turned into spaces.
std::string SanitiseForTerminal(std::string_view s);

// Greedy word wrap to `width` code points; never splits a word.
std::vector<std::string> WrapWords(std::string_view s, std::size_t width);

// "a;b;c" -> {"a","b","c"}, empty pieces dropped.
std::vector<std::string> SplitFlags(std::string_view flags);

}  // namespace qt
