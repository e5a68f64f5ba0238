// report: writers for extraction records, the quote sheet, terminal listings
// and the drift report. Everything that leaves through here is article text
// from the open web, so every writer treats it as hostile: CSV cells are
// neutralised against formula injection, HTML is escaped (and the page forbids
// scripts through its Content-Security-Policy), JSON never throws on bad
// UTF-8.
#include "quotetrack/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "quotetrack/match.h"
#include "report/text_util.h"

namespace qt {
namespace {

using OrderedJson = nlohmann::ordered_json;

// Dumps one JSON value on one line; invalid UTF-8 becomes U+FFFD instead of
// throwing, so one broken document cannot stop a whole export.
std::string DumpLine(const OrderedJson& j) {
  return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

OrderedJson StringOrNull(std::string_view s) {
  if (s.empty()) return nullptr;
  return std::string(s);
}

// Sheet fields in DESIGN.md column order.
constexpr const char* kSheetColumns[] = {
    "quote_id", "statement_id", "variant", "flags", "speaker", "speaker_kind", "role",  "outlet",
    "via",      "published",    "kind",    "text",  "context", "doc",          "start", "end"};

std::vector<std::string> SheetCells(const QuoteRow& r) {
  return {std::to_string(r.quote_id),
          std::to_string(r.statement_id),
          r.variant,
          r.flags,
          r.speaker,
          r.speaker_kind,
          r.role,
          r.outlet,
          r.via,
          r.published,
          r.kind,
          r.text,
          r.context,
          r.doc,
          std::to_string(r.start),
          std::to_string(r.end)};
}

// The root of a statement's drift: the member labelled original, else the
// first (earliest) one.
std::size_t RootIndex(const std::vector<QuoteRow>& members) {
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (members[i].variant == "original") return i;
  }
  return 0;
}

// WordDiff gives one op per word; runs of the same kind read better as one
// marked phrase ("[-two words-]" rather than "[-two-] [-words-]").
std::vector<DiffOp> MergedDiff(std::string_view root, std::string_view text) {
  std::vector<DiffOp> merged;
  for (DiffOp& op : WordDiff(root, text)) {
    if (!merged.empty() && merged.back().kind == op.kind) {
      merged.back().text += ' ';
      merged.back().text += op.text;
    } else {
      merged.push_back(std::move(op));
    }
  }
  return merged;
}

std::string WhoLine(const QuoteRow& r) {
  std::string who = r.speaker.empty() ? std::string("(unattributed)") : r.speaker;
  if (!r.role.empty()) who += ", " + r.role;
  return who;
}

std::string OutletLine(const QuoteRow& r) {
  std::string s = r.outlet.empty() ? std::string("(unknown outlet)") : r.outlet;
  if (!r.via.empty()) s += " via " + r.via;
  return s;
}

}  // namespace

std::string CsvCell(std::string_view raw) {
  std::string s = SanitiseUtf8(raw);
  bool neutralise = false;
  if (!s.empty()) {
    switch (s.front()) {
      case '=':
      case '+':
      case '-':
      case '@':
      case '\t':
      case '\r':
        neutralise = true;
        break;
      default:
        break;
    }
  }
  bool needs_quotes = neutralise || s.find_first_of(",\"\r\n") != std::string::npos;
  if (!needs_quotes) return s;
  std::string out;
  out.reserve(s.size() + 4);
  out += '"';
  if (neutralise) out += '\'';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string HtmlEscape(std::string_view raw) {
  std::string s = SanitiseUtf8(raw);
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\0':
        out += "&#xFFFD;";
        break;
      default:
        out += c;
        break;
    }
  }
  return out;
}

void WriteDocumentRecord(std::ostream& out, const Document& doc) {
  std::string line;
  AppendDocumentRecord(line, doc);
  out << line;
}

void WriteExtractionRecords(std::ostream& out, const Document& doc,
                            const std::vector<Quote>& quotes, bool with_sentence) {
  std::string lines;
  AppendExtractionRecords(lines, doc, quotes, with_sentence);
  out << lines;
}

void WriteQuoteSheetCsv(std::ostream& out, const std::vector<QuoteRow>& rows) {
  bool first = true;
  for (const char* col : kSheetColumns) {
    if (!first) out << ',';
    out << col;
    first = false;
  }
  out << "\r\n";
  for (const QuoteRow& r : rows) {
    first = true;
    for (const std::string& cell : SheetCells(r)) {
      if (!first) out << ',';
      out << CsvCell(cell);
      first = false;
    }
    out << "\r\n";
  }
}

void WriteQuoteSheetJsonl(std::ostream& out, const std::vector<QuoteRow>& rows) {
  for (const QuoteRow& r : rows) {
    OrderedJson j;
    j["quote_id"] = r.quote_id;
    j["statement_id"] = r.statement_id;
    j["variant"] = r.variant;
    j["flags"] = r.flags;
    j["speaker"] = StringOrNull(r.speaker);
    j["speaker_kind"] = StringOrNull(r.speaker_kind);
    j["role"] = StringOrNull(r.role);
    j["outlet"] = StringOrNull(r.outlet);
    j["via"] = StringOrNull(r.via);
    j["published"] = StringOrNull(r.published);
    j["kind"] = r.kind;
    j["text"] = r.text;
    j["context"] = r.context;
    j["doc"] = r.doc;
    j["start"] = r.start;
    j["end"] = r.end;
    out << DumpLine(j) << '\n';
  }
}

void WriteQuotesText(std::ostream& out, const std::vector<QuoteRow>& rows) {
  if (rows.empty()) {
    out << "No quotes.\n";
    return;
  }
  // Group by speaker, keeping the order in which speakers first appear.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const QuoteRow*>> groups;
  for (const QuoteRow& r : rows) {
    auto [it, inserted] = groups.try_emplace(r.speaker);
    if (inserted) order.push_back(r.speaker);
    it->second.push_back(&r);
  }
  for (const std::string& speaker : order) {
    const auto& group = groups[speaker];
    std::string name = speaker.empty() ? std::string("(unattributed)") : speaker;
    std::string kind = group.front()->speaker_kind;
    out << SanitiseForTerminal(name);
    if (!kind.empty()) out << " (" << kind << ")";
    out << " — " << group.size() << (group.size() == 1 ? " quote" : " quotes") << "\n";
    for (const QuoteRow* r : group) {
      std::string meta = OutletLine(*r);
      if (!r->published.empty()) meta += ", " + r->published;
      if (!r->role.empty()) meta += " — " + r->role;
      meta += " [" + r->kind;
      if (r->statement_id != 0) meta += fmt::format(", statement {}", r->statement_id);
      if (!r->variant.empty() && r->variant != "original") meta += ", " + r->variant;
      meta += "]";
      out << "  " << SanitiseForTerminal(meta) << "\n";
      std::string text = r->kind == "direct" ? "“" + r->text + "”" : r->text;
      for (const std::string& line : WrapWords(SanitiseForTerminal(text), 72)) {
        out << "    " << line << "\n";
      }
      out << "    (" << SanitiseForTerminal(r->doc) << ":" << r->start << "-" << r->end << ")\n";
    }
    out << "\n";
  }
}

void WriteSpeakersText(std::ostream& out, const std::vector<SpeakerSummary>& speakers) {
  if (speakers.empty()) {
    out << "No speakers.\n";
    return;
  }
  out << fmt::format("{:>6}  {:>6}  {:<13} {}\n", "id", "quotes", "kind", "speaker");
  for (const SpeakerSummary& s : speakers) {
    out << fmt::format("{:>6}  {:>6}  {:<13} {}\n", s.id, s.quotes, s.kind.empty() ? "-" : s.kind,
                       SanitiseForTerminal(s.name));
    if (!s.roles.empty())
      out << "                              roles: " << SanitiseForTerminal(s.roles) << "\n";
    if (!s.aliases.empty())
      out << "                              aliases: " << SanitiseForTerminal(s.aliases) << "\n";
    if (!s.outlets.empty())
      out << "                              outlets: " << SanitiseForTerminal(s.outlets) << "\n";
  }
}

void WriteStatementsText(std::ostream& out, const std::vector<StatementSummary>& statements) {
  if (statements.empty()) {
    out << "No statements.\n";
    return;
  }
  out << fmt::format("{:>6}  {:>7}  {:>6}  {:>5}  {}\n", "id", "sources", "quotes", "drift",
                     "speaker / root text / flags");
  for (const StatementSummary& s : statements) {
    out << fmt::format("{:>6}  {:>7}  {:>6}  {:>5.2f}  {}\n", s.id, s.sources, s.quotes, s.drift,
                       SanitiseForTerminal(s.speaker.empty() ? "(unattributed)" : s.speaker));
    std::string text = SanitiseForTerminal(s.text);
    for (const std::string& line : WrapWords(text, 70)) out << std::string(32, ' ') << line << "\n";
    if (!s.flags.empty())
      out << std::string(32, ' ') << "flags: " << SanitiseForTerminal(s.flags) << "\n";
  }
}

void WriteDriftText(std::ostream& out, std::int64_t statement_id,
                    const std::vector<QuoteRow>& members, bool color) {
  if (members.empty()) {
    out << "Statement " << statement_id << " has no quotes.\n";
    return;
  }
  const std::size_t root = RootIndex(members);
  const QuoteRow& r0 = members[root];
  out << "Statement " << statement_id << ": " << members.size()
      << (members.size() == 1 ? " rendering" : " renderings") << ", root by "
      << SanitiseForTerminal(WhoLine(r0)) << " in " << SanitiseForTerminal(OutletLine(r0))
      << "\n\n";
  const char* bold = color ? "\x1b[1m" : "";
  const char* del_on = color ? "\x1b[31;9m" : "[-";
  const char* del_off = color ? "\x1b[0m" : "-]";
  const char* ins_on = color ? "\x1b[32;4m" : "{+";
  const char* ins_off = color ? "\x1b[0m" : "+}";
  const char* flag_on = color ? "\x1b[33m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  for (std::size_t i = 0; i < members.size(); ++i) {
    const QuoteRow& m = members[i];
    std::string header =
        fmt::format("{}. {} | {} | {} | {} {}", i + 1,
                    m.published.empty() ? "(undated)" : m.published, OutletLine(m), WhoLine(m),
                    m.variant.empty() ? "?" : m.variant, m.kind.empty() ? "" : "(" + m.kind + ")");
    out << bold << SanitiseForTerminal(header) << reset;
    if (!m.flags.empty())
      out << "  " << flag_on << "flags: " << SanitiseForTerminal(m.flags) << reset;
    out << "\n";
    std::string body;
    if (i == root) {
      body = SanitiseForTerminal(m.text);
    } else {
      for (const DiffOp& op : MergedDiff(r0.text, m.text)) {
        if (!body.empty()) body += ' ';
        std::string t = SanitiseForTerminal(op.text);
        switch (op.kind) {
          case DiffOp::kSame:
            body += t;
            break;
          case DiffOp::kDelete:
            body += del_on + t + del_off;
            break;
          case DiffOp::kInsert:
            body += ins_on + t + ins_off;
            break;
        }
      }
    }
    // Escape sequences make width counting unreliable; wrap only plain text.
    if (color) {
      out << "   " << body << "\n";
    } else {
      for (const std::string& line : WrapWords(body, 76)) out << "   " << line << "\n";
    }
    out << "   (" << SanitiseForTerminal(m.doc) << ")\n\n";
  }
}

void WriteDriftHtml(std::ostream& out, std::int64_t statement_id,
                    const std::vector<QuoteRow>& members) {
  const std::string title = fmt::format("Statement {} — drift report", statement_id);
  // No script runs on this page and nothing is fetched: the CSP forbids both,
  // as a second line of defence behind the escaping of every article string.
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; img-src data:\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << HtmlEscape(title) << "</title>\n<style>\n"
      << "body{font-family:Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
         "color:#222;background:#fdfdfb}\n"
      << "h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}\n"
      << "table{border-collapse:collapse;width:100%;font-family:sans-serif;font-size:.9rem}\n"
      << "th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;"
         "vertical-align:top}\n"
      << ".root{background:#f3f6ff;padding:.75rem 1rem;border-left:4px solid #36c}\n"
      << ".rendering{margin:1rem 0;padding:.5rem 1rem;border-left:4px solid #ccc}\n"
      << ".rendering.flagged{border-left-color:#d80}\n"
      << ".meta{font-family:sans-serif;font-size:.85rem;color:#555}\n"
      << ".variant{font-weight:bold;text-transform:uppercase;font-size:.75rem;"
         "letter-spacing:.05em}\n"
      << ".flag{display:inline-block;background:#fe9;border-radius:3px;padding:0 .3rem;"
         "margin-right:.25rem;font-size:.75rem}\n"
      << "del{background:#fdd;color:#900;text-decoration:line-through}\n"
      << "ins{background:#dfd;color:#060;text-decoration:none;border-bottom:1px solid #060}\n"
      << ".wording{margin:.25rem 0 1rem 0}\n"
      << "</style>\n</head>\n<body>\n";
  out << "<h1>" << HtmlEscape(title) << "</h1>\n";
  if (members.empty()) {
    out << "<p>This statement has no quotes.</p>\n</body>\n</html>\n";
    return;
  }
  const std::size_t root = RootIndex(members);
  const QuoteRow& r0 = members[root];
  out << "<section class=\"root\">\n<div class=\"meta\">Root rendering: " << HtmlEscape(WhoLine(r0))
      << " — " << HtmlEscape(OutletLine(r0));
  if (!r0.published.empty()) out << ", " << HtmlEscape(r0.published);
  out << "</div>\n<blockquote id=\"root-text\">" << HtmlEscape(r0.text)
      << "</blockquote>\n</section>\n";

  // Timeline: who carried which wording when. Identical wordings share a
  // letter so a reader sees at a glance which outlets copied which text.
  std::vector<std::string> wordings;
  std::vector<std::size_t> wording_of(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    auto it = std::find(wordings.begin(), wordings.end(), members[i].text);
    if (it == wordings.end()) {
      wordings.push_back(members[i].text);
      wording_of[i] = wordings.size() - 1;
    } else {
      wording_of[i] = static_cast<std::size_t>(it - wordings.begin());
    }
  }
  auto label = [](std::size_t w) {
    std::string s;
    do {
      s.insert(s.begin(), static_cast<char>('A' + w % 26));
      w /= 26;
    } while (w-- > 0);
    return s;
  };
  out << "<h2>Timeline</h2>\n<table id=\"timeline\">\n<thead><tr><th>#</th><th>Published</th>"
         "<th>Outlet</th><th>Via</th><th>Speaker</th><th>Variant</th><th>Wording</th>"
         "<th>Flags</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < members.size(); ++i) {
    const QuoteRow& m = members[i];
    out << "<tr><td>" << i + 1 << "</td><td>" << HtmlEscape(m.published) << "</td><td>"
        << HtmlEscape(m.outlet) << "</td><td>" << HtmlEscape(m.via) << "</td><td>"
        << HtmlEscape(m.speaker);
    if (!m.role.empty()) out << "<br><span class=\"meta\">" << HtmlEscape(m.role) << "</span>";
    out << "</td><td class=\"variant\">" << HtmlEscape(m.variant) << "</td><td>"
        << label(wording_of[i]) << "</td><td>";
    for (const std::string& f : SplitFlags(m.flags)) {
      out << "<span class=\"flag\">" << HtmlEscape(f) << "</span>";
    }
    out << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";

  out << "<h2>Wordings</h2>\n";
  for (std::size_t w = 0; w < wordings.size(); ++w) {
    out << "<div class=\"wording\"><strong>" << label(w) << "</strong> — ";
    bool first = true;
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (wording_of[i] != w) continue;
      if (!first) out << "; ";
      first = false;
      out << HtmlEscape(OutletLine(members[i]));
      if (!members[i].published.empty()) out << " (" << HtmlEscape(members[i].published) << ")";
    }
    out << "<br>“" << HtmlEscape(wordings[w]) << "”</div>\n";
  }

  out << "<h2>Renderings against the root</h2>\n";
  for (std::size_t i = 0; i < members.size(); ++i) {
    const QuoteRow& m = members[i];
    out << "<div class=\"rendering" << (m.flags.empty() ? "" : " flagged") << "\" id=\"q"
        << m.quote_id << "\">\n<div class=\"meta\">" << i + 1 << ". <span class=\"variant\">"
        << HtmlEscape(m.variant) << "</span> · " << HtmlEscape(OutletLine(m));
    if (!m.published.empty()) out << " · " << HtmlEscape(m.published);
    out << " · " << HtmlEscape(WhoLine(m)) << " · " << HtmlEscape(m.kind);
    for (const std::string& f : SplitFlags(m.flags)) {
      out << " <span class=\"flag\">" << HtmlEscape(f) << "</span>";
    }
    out << "</div>\n<p class=\"diff\">";
    if (i == root) {
      out << HtmlEscape(m.text);
    } else {
      bool first = true;
      for (const DiffOp& op : MergedDiff(r0.text, m.text)) {
        if (!first) out << ' ';
        first = false;
        switch (op.kind) {
          case DiffOp::kSame:
            out << HtmlEscape(op.text);
            break;
          case DiffOp::kDelete:
            out << "<del>" << HtmlEscape(op.text) << "</del>";
            break;
          case DiffOp::kInsert:
            out << "<ins>" << HtmlEscape(op.text) << "</ins>";
            break;
        }
      }
    }
    out << "</p>\n<div class=\"meta\">" << HtmlEscape(m.doc) << "</div>\n</div>\n";
  }
  out << "</body>\n</html>\n";
}

}  // namespace qt
