// Reading documents: paths, folders, stdin, format detection, file checks
// and JSON Lines records.
#include "quotetrack/ingest.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "ingest/internal.h"

namespace qt {
namespace {

namespace fs = std::filesystem;

// A JSONL file whose first this-many records are all bad is not JSON Lines
// (a binary or mislabelled file): stop reporting it line by line.
constexpr std::size_t kGiveUpAfter = 100;
using ingest_internal::IsSpaceByte;
using ingest_internal::Lower;
using ingest_internal::NormaliseSpans;

bool AllSpace(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return IsSpaceByte(c); });
}

// The whole-document checks every format shares. Empty on success, else the
// problem (without the file name).
std::string CheckBytes(std::string_view bytes) {
  if (bytes.empty()) return "empty file";
  // UTF-16/32 are rejected rather than decoded: offsets must point into the
  // file's own bytes.
  if (bytes.size() >= 2) {
    auto b0 = static_cast<unsigned char>(bytes[0]);
    auto b1 = static_cast<unsigned char>(bytes[1]);
    if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
      return fmt::format(
          "UTF-16 text (byte-order mark {:02X} {:02X}); only UTF-8 is read, convert it first", b0,
          b1);
    }
    if (bytes.size() >= 4 && b0 == 0 && b1 == 0 && static_cast<unsigned char>(bytes[2]) == 0xFE &&
        static_cast<unsigned char>(bytes[3]) == 0xFF) {
      return "UTF-32 text (byte-order mark 00 00 FE FF); only UTF-8 is read, convert it first";
    }
  }
  const void* nul = std::memchr(bytes.data(), 0, bytes.size());
  if (nul != nullptr) {
    auto at = static_cast<std::size_t>(static_cast<const char*>(nul) - bytes.data());
    return fmt::format("binary file (NUL byte at offset {})", at);
  }
  std::size_t bad = 0;
  if (!IsValidUtf8(bytes, &bad)) return fmt::format("invalid UTF-8 at byte {}", bad);
  std::string_view body = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? bytes.substr(3) : bytes;
  if (AllSpace(body)) return "file holds only whitespace";
  return {};
}

// A string field of a JSONL record. Missing or null -> empty; numbers are
// written out (crawlers emit numeric ids); anything else is an error.
bool StringField(const nlohmann::json& rec, const char* key, std::string* out,
                 std::string* problem) {
  auto it = rec.find(key);
  if (it == rec.end() || it->is_null()) return true;
  if (it->is_string()) {
    *out = it->get<std::string>();
    return true;
  }
  if (it->is_number_integer() || it->is_number_unsigned()) {
    *out = it->dump();
    return true;
  }
  *problem = fmt::format("field \"{}\" is {}, expected a string", key, it->type_name());
  return false;
}

// Parses one JSONL line. Returns false with `*problem` set on a bad record.
bool ParseJsonlRecord(std::string_view file, std::size_t line_no, std::string_view line,
                      Document* doc, std::string* problem) {
  const void* nul = std::memchr(line.data(), 0, line.size());
  if (nul != nullptr) {
    *problem = fmt::format("binary data (NUL byte at byte {} of the line)",
                           static_cast<const char*>(nul) - line.data());
    return false;
  }
  std::size_t bad = 0;
  if (!IsValidUtf8(line, &bad)) {
    *problem = fmt::format("invalid UTF-8 at byte {} of the line", bad);
    return false;
  }
  nlohmann::json rec = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
  if (rec.is_discarded()) {
    *problem = "malformed JSON";
    return false;
  }
  if (!rec.is_object()) {
    *problem = fmt::format("record is a JSON {}, expected an object", rec.type_name());
    return false;
  }
  auto text = rec.find("text");
  if (text == rec.end() || text->is_null()) {
    *problem = "record has no \"text\" field";
    return false;
  }
  if (!text->is_string()) {
    *problem = fmt::format("field \"text\" is {}, expected a string", text->type_name());
    return false;
  }
  Document d;
  d.text = text->get<std::string>();
  if (AllSpace(d.text)) {
    *problem = "field \"text\" is empty";
    return false;
  }
  if (d.text.find('\0') != std::string::npos) {
    *problem = "field \"text\" holds a NUL character";
    return false;
  }
  if (!StringField(rec, "id", &d.id, problem) || !StringField(rec, "url", &d.url, problem) ||
      !StringField(rec, "outlet", &d.outlet, problem) ||
      !StringField(rec, "published", &d.published, problem) ||
      !StringField(rec, "title", &d.title, problem)) {
    return false;
  }
  if (d.id.empty()) d.id = fmt::format("{}:{}", file, line_no);
  d.furniture = FindFurniture(d.text);
  NormaliseSpans(d.furniture);
  if (d.outlet.empty()) d.outlet = GuessOutlet(d.text, d.url);
  *doc = std::move(d);
  return true;
}

// Reads JSON Lines from `in` one line at a time (files of any size).
// Returns false if `on_doc` asked to stop. `*delivered` counts documents.
bool ReadJsonlStream(std::string_view file, std::istream& in, const DocumentSink& on_doc,
                     const ErrorSink& on_error, std::size_t* delivered, std::size_t* errors) {
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string_view l = line;
    if (line_no == 1 && l.substr(0, 3) == "\xEF\xBB\xBF") l.remove_prefix(3);
    if (AllSpace(l)) continue;
    Document doc;
    std::string problem;
    if (!ParseJsonlRecord(file, line_no, l, &doc, &problem)) {
      ++*errors;
      if (on_error) on_error(fmt::format("{}:{}: {}", file, line_no, problem));
      if (*errors >= kGiveUpAfter && *delivered == 0) {
        if (on_error) on_error(fmt::format("{}: giving up after {} bad lines", file, *errors));
        return true;
      }
      continue;
    }
    ++*delivered;
    if (!on_doc(std::move(doc))) return false;
  }
  return true;
}

Status ParseJsonlBytes(std::string_view name, std::string_view bytes, const DocumentSink& on_doc,
                       const ErrorSink& on_error, std::size_t* delivered) {
  std::size_t errors = 0;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t nl = bytes.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? bytes.size() : nl;
    std::string_view l = bytes.substr(pos, end - pos);
    pos = nl == std::string_view::npos ? bytes.size() : nl + 1;
    ++line_no;
    if (line_no == 1 && l.substr(0, 3) == "\xEF\xBB\xBF") l.remove_prefix(3);
    if (AllSpace(l)) continue;
    Document doc;
    std::string problem;
    if (!ParseJsonlRecord(name, line_no, l, &doc, &problem)) {
      ++errors;
      if (on_error) on_error(fmt::format("{}:{}: {}", name, line_no, problem));
      if (errors >= kGiveUpAfter && *delivered == 0) {
        if (on_error) on_error(fmt::format("{}: giving up after {} bad lines", name, errors));
        break;
      }
      continue;
    }
    ++*delivered;
    if (!on_doc(std::move(doc))) break;
  }
  return Status::Ok();
}

bool HasCandidateExtension(const fs::path& p) { return FormatForPath(p.string()) != Format::kAuto; }

Status ReadFileBytes(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  out->clear();
  if (!ec) out->resize(static_cast<std::size_t>(size));
  in.read(out->data(), static_cast<std::streamsize>(out->size()));
  out->resize(static_cast<std::size_t>(in.gcount()));
  // The file may have grown since file_size, or be a pipe/device of size 0.
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    out->append(buf, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return Status::Error(fmt::format("{}: read error", path));
  return Status::Ok();
}

std::string ReadAll(std::istream& in) {
  std::string out;
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    out.append(buf, static_cast<std::size_t>(in.gcount()));
  }
  return out;
}

// ParseDocument for bytes the caller hands over: a text article keeps the
// buffer as its Document::text instead of copying it (one copy of a huge file
// in memory, not two).
Status ParseOwnedDocument(std::string_view name, std::string bytes, Format format,
                          const DocumentSink& on_doc, const ErrorSink& on_error) {
  if (format == Format::kAuto) format = FormatForPath(name);
  if (format == Format::kAuto) format = SniffFormat(bytes);
  if (format != Format::kText) return ParseDocument(name, bytes, format, on_doc, on_error);
  std::string problem = CheckBytes(bytes);
  if (!problem.empty()) return Status::Error(fmt::format("{}: {}", name, problem));
  on_doc(ParseTextArticle(name, std::move(bytes)));
  return Status::Ok();
}

// Whether the start of a file looks like JSON Lines (first non-blank '{').
bool PeekJsonl(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char buf[512];
  in.read(buf, sizeof buf);
  return SniffFormat(std::string_view(buf, static_cast<std::size_t>(in.gcount()))) ==
         Format::kJsonl;
}

// Reads one file. `*delivered` counts documents handed to on_doc; returns
// false when on_doc asked to stop.
bool ReadOneFile(const std::string& path, Format format, const DocumentSink& on_doc,
                 const ErrorSink& on_error, std::size_t* delivered) {
  if (format == Format::kAuto) format = FormatForPath(path);
  if (format == Format::kAuto && PeekJsonl(path)) format = Format::kJsonl;
  if (format == Format::kJsonl) {
    // Streamed line by line: JSONL dumps can be larger than memory.
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      if (on_error) on_error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
      return true;
    }
    char head[4] = {0, 0, 0, 0};
    in.read(head, 4);
    std::string check = CheckBytes(std::string_view(head, static_cast<std::size_t>(in.gcount())));
    if (in.gcount() == 0) check = "empty file";
    if (check.rfind("UTF-", 0) == 0 || check == "empty file") {
      if (on_error) on_error(fmt::format("{}: {}", path, check));
      return true;
    }
    in.clear();
    in.seekg(0);
    std::size_t errors = 0;
    std::size_t before = *delivered;
    bool go_on = ReadJsonlStream(path, in, on_doc, on_error, delivered, &errors);
    if (go_on && *delivered == before && errors == 0 && on_error) {
      on_error(fmt::format("{}: file holds only whitespace", path));
    }
    return go_on;
  }
  std::string bytes;
  Status s = ReadFileBytes(path, &bytes);
  if (!s.ok()) {
    if (on_error) on_error(s.message());
    return true;
  }
  bool stop = false;
  auto counting = [&](Document&& d) {
    ++*delivered;
    if (!on_doc(std::move(d))) stop = true;
    return !stop;
  };
  s = ParseOwnedDocument(path, std::move(bytes), format, counting, on_error);
  if (!s.ok() && on_error) on_error(s.message());
  return !stop;
}

}  // namespace

Format FormatForPath(std::string_view path) {
  std::size_t slash = path.find_last_of("/\\");
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return Format::kAuto;
  std::string ext = Lower(base.substr(dot + 1));
  if (ext == "txt" || ext == "text") return Format::kText;
  if (ext == "jsonl" || ext == "ndjson") return Format::kJsonl;
  if (ext == "html" || ext == "htm" || ext == "xhtml") return Format::kHtml;
  return Format::kAuto;
}

Format SniffFormat(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  std::size_t i = 0;
  while (i < bytes.size() && IsSpaceByte(bytes[i])) ++i;
  if (i == bytes.size()) return Format::kText;
  if (bytes[i] == '{') return Format::kJsonl;
  if (bytes[i] == '<') return Format::kHtml;
  return Format::kText;
}

Status ParseDocument(std::string_view name, std::string_view bytes, Format format,
                     const DocumentSink& on_doc, const ErrorSink& on_error) {
  if (format == Format::kAuto) format = FormatForPath(name);
  if (format == Format::kAuto) format = SniffFormat(bytes);
  if (format == Format::kJsonl) {
    std::string_view head = bytes.substr(0, 4);
    std::string check = bytes.empty() ? "empty file" : CheckBytes(head);
    if (check.rfind("UTF-", 0) == 0 || check == "empty file") {
      return Status::Error(fmt::format("{}: {}", name, check));
    }
    std::size_t delivered = 0;
    Status s = ParseJsonlBytes(name, bytes, on_doc, on_error, &delivered);
    if (!s.ok()) return s;
    if (delivered == 0 && AllSpace(bytes)) {
      return Status::Error(fmt::format("{}: file holds only whitespace", name));
    }
    return Status::Ok();
  }
  std::string problem = CheckBytes(bytes);
  if (!problem.empty()) return Status::Error(fmt::format("{}: {}", name, problem));
  Document doc = format == Format::kHtml ? ParseHtmlArticle(name, bytes)
                                         : ParseTextArticle(name, std::string(bytes));
  if (format == Format::kHtml && AllSpace(doc.text)) {
    return Status::Error(fmt::format("{}: no article text found in the HTML page", name));
  }
  on_doc(std::move(doc));
  return Status::Ok();
}

Status ReadPath(const std::string& path, const DocumentSink& on_doc, const ErrorSink& on_error,
                Format format) {
  if (path == "-") {
    std::string bytes = ReadAll(std::cin);
    Format f = format == Format::kAuto ? SniffFormat(bytes) : format;
    Status s = ParseOwnedDocument("-", std::move(bytes), f, on_doc, on_error);
    if (!s.ok() && on_error) on_error(s.message());
    return Status::Ok();
  }
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    return Status::Error(fmt::format("{}: no such file or directory", path));
  }
  std::size_t delivered = 0;
  if (!fs::is_directory(st)) {
    ReadOneFile(path, format, on_doc, on_error, &delivered);
    return Status::Ok();
  }
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
  if (ec) return Status::Error(fmt::format("{}: cannot read folder: {}", path, ec.message()));
  for (fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) {
      if (on_error) on_error(fmt::format("{}: {}", path, ec.message()));
      ec.clear();
      continue;
    }
    // Hidden entries (".git", ".cache", editor backups) are not articles.
    std::string base = it->path().filename().string();
    if (!base.empty() && base[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      ec.clear();
      continue;
    }
    std::error_code fec;
    if (it->is_regular_file(fec) && HasCandidateExtension(it->path())) {
      files.push_back(it->path().string());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    return Status::Error(fmt::format("{}: folder holds no .txt, .jsonl, .html or .htm file", path));
  }
  for (const std::string& f : files) {
    if (!ReadOneFile(f, format, on_doc, on_error, &delivered)) return Status::Ok();
  }
  if (delivered == 0) {
    return Status::Error(fmt::format("{}: nothing readable in the folder ({} file{} rejected)",
                                     path, files.size(), files.size() == 1 ? "" : "s"));
  }
  return Status::Ok();
}

}  // namespace qt
