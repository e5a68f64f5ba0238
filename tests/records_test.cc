// The pipeline's direct record writer must produce exactly the bytes of
// report's nlohmann-based writer: `extract` output is a contract, and the
// records are read back by `ingest --records`.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "quotetrack/pipeline.h"
#include "quotetrack/report.h"

namespace {

qt::Document Article(std::string text) {
  qt::Document doc;
  doc.id = "wire/2025-05-16 kyiv \"talks\".txt";
  doc.title = "Talks resume in Istanbul";
  doc.outlet = "AP";
  doc.published = "2025-05-16T10:32:00Z";
  doc.url = "https://apnews.com/article/talks-resume";
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
  q.source = qt::Mention{{195, 213}, "Heorhii Tykhii"};
  q.sentence = {100, 240};
  q.speaker = "Heorhii Tykhii";
  q.speaker_kind = qt::SpeakerKind::kPerson;
  q.role = "Ukrainian Foreign Ministry spokesman";
  q.via = "Reuters";
  return q;
}

std::string Expected(const qt::Document& doc, const std::vector<qt::Quote>& quotes,
                     bool with_documents) {
  std::ostringstream out;
  if (with_documents) qt::WriteDocumentRecord(out, doc);
  qt::WriteExtractionRecords(out, doc, quotes, with_documents);
  return out.str();
}

std::string Actual(const qt::Document& doc, const std::vector<qt::Quote>& quotes,
                   bool with_documents) {
  std::string out;
  if (with_documents) qt::AppendDocumentRecord(out, doc);
  qt::AppendExtractionRecords(out, doc, quotes, with_documents);
  return out;
}

void CheckSame(const qt::Document& doc, const std::vector<qt::Quote>& quotes) {
  CHECK(Actual(doc, quotes, false) == Expected(doc, quotes, false));
  CHECK(Actual(doc, quotes, true) == Expected(doc, quotes, true));
}

}  // namespace

TEST_CASE("records writer matches the report writer on a plain article") {
  qt::Document doc = Article(
      "Talks resume in Istanbul\nBy Jane Doe, Associated Press\n\nISTANBUL (AP) — "
      "\"We haven't received a Russian 'yes' on this basic point,\" Ukrainian Foreign Ministry "
      "spokesman Heorhii Tykhii said.\n");
  qt::Quote unattributed;
  unattributed.kind = qt::QuoteKind::kIndirect;
  unattributed.text = "talks would resume next week";
  unattributed.content = {{300, 328}};
  CheckSame(doc, {Direct("We haven't received a Russian 'yes' on this basic point"), unattributed});
}

TEST_CASE("records writer escapes like nlohmann") {
  // Quote marks, backslashes, every control byte, DEL, and non-ASCII text
  // (curly quotes, Cyrillic, an emoji) that is copied as is.
  std::string tricky = "He said: \"no\" \\ path C:\\temp\ttab\nline\rcr\bbs\ffeed";
  for (char c = 1; c < 0x20; ++c) tricky.push_back(c);
  tricky += "\x7f “Зеленський” café 👍 end";
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
