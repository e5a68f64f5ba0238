// report: the quote sheet (CSV per RFC 4180, and JSONL), extraction records,
// speaker and statement listings, and the drift report for the terminal and
// as a self-contained HTML page. All writers take an std::ostream.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "quotetrack/document.h"
#include "quotetrack/quote.h"
#include "quotetrack/store.h"

namespace qt {

// One extraction record (DESIGN.md) per quote, one JSON object per line.
// With `with_sentence`, each record also ends with "sentence": {"start","end"}
// (the context span), for `extract --with-documents`.
void WriteExtractionRecords(std::ostream& out, const Document& doc,
                            const std::vector<Quote>& quotes, bool with_sentence = false);
// A document record, {"document": {"id","url","outlet","published","title","text"}},
// written before a document's extraction records by `extract --with-documents`
// so that `ingest --records` can rebuild the document exactly.
void WriteDocumentRecord(std::ostream& out, const Document& doc);
// The same records appended to a string (what the writers above write), for
// formatting on a worker thread.
void AppendExtractionRecords(std::string& out, const Document& doc,
                             const std::vector<Quote>& quotes, bool with_sentence = false);
void AppendDocumentRecord(std::string& out, const Document& doc);

// The quote sheet. CSV cells a spreadsheet would run as a formula are
// neutralised (OWASP); JSONL keeps the exact text.
void WriteQuoteSheetCsv(std::ostream& out, const std::vector<QuoteRow>& rows);
void WriteQuoteSheetJsonl(std::ostream& out, const std::vector<QuoteRow>& rows);

// Human-readable listings for the terminal.
void WriteQuotesText(std::ostream& out, const std::vector<QuoteRow>& rows);
void WriteSpeakersText(std::ostream& out, const std::vector<SpeakerSummary>& speakers);
void WriteStatementsText(std::ostream& out, const std::vector<StatementSummary>& statements);

// Drift of one statement: every rendering in publication order, with a
// word-level difference against the root.
void WriteDriftText(std::ostream& out, std::int64_t statement_id,
                    const std::vector<QuoteRow>& members, bool color);
void WriteDriftHtml(std::ostream& out, std::int64_t statement_id,
                    const std::vector<QuoteRow>& members);

// Escaping helpers (exposed for tests).
std::string CsvCell(std::string_view s);
std::string HtmlEscape(std::string_view s);

}  // namespace qt
