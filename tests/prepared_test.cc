// Match analyses prepared ahead of the store (on the pipeline's extraction
// workers) must never change what is stored: the store uses one only when it
// was made from the store's own inputs, the speaker as resolved.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "quotetrack/match.h"
#include "quotetrack/store.h"

namespace {

qt::Quote Said(const std::string& text, std::size_t at, const std::string& speaker) {
  qt::Quote q;
  q.kind = qt::QuoteKind::kDirect;
  q.text = text;
  q.content = {{at, at + text.size()}};
  q.sentence = {at, at + text.size()};
  q.speaker = speaker;
  q.speaker_kind = qt::SpeakerKind::kPerson;
  return q;
}

qt::Document Doc(const std::string& id, const std::string& published) {
  qt::Document doc;
  doc.id = id;
  doc.outlet = "Meridian Press";
  doc.published = published;
  doc.text = std::string(400, ' ');
  return doc;
}

struct Article {
  qt::Document doc;
  std::vector<qt::Quote> quotes;
};

std::vector<Article> Articles() {
  // One statement rendered three ways, by spellings of one name that the
  // store resolves to the first one it saw.
  return {
      {Doc("a.txt", "2025-05-16"),
       {Said("We will not give up a single village in the delta", 10, "Bohdan Kravetsky"),
        Said("The talks in Velgrad must produce a water treaty first", 120, "Ines Calloway")}},
      {Doc("b.txt", "2025-05-17"),
       {Said("We will not give up a single village", 10, "Kravetskyi"),
        Said("Talks in Velgrad must produce a water treaty", 120, "Calloway")}},
      {Doc("c.txt", "2025-05-18"),
       {Said("we will not give up one single village in the delta", 10, "Kravetsky")}},
  };
}

// `with_keys`: the prepared analyses' candidate keys are passed too.
std::vector<qt::QuoteRow> Ingest(bool with_prepared, bool wrong, bool with_keys = false) {
  qt::Status st;
  auto store = qt::Store::Open(":memory:", &st);
  REQUIRE(store);
  REQUIRE(store->MatchesStatements());
  for (const Article& a : Articles()) {
    std::vector<qt::AnalysedQuote> prepared;
    std::vector<std::vector<std::uint64_t>> keys;
    for (const qt::Quote& q : a.quotes) {
      // `wrong`: analyses of other inputs, which the store must not use.
      const std::string text = wrong ? "something else entirely was said" : q.text;
      prepared.push_back(qt::Prepare(qt::MatchInput{text, q.kind, q.speaker}, q.speaker_kind));
      keys.push_back(qt::CandidateKeys(prepared.back()));
    }
    qt::AddResult res;
    const qt::Status added = !with_prepared ? store->AddDocument(a.doc, a.quotes, &res)
                             : with_keys ? store->AddDocument(a.doc, a.quotes, prepared, keys, &res)
                                         : store->AddDocument(a.doc, a.quotes, prepared, &res);
    REQUIRE(added.ok());
    REQUIRE(res.added);
  }
  return store->Quotes();
}

void CheckSameRows(const std::vector<qt::QuoteRow>& a, const std::vector<qt::QuoteRow>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].statement_id == b[i].statement_id);
    CHECK(a[i].variant == b[i].variant);
    CHECK(a[i].flags == b[i].flags);
    CHECK(a[i].speaker == b[i].speaker);
    CHECK(a[i].text == b[i].text);
  }
}

}  // namespace

TEST_CASE("analyses prepared ahead store the same statements") {
  const auto plain = Ingest(false, false);
  REQUIRE(plain.size() == 5);
  // The village renderings form one statement, the Velgrad ones another.
  CHECK(plain[0].statement_id == plain[2].statement_id);
  CHECK(plain[0].statement_id == plain[4].statement_id);
  CHECK(plain[1].statement_id == plain[3].statement_id);
  CheckSameRows(plain, Ingest(true, false));
  CheckSameRows(plain, Ingest(true, false, /*with_keys=*/true));
}

TEST_CASE("analyses of other inputs are ignored by the store") {
  CheckSameRows(Ingest(false, false), Ingest(true, true));
  // Keys of those other analyses too.
  CheckSameRows(Ingest(false, false), Ingest(true, true, /*with_keys=*/true));
}
