// normalise: one view of a document's text for the detectors. NFC, every
// script's quote marks classified, sentences that survive "Mr.", "U.S.",
// "Gen.", and a map from every normalised byte back to the original byte, so
// that offsets reported downstream always point into Document::text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "quotetrack/document.h"

namespace qt {

// The role a quote mark can play. Straight marks are kAmbiguous: whether they
// open or close is decided by their neighbours in detect.
enum class MarkRole : std::uint8_t { kOpen, kClose, kAmbiguous };
enum class MarkLevel : std::uint8_t { kDouble, kSingle };

struct QuoteMark {
  std::size_t pos = 0;  // byte offset in NormalisedText::text
  std::size_t len = 0;  // bytes
  MarkRole role = MarkRole::kAmbiguous;
  MarkLevel level = MarkLevel::kDouble;
  char32_t cp = 0;
};

struct NormalisedText {
  std::string text;                      // NFC UTF-8
  // Byte in `text` -> byte in the source; size text.size()+1, or empty when
  // normalisation changed nothing (the identity map: the common case).
  std::vector<std::uint32_t> to_source;
  std::vector<Span> sentences;           // in `text` offsets, cover the prose
  std::vector<Span> paragraphs;          // maximal runs separated by blank lines or newlines
  std::vector<QuoteMark> marks;          // every quote mark, in order
  std::vector<Span> furniture;           // Document::furniture mapped into `text`

  // Maps a span of `text` back to Document::text.
  Span ToSource(Span s) const;
};

// Normalises `doc.text`. Thread-safe.
NormalisedText Normalise(const Document& doc);

// Documents longer than this are extracted window by window (ExtractQuotes):
// detection keeps several structures per token of the text it sees (tokens,
// the tagger's features), tens of bytes per input byte, so windows keep the
// memory for a huge document a small multiple of its size. News articles are
// far below it; a quote or attribution running across a cut is not joined.
inline constexpr std::size_t kExtractionWindow = std::size_t{1} << 20;

// Cuts `text` into consecutive spans of at most `max_bytes` (> 0) covering it
// in order; one span when it fits. Each cut is at the last paragraph break
// (newline) in the second half of the window, else after the last sentence
// end (". ", "? ", "! "), else after the last space, else at a UTF-8
// character boundary. Linear in the text size.
std::vector<Span> SplitIntoWindows(std::string_view text, std::size_t max_bytes);

// The document seen through `window` (a span of doc.text): the text of the
// window, furniture clipped to it and shifted to its start, metadata copied.
Document WindowOf(const Document& doc, Span window);

// Quote-mark classification of one code point (exposed for tests and detect).
bool ClassifyQuoteMark(char32_t cp, MarkRole* role, MarkLevel* level);

// Canonical comparison form of a phrase: NFKC, case-folded, diacritics and
// punctuation dropped, whitespace collapsed, script transliterated to Latin.
// Used for speaker keys and quote matching.
std::string FoldForMatch(std::string_view text);

}  // namespace qt
