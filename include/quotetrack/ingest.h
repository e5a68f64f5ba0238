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

// Reads every document under `path`:
//  - a file: format from the extension (.txt, .jsonl, .html, .htm, case-
//    insensitive); any other extension or none is sniffed like stdin;
//  - a folder: searched recursively, in sorted path order, for files with the
//    four extensions above only (README, LICENSE and the like are skipped;
//    so are hidden entries whose name starts with '.');
//  - "-": stdin, one document whose format is sniffed (first non-blank byte
//    '{' -> JSONL, '<' -> HTML, else text).
// Every file is checked before parsing: empty or whitespace-only, NUL bytes
// (binary), a UTF-16/UTF-32 byte-order mark (rejected, not decoded, because
// offsets must point into the file's bytes), invalid UTF-8 (with the byte
// offset). A UTF-8 BOM is allowed; it stays in the text as furniture.
// Each problem is reported to `on_error` as one line "FILE: problem" (or
// "FILE:LINE: problem" for a JSONL record) and that document is skipped;
// good ones still reach `on_doc`. The returned Status is an error only when
// `path` is missing or unreadable, or a folder holds no candidate file or
// no file that yielded a document; per-document problems do not make it fail
// (callers count on_error calls).
Status ReadPath(const std::string& path, const DocumentSink& on_doc, const ErrorSink& on_error,
                Format format = Format::kAuto);

// Parses one document from bytes already in memory. `name` is used as the
// document id and in error messages; kAuto picks the format from the name's
// extension, else sniffs the bytes. A whole-document problem (empty, binary,
// UTF-16, invalid UTF-8) is returned as the Status, not sent to `on_error`;
// `on_error` receives per-record problems of a JSONL file, whose other records
// are still delivered.
Status ParseDocument(std::string_view name, std::string_view bytes, Format format,
                     const DocumentSink& on_doc, const ErrorSink& on_error);

// Builds a Document from a plain-text article (the .txt rules above). `text`
// becomes Document::text unchanged. The title is the first non-blank line
// (not furniture: headlines carry quotes); "Key: value" header lines right
// after it (Outlet, Source, Published, Date, URL, Link, Author, By, Byline,
// Updated) fill the metadata and are furniture, as are later exact repeats of
// the title line and everything FindFurniture marks. The outlet falls back to
// GuessOutlet. REQUIRES: `text` is valid UTF-8.
Document ParseTextArticle(std::string_view id, std::string text);

// Extracts the article from an HTML page: <article>, else <main>, else
// [role=main], else <body>; navigation, scripts, figures, captions, share and
// related boxes are left out; block elements become paragraphs separated by a
// blank line. Metadata from og:/article: meta tags, <title>, <h1>, <time>,
// the canonical link. Never fails: truncated or garbage HTML yields what the
// HTML5 parser recovers (possibly an empty text). Output text is valid UTF-8.
Document ParseHtmlArticle(std::string_view id, std::string_view html);

// Byte ranges of `text` that are page furniture rather than prose, one per
// line: "READ MORE: ...", "Select Language", share/advert/newsletter lines,
// photo captions and credits ("... (Image: AP)", "Photo: ...", "Getty
// Images"), bylines ("By Jane Doe"), lines holding an e-mail address, image
// markdown, bare URLs, a leading UTF-8 BOM. Sorted, non-overlapping; each span
// covers the line without its line break. Linear in the size of `text`.
std::vector<Span> FindFurniture(std::string_view text);

// The outlet named by a dateline, sign-off or byline in `text`, else by the
// host of `url`; empty if none is found.
std::string GuessOutlet(std::string_view text, std::string_view url);

// The outlet for a URL or bare host: a table of well-known news hosts
// ("apnews.com" -> "AP"), else the registrable domain ("news.example.co.uk"
// -> "example.co.uk"); empty when no host can be read.
std::string OutletForHost(std::string_view url);

// The format named by a path's extension; kAuto when it names none.
Format FormatForPath(std::string_view path);
// The format of in-memory bytes by their first non-blank byte.
Format SniffFormat(std::string_view bytes);

// True if `bytes` is valid UTF-8; on failure `*bad_offset` is the first bad byte.
bool IsValidUtf8(std::string_view bytes, std::size_t* bad_offset = nullptr);

}  // namespace qt
