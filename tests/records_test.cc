// The direct record writer (report/records.cc) must produce exactly the
// bytes nlohmann::json produces for the same records: `extract` output is a
// contract, read back with nlohmann by `ingest --records`. The reference here
// builds each record as a JSON tree, in DESIGN.md field order, and dumps it.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "quotetrack/report.h"

namespace {

qt::Document Article(std::string text) {
  qt::Document doc;
  doc.id = "wire/2026-06-10 velgrad \"talks\".txt";
  doc.title = "Water talks resume in Velgrad";
  doc.outlet = "Meridian Press";
  doc.published = "2026-06-10T10:32:00Z";
  doc.url = "https://meridian.example/article/water-talks-resume";
  doc.text = std::move(text);
  doc.furniture = {{0, 24}, {25, 60}};
  return doc;
}

qt::Quote Direct(const std::string& text) {
  qt::Quote q;
  q.kind = qt::QuoteKind::kDirect;
  q.text = text;
  q.content = {{120, 188}, {200, 231}};
  q.cue = qt::Mention{{190, 194}, "said"};
  q.source = qt::Mention{{195, 213}, "Ines Calloway"};
  q.sentence = {100, 240};
  q.speaker = "Ines Calloway";
  q.speaker_kind = qt::SpeakerKind::kPerson;
  q.role = "Foreign Minister";
  q.via = "Reuters";
  return q;
}

using OrderedJson = nlohmann::ordered_json;

std::string Dump(const OrderedJson& j) {
  return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

OrderedJson StringOrNull(std::string_view s) {
  if (s.empty()) return nullptr;
  return std::string(s);
}

OrderedJson MentionJson(const std::optional<qt::Mention>& m) {
  if (!m) return nullptr;
  OrderedJson j;
  j["start"] = m->span.start;
  j["end"] = m->span.end;
  j["text"] = m->text;
  return j;
}

std::string Expected(const qt::Document& doc, const std::vector<qt::Quote>& quotes,
                     bool with_documents) {
  std::string out;
  if (with_documents) {
    OrderedJson d;
    d["id"] = doc.id;
    d["url"] = doc.url;
    d["outlet"] = doc.outlet;
    d["published"] = doc.published;
    d["title"] = doc.title;
    d["text"] = doc.text;
    OrderedJson furniture = OrderedJson::array();
    for (const qt::Span& s : doc.furniture) furniture.push_back({s.start, s.end});
    d["furniture"] = std::move(furniture);
    OrderedJson j;
    j["document"] = std::move(d);
    out += Dump(j);
  }
  for (const qt::Quote& q : quotes) {
    OrderedJson j;
    j["doc"] = doc.id;
    j["outlet"] = StringOrNull(doc.outlet);
    j["kind"] = std::string(qt::ToString(q.kind));
    j["text"] = q.text;
    OrderedJson content = OrderedJson::array();
    for (const qt::Span& s : q.content) content.push_back({{"start", s.start}, {"end", s.end}});
    j["content"] = std::move(content);
    j["cue"] = MentionJson(q.cue);
    j["source"] = MentionJson(q.source);
    j["speaker"] = StringOrNull(q.speaker);
    j["speaker_kind"] = StringOrNull(qt::ToString(q.speaker_kind));
    j["role"] = StringOrNull(q.role);
    j["via"] = StringOrNull(q.via);
    if (with_documents) j["sentence"] = {{"start", q.sentence.start}, {"end", q.sentence.end}};
    out += Dump(j);
  }
  return out;
}

std::string Actual(const qt::Document& doc, const std::vector<qt::Quote>& quotes,
                   bool with_documents) {
  std::string out;
  if (with_documents) qt::AppendDocumentRecord(out, doc);
  qt::AppendExtractionRecords(out, doc, quotes, with_documents);
  return out;
}

// The string writers, and the stream writers built on them, against the
// reference.
void CheckSame(const qt::Document& doc, const std::vector<qt::Quote>& quotes) {
  for (bool with_documents : {false, true}) {
    INFO("with documents: " << with_documents);
    CHECK(Actual(doc, quotes, with_documents) == Expected(doc, quotes, with_documents));
    std::ostringstream stream;
    if (with_documents) qt::WriteDocumentRecord(stream, doc);
    qt::WriteExtractionRecords(stream, doc, quotes, with_documents);
    CHECK(stream.str() == Expected(doc, quotes, with_documents));
  }
}

}  // namespace

TEST_CASE("records writer matches the report writer on a plain article") {
  qt::Document doc = Article(
      "Water talks resume in Velgrad\nBy Jane Doe, Meridian Press\n\nVELGRAD (Meridian) — "
      "\"Nobody has shown us a 'filling schedule' for the reservoir,\" Foreign Minister Ines "
      "Calloway said.\n");
  qt::Quote unattributed;
  unattributed.kind = qt::QuoteKind::kIndirect;
  unattributed.text = "talks would resume next week";
  unattributed.content = {{300, 328}};
  CheckSame(doc,
            {Direct("Nobody has shown us a 'filling schedule' for the reservoir"), unattributed});
}

TEST_CASE("records writer escapes like nlohmann") {
  // Quote marks, backslashes, every control byte, DEL, and non-ASCII text
  // (curly quotes, Cyrillic, an emoji) that is copied as is.
  std::string tricky = "He said: \"no\" \\ path C:\\temp\ttab\nline\rcr\bbs\ffeed";
  for (char c = 1; c < 0x20; ++c) tricky.push_back(c);
  tricky += "\x7f “Кравецький” café 👍 end";
  qt::Document doc = Article(tricky);
  doc.title = tricky;
  doc.outlet.clear();  // null in quote records, "" in the document record
  qt::Quote q = Direct(tricky);
  q.cue = qt::Mention{{1, 2}, "\"told\"\n"};
  q.source.reset();
  q.speaker.clear();
  q.speaker_kind = qt::SpeakerKind::kUnknown;
  q.role = "\x01role\x1f";
  q.via.clear();
  q.content.clear();
  q.sentence = {0, 18446744073709551615ULL};
  CheckSame(doc, {q, Direct("plain")});
}

TEST_CASE("records writer replaces invalid UTF-8 like nlohmann") {
  // Documents from ingest are valid UTF-8; hand-built ones may not be.
  qt::Document doc = Article("ok");
  doc.id = "bad\xff id";
  qt::Quote q = Direct("cut \xe2\x80 in the middle \xc3");
  q.role = "\xed\xa0\x80 surrogate";
  CheckSame(doc, {q});
}

TEST_CASE("records writer writes nothing for a document without quotes") {
  qt::Document doc = Article("No quotes here.");
  CHECK(Actual(doc, {}, false).empty());
  CHECK(Actual(doc, {}, true) == Expected(doc, {}, true));
}
