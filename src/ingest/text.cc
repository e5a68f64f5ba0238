// Plain-text articles: title line, optional "Key: value" header lines, body.
#include <string>
#include <string_view>
#include <vector>

#include "ingest/internal.h"
#include "quotetrack/ingest.h"

namespace qt {
namespace {

using ingest_internal::Lower;
using ingest_internal::NormaliseSpans;
using ingest_internal::Trim;
using ingest_internal::TrimSpan;

enum class HeaderKey { kNone, kOutlet, kPublished, kUrl, kByline, kOther };

// Header values are short; a longer "Source: ..." line is prose.
constexpr std::size_t kMaxHeaderLine = 300;

// Recognises "Key: value" header lines; `*value` is the trimmed value.
HeaderKey ParseHeader(std::string_view line, std::string_view* value) {
  if (line.size() > kMaxHeaderLine) return HeaderKey::kNone;
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 20) return HeaderKey::kNone;
  std::string key = Lower(Trim(line.substr(0, colon)));
  *value = Trim(line.substr(colon + 1));
  if (key == "outlet" || key == "source" || key == "publisher" || key == "site" ||
      key == "publication") {
    return HeaderKey::kOutlet;
  }
  if (key == "published" || key == "date" || key == "published at" || key == "dateline") {
    return HeaderKey::kPublished;
  }
  if (key == "url" || key == "link" || key == "canonical") return HeaderKey::kUrl;
  if (key == "author" || key == "by" || key == "byline" || key == "authors") {
    return HeaderKey::kByline;
  }
  if (key == "updated" || key == "id" || key == "language" || key == "lang" || key == "section" ||
      key == "tags" || key == "category") {
    return HeaderKey::kOther;
  }
  return HeaderKey::kNone;
}

}  // namespace

Document ParseTextArticle(std::string_view id, std::string text) {
  Document doc;
  doc.id = std::string(id);
  doc.text = std::move(text);
  const std::string_view t = doc.text;
  std::vector<Span> furniture = FindFurniture(t);

  std::size_t pos = t.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  enum { kTitle, kHeaders, kBody } state = kTitle;
  Span title_span;
  while (pos < t.size() && state != kBody) {
    std::size_t nl = t.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? t.size() : nl;
    Span line = TrimSpan(t, pos, end);
    pos = nl == std::string_view::npos ? t.size() : nl + 1;
    if (line.empty()) continue;
    std::string_view s = t.substr(line.start, line.size());
    if (state == kTitle) {
      doc.title = std::string(s);
      title_span = line;
      state = kHeaders;
      continue;
    }
    std::string_view value;
    HeaderKey key = ParseHeader(s, &value);
    switch (key) {
      case HeaderKey::kNone:
        state = kBody;
        continue;
      case HeaderKey::kOutlet:
        if (doc.outlet.empty()) doc.outlet = std::string(value);
        break;
      case HeaderKey::kPublished:
        if (doc.published.empty()) doc.published = std::string(value);
        break;
      case HeaderKey::kUrl:
        if (doc.url.empty()) doc.url = std::string(value);
        break;
      case HeaderKey::kByline:
      case HeaderKey::kOther:
        break;
    }
    furniture.push_back(line);
  }

  // A headline repeated further down the page (web pages print it twice) is
  // furniture; the first one stays prose.
  if (!title_span.empty()) {
    std::string_view title = t.substr(title_span.start, title_span.size());
    ingest_internal::ForEachLine(t, [&](std::size_t start, std::size_t end) {
      if (start <= title_span.start) return;
      Span line = TrimSpan(t, start, end);
      if (line.size() == title.size() && t.substr(line.start, line.size()) == title) {
        furniture.push_back(line);
      }
    });
  }
  // The title itself is never furniture, even when a pattern matched it.
  std::vector<Span> kept;
  kept.reserve(furniture.size());
  for (const Span& f : furniture) {
    if (!(f.start == title_span.start && f.end == title_span.end) || title_span.empty()) {
      kept.push_back(f);
    }
  }
  NormaliseSpans(kept);
  doc.furniture = std::move(kept);
  if (doc.outlet.empty()) doc.outlet = GuessOutlet(t, doc.url);
  return doc;
}

}  // namespace qt
