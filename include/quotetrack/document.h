// Plain value types passed between the pipeline stages.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace qt {

// A half-open range [start, end) of UTF-8 byte offsets into Document::text.
struct Span {
  std::size_t start = 0;
  std::size_t end = 0;
  std::size_t size() const { return end > start ? end - start : 0; }
  bool empty() const { return end <= start; }
  friend bool operator==(const Span&, const Span&) = default;
};

// One article as read by ingest. `text` is the document text exactly as read
// (a .txt file's bytes, a JSONL record's "text" field, the text extracted from
// an HTML page); every offset stored anywhere points into it.
struct Document {
  std::string id;         // path as given, or the JSONL record id
  std::string title;
  std::string outlet;     // publisher; empty when unknown
  std::string published;  // as given (ISO 8601 preferred); may be empty
  std::string url;
  std::string text;       // valid UTF-8
  // Ranges of `text` that are not article prose (header lines, menus,
  // "READ MORE: ..." lines, photo captions, credits, bylines). Detection skips
  // them. Sorted, non-overlapping.
  std::vector<Span> furniture;
};

}  // namespace qt
