// Fuzz target: detect + attribute (qt::ExtractQuotes) on arbitrary UTF-8.
// Inputs that are not valid UTF-8, or hold NUL bytes, are out of contract
// (ingest rejects them) and skipped. The first byte picks whether the
// document gets the furniture ingest would mark, so both paths are covered;
// its upper bits pick the window size for the window-cutter check.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "quotetrack/attribute.h"
#include "quotetrack/ingest.h"
#include "quotetrack/normalise.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t mode = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (text.find('\0') != std::string_view::npos) return 0;
  if (!qt_fuzz::IsStrictUtf8(text)) return 0;
  qt::Document doc;
  if (mode & 1) {
    doc = qt::ParseTextArticle("fuzz.txt", std::string(text));
  } else {
    doc.id = "fuzz";
    doc.text = std::string(text);
    if (mode & 2) doc.furniture = qt::FindFurniture(doc.text);
  }
  // The window cutter that huge documents go through (normalise.h), here
  // with windows of 8..512 bytes: in-order cover, none empty or too long,
  // every cut on a character boundary.
  const std::size_t max_window = 8 + static_cast<std::size_t>(mode >> 2) * 8;
  std::size_t next = 0;
  for (const qt::Span& w : qt::SplitIntoWindows(text, max_window)) {
    if (w.start != next || (w.empty() && !text.empty()) || w.size() > max_window) {
      qt_fuzz::Fail("windows do not cover the text in order within the limit");
    }
    if (w.start < text.size() && (static_cast<unsigned char>(text[w.start]) & 0xC0) == 0x80) {
      qt_fuzz::Fail("window starts inside a character");
    }
    next = w.end;
  }
  if (next != text.size()) qt_fuzz::Fail("windows stop before the end of the text");
  qt_fuzz::CheckDocument(doc);
  std::vector<qt::Quote> quotes = qt::ExtractQuotes(doc);
  qt_fuzz::CheckQuotes(doc, quotes);
  return 0;
}
