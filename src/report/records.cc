// The extraction and document records (DESIGN.md), written straight into a
// string without building a JSON tree per quote: `extract` formats on the
// worker thread that extracted the document, and the stream writers of
// report.h append through the same functions, so there is one writer of the
// format.
//
// The escaping is nlohmann's dump(-1, ' ', ensure_ascii=false, replace), which
// `ingest --records` and every other JSON in the project share: '"' and '\\'
// escaped, \b \f \n \r \t by name, other bytes below 0x20 as \u00xx
// (lower-case hex), everything else copied. Strings that are not valid UTF-8
// (never produced by ingest, possible in hand-built documents) go through
// nlohmann itself, so its U+FFFD replacement stays exactly the same.
#include <charconv>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "quotetrack/ingest.h"
#include "quotetrack/report.h"

namespace qt {
namespace {

void AppendNumber(std::string& out, std::size_t n) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, static_cast<std::size_t>(res.ptr - buf));
}

// Bytes that need an escape in a JSON string (nlohmann's choice of escapes).
bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// The first i >= from with NeedsEscape(s[i]), or s.size(): sixteen bytes a
// step where SSE2 is there (most strings have no escape at all, and a test
// per byte was most of the cost of writing records).
std::size_t NextEscape(std::string_view s, std::size_t from) {
  std::size_t i = from;
  const std::size_t n = s.size();
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i below = _mm_set1_epi8(0x1F);
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    // c <= 0x1F (unsigned) exactly when min(c, 0x1F) == c.
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, below), v);
    const __m128i hit = _mm_or_si128(
        control, _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (i < n && !NeedsEscape(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

void AppendString(std::string& out, std::string_view s) {
  if (!IsValidUtf8(s)) {
    using OrderedJson = nlohmann::ordered_json;
    out += OrderedJson(std::string(s)).dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run of plain bytes
  for (std::size_t i = NextEscape(s, 0); i < s.size(); i = NextEscape(s, run)) {
    const auto c = static_cast<unsigned char>(s[i]);
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(esc, sizeof esc);
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void AppendStringOrNull(std::string& out, std::string_view s) {
  if (s.empty()) {
    out += "null";
  } else {
    AppendString(out, s);
  }
}

void AppendStartEnd(std::string& out, const Span& s) {
  out += "{\"start\":";
  AppendNumber(out, s.start);
  out += ",\"end\":";
  AppendNumber(out, s.end);
}

void AppendMention(std::string& out, const std::optional<Mention>& m) {
  if (!m) {
    out += "null";
    return;
  }
  AppendStartEnd(out, m->span);
  out += ",\"text\":";
  AppendString(out, m->text);
  out.push_back('}');
}

}  // namespace

void AppendExtractionRecords(std::string& out, const Document& doc,
                             const std::vector<Quote>& quotes, bool with_sentence) {
  // The document's fields are the same on every line: escape them once.
  std::string head = "{\"doc\":";
  AppendString(head, doc.id);
  head += ",\"outlet\":";
  AppendStringOrNull(head, doc.outlet);
  head += ",\"kind\":";
  for (const Quote& q : quotes) {
    out += head;
    AppendString(out, ToString(q.kind));
    out += ",\"text\":";
    AppendString(out, q.text);
    out += ",\"content\":[";
    for (std::size_t i = 0; i < q.content.size(); ++i) {
      if (i > 0) out.push_back(',');
      AppendStartEnd(out, q.content[i]);
      out.push_back('}');
    }
    out += "],\"cue\":";
    AppendMention(out, q.cue);
    out += ",\"source\":";
    AppendMention(out, q.source);
    out += ",\"speaker\":";
    AppendStringOrNull(out, q.speaker);
    out += ",\"speaker_kind\":";
    AppendStringOrNull(out, ToString(q.speaker_kind));
    out += ",\"role\":";
    AppendStringOrNull(out, q.role);
    out += ",\"via\":";
    AppendStringOrNull(out, q.via);
    if (with_sentence) {
      out += ",\"sentence\":";
      AppendStartEnd(out, q.sentence);
      out.push_back('}');
    }
    out += "}\n";
  }
}

void AppendDocumentRecord(std::string& out, const Document& doc) {
  out += "{\"document\":{\"id\":";
  AppendString(out, doc.id);
  out += ",\"url\":";
  AppendString(out, doc.url);
  out += ",\"outlet\":";
  AppendString(out, doc.outlet);
  out += ",\"published\":";
  AppendString(out, doc.published);
  out += ",\"title\":";
  AppendString(out, doc.title);
  out += ",\"text\":";
  AppendString(out, doc.text);
  out += ",\"furniture\":[";
  for (std::size_t i = 0; i < doc.furniture.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('[');
    AppendNumber(out, doc.furniture[i].start);
    out.push_back(',');
    AppendNumber(out, doc.furniture[i].end);
    out.push_back(']');
  }
  out += "]}}\n";
}

}  // namespace qt
