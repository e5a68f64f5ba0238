// Statements across sources, end to end through the store and through the
// matcher's corpus-aware Compare: one person's words rendered directly, as a
// mixed quote and as reported speech; unrelated short clauses on one story;
// one statement given to two different people. All text is invented.
#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "quotetrack/match.h"
#include "quotetrack/store.h"

namespace {

using qt::AnalysedQuote;
using qt::CandidateIndex;
using qt::MatchInput;
using qt::QuoteKind;
using qt::SpeakerKind;

bool HasFlag(const std::string& flags, const std::string& f) {
  return flags.find(f) != std::string::npos;
}

qt::Document MakeDoc(std::string id, std::string outlet, std::string published, std::string text) {
  qt::Document d;
  d.id = std::move(id);
  d.title = "Port strike";
  d.outlet = std::move(outlet);
  d.published = std::move(published);
  d.text = std::move(text);
  return d;
}

qt::Quote MakeQuote(const qt::Document& d, const std::string& words, std::string speaker,
                    QuoteKind kind) {
  const std::size_t at = d.text.find(words);
  REQUIRE(at != std::string::npos);
  qt::Quote q;
  q.kind = kind;
  q.text = words;
  q.content = {{at, at + words.size()}};
  q.sentence = {0, d.text.size()};
  q.speaker = std::move(speaker);
  q.speaker_kind = SpeakerKind::kPerson;
  return q;
}

// A corpus of statements on one local story (a flood barrier and the town
// council), so that its words are topic words, plus unrelated ones.
void FillCorpus(CandidateIndex& index, std::vector<AnalysedQuote>& keep) {
  const char* kStory[] = {
      "The flood barrier at the river mouth needs repair before winter",
      "The council met for three hours about the flood barrier",
      "Residents asked the council why the barrier failed in March",
      "Engineers inspected the flood barrier and found cracked gates",
      "The council budget has no money left for the barrier",
      "We warned the council about the flood risk years ago",
      "The barrier cost more than the council planned",
      "Insurance claims rose after the flood reached the market square",
      "The council will vote on the budget next Tuesday",
      "A second flood barrier is planned further upstream",
      "The mayor said the council had ignored the flood warnings",
      "Shop owners want the council to cut business rates after the flood",
  };
  const char* kOther[] = {
      "The orchestra will tour four cities in the spring",
      "Our new bakery opens on the high street in June",
      "The striker signed a three-year contract with the club",
      "Ticket prices for the ferry rise by ten percent",
      "The library extends its opening hours on Saturdays",
      "Farmers expect a late harvest because of the cold spring",
  };
  std::int64_t id = 1000;
  auto add = [&](const char* text) {
    AnalysedQuote q = qt::Prepare(MatchInput{text, QuoteKind::kDirect, ""});
    index.Add(id++, qt::CandidateKeys(q), q);
    keep.push_back(std::move(q));
  };
  for (const char* t : kStory) add(t);
  for (const char* t : kOther) add(t);
}

// FillCorpus, then one person's direct quote filed as statement 1: the root
// the cases compare with.
AnalysedQuote FillCorpusWithRoot(CandidateIndex& index, std::vector<AnalysedQuote>& keep,
                                 const char* text, const char* speaker) {
  FillCorpus(index, keep);
  AnalysedQuote root =
      qt::Prepare(MatchInput{text, QuoteKind::kDirect, speaker}, SpeakerKind::kPerson);
  index.Add(1, qt::CandidateKeys(root), root);
  return root;
}

}  // namespace

TEST_CASE("one person's words direct, mixed and reported are one statement", "[statements]") {
  CandidateIndex index;
  std::vector<AnalysedQuote> keep;
  const AnalysedQuote root = FillCorpusWithRoot(
      index, keep,
      "We are delighted with the verdict and will keep pressing the port authority for fair wages,",
      "Marta Kowalczyk");

  struct Case {
    const char* text;
    QuoteKind kind;
    const char* speaker;
    qt::Variant want;
  };
  const std::vector<Case> cases = {
      {"herself \xE2\x80\x9Cthrilled with the verdict,\xE2\x80\x9D", QuoteKind::kMixed, "Kowalczyk",
       qt::Variant::kParaphrase},
      {"voiced delight at the verdict", QuoteKind::kIndirect, "Marta Kowalczyk",
       qt::Variant::kReported},
      // Two reports joined by a participle: the first clause is the statement.
      {"voiced delight at the verdict, insisting that the strike had cost the families dearly",
       QuoteKind::kIndirect, "Marta Kowalczyk", qt::Variant::kReported},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const AnalysedQuote member =
        qt::Prepare(MatchInput{c.text, c.kind, c.speaker}, SpeakerKind::kPerson);
    // The speaker makes the statement a candidate whatever its words.
    const auto cands = index.SpeakerCandidates(member);
    REQUIRE(cands.size() == 1);
    CHECK(cands[0] == 1);
    const qt::Comparison cmp = qt::Compare(root, member, index);
    CHECK(cmp.same_statement);
    CHECK(cmp.variant == c.want);
    for (const auto& f : cmp.flags) CHECK(f != "speaker_mismatch");
  }

  // The same words from someone else are not pulled in by the speaker rule.
  const AnalysedQuote other =
      qt::Prepare(MatchInput{"herself \xE2\x80\x9Cthrilled with the verdict,\xE2\x80\x9D",
                             QuoteKind::kMixed, "Ines Halloran"},
                  SpeakerKind::kPerson);
  CHECK(index.SpeakerCandidates(other).empty());
  CHECK_FALSE(qt::Compare(root, other, index).same_statement);
  // Nor are one person's words on another matter.
  const AnalysedQuote unrelated =
      qt::Prepare(MatchInput{"that the port authority had not replied to the union's letter",
                             QuoteKind::kIndirect, "Marta Kowalczyk"},
                  SpeakerKind::kPerson);
  CHECK_FALSE(qt::Compare(root, unrelated, index).same_statement);
}

TEST_CASE("short clauses sharing only topic words stay apart", "[statements]") {
  CandidateIndex index;
  std::vector<AnalysedQuote> keep;
  const AnalysedQuote root = FillCorpusWithRoot(
      index, keep, "We will fund the flood barrier and ask the council for an emergency budget,",
      "Ines Halloran");
  const AnalysedQuote topic =
      qt::Prepare(MatchInput{"that talks on the flood barrier and the council budget took place",
                             QuoteKind::kIndirect, "Owen Prescott"},
                  SpeakerKind::kPerson);
  CHECK_FALSE(qt::Compare(root, topic, index).same_statement);
  // A real excerpt and a real report of the statement still join.
  const AnalysedQuote excerpt = qt::Prepare(
      MatchInput{"ask the council for an emergency budget", QuoteKind::kDirect, "Halloran"},
      SpeakerKind::kPerson);
  const qt::Comparison e = qt::Compare(root, excerpt, index);
  CHECK(e.same_statement);
  CHECK(e.variant == qt::Variant::kTruncated);
  const AnalysedQuote report = qt::Prepare(
      MatchInput{"that she would fund the flood barrier and ask the council for an emergency "
                 "budget",
                 QuoteKind::kIndirect, "Ines Halloran"},
      SpeakerKind::kPerson);
  CHECK(qt::Compare(root, report, index).same_statement);
}

TEST_CASE("the store files one person's renderings together and flags a misattribution",
          "[statements]") {
  qt::Status status;
  auto store = qt::Store::Open(":memory:", &status);
  REQUIRE(store);
  qt::AddResult added;
  const std::string direct =
      "We are delighted with the verdict and will keep pressing the port authority for fair "
      "wages";
  const qt::Document d1 = MakeDoc("harbour.txt", "Harbour Gazette", "2025-05-02",
                                  "\"" + direct + ",\" union leader Marta Kowalczyk said.");
  const qt::Document d2 =
      MakeDoc("valley.txt", "Valley Courier", "2025-05-02",
              "Kowalczyk pronounced herself \xE2\x80\x9Cthrilled with the verdict,\xE2\x80\x9D.");
  const qt::Document d3 = MakeDoc("north.txt", "North Post", "2025-05-03",
                                  "Marta Kowalczyk voiced delight at the verdict on Friday.");
  // Another outlet gives the union leader's words to the port's director.
  const qt::Document d4 = MakeDoc("coast.txt", "Coast Wire", "2025-05-03",
                                  "\"" + direct + ",\" port director Anton Seifert said.");
  const qt::Document d5 = MakeDoc("other.txt", "Coast Wire", "2025-05-03",
                                  "\"The ferry timetable changes in June,\" Anton Seifert said.");
  REQUIRE(store
              ->AddDocument(d1,
                            std::vector<qt::Quote>{
                                MakeQuote(d1, direct, "Marta Kowalczyk", QuoteKind::kDirect)},
                            &added)
              .ok());
  REQUIRE(
      store
          ->AddDocument(d2,
                        {MakeQuote(d2, "herself \xE2\x80\x9Cthrilled with the verdict,\xE2\x80\x9D",
                                   "Marta Kowalczyk", QuoteKind::kMixed)},
                        &added)
          .ok());
  REQUIRE(
      store
          ->AddDocument(d3,
                        std::vector<qt::Quote>{MakeQuote(d3, "delight at the verdict",
                                                         "Marta Kowalczyk", QuoteKind::kIndirect)},
                        &added)
          .ok());
  REQUIRE(store
              ->AddDocument(d4,
                            std::vector<qt::Quote>{
                                MakeQuote(d4, direct, "Anton Seifert", QuoteKind::kDirect)},
                            &added)
              .ok());
  REQUIRE(
      store
          ->AddDocument(d5,
                        std::vector<qt::Quote>{MakeQuote(d5, "The ferry timetable changes in June",
                                                         "Anton Seifert", QuoteKind::kDirect)},
                        &added)
          .ok());
  // Weeks later the same person is pleased about another verdict: her
  // statements of the earlier week are not candidates any more.
  const qt::Document d6 =
      MakeDoc("later.txt", "Valley Courier", "2025-06-20",
              "Kowalczyk called herself \xE2\x80\x9Cthrilled with the verdict,\xE2\x80\x9D.");
  REQUIRE(store
              ->AddDocument(d6,
                            std::vector<qt::Quote>{MakeQuote(
                                d6, "herself \xE2\x80\x9Cthrilled with the verdict,\xE2\x80\x9D",
                                "Marta Kowalczyk", QuoteKind::kMixed)},
                            &added)
              .ok());
  const auto rows = store->Quotes();
  REQUIRE(rows.size() == 6);
  CHECK(rows[5].statement_id != rows[0].statement_id);
  const auto members = store->StatementQuotes(rows[0].statement_id);
  REQUIRE(members.size() == 4);
  std::vector<std::string> got;
  for (const auto& m : members) got.push_back(m.doc + ":" + m.variant);
  CHECK(got == std::vector<std::string>{"harbour.txt:original", "valley.txt:paraphrase",
                                        "north.txt:reported", "coast.txt:verbatim"});
  for (const auto& m : members) {
    INFO(m.doc);
    CHECK(HasFlag(m.flags, "speaker_mismatch") == (m.doc == "coast.txt"));
  }
  CHECK(rows[4].statement_id != rows[0].statement_id);
}

TEST_CASE("a group speaker is not a misattribution of one of its parties", "[statements]") {
  const char* words = "to release 300 detained fishermen each before the harvest festival";
  auto prep = [&](const char* speaker) {
    return qt::Prepare(MatchInput{words, QuoteKind::kIndirect, speaker},
                       SpeakerKind::kOrganization);
  };
  auto mismatch = [](const AnalysedQuote& a, const AnalysedQuote& b) {
    const qt::Comparison c = qt::Compare(a, b);
    REQUIRE(c.same_statement);
    for (const auto& f : c.flags) {
      if (f == "speaker_mismatch") return true;
    }
    return false;
  };
  const AnalysedQuote delegations = prep("The two delegations");
  const AnalysedQuote parties = prep("the parties");
  const AnalysedQuote pair = prep("Freedonia and Sylvania");
  const AnalysedQuote freedonia = prep("Freedonia");
  const AnalysedQuote sylvania = prep("Sylvania");
  const AnalysedQuote ruritania = prep("Ruritania");
  // A collective of the parties covers each of them, both ways round.
  CHECK_FALSE(mismatch(delegations, freedonia));
  CHECK_FALSE(mismatch(freedonia, delegations));
  CHECK_FALSE(mismatch(parties, sylvania));
  // A conjunction covers the parties it names, and only those.
  CHECK_FALSE(mismatch(pair, sylvania));
  CHECK_FALSE(mismatch(freedonia, pair));
  CHECK(mismatch(pair, ruritania));
  // Two single parties are still told apart.
  CHECK(mismatch(freedonia, sylvania));
}

TEST_CASE("the later part of a remark reported on its own joins the remark", "[statements]") {
  CandidateIndex index;
  std::vector<AnalysedQuote> keep;
  const AnalysedQuote root =
      FillCorpusWithRoot(index, keep,
                         "All told, we welcome the arbitration award and are eager to maintain "
                         "cooperation with the dockers,",
                         "Marta Kowalczyk");
  // Another outlet reports the second half of the remark in other words.
  const AnalysedQuote later =
      qt::Prepare(MatchInput{"that the union was eager to continue its collaboration",
                             QuoteKind::kIndirect, "Marta Kowalczyk"},
                  SpeakerKind::kPerson);
  const qt::Comparison c = qt::Compare(root, later, index);
  CHECK(c.same_statement);
  CHECK(c.variant == qt::Variant::kReported);
  // The same clause from someone else is not pulled in, nor is the same
  // person's remark on another matter sharing one word.
  const AnalysedQuote other =
      qt::Prepare(MatchInput{"that the union was eager to continue its collaboration",
                             QuoteKind::kIndirect, "Anton Seifert"},
                  SpeakerKind::kPerson);
  CHECK_FALSE(qt::Compare(root, other, index).same_statement);
  const AnalysedQuote unrelated =
      qt::Prepare(MatchInput{"that the union was eager to see the ferry timetable published",
                             QuoteKind::kIndirect, "Marta Kowalczyk"},
                  SpeakerKind::kPerson);
  CHECK_FALSE(qt::Compare(root, unrelated, index).same_statement);
}

TEST_CASE("modals added around a rendering or said twice are not a modal change", "[statements]") {
  auto flagged = [](const char* root_text, QuoteKind root_kind, const char* text, QuoteKind kind) {
    const qt::Comparison c =
        qt::Compare(MatchInput{root_text, root_kind, ""}, MatchInput{text, kind, ""});
    INFO(text);
    REQUIRE(c.same_statement);
    return std::find(c.flags.begin(), c.flags.end(), "modal_changed") != c.flags.end();
  };
  // The report adds a clause of its own around the agreed words.
  CHECK_FALSE(flagged("to swap 200 detained sailors", QuoteKind::kIndirect,
                      "Freedonia and Sylvania agreed to swap 200 detained sailors in what would "
                      "be their largest exchange",
                      QuoteKind::kIndirect));
  // An inverted condition repeats the modal; the report says it once.
  CHECK_FALSE(
      flagged("that the ferry levy should be scrapped should the council reject the "
              "harbour budget",
              QuoteKind::kIndirect,
              "that the ferry levy should be scrapped if the council rejected the harbour "
              "budget",
              QuoteKind::kIndirect));
  // A modal changed inside the rendering still is one.
  CHECK(flagged("We will close the harbour to tankers on Monday", QuoteKind::kDirect,
                "We may close the harbour to tankers on Monday", QuoteKind::kDirect));
}

TEST_CASE("a source mention holding a person's full name is that person", "[statements]") {
  CandidateIndex index;
  std::vector<AnalysedQuote> keep;
  const AnalysedQuote root =
      FillCorpusWithRoot(index, keep,
                         "We have not had an answer on the wage offer. If they want real talks, "
                         "the cranes have to stop first.",
                         "Ines Halloran");
  const char* report = "the need for stopping the cranes before real talks";
  // Attribution left words around the name and called the mention an
  // organisation: the name inside it is still the person.
  const AnalysedQuote by_mention =
      qt::Prepare(MatchInput{report, QuoteKind::kIndirect,
                             "Harbour Board spokeswoman Ines Halloran after the hearing"},
                  SpeakerKind::kOrganization);
  const qt::Comparison c = qt::Compare(root, by_mention, index);
  CHECK(c.same_statement);
  CHECK(c.variant == qt::Variant::kReported);
  // The board itself, or another person of the board, is not her.
  const AnalysedQuote by_board = qt::Prepare(
      MatchInput{report, QuoteKind::kIndirect, "Harbour Board"}, SpeakerKind::kOrganization);
  CHECK_FALSE(qt::Compare(root, by_board, index).same_statement);
  const AnalysedQuote by_other =
      qt::Prepare(MatchInput{report, QuoteKind::kIndirect, "Harbour Board spokesman Owen Prescott"},
                  SpeakerKind::kOrganization);
  CHECK_FALSE(qt::Compare(root, by_other, index).same_statement);
}
