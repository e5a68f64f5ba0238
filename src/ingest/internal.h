// Helpers shared by the ingest sources. Not a public header.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "quotetrack/document.h"

namespace qt::ingest_internal {

// Options for ingest's patterns: long alternations of Unicode classes can
// exceed RE2's default DFA budget; RE2 then falls back to its NFA (correct,
// slower) and must not print to stderr while doing so.
inline RE2::Options QuietPatternOptions() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);
  return o;
}

inline bool IsSpaceByte(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

// [start, end) of `s` without ASCII whitespace at either end.
inline Span TrimSpan(std::string_view s, std::size_t start, std::size_t end) {
  while (start < end && IsSpaceByte(s[start])) ++start;
  while (end > start && IsSpaceByte(s[end - 1])) --end;
  return Span{start, end};
}

inline std::string_view Trim(std::string_view s) {
  Span t = TrimSpan(s, 0, s.size());
  return s.substr(t.start, t.size());
}

inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Calls fn(line_start, line_end) for every line of `text`; line_end excludes
// the '\n' (a trailing '\r' is left for the caller to trim).
template <typename Fn>
void ForEachLine(std::string_view text, Fn&& fn) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    fn(pos, end);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
}

// Sorts spans and merges overlapping or touching ones; drops empty spans.
inline void NormaliseSpans(std::vector<Span>& spans) {
  spans.erase(std::remove_if(spans.begin(), spans.end(), [](const Span& s) { return s.empty(); }),
              spans.end());
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.start < b.start || (a.start == b.start && a.end < b.end);
  });
  std::vector<Span> out;
  out.reserve(spans.size());
  for (const Span& s : spans) {
    if (!out.empty() && s.start <= out.back().end) {
      out.back().end = std::max(out.back().end, s.end);
    } else {
      out.push_back(s);
    }
  }
  spans.swap(out);
}

// Replaces every invalid UTF-8 sequence of `s` by U+FFFD.
std::string SanitiseUtf8(std::string_view s);

}  // namespace qt::ingest_internal
