// Tests of the match stage on sentences written for these tests.
#include "quotetrack/match.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "match/align.h"
#include "match/analysed.h"
#include "match/text.h"
#include "match/wordnet.h"

namespace {

using qt::Compare;
using qt::MatchInput;
using qt::QuoteKind;
using qt::SpeakerKind;
using qt::Variant;

bool HasFlag(const qt::Comparison& c, const std::string& f) {
  return std::find(c.flags.begin(), c.flags.end(), f) != c.flags.end();
}

const char* kRoot =
    "We are pleased with the results of the talks in Vienna, and we will keep working until "
    "every prisoner is home.";

}  // namespace

TEST_CASE("variant labels against the root", "[match]") {
  struct Case {
    const char* member;
    QuoteKind kind;
    Variant want;
  };
  const std::vector<Case> cases = {
      {"We are pleased with the results of the talks in Vienna, and we will keep working until "
       "every prisoner is home.",
       QuoteKind::kDirect, Variant::kVerbatim},
      {"we are pleased with the results of the talks in vienna and we will keep working until "
       "every prisoner is home",
       QuoteKind::kDirect, Variant::kVerbatim},
      {"pleased with the results", QuoteKind::kDirect, Variant::kTruncated},
      {"pleased with the results of the talks in Vienna", QuoteKind::kMixed, Variant::kTruncated},
      {"We are pleased with the results ... every prisoner is home.", QuoteKind::kDirect,
       Variant::kElided},
      {"We are pleased with the results, we will keep working until every prisoner is home.",
       QuoteKind::kDirect, Variant::kElided},
      {"We are delighted with the results of the talks in Vienna, and we will keep working until "
       "every prisoner is home.",
       QuoteKind::kDirect, Variant::kAltered},
      {"the delegation was pleased with the results of the talks in Vienna and would keep "
       "working until every prisoner was home",
       QuoteKind::kIndirect, Variant::kReported},
  };
  for (const auto& c : cases) {
    INFO(c.member);
    const auto r =
        Compare(MatchInput{kRoot, QuoteKind::kDirect, {}}, MatchInput{c.member, c.kind, {}});
    CHECK(r.same_statement);
    CHECK(qt::ToString(r.variant) == qt::ToString(c.want));
    CHECK(r.score > 0.5);
  }
}

TEST_CASE("a rendering changed throughout is retranslated when quoted", "[match]") {
  const char* root =
      "Our soldiers will defend every village in the region and the enemy will not pass through "
      "the eastern front this winter.";
  const char* member =
      "Our troops are going to protect each village of the region, and the enemy shall not get "
      "through the eastern front this winter.";
  const auto r =
      Compare(MatchInput{root, QuoteKind::kDirect, {}}, MatchInput{member, QuoteKind::kDirect, {}});
  CHECK(r.same_statement);
  CHECK(qt::ToString(r.variant) == "retranslated");
  const auto m =
      Compare(MatchInput{root, QuoteKind::kDirect, {}}, MatchInput{member, QuoteKind::kMixed, {}});
  CHECK(qt::ToString(m.variant) == "paraphrase");
}

TEST_CASE("flags for meaning changes", "[match]") {
  struct Case {
    const char* root;
    const char* member;
    const char* flag;
  };
  const std::vector<Case> cases = {
      {"The new dam will bring clean water to 40,000 homes in the valley by next spring.",
       "The new dam will bring clean water to 14,000 homes in the valley by next spring.",
       "number_changed"},
      {"The new dam will bring clean water to three villages in the valley by next spring.",
       "The new dam will bring clean water to five villages in the valley by next spring.",
       "number_changed"},
      {"We will not raise the price of bread while the harvest is this poor.",
       "We will raise the price of bread while the harvest is this poor.", "negation_changed"},
      {"We can finish the bridge before the elections if the funds arrive in March.",
       "We can't finish the bridge before the elections if the funds arrive in March.",
       "negation_changed"},
      {"The central bank will keep interest rates higher for longer to tame inflation.",
       "The central bank might keep interest rates higher for longer to tame inflation.",
       "modal_changed"},
      {"I spoke with Minister Alvarez this morning about the grain corridor and the convoy.",
       "I spoke with Minister Okafor this morning about the grain corridor and the convoy.",
       "name_changed"},
      {"The harbour will reopen on Monday, the ferries will run every hour, and the tolls will "
       "be cut in half.",
       "The harbour will reopen on Monday, and the tolls will be cut in half.",
       "unmarked_omission"},
  };
  for (const auto& c : cases) {
    INFO(c.member);
    const auto r = Compare(MatchInput{c.root, QuoteKind::kDirect, {}},
                           MatchInput{c.member, QuoteKind::kDirect, {}});
    CHECK(r.same_statement);
    CHECK(HasFlag(r, c.flag));
  }
}

TEST_CASE("no meaning flags on an exact excerpt or a marked cut", "[match]") {
  const char* root = "We will not raise the price of bread, and 40,000 families will get help.";
  const auto a = Compare(MatchInput{root, QuoteKind::kDirect, {}},
                         MatchInput{"40,000 families will get help", QuoteKind::kDirect, {}});
  CHECK(a.same_statement);
  CHECK(a.flags.empty());
  const auto b =
      Compare(MatchInput{root, QuoteKind::kDirect, {}},
              MatchInput{"We will not raise the price of bread … 40,000 families will get help.",
                         QuoteKind::kDirect,
                         {}});
  CHECK(qt::ToString(b.variant) == "elided");
  CHECK(b.flags.empty());
}

TEST_CASE("speaker mismatch is flagged case-insensitively", "[match]") {
  const char* text = "Rates will stay higher for longer than markets expect.";
  const auto same = Compare(MatchInput{text, QuoteKind::kDirect, "Maria Lindqvist"},
                            MatchInput{text, QuoteKind::kDirect, "maria lindqvist"});
  CHECK_FALSE(HasFlag(same, "speaker_mismatch"));
  const auto other = Compare(MatchInput{text, QuoteKind::kDirect, "Maria Lindqvist"},
                             MatchInput{text, QuoteKind::kDirect, "Tomas Berg"});
  CHECK(other.same_statement);
  CHECK(HasFlag(other, "speaker_mismatch"));
  const auto unknown = Compare(MatchInput{text, QuoteKind::kDirect, "Maria Lindqvist"},
                               MatchInput{text, QuoteKind::kDirect, ""});
  CHECK_FALSE(HasFlag(unknown, "speaker_mismatch"));
}

TEST_CASE("unrelated quotes and stock phrases are not one statement", "[match]") {
  struct Case {
    const char* a;
    const char* b;
  };
  const std::vector<Case> cases = {
      {kRoot, "The harbour will reopen on Monday and the ferries will run every hour."},
      {"The harvest was poor this year because of the drought in the south.",
       "Our team played well in the second half but we could not score."},
      {kRoot, "we will see"},
      {kRoot, "it is what it is"},
      {"We will see whether the ceasefire holds through the weekend.",
       "We will see how the market reacts to the new tariffs next week."},
  };
  for (const auto& c : cases) {
    INFO(c.b);
    const auto r =
        Compare(MatchInput{c.a, QuoteKind::kDirect, {}}, MatchInput{c.b, QuoteKind::kDirect, {}});
    CHECK_FALSE(r.same_statement);
  }
}

TEST_CASE("bad input never crashes", "[match]") {
  const std::string nul("pleased\0with the results", 24);
  const std::string bad = "pleased \xff\xfe with the \xc3 results";
  const std::string huge(200000, 'a');
  for (const std::string& s : {nul, bad, huge, std::string(), std::string("\"\"\"…")}) {
    const auto r =
        Compare(MatchInput{kRoot, QuoteKind::kDirect, {}}, MatchInput{s, QuoteKind::kDirect, {}});
    CHECK(r.score >= 0.0);
    CHECK(r.score <= 1.0);
    (void)qt::CandidateKeys(s);
    (void)qt::WordDiff(kRoot, s);
  }
  CHECK_FALSE(
      Compare(MatchInput{"", QuoteKind::kDirect, {}}, MatchInput{"", QuoteKind::kDirect, {}})
          .same_statement);
}

TEST_CASE("candidates come from the index without comparing all pairs", "[match]") {
  qt::CandidateIndex index;
  // Many statements that share a stock phrase, which must not pull them in.
  const char* places[] = {"harbour", "bridge", "school", "clinic", "railway", "airport"};
  std::int64_t id = 1;
  for (int i = 0; i < 400; ++i) {
    const std::string text = "At the end of the day we will rebuild the " +
                             std::string(places[i % 6]) + " number " + std::to_string(i) +
                             " with help from district " + std::to_string(i * 7);
    index.Add(id++, qt::CandidateKeys(text));
  }
  const std::int64_t root_id = id++;
  index.Add(root_id, qt::CandidateKeys(kRoot));
  const std::int64_t other_id = id++;
  index.Add(other_id, qt::CandidateKeys("The harbour will reopen on Monday and the ferries "
                                        "will run every hour."));
  CHECK(index.size() == 402);

  auto has = [](const std::vector<std::int64_t>& v, std::int64_t x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };
  // A short excerpt finds its root first.
  auto c = index.Candidates(qt::CandidateKeys("pleased with the results"), 5);
  REQUIRE_FALSE(c.empty());
  CHECK(c.front() == root_id);
  // An altered rendering finds it too.
  c = index.Candidates(qt::CandidateKeys("We are delighted with the results of the talks in "
                                         "Vienna and will keep working until every prisoner is "
                                         "home."),
                       5);
  CHECK(has(c, root_id));
  // The stock phrase alone matches nothing: its keys are held by too many.
  c = index.Candidates(qt::CandidateKeys("At the end of the day"), 16);
  CHECK(c.size() <= 1);
  CHECK(index.Candidates({}, 16).empty());
}

TEST_CASE("word diff shows kept, inserted and deleted words", "[match]") {
  const auto ops =
      qt::WordDiff("We will not raise the price of bread.", "We will raise the price of flour.");
  std::string same, ins, del;
  for (const auto& op : ops) {
    if (op.kind == qt::DiffOp::kSame) same += op.text + "|";
    if (op.kind == qt::DiffOp::kInsert) ins += op.text + "|";
    if (op.kind == qt::DiffOp::kDelete) del += op.text + "|";
  }
  CHECK(del == "not|bread.|");
  CHECK(ins == "flour.|");
  CHECK(same == "We will|raise the price of|");
  const auto eq = qt::WordDiff("Rates will stay HIGH.", "rates will stay high");
  REQUIRE(eq.size() == 1);
  CHECK(eq[0].kind == qt::DiffOp::kSame);
}

TEST_CASE("variant names round-trip", "[match]") {
  for (Variant v :
       {Variant::kOriginal, Variant::kVerbatim, Variant::kTruncated, Variant::kElided,
        Variant::kAltered, Variant::kRetranslated, Variant::kParaphrase, Variant::kReported}) {
    CHECK(qt::VariantFromString(qt::ToString(v)) == v);
  }
}

TEST_CASE("a prepared comparison gives the same result as comparing texts", "[match][prepared]") {
  struct Case {
    const char* root;
    const char* member;
    QuoteKind kind;
  };
  const std::vector<Case> cases = {
      {kRoot, kRoot, QuoteKind::kDirect},
      {kRoot, "pleased with the results of the talks in Vienna", QuoteKind::kDirect},
      {kRoot, "We are pleased with the results … until every prisoner is home.",
       QuoteKind::kDirect},
      {kRoot,
       "We are glad about the outcome of the negotiations in Vienna and will continue "
       "until all prisoners have come home.",
       QuoteKind::kDirect},
      {kRoot, "she was satisfied with the outcome of the Vienna talks", QuoteKind::kIndirect},
      {"The ministry expects inflation to fall to 4 percent by March.",
       "The ministry expects inflation to fall to 6 percent by March.", QuoteKind::kDirect},
      {"We will not raise taxes on small firms this year.",
       "We will raise taxes on small firms this year.", QuoteKind::kDirect},
      {"The harvest was poor this year because of the drought in the south.",
       "Our team played well in the second half but we could not score.", QuoteKind::kDirect},
      {"", "anything at all", QuoteKind::kDirect},
  };
  for (const auto& c : cases) {
    INFO(c.member);
    const MatchInput root{c.root, QuoteKind::kDirect, "Anna Keller"};
    const MatchInput member{c.member, c.kind, "Anna Keller"};
    const auto plain = Compare(root, member);
    const qt::AnalysedQuote pr = qt::Prepare(root), pm = qt::Prepare(member);
    const auto prepared = Compare(pr, pm);
    CHECK(prepared.same_statement == plain.same_statement);
    CHECK(prepared.score == Approx(plain.score).margin(1e-12));
    CHECK(prepared.variant == plain.variant);
    CHECK(prepared.flags == plain.flags);
    CHECK(qt::CandidateKeys(pm) == qt::CandidateKeys(c.member));
    CHECK(pm.text() == c.member);
    CHECK(pm.kind() == c.kind);
    CHECK(pm.speaker() == "Anna Keller");
  }
  // An empty AnalysedQuote is an empty text.
  const qt::AnalysedQuote none;
  CHECK(none.empty());
  CHECK_FALSE(Compare(none, qt::Prepare(MatchInput{kRoot, QuoteKind::kDirect, {}})).same_statement);
  CHECK(qt::CandidateKeys(none).empty());
}

TEST_CASE("prepared quotes are shared between threads", "[match][prepared]") {
  const qt::AnalysedQuote root = qt::Prepare(MatchInput{kRoot, QuoteKind::kDirect, {}});
  const std::vector<std::string> members = {
      "pleased with the results of the talks in Vienna",
      "We are glad about the outcome of the negotiations in Vienna and will continue until all "
      "prisoners have come home.",
      "The harbour will reopen on Monday and the ferries will run every hour."};
  std::vector<qt::Comparison> expected;
  for (const auto& m : members) {
    expected.push_back(Compare(root, qt::Prepare(MatchInput{m, QuoteKind::kDirect, {}})));
  }
  std::vector<int> agree(2, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (std::size_t k = 0; k < members.size(); ++k) {
          const qt::AnalysedQuote copy = root;  // copies share one analysis
          const auto c = Compare(copy, qt::Prepare(MatchInput{members[k], QuoteKind::kDirect, {}}));
          agree[static_cast<std::size_t>(t)] +=
              c.same_statement == expected[k].same_statement && c.score == expected[k].score;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(agree[0] == 60);
  CHECK(agree[1] == 60);
}

TEST_CASE("a word's WordNet senses are computed once for all threads", "[match][prepared]") {
  namespace mi = qt::match_internal;
  // The extraction workers and the store writer look up the same words:
  // one analysis each, whichever thread asked first.
  const auto here = mi::LookupSenses("negotiations");
  std::shared_ptr<const mi::WordSenses> there, other_word;
  std::thread([&] {
    there = mi::LookupSenses("negotiations");
    other_word = mi::LookupSenses("talks");
  }).join();
  CHECK(here == there);
  if (mi::WordNetAvailable()) {
    REQUIRE(here != nullptr);
    REQUIRE(other_word != nullptr);
    CHECK(mi::LookupSenses("talks") == other_word);
    CHECK(mi::SensesRelated(here.get(), other_word.get()) ==
          mi::WordNetRelated("negotiations", "talks"));
  }
}

TEST_CASE("the fast tokenizer agrees with the ICU path", "[match][tokenize]") {
  namespace mi = qt::match_internal;
  std::vector<std::string> texts = {
      "We haven\xE2\x80\x99t seen the report, and we won\xE2\x80\x99t comment until Monday.",
      "\xE2\x80\x9CIt\xE2\x80\x99s 3.5 percent \xE2\x80\x94 not 1,000 jobs\xE2\x80\xA6 "
      "yet,\xE2\x80\x9D "
      "Ms. O'Neill said.",
      "Three ministers can't agree; they'll meet again at 10:30 a.m.\xC2\xA0on Tuesday!",
      "rock 'n' roll isn't dead '90s kids' 'quoted' words",
      "",
      "...",
      "Zurich and Z\xC3\xBCrich differ only in one letter",  // non-ASCII letter: ICU path
  };
  // Deterministic mixtures of the characters the fast path accepts.
  const char* pieces[] = {
      "a", "B",   "z",  "Q",   "0",     "7",     "'",   "\xE2\x80\x99", "\xE2\x80\x98",
      ".", ",",   "!",  "?",   ":",     ";",     " ",   "\xE2\x80\xA6", "\xC2\xA0",
      "-", "n't", "'s", "'ll", "three", "1,000", "3.5", "\xE2\x80\x9C", "\n"};
  std::uint32_t state = 12345;
  for (int k = 0; k < 3000; ++k) {
    std::string s;
    state = state * 1103515245u + 12345u;
    const int len = static_cast<int>((state >> 16) % 24);
    for (int j = 0; j < len; ++j) {
      state = state * 1103515245u + 12345u;
      s += pieces[(state >> 16) % (sizeof pieces / sizeof *pieces)];
    }
    texts.push_back(s);
  }
  for (const auto& t : texts) {
    INFO(t);
    const auto fast = mi::Tokenize(t), slow = mi::TokenizeUnicode(t);
    REQUIRE(fast.size() == slow.size());
    for (std::size_t i = 0; i < fast.size(); ++i) {
      CHECK(fast[i].fold == slow[i].fold);
      CHECK(fast[i].stem == slow[i].stem);
      CHECK(fast[i].cap == slow[i].cap);
      CHECK(fast[i].number == slow[i].number);
      CHECK(fast[i].stop == slow[i].stop);
    }
  }
}

TEST_CASE("a word's tokens do not depend on where the word was seen first", "[match][tokenize]") {
  // Words are memoised per thread without their capital: the capital of
  // each occurrence, the clitic cut at the token limit and the number words
  // must come out as a first tokenization in a fresh thread gives them.
  namespace mi = qt::match_internal;
  const std::vector<std::string> texts = {
      "Will the council act? The Will of the people, Ms. Reyes said, can't wait.",
      "Can't they see it? They can't. Three ministers and three deputies left.",
      "The Mayor won't sign; the mayor will not sign. Won't you? Don't.",
      "Ukraine\xE2\x80\x99s minister said Ukraine's army holds 1,000 km of the front.",
  };
  auto run = [&](bool warm) {
    std::vector<std::vector<mi::Token>> out;
    std::thread t([&] {
      if (warm) {
        // The same words in other positions and cases first.
        for (auto it = texts.rbegin(); it != texts.rend(); ++it) {
          (void)mi::Tokenize(*it);
          (void)mi::Tokenize(*it, 3);
        }
      }
      for (const auto& text : texts) out.push_back(mi::Tokenize(text));
      for (const auto& text : texts) out.push_back(mi::Tokenize(text, 3));
    });
    t.join();
    return out;
  };
  const auto cold = run(false), warm = run(true);
  REQUIRE(cold.size() == warm.size());
  for (std::size_t k = 0; k < cold.size(); ++k) {
    REQUIRE(cold[k].size() == warm[k].size());
    for (std::size_t i = 0; i < cold[k].size(); ++i) {
      INFO(k << " " << i << " " << cold[k][i].fold);
      CHECK(cold[k][i].fold == warm[k][i].fold);
      CHECK(cold[k][i].stem == warm[k][i].stem);
      CHECK(cold[k][i].cap == warm[k][i].cap);
      CHECK(cold[k][i].number == warm[k][i].number);
      CHECK(cold[k][i].negation == warm[k][i].negation);
      CHECK(cold[k][i].modal == warm[k][i].modal);
      CHECK(cold[k][i].stop == warm[k][i].stop);
    }
  }
  // What the first text's words are.
  const auto& first = warm[0];
  REQUIRE(first.size() >= 6);
  CHECK(first[0].fold == "will");
  CHECK_FALSE(first[0].cap);  // sentence start, and a function word
  CHECK(first[4].fold == "the");
  CHECK(first[5].fold == "will");
  CHECK_FALSE(first[5].cap);  // capitalised, but a function word
  const auto& second = warm[1];
  CHECK(second[0].fold == "can");
  CHECK(second[1].fold == "not");
  CHECK(second[1].negation);
  const auto number =
      std::find_if(second.begin(), second.end(), [](const mi::Token& t) { return t.fold == "3"; });
  REQUIRE(number != second.end());
  CHECK(number->number);
  CHECK_FALSE(number->cap);
  // The token limit cuts a clitic pair after its first token.
  const auto& cut = warm[texts.size() + 2];  // "The Mayor won't": the, mayor, will
  REQUIRE(cut.size() == 3);
  CHECK(cut[1].cap);
  CHECK(cut[2].fold == "will");
  const auto& ukraine = warm[3];
  CHECK(ukraine[0].fold == "ukraine");
  CHECK(ukraine[3].fold == "ukraine");
  CHECK(ukraine[3].cap);
}

TEST_CASE("an analysis given another speaker equals one prepared with it", "[match][prepared]") {
  // The store resolves a speaker after the extraction worker analysed the
  // quote with the document's spelling: WithSpeaker must give exactly what
  // Prepare gives with the store's spelling, clauses included (they depend
  // on whether the speaker is a named person).
  const std::vector<qt::MatchInput> texts = {
      {"The minister said the talks in Velgrad had stalled, adding that the delta villages "
       "would not be given up and that water came first.",
       QuoteKind::kIndirect, ""},
      {"We are pleased with the results and we are ready to keep talking. Nobody will stop us.",
       QuoteKind::kDirect, ""},
      {"She called the offer \"a first step towards a water treaty\" but insisted on guarantees "
       "for the delta.",
       QuoteKind::kMixed, ""},
  };
  struct Who {
    std::string name;
    SpeakerKind kind;
  };
  const std::vector<Who> speakers = {{"", SpeakerKind::kUnknown},
                                     {"Kravetsky", SpeakerKind::kPerson},
                                     {"Bohdan Kravetsky", SpeakerKind::kPerson},
                                     {"Bohdan Kravetsky", SpeakerKind::kUnknown},
                                     {"the Foreign Ministry", SpeakerKind::kOrganization},
                                     {"a senior official", SpeakerKind::kAnonymous}};
  // Roots of one person and another, and a corpus as the store keeps it.
  qt::CandidateIndex corpus;
  std::vector<qt::AnalysedQuote> roots;
  const std::vector<qt::MatchInput> root_inputs = {
      {"We will not give up the delta villages, and water comes first.", QuoteKind::kDirect,
       "Bohdan Kravetsky"},
      {"The talks in Velgrad have stalled.", QuoteKind::kDirect, "Ines Calloway"},
      {"We are ready to keep talking.", QuoteKind::kDirect, "Bohdan Kravetsky"},
  };
  for (std::size_t k = 0; k < root_inputs.size(); ++k) {
    roots.push_back(qt::Prepare(root_inputs[k], SpeakerKind::kPerson));
    corpus.Add(static_cast<std::int64_t>(k + 1), qt::CandidateKeys(roots.back()), roots.back());
  }
  for (const auto& in : texts) {
    for (const Who& from : speakers) {
      const auto ahead = qt::Prepare(qt::MatchInput{in.text, in.kind, from.name}, from.kind);
      for (const Who& to : speakers) {
        INFO(in.text << " | " << from.name << " -> " << to.name);
        const auto direct = qt::Prepare(qt::MatchInput{in.text, in.kind, to.name}, to.kind);
        const auto given = qt::WithSpeaker(ahead, to.name, to.kind);
        const auto& a = *direct.impl();
        const auto& b = *given.impl();
        CHECK(a.text == b.text);
        CHECK(a.kind == b.kind);
        CHECK(a.speaker == b.speaker);
        CHECK(a.speaker_kind == b.speaker_kind);
        CHECK(a.speaker_key == b.speaker_key);
        CHECK(a.ellipsis == b.ellipsis);
        CHECK(a.prepared.stems_text == b.prepared.stems_text);
        CHECK(a.prepared.folds == b.prepared.folds);
        CHECK(a.fragments.size() == b.fragments.size());
        REQUIRE(a.clauses.size() == b.clauses.size());
        for (std::size_t k = 0; k < a.clauses.size(); ++k) {
          CHECK(a.clauses[k].begin == b.clauses[k].begin);
          CHECK(a.clauses[k].end == b.clauses[k].end);
          CHECK(a.clauses[k].min_content == b.clauses[k].min_content);
          CHECK(a.clauses[k].shorter == b.clauses[k].shorter);
        }
        CHECK(qt::CandidateKeys(given) == qt::CandidateKeys(direct));
        for (const auto& root : roots) {
          for (const bool reverse : {false, true}) {
            const auto x =
                reverse ? qt::Compare(direct, root, corpus) : qt::Compare(root, direct, corpus);
            const auto y =
                reverse ? qt::Compare(given, root, corpus) : qt::Compare(root, given, corpus);
            CHECK(x.same_statement == y.same_statement);
            CHECK(x.score == y.score);
            CHECK(x.variant == y.variant);
            CHECK(x.flags == y.flags);
          }
        }
      }
    }
  }
  // The person's clauses are there: "…, adding that …" and "… and …".
  const auto person = qt::WithSpeaker(qt::Prepare(texts[0], SpeakerKind::kUnknown),
                                      "Bohdan Kravetsky", SpeakerKind::kPerson);
  CHECK_FALSE(person.impl()->clauses.empty());
  const auto none = qt::WithSpeaker(person, "", SpeakerKind::kUnknown);
  CHECK(none.impl()->clauses.empty());
}

TEST_CASE("speaker mismatch compares person keys and speaker kinds", "[match][speaker]") {
  const char* text =
      "Interest rates will stay higher for longer, because inflation in services is not falling.";
  struct Case {
    const char* root_speaker;
    qt::SpeakerKind root_kind;
    const char* member_speaker;
    qt::SpeakerKind member_kind;
    bool mismatch;
  };
  using K = qt::SpeakerKind;
  const std::vector<Case> cases = {
      // Two people: the central bank governor and the finance minister.
      {"Maria Lindqvist", K::kPerson, "Tomas Berg", K::kPerson, true},
      // Given names differ, same surname: different people.
      {"Ann Halvorsen", K::kPerson, "John Halvorsen", K::kPerson, true},
      // Spellings of one name and a surname alone are the same person.
      {"Maria Lindqvist", K::kPerson, "maria lindqvist", K::kPerson, false},
      {"Oleksandr Kovalenko", K::kPerson, "Kowalenko", K::kPerson, false},
      {"Oleksandr Kovalenko", K::kPerson, "O. Kovalenko", K::kPerson, false},
      // An anonymous source may be the named person: not a contradiction.
      {"Maria Lindqvist", K::kPerson, "a senior central bank official", K::kAnonymous, false},
      // A spokesperson speaks for the institution.
      {"the Finance Ministry", K::kOrganization, "Tomas Berg", K::kPerson, false},
      // Two institutions.
      {"the Finance Ministry", K::kOrganization, "the Central Bank", K::kOrganization, true},
      {"the Finance Ministry", K::kOrganization, "Norland's Finance Ministry", K::kOrganization,
       false},
      // Kinds unknown (Compare on MatchInput): by name.
      {"Maria Lindqvist", K::kUnknown, "Tomas Berg", K::kUnknown, true},
      {"Maria Lindqvist", K::kUnknown, "Lindqvist", K::kUnknown, false},
      // No speaker on one side: nothing to compare.
      {"Maria Lindqvist", K::kPerson, "", K::kUnknown, false},
  };
  for (const auto& c : cases) {
    INFO(c.root_speaker << " / " << c.member_speaker);
    const auto root =
        qt::Prepare(MatchInput{text, QuoteKind::kDirect, c.root_speaker}, c.root_kind);
    const auto member =
        qt::Prepare(MatchInput{text, QuoteKind::kDirect, c.member_speaker}, c.member_kind);
    const auto r = Compare(root, member);
    CHECK(r.same_statement);
    CHECK(HasFlag(r, "speaker_mismatch") == c.mismatch);
    CHECK(member.speaker_kind() == c.member_kind);
  }
}

TEST_CASE("meaning flags on reported and mixed renderings", "[match][flags]") {
  const char* root =
      "We will not close the northern border crossings, and 12,000 trucks a day will keep moving "
      "through them.";
  struct Case {
    const char* member;
    QuoteKind kind;
    std::vector<std::string> want;
    std::vector<std::string> not_want;
  };
  const std::vector<Case> cases = {
      {"the government would not close the northern border crossings and 12,000 trucks a day "
       "would keep moving through them",
       QuoteKind::kIndirect,
       {},
       {"number_changed", "negation_changed"}},
      {"the government would not close the northern border crossings and 2,000 trucks a day "
       "would keep moving through them",
       QuoteKind::kIndirect,
       {"number_changed"},
       {"negation_changed"}},
      {"the government would close the northern border crossings, though 12,000 trucks a day "
       "would keep moving through them",
       QuoteKind::kIndirect,
       {"negation_changed"},
       {"number_changed"}},
      {"We will not close the northern border crossings, and 12,000 trucks a day must keep "
       "moving through them.",
       QuoteKind::kDirect,
       {"modal_changed"},
       {"negation_changed", "number_changed"}},
      {"We will not close the northern border crossings through them.",
       QuoteKind::kDirect,
       {"unmarked_omission"},
       {"number_changed"}},
      {"We will not close the northern border crossings \xE2\x80\xA6 through them.",
       QuoteKind::kDirect,
       {},
       {"unmarked_omission", "number_changed"}},
      // An excerpt that starts just after the negation reverses the meaning.
      {"close the northern border crossings", QuoteKind::kMixed, {"negation_changed"}, {}},
      // Backshift in reported speech is not a modal change; another modal is.
      {"officials said they would not close the northern border crossings and 12,000 trucks a "
       "day could keep moving through them",
       QuoteKind::kIndirect,
       {"modal_changed"},
       {"negation_changed"}},
  };
  for (const auto& c : cases) {
    INFO(c.member);
    const auto r =
        Compare(MatchInput{root, QuoteKind::kDirect, {}}, MatchInput{c.member, c.kind, {}});
    CHECK(r.same_statement);
    for (const auto& f : c.want) CHECK(HasFlag(r, f));
    for (const auto& f : c.not_want) CHECK_FALSE(HasFlag(r, f));
  }
}

TEST_CASE("a mixed quote is matched by the words inside its quote marks", "[match][mixed]") {
  const char* root =
      "On the whole we are pleased with the results and we are ready to keep talking next week.";
  // The reported clause around the quoted words shares little with the root;
  // the quoted words themselves are the statement, in other words.
  const char* mixed =
      "she declared herself \xE2\x80\x9Cpleased with the outcome,\xE2\x80\x9D adding that her "
      "government would stay in contact with its partners";
  const auto as_mixed = Compare(MatchInput{root, QuoteKind::kDirect, "Ingrid Solberg"},
                                MatchInput{mixed, QuoteKind::kMixed, "Ingrid Solberg"});
  CHECK(as_mixed.same_statement);
  CHECK(qt::ToString(as_mixed.variant) == "paraphrase");
  CHECK(as_mixed.flags.empty());
  // The same words given to someone else are flagged.
  const auto other_speaker = Compare(MatchInput{root, QuoteKind::kDirect, "Ingrid Solberg"},
                                     MatchInput{mixed, QuoteKind::kMixed, "Lars Hovland"});
  CHECK(other_speaker.same_statement);
  CHECK(HasFlag(other_speaker, "speaker_mismatch"));
  // The whole clause as a direct quote is not the statement.
  CHECK_FALSE(
      Compare(MatchInput{root, QuoteKind::kDirect, {}}, MatchInput{mixed, QuoteKind::kDirect, {}})
          .same_statement);
  // A scare quote of two words is not a statement.
  const char* scare =
      "the minister called the plan \xE2\x80\x9Cpleased results\xE2\x80\x9D in a speech about "
      "fishing quotas";
  CHECK_FALSE(
      Compare(MatchInput{root, QuoteKind::kDirect, {}}, MatchInput{scare, QuoteKind::kMixed, {}})
          .same_statement);
  // Quoted words from another statement do not join.
  const char* other =
      "he said the port was \xE2\x80\x9Cready to reopen on Monday morning\xE2\x80\x9D after the "
      "storm";
  CHECK_FALSE(
      Compare(MatchInput{root, QuoteKind::kDirect, {}}, MatchInput{other, QuoteKind::kMixed, {}})
          .same_statement);
}

TEST_CASE("short renderings sharing one word are not one statement", "[match][evidence]") {
  struct Case {
    const char* a;
    const char* b;
  };
  const std::vector<Case> cases = {
      {"a truce along the river and a meeting between the two mayors",
       "a temporary truce as a first step towards local elections"},
      {"the swift reopening of the 'northern grain corridor' proposed by the harbour authority",
       "We will put the fishing quotas first and will propose a vote in the regional council,"},
      // One shared word and loose WordNet senses ("head" ~ "point"): the
      // sentence model alone would say yes.
      {"a ceasefire and a meeting between their heads of government",
       "a temporary ceasefire as a starting point for peaceful negotiations"},
  };
  for (const auto& c : cases) {
    INFO(c.b);
    CHECK_FALSE(Compare(MatchInput{c.a, QuoteKind::kIndirect, {}},
                        MatchInput{c.b, QuoteKind::kIndirect, {}})
                    .same_statement);
  }
  // Two shared content words out of three is a rendering.
  CHECK(Compare(MatchInput{"to swap 300 detainees each", QuoteKind::kIndirect, {}},
                MatchInput{
                    "both sides agreed to swap 300 detainees on Friday", QuoteKind::kIndirect, {}})
            .same_statement);
}

TEST_CASE("a candidate analysis stops early only where the full one rejects", "[match][bounds]") {
  using qt::match_internal::Prepared;
  auto prep = [](const char* s) {
    return qt::match_internal::Prepare(qt::match_internal::Tokenize(s));
  };
  const std::vector<const char*> texts = {
      "The harbour authority will reopen the northern grain corridor next week",
      "the northern grain corridor",
      "The port authority is to reopen the northern corridor for grain shipments soon",
      "officials said the corridor would reopen after repairs to the damaged locks",
      "We are pleased with the outcome of the talks and ready to keep negotiating",
      "satisfied with the result of the negotiations",
      "The mayor rejected the budget because it cut funding for schools and clinics",
      "a budget that cuts school and clinic funding was rejected by the mayor",
      "Farmers protested outside parliament against the new fishing quotas",
      "the new quotas were debated in parliament on Tuesday",
      "a ceasefire and a meeting between their heads of government",
      "a temporary ceasefire as a starting point for peaceful negotiations",
      "300 detainees",
      "both sides agreed to swap 300 detainees on Friday",
  };
  std::vector<Prepared> p;
  for (const char* t : texts) p.push_back(prep(t));
  std::size_t stopped = 0, kept = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    for (std::size_t j = 0; j < p.size(); ++j) {
      INFO(texts[i] << " / " << texts[j]);
      const qt::match_internal::PairAnalysis full = qt::match_internal::Analyse(p[i], p[j]);
      qt::match_internal::PairAnalysis cand;
      if (!qt::match_internal::AnalyseCandidate(p[i], p[j], &cand)) {
        ++stopped;
        CHECK_FALSE(full.rule_same);
        CHECK_FALSE(full.evidence);
        continue;
      }
      ++kept;
      CHECK(cand.rule_same == full.rule_same);
      CHECK(cand.evidence == full.evidence);
      CHECK(cand.al.pairs == full.al.pairs);
      CHECK(cand.features == full.features);
    }
  }
  CHECK(stopped > 0);
  CHECK(kept > 0);
  // The sense filter never hides a related pair of words.
  for (std::size_t i = 0; i < p.size(); ++i) {
    for (std::size_t j = 0; j < p.size(); ++j) {
      std::vector<char> may;
      qt::match_internal::MayRelateTo(p[i], p[j], &may);
      for (std::size_t x = 0; x < p[i].tokens.size(); ++x) {
        for (std::size_t y = 0; y < p[j].tokens.size(); ++y) {
          if (p[j].tokens[y].stop || p[j].tokens[y].number) continue;
          if (qt::match_internal::SensesRelated(p[i].senses[x].get(), p[j].senses[y].get())) {
            CHECK(may[x] == 1);
          }
        }
      }
    }
  }
}

TEST_CASE("Prepare computes stem ids and senses itself for tokens built without them") {
  // Tokenize's word cache hands Prepare each word's stem id and WordNet
  // senses; a token made by hand (ids unset) must prepare the same.
  namespace mi = qt::match_internal;
  const std::string text =
      "The ministers said they were pleased with the talks, and the talks will resume "
      "in three weeks; the ministers' deputies were not pleased.";
  auto toks = mi::Tokenize(text);
  REQUIRE(toks.size() > 10);
  std::vector<mi::Token> bare;
  for (const auto& t : toks) {
    CHECK(t.ids);
    mi::Token b;
    b.fold = t.fold;
    b.stem = t.stem;
    b.cap = t.cap;
    b.number = t.number;
    b.negation = t.negation;
    b.modal = t.modal;
    b.stop = t.stop;
    bare.push_back(std::move(b));
  }
  const mi::Prepared cached = mi::Prepare(std::move(toks));
  const mi::Prepared computed = mi::Prepare(std::move(bare));
  CHECK(cached.stem == computed.stem);
  CHECK(cached.stems == computed.stems);
  CHECK(cached.sense_id == computed.sense_id);
  for (std::size_t g = 0; g < 3; ++g) CHECK(cached.ngrams[g] == computed.ngrams[g]);
  std::size_t with_senses = 0;
  for (std::size_t k = 0; k < cached.tokens.size(); ++k) {
    CHECK(cached.tokens[k].wordnet == computed.tokens[k].wordnet);
    with_senses += cached.tokens[k].wordnet ? 1 : 0;
  }
  if (mi::WordNetAvailable()) CHECK(with_senses >= 4);  // ministers, pleased, talks, weeks, ...
  // Repeated stems make repeated 2-gram ids, and only they.
  const auto& bigrams = cached.ngrams[0];
  CHECK(std::adjacent_find(bigrams.begin(), bigrams.end()) != bigrams.end());  // "the talks" x2
}

TEST_CASE("Candidate keys are the same from the text and the prepared quote when asked again") {
  // The MinHash values per stem are memoised per thread: a second pass over
  // the same texts (every stem a memo hit) must give the keys of the first.
  const std::vector<std::string> texts = {
      "We will not accept any ceasefire that leaves our towns occupied, the minister said.",
      "Talks talks talks: the talks went on and the talks failed, and then more talks.",
      "The port of Vell reopens on Monday after 12 days, the harbour master said.",
  };
  std::vector<std::vector<std::uint64_t>> first;
  for (const auto& t : texts) {
    const auto from_text = qt::CandidateKeys(t);
    const auto from_prepared =
        qt::CandidateKeys(qt::Prepare(MatchInput{t, QuoteKind::kDirect, ""}));
    CHECK(from_text == from_prepared);
    CHECK(std::is_sorted(from_text.begin(), from_text.end()));
    first.push_back(from_text);
  }
  for (std::size_t i = 0; i < texts.size(); ++i) CHECK(qt::CandidateKeys(texts[i]) == first[i]);
  // A quote that only repeats another's words in another order shares its
  // MinHash bands (the same set of content stems).
  const auto a = qt::CandidateKeys("harbour reopens Monday after twelve days");
  const auto b = qt::CandidateKeys("after twelve days Monday harbour reopens");
  std::size_t shared = 0;
  for (const auto k : a) shared += std::binary_search(b.begin(), b.end(), k) ? 1 : 0;
  CHECK(shared >= 10);
}
