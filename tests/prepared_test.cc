// Match analyses prepared ahead of the store (on the pipeline's extraction
// workers) must never change what is stored: the store uses one only when it
// was made from the store's own inputs, the speaker as resolved.
#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <thread>
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

// ---------------------------------------------------------------------------
// Comparisons done ahead (CompareHints, Store::CompareAhead) never change what
// is stored either: a hint is read only for the two analyses it was made
// from, whatever the store looked like when it was made.

namespace {

std::vector<Article> Coverage() {
  // A remark quoted in part and in full within one article (the part is a
  // candidate of the full rendering filed after it), reported elsewhere
  // with words changed, and unrelated remarks on the same story.
  std::vector<Article> out = Articles();
  out.push_back(
      {Doc("d.txt", "2025-05-18"),
       {Said("a single village", 20, "Bohdan Kravetsky"),
        Said("We will not give up a single village in the delta, whatever Velgrad offers", 60,
             "Bohdan Kravetsky"),
        Said("The water treaty talks in Velgrad must come first", 200, "Ines Calloway"),
        Said("Nobody in the delta was consulted about the dam", 300, "Oksana Ilchuk")}});
  out.push_back(
      {Doc("e.txt", "2025-05-19"),
       {Said("We shall not surrender one village in the delta", 10, "Kravetsky"),
        Said("Nobody in the delta was asked about the dam", 120, "Ilchuk"),
        Said("Nobody in the delta was consulted about the dam", 220, "Ilchuk")}});
  return out;
}

enum class Hints { kNone, kFresh, kStale, kOther };

std::vector<qt::QuoteRow> IngestWithHints(Hints mode) {
  qt::Status st;
  auto store = qt::Store::Open(":memory:", &st);
  REQUIRE(store);
  const std::vector<Article> articles = Coverage();
  // kStale: every document's hints made against the empty store, before
  // anything is filed. kOther: hints of other analyses of the same texts
  // (their own Prepare calls), which the store must not read.
  std::vector<std::vector<qt::AnalysedQuote>> prepared(articles.size());
  std::vector<std::vector<std::vector<std::uint64_t>>> keys(articles.size());
  std::vector<std::vector<qt::CompareHints>> hints(articles.size());
  for (std::size_t d = 0; d < articles.size(); ++d) {
    for (const qt::Quote& q : articles[d].quotes) {
      prepared[d].push_back(qt::Prepare(qt::MatchInput{q.text, q.kind, q.speaker}, q.speaker_kind));
      keys[d].push_back(qt::CandidateKeys(prepared[d].back()));
    }
    if (mode == Hints::kStale) {
      hints[d] = store->CompareAhead(prepared[d], keys[d], articles[d].doc.published);
      CHECK(hints[d].size() == prepared[d].size());
    }
  }
  std::size_t used = 0;
  for (std::size_t d = 0; d < articles.size(); ++d) {
    const Article& a = articles[d];
    if (mode == Hints::kFresh) {
      hints[d] = store->CompareAhead(prepared[d], keys[d], a.doc.published);
    } else if (mode == Hints::kOther) {
      std::vector<qt::AnalysedQuote> other;
      for (const qt::Quote& q : a.quotes) {
        other.push_back(qt::Prepare(qt::MatchInput{q.text, q.kind, q.speaker}, q.speaker_kind));
      }
      hints[d] = store->CompareAhead(other, keys[d], a.doc.published);
    }
    for (const auto& h : hints[d]) used += h.size();
    qt::AddResult res;
    const qt::Status added =
        mode == Hints::kNone ? store->AddDocument(a.doc, a.quotes, prepared[d], keys[d], &res)
                             : store->AddDocument(a.doc, a.quotes, prepared[d], keys[d], hints[d],
                                                  &res);
    REQUIRE(added.ok());
    REQUIRE(res.added);
  }
  // Fresh hints cover the later documents' candidates and the in-document
  // pairs; hints made against the empty store cover only the latter.
  if (mode == Hints::kFresh || mode == Hints::kOther) CHECK(used > 10);
  if (mode == Hints::kStale) CHECK(used > 0);
  return store->Quotes();
}

}  // namespace

TEST_CASE("comparisons done ahead store the same statements") {
  const auto plain = IngestWithHints(Hints::kNone);
  REQUIRE(plain.size() == 12);
  // The part and the full rendering in d.txt are one statement with the
  // village renderings of a.txt to c.txt.
  CHECK(plain[5].statement_id == plain[0].statement_id);
  CHECK(plain[6].statement_id == plain[0].statement_id);
  CheckSameRows(plain, IngestWithHints(Hints::kFresh));
  CheckSameRows(plain, IngestWithHints(Hints::kStale));
  CheckSameRows(plain, IngestWithHints(Hints::kOther));
}

TEST_CASE("Compare with hints gives Compare's result") {
  qt::CandidateIndex corpus;
  const std::vector<std::string> texts = {
      "We will not give up a single village in the delta",
      "We will not give up a single village",
      "we shall not surrender one single village in the delta",
      "The talks in Velgrad must produce a water treaty first",
      "Nobody in the delta was consulted about the dam",
      "a single village",
  };
  std::vector<qt::AnalysedQuote> a;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    a.push_back(qt::Prepare(qt::MatchInput{texts[i], qt::QuoteKind::kDirect, "Bohdan Kravetsky"},
                            qt::SpeakerKind::kPerson));
    corpus.Add(static_cast<std::int64_t>(i + 1), qt::CandidateKeys(a.back()), a.back());
  }
  // The member as the store resolves its speaker: WithSpeaker keeps the
  // token analysis, so hints made for the extracted spelling apply.
  const qt::AnalysedQuote member =
      qt::Prepare(qt::MatchInput{"We won't give up a single village in the delta",
                                 qt::QuoteKind::kIndirect, "Kravetsky"},
                  qt::SpeakerKind::kPerson);
  const qt::AnalysedQuote resolved =
      qt::WithSpeaker(member, "Bohdan Kravetsky", qt::SpeakerKind::kPerson);
  qt::CompareHints hints;
  for (std::size_t i = 0; i + 1 < a.size(); ++i) hints.Add(a[i], member);  // not the last
  hints.Add(a[0], member);                                                   // once per pair
  CHECK(hints.size() == a.size() - 1);
  const qt::AnalysedQuote other = qt::Prepare(qt::MatchInput{"something else", qt::QuoteKind::kDirect, ""});
  hints.Add(a[0], other);  // a pair never asked for
  int same = 0;
  for (const auto& root : a) {
    for (const auto* m : {&member, &resolved}) {
      const qt::Comparison want = qt::Compare(root, *m, corpus);
      const qt::Comparison got = qt::Compare(root, *m, corpus, hints);
      CHECK(got.same_statement == want.same_statement);
      CHECK(got.score == want.score);
      CHECK(got.variant == want.variant);
      CHECK(got.flags == want.flags);
      same += want.same_statement ? 1 : 0;
    }
  }
  CHECK(same >= 2);  // the full village rendering
}

TEST_CASE("comparisons done ahead on another thread while the store files") {
  // The pipeline's shape: a worker makes document d+1's hints while the
  // store files document d (CompareAhead reads the candidate index and the
  // root cache as AddDocument changes them).
  std::vector<Article> articles = Coverage();
  const std::size_t originals = articles.size();
  REQUIRE(originals == 5);
  for (int copy = 0; copy < 3; ++copy) {  // more documents, more candidates
    for (std::size_t d = 0; d < originals; ++d) {
      Article a = articles[d];
      a.doc.id = std::to_string(copy) + a.doc.id;
      articles.push_back(a);
    }
  }
  auto file = [&](bool ahead_on_thread) {
    qt::Status st;
    auto store = qt::Store::Open(":memory:", &st);
    REQUIRE(store);
    std::vector<std::vector<qt::AnalysedQuote>> prepared(articles.size());
    std::vector<std::vector<std::vector<std::uint64_t>>> keys(articles.size());
    for (std::size_t d = 0; d < articles.size(); ++d) {
      for (const qt::Quote& q : articles[d].quotes) {
        prepared[d].push_back(
            qt::Prepare(qt::MatchInput{q.text, q.kind, q.speaker}, q.speaker_kind));
        keys[d].push_back(qt::CandidateKeys(prepared[d].back()));
      }
    }
    std::vector<qt::CompareHints> next;
    if (ahead_on_thread) next = store->CompareAhead(prepared[0], keys[0], articles[0].doc.published);
    for (std::size_t d = 0; d < articles.size(); ++d) {
      std::vector<qt::CompareHints> after;
      std::thread ahead([&] {
        if (ahead_on_thread && d + 1 < articles.size()) {
          after = store->CompareAhead(prepared[d + 1], keys[d + 1], articles[d + 1].doc.published);
        }
      });
      qt::AddResult res;
      const qt::Status added =
          store->AddDocument(articles[d].doc, articles[d].quotes, prepared[d], keys[d], next, &res);
      ahead.join();
      REQUIRE(added.ok());
      REQUIRE(res.added);
      next = std::move(after);
    }
    return store->Quotes();
  };
  const auto plain = file(false);
  REQUIRE(plain.size() == 12 * 4);
  // The copies join the statements of the documents they copy.
  std::map<std::string, std::int64_t> statement_of;
  for (const auto& r : plain) {
    if (r.doc.size() == 5) statement_of[r.doc + std::to_string(r.start)] = r.statement_id;
  }
  for (const auto& r : plain) {
    const std::string original = r.doc.size() == 5 ? r.doc : r.doc.substr(1);
    CHECK(statement_of.at(original + std::to_string(r.start)) == r.statement_id);
  }
  for (int round = 0; round < 3; ++round) CheckSameRows(plain, file(true));
}
