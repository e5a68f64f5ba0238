// ingest: reads articles from .txt, .jsonl and .html files (or folders of
// them, or "-" for one document on stdin) into Documents.
//
//   .txt   first line is the title; optional "Outlet:", "Published:", "URL:"
//          (also "Source:", "Date:") header lines follow it.
//   .jsonl one record per line: {"id","url","outlet","published","title","text"}.
//   .html  article text extracted with an HTML5 parser (gumbo); navigation,
//          scripts, figures/captions and similar furniture are left out.
//
// The outlet comes from metadata, else from the text (dateline "ISTANBUL
// (AP) —", sign-off, byline) or from the URL's host.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "quotetrack/document.h"
#include "quotetrack/status.h"

namespace qt {

enum class Format { kAuto, kText, kJsonl, kHtml };

// Called once per document read; returning false stops reading.
using DocumentSink = std::function<bool(Document&&)>;
// Called once per problem: one line naming the file (and line) and the fault.
using ErrorSink = std::function<void(const std::string&)>;

// Reads every document under `path` (file, folder searched recursively for
// .txt/.jsonl/.html/.htm, or "-" for stdin). Bad documents are reported to
// `on_error` and skipped; good ones still reach `on_doc`. Returns an error
// when `path` is missing or a folder holds nothing readable.
Status ReadPath(const std::string& path, const DocumentSink& on_doc, const ErrorSink& on_error,
                Format format = Format::kAuto);

// Parses one document from bytes already in memory. `name` is used as the
// document id and in error messages.
Status ParseDocument(std::string_view name, std::string_view bytes, Format format,
                     const DocumentSink& on_doc, const ErrorSink& on_error);

// Builds a Document from a plain-text article (the .txt rules above).
Document ParseTextArticle(std::string_view id, std::string text);

// Extracts the article from an HTML page.
Document ParseHtmlArticle(std::string_view id, std::string_view html);

// The outlet named by a dateline, sign-off or byline in `text`, else by the
// host of `url`; empty if none is found.
std::string GuessOutlet(std::string_view text, std::string_view url);

// True if `bytes` is valid UTF-8; on failure `*bad_offset` is the first bad byte.
bool IsValidUtf8(std::string_view bytes, std::size_t* bad_offset = nullptr);

}  // namespace qt
