// quotetrack: the command-line interface, a thin layer over the library.
//
// Exit status: 0 success, 2 usage error (unknown command or option, missing
// argument), 1 any other failure, reported as one line on stderr that names
// the file and the problem.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "quotetrack/match.h"
#include "quotetrack/pipeline.h"
#include "quotetrack/report.h"
#include "quotetrack/store.h"

#ifndef QT_VERSION_STRING
#define QT_VERSION_STRING "0.1.0"
#endif

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

void ErrorLine(const std::string& line) {
  std::fflush(stdout);
  std::cerr << "quotetrack: " << line << "\n";
}

bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }
bool StdoutIsTerminal() { return ::isatty(STDOUT_FILENO) == 1; }

// Opens an existing store. Read commands never create a database: a typo in
// --db must not leave an empty file behind and print nothing.
std::unique_ptr<qt::Store> OpenExisting(const std::string& db) {
  std::error_code ec;
  if (db != ":memory:" && !std::filesystem::exists(db, ec)) {
    ErrorLine(db + ": no such database (create it with `quotetrack ingest --db " + db +
              " PATH...`)");
    return nullptr;
  }
  qt::Status st;
  auto store = qt::Store::Open(db, &st);
  if (!store || !st.ok()) {
    ErrorLine(st.message().empty() ? db + ": cannot open database" : st.message());
    return nullptr;
  }
  return store;
}

std::unique_ptr<qt::Store> OpenOrCreate(const std::string& db) {
  qt::Status st;
  auto store = qt::Store::Open(db, &st);
  if (!store || !st.ok()) {
    ErrorLine(st.message().empty() ? db + ": cannot open database" : st.message());
    return nullptr;
  }
  return store;
}

// Opens `path` for writing, creating its parent folders.
bool OpenOutput(const std::string& path, std::ofstream* out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) {
    fs::create_directories(parent, ec);
    if (ec) {
      ErrorLine(parent.string() + ": cannot create folder: " + ec.message());
      return false;
    }
  }
  out->open(path, std::ios::binary | std::ios::trunc);
  if (!*out) {
    ErrorLine(path + ": cannot open for writing");
    return false;
  }
  return true;
}

bool FinishOutput(const std::string& path, std::ofstream* out) {
  out->close();
  if (!*out) {
    ErrorLine(path + ": write failed");
    return false;
  }
  return true;
}

unsigned DefaultJobs() { return 0; }

// ---------------------------------------------------------------------------

struct ExtractArgs {
  std::vector<std::string> paths;
  std::string format = "jsonl";
  bool jsonl_input = false;
  bool with_documents = false;
  unsigned jobs = DefaultJobs();
  bool quiet = false;
};

int RunExtractCommand(const ExtractArgs& a) {
  qt::PipelineOptions opt;
  opt.jobs = a.jobs;
  opt.progress = !a.quiet && StderrIsTerminal();
  if (a.jsonl_input) opt.format = qt::Format::kJsonl;
  qt::PipelineStats stats;
  std::ostream& out = std::cout;
  // Records are formatted on the extraction workers and written here in
  // input order.
  qt::Status st = qt::RunExtractFormatted(
      a.paths, opt,
      [&](const qt::Document& doc, const std::vector<qt::Quote>& quotes, std::string* text) {
        if (a.with_documents) qt::AppendDocumentRecord(*text, doc);
        qt::AppendExtractionRecords(*text, doc, quotes, a.with_documents);
      },
      [&](std::string_view text) {
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
      },
      ErrorLine, &stats);
  out.flush();
  if (!out) {
    ErrorLine("<stdout>: write failed");
    return kExitFailure;
  }
  return st.ok() && stats.failed == 0 ? kExitOk : kExitFailure;
}

struct IngestArgs {
  std::string db = "quotetrack.db";
  std::vector<std::string> paths;
  bool records = false;
  unsigned jobs = DefaultJobs();
  bool quiet = false;
};

int RunIngestCommand(const IngestArgs& a) {
  auto store = OpenOrCreate(a.db);
  if (!store) return kExitFailure;
  qt::PipelineOptions opt;
  opt.jobs = a.jobs;
  opt.progress = !a.quiet && StderrIsTerminal();
  qt::PipelineStats stats;
  qt::Status st = a.records ? qt::RunIngestRecords(a.paths, *store, opt, ErrorLine, &stats)
                            : qt::RunIngest(a.paths, *store, opt, ErrorLine, &stats);
  if (!a.quiet) {
    std::cout << fmt::format(
        "{} documents read: {} added, {} unchanged, {} failed; {} new quotes ({:.1f} MB in "
        "{:.1f} s)\n",
        stats.documents, stats.added, stats.unchanged, stats.failed, stats.quotes,
        static_cast<double>(stats.bytes) / 1e6, stats.seconds);
    const std::int64_t quotes = store->QuoteCount();
    std::string totals =
        fmt::format("{}: {} documents, {} quotes", a.db, store->DocumentCount(), quotes);
    // Counting statements and speakers walks the whole store; skip it on
    // very large ones so that the summary never costs more than the ingest.
    if (quotes < 200000) {
      qt::StatementFilter all;
      totals += fmt::format(", {} statements, {} speakers", store->Statements(all).size(),
                            store->Speakers().size());
    }
    std::cout << totals << "\n";
  }
  return st.ok() && stats.failed == 0 ? kExitOk : kExitFailure;
}

// Writes quote rows in one of the sheet formats.
void WriteRows(std::ostream& out, const std::vector<qt::QuoteRow>& rows,
               const std::string& format) {
  if (format == "csv") {
    qt::WriteQuoteSheetCsv(out, rows);
  } else if (format == "jsonl") {
    qt::WriteQuoteSheetJsonl(out, rows);
  } else {
    qt::WriteQuotesText(out, rows);
  }
}

struct ExportArgs {
  std::string db = "quotetrack.db";
  std::string format = "csv";
  std::string speaker;
  std::string output;
};

int RunExportCommand(const ExportArgs& a) {
  auto store = OpenExisting(a.db);
  if (!store) return kExitFailure;
  auto rows = store->Quotes(a.speaker);
  if (a.output.empty() || a.output == "-") {
    WriteRows(std::cout, rows, a.format);
    std::cout.flush();
    return std::cout ? kExitOk : kExitFailure;
  }
  std::ofstream out;
  if (!OpenOutput(a.output, &out)) return kExitFailure;
  WriteRows(out, rows, a.format);
  if (!FinishOutput(a.output, &out)) return kExitFailure;
  std::cerr << "wrote " << rows.size() << " quotes to " << a.output << "\n";
  return kExitOk;
}

struct QuotesArgs {
  std::string db = "quotetrack.db";
  std::string speaker;
  std::string format = "text";
};

int RunQuotesCommand(const QuotesArgs& a) {
  auto store = OpenExisting(a.db);
  if (!store) return kExitFailure;
  auto rows = store->Quotes(a.speaker);
  if (rows.empty() && a.format == "text") {
    auto found = store->FindSpeakers(a.speaker);
    if (found.empty()) {
      std::cout << "No speaker matches \"" << a.speaker << "\".\n";
      return kExitOk;
    }
  }
  WriteRows(std::cout, rows, a.format);
  return kExitOk;
}

struct SpeakersArgs {
  std::string db = "quotetrack.db";
  std::string name;
  std::string merge_from, merge_into;
};

int RunSpeakersCommand(const SpeakersArgs& a, bool merge) {
  auto store = OpenExisting(a.db);
  if (!store) return kExitFailure;
  if (merge) {
    qt::Status st = store->MergeSpeakers(a.merge_from, a.merge_into);
    if (!st.ok()) {
      ErrorLine(st.message());
      return kExitFailure;
    }
    std::cout << "merged \"" << a.merge_from << "\" into \"" << a.merge_into << "\"\n";
    return kExitOk;
  }
  qt::WriteSpeakersText(std::cout,
                        a.name.empty() ? store->Speakers() : store->FindSpeakers(a.name));
  return kExitOk;
}

struct SearchArgs {
  std::string db = "quotetrack.db";
  std::vector<std::string> words;
  std::size_t limit = 20;
  std::string format = "text";
};

int RunSearchCommand(const SearchArgs& a) {
  auto store = OpenExisting(a.db);
  if (!store) return kExitFailure;
  std::string query;
  for (const auto& w : a.words) {
    if (!query.empty()) query += ' ';
    query += w;
  }
  WriteRows(std::cout, store->Search(query, a.limit), a.format);
  return kExitOk;
}

struct StatementsArgs {
  std::string db = "quotetrack.db";
  qt::StatementFilter filter;
  std::string format = "text";
};

int RunStatementsCommand(const StatementsArgs& a) {
  auto store = OpenExisting(a.db);
  if (!store) return kExitFailure;
  auto statements = store->Statements(a.filter);
  if (a.format == "jsonl") {
    for (const auto& s : statements) {
      nlohmann::ordered_json j;
      j["id"] = s.id;
      j["speaker"] = s.speaker;
      j["sources"] = s.sources;
      j["quotes"] = s.quotes;
      j["drift"] = s.drift;
      j["flags"] = s.flags;
      j["text"] = s.text;
      std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    }
  } else {
    qt::WriteStatementsText(std::cout, statements);
  }
  return kExitOk;
}

struct DriftArgs {
  std::string db = "quotetrack.db";
  std::int64_t statement_id = 0;
  std::string html;
  bool html_given = false;
  bool no_color = false;
};

int RunDriftCommand(const DriftArgs& a) {
  auto store = OpenExisting(a.db);
  if (!store) return kExitFailure;
  auto members = store->StatementQuotes(a.statement_id);
  if (members.empty()) {
    ErrorLine(fmt::format("{}: no statement {}", a.db, a.statement_id));
    return kExitFailure;
  }
  if (a.html_given) {
    // Reports live under reports/: a bare file name goes there.
    std::string path = a.html;
    if (path.empty()) path = fmt::format("statement-{}.html", a.statement_id);
    if (std::filesystem::path(path).parent_path().empty()) path = "reports/" + path;
    std::ofstream out;
    if (!OpenOutput(path, &out)) return kExitFailure;
    qt::WriteDriftHtml(out, a.statement_id, members);
    if (!FinishOutput(path, &out)) return kExitFailure;
    std::cout << "wrote " << path << "\n";
    return kExitOk;
  }
  const bool color = !a.no_color && StdoutIsTerminal() && std::getenv("NO_COLOR") == nullptr;
  qt::WriteDriftText(std::cout, a.statement_id, members, color);
  return kExitOk;
}

// compare: one output line per input line, always, so that outputs stay
// aligned with inputs; a malformed line gets "0<TAB>0.0000<TAB>invalid", an
// error line naming FILE:LINE, and exit status 1.
int RunCompareCommand(const std::string& tsv) {
  std::ifstream file;
  std::istream* in = &std::cin;
  const std::string name = tsv == "-" ? std::string("<stdin>") : tsv;
  if (tsv != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(tsv, ec)) {
      ErrorLine(tsv + ": is a folder, expected a TSV file");
      return kExitFailure;
    }
    file.open(tsv, std::ios::binary);
    if (!file) {
      ErrorLine(tsv + ": cannot open file");
      return kExitFailure;
    }
    in = &file;
  }
  std::string line;
  std::size_t line_no = 0;
  bool bad = false;
  while (std::getline(*in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      std::cout << "0\t0.0000\tinvalid\n";
      ErrorLine(fmt::format("{}:{}: expected TEXT_A<TAB>TEXT_B", name, line_no));
      bad = true;
      continue;
    }
    std::string_view a(line.data(), tab);
    std::string_view b(line.data() + tab + 1, line.size() - tab - 1);
    try {
      qt::Comparison c = qt::Compare(qt::MatchInput{a, qt::QuoteKind::kDirect, {}},
                                     qt::MatchInput{b, qt::QuoteKind::kDirect, {}});
      std::cout << (c.same_statement ? 1 : 0) << '\t' << fmt::format("{:.4f}", c.score) << '\t'
                << qt::ToString(c.variant) << '\n';
    } catch (const std::exception& e) {
      std::cout << "0\t0.0000\tinvalid\n";
      ErrorLine(fmt::format("{}:{}: {}", name, line_no, e.what()));
      bad = true;
    }
  }
  if (in->bad()) {
    ErrorLine(name + ": read error");
    return kExitFailure;
  }
  std::cout.flush();
  return bad ? kExitFailure : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  CLI::App app{
      "quotetrack: find who said what in news text, store it, and follow each statement "
      "across outlets."};
  app.set_version_flag("--version", std::string("quotetrack ") + QT_VERSION_STRING);
  app.require_subcommand(1);
  app.fallthrough(false);

  const std::string db_help = "SQLite store (default: quotetrack.db in the working folder)";

  ExtractArgs ex;
  auto* extract = app.add_subcommand(
      "extract", "Print one JSON extraction record per quote (no database). `-` reads stdin.");
  extract->add_option("--format", ex.format, "Output format")->check(CLI::IsMember({"jsonl"}));
  extract->add_flag("--jsonl-input", ex.jsonl_input,
                    "Read inputs (stdin too) as JSON Lines records, one document each");
  extract->add_flag("--with-documents", ex.with_documents,
                    "Also write a document record before each document's quotes, so "
                    "`ingest --records` rebuilds the store exactly");
  extract->add_option("-j,--jobs", ex.jobs, "Worker threads (0: all cores)");
  extract->add_flag("-q,--quiet", ex.quiet, "No progress line");
  extract->add_option("PATH", ex.paths, "Files, folders, or - for stdin")->required();

  IngestArgs in;
  auto* ingest = app.add_subcommand("ingest", "Extract, attribute, store and match articles");
  ingest->add_option("--db", in.db, db_help);
  ingest->add_option("-j,--jobs", in.jobs, "Worker threads (0: all cores)");
  ingest->add_flag("-q,--quiet", in.quiet, "No progress line and no summary");
  ingest->add_flag("--records", in.records,
                   "PATHs are extraction records written by `extract` (map step output)");
  ingest->add_option("PATH", in.paths, "Files, folders, or - for stdin")->required();

  ExportArgs exp;
  auto* exportc = app.add_subcommand("export", "Write the quote sheet");
  exportc->add_option("--db", exp.db, db_help);
  exportc->add_option("--format", exp.format, "csv or jsonl")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  exportc->add_option("--speaker", exp.speaker, "Only quotes of this speaker (any spelling)");
  exportc->add_option("-o,--output", exp.output, "Write to FILE (folders are created)");

  QuotesArgs qa;
  auto* quotes =
      app.add_subcommand("quotes", "Everything a speaker said, any spelling of the name");
  quotes->add_option("--db", qa.db, db_help);
  quotes->add_option("--speaker", qa.speaker, "Speaker name")->required();
  quotes->add_option("--format", qa.format, "text, jsonl or csv")
      ->check(CLI::IsMember({"text", "jsonl", "csv"}));

  SpeakersArgs sa;
  auto* speakers = app.add_subcommand("speakers", "Who was quoted, how often, in which outlets");
  speakers->add_option("--db", sa.db, db_help);
  speakers->add_option("--name", sa.name, "Only speakers matching this name");
  auto* merge = speakers->add_subcommand("merge", "Fold speaker FROM into speaker INTO");
  merge->add_option("FROM", sa.merge_from, "Speaker to fold away")->required();
  merge->add_option("INTO", sa.merge_into, "Speaker that remains")->required();
  merge->add_option("--db", sa.db, db_help);

  SearchArgs se;
  auto* search = app.add_subcommand("search", "Full-text search over quotes");
  search->add_option("--db", se.db, db_help);
  search->add_option("--limit", se.limit, "At most N results")->check(CLI::PositiveNumber);
  search->add_option("--format", se.format, "text, jsonl or csv")
      ->check(CLI::IsMember({"text", "jsonl", "csv"}));
  search->add_option("TEXT", se.words, "Words to search for")->required();

  StatementsArgs st;
  auto* statements =
      app.add_subcommand("statements", "Statements carried by several sources, most drifted first");
  statements->add_option("--db", st.db, db_help);
  statements->add_option("--speaker", st.filter.speaker, "Only statements of this speaker");
  statements
      ->add_option("--min-sources", st.filter.min_sources,
                   "Only statements carried by at least N documents")
      ->check(CLI::NonNegativeNumber);
  statements->add_option("--flag", st.filter.flag, "Only statements with this flag");
  statements->add_option("--format", st.format, "text or jsonl")
      ->check(CLI::IsMember({"text", "jsonl"}));

  DriftArgs dr;
  auto* drift = app.add_subcommand(
      "drift", "How one statement changed from source to source (terminal, or --html page)");
  drift->add_option("--db", dr.db, db_help);
  drift->add_option("STATEMENT_ID", dr.statement_id, "Statement id (see `statements`)")->required();
  auto* html_opt = drift->add_option(
      "--html", dr.html,
      "Write a self-contained HTML page (a bare name goes under reports/; no name: "
      "reports/statement-ID.html)");
  html_opt->expected(0, 1);
  drift->add_flag("--no-color", dr.no_color, "No ANSI colours");

  std::string tsv;
  auto* compare = app.add_subcommand(
      "compare", "For each line TEXT_A<TAB>TEXT_B print LABEL<TAB>SCORE<TAB>VARIANT");
  compare->add_option("--tsv", tsv, "TSV file, or - for stdin")->required();

  // CLI11 would call an unknown command "a subcommand is required"; say what
  // is actually wrong.
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    for (const auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
      if (sub->get_name() == argv[1]) known = true;
    }
    if (!known) {
      ErrorLine(std::string("unknown command \"") + argv[1] + "\" (see `quotetrack --help`)");
      return kExitUsage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    ErrorLine(std::string(e.what()) + " (see `quotetrack --help`)");
    return kExitUsage;
  }
  dr.html_given = html_opt->count() > 0;

  try {
    if (*extract) return RunExtractCommand(ex);
    if (*ingest) return RunIngestCommand(in);
    if (*exportc) return RunExportCommand(exp);
    if (*quotes) return RunQuotesCommand(qa);
    if (*speakers) return RunSpeakersCommand(sa, merge->parsed());
    if (*search) return RunSearchCommand(se);
    if (*statements) return RunStatementsCommand(st);
    if (*drift) return RunDriftCommand(dr);
    if (*compare) return RunCompareCommand(tsv);
  } catch (const std::exception& e) {
    ErrorLine(std::string("internal error: ") + e.what());
    return kExitFailure;
  }
  ErrorLine("no command given (see `quotetrack --help`)");
  return kExitUsage;
}
