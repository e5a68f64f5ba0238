// Shared checks for the fuzz targets: every Document that ingest hands out
// must honour the contracts of document.h, whatever bytes came in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "quotetrack/document.h"
#include "quotetrack/ingest.h"
#include "quotetrack/quote.h"

namespace qt_fuzz {

// Strict UTF-8 check (no overlongs, no surrogates, nothing above U+10FFFF),
// written independently of ingest's validator so the two cross-check.
inline bool IsStrictUtf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

[[noreturn]] inline void Fail(const char* what) {
  __builtin_printf("contract violated: %s\n", what);
  std::abort();
}

inline void CheckDocument(const qt::Document& d) {
  if (!IsStrictUtf8(d.text)) Fail("Document::text is not valid UTF-8");
  std::size_t prev_end = 0;
  bool first = true;
  for (const qt::Span& s : d.furniture) {
    if (s.start > s.end || s.end > d.text.size()) Fail("furniture span out of range");
    if (!first && s.start < prev_end) Fail("furniture spans not sorted/disjoint");
    prev_end = s.end;
    first = false;
  }
}

inline void CheckQuotes(const qt::Document& d, const std::vector<qt::Quote>& quotes) {
  const std::size_t n = d.text.size();
  for (const qt::Quote& q : quotes) {
    for (const qt::Span& s : q.content) {
      if (s.start > s.end || s.end > n) Fail("quote content span out of range");
    }
    if (q.cue && (q.cue->span.start > q.cue->span.end || q.cue->span.end > n)) {
      Fail("cue span out of range");
    }
    if (q.source && (q.source->span.start > q.source->span.end || q.source->span.end > n)) {
      Fail("source span out of range");
    }
    if (q.sentence.start > q.sentence.end || q.sentence.end > n) Fail("sentence out of range");
    if (!IsStrictUtf8(q.text)) Fail("quote text is not valid UTF-8");
    if (!IsStrictUtf8(q.speaker) || !IsStrictUtf8(q.role) || !IsStrictUtf8(q.via)) {
      Fail("attribution is not valid UTF-8");
    }
  }
}

// The body of every ingest target: parse `data` as `format` under the file
// name `name`; each document must honour document.h and every error line and
// error status must name the file.
inline int ParseAndCheck(const std::uint8_t* data, std::size_t size, const std::string& name,
                         qt::Format format) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  qt::Status st = qt::ParseDocument(
      name, bytes, format,
      [&](qt::Document&& d) {
        CheckDocument(d);
        return true;
      },
      [&](const std::string& line) {
        if (line.rfind(name, 0) != 0) Fail("error line does not name the file");
      });
  if (!st.ok() && st.message().rfind(name, 0) != 0) Fail("error status does not name the file");
  return 0;
}

}  // namespace qt_fuzz
