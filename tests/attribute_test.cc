#include "quotetrack/attribute.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "quotetrack/normalise.h"

TEST_CASE("name keys join spellings and transliterations", "[attribute][names]") {
  const char* same[][2] = {
      {"Kravetsky", "Kravetskyy"},
      {"Kravetskiy", "Kravetsky"},
      {"Bohdan Kravetsky", "Bogdan Kravetskij"},
      {"\xD0\x9A\xD1\x80\xD0\xB0\xD0\xB2\xD0\xB5\xD1\x86\xD1\x8C\xD0\xBA\xD0\xB8\xD0\xB9",
       "Kravetskyy"},
      {"Dmitry Orlov", "Dmitriy Orlov"},
      {"Mr. Tal", "Tal"},
  };
  for (auto& p : same) {
    INFO(p[0] << " vs " << p[1]);
    CHECK(qt::NameKey(p[0]) == qt::NameKey(p[1]));
  }
  CHECK(qt::NameKey("Anna Berg") != qt::NameKey("Anne Borg"));
}

TEST_CASE("same-person names", "[attribute][names]") {
  CHECK(qt::SamePersonName("Kravetsky", "Bohdan Kravetskyy"));
  CHECK(qt::SamePersonName("B. Kravetsky", "Bohdan Kravetsky"));
  CHECK(qt::SamePersonName("Dr. Ines Varga", "Ines Varga"));
  CHECK_FALSE(qt::SamePersonName("Ann Smith", "John Smith"));
  CHECK_FALSE(qt::SamePersonName("Ann Smith", "Ann Jones"));
  CHECK_FALSE(qt::SamePersonName("", "Smith"));
}

namespace {

std::vector<qt::Quote> Extract(const std::string& text) {
  qt::Document d;
  d.id = "t.txt";
  d.text = text;
  return qt::ExtractQuotes(d);
}

}  // namespace

TEST_CASE("mentions split into name, role and kind", "[attribute]") {
  struct Row {
    const char* mention;
    const char* name;
    const char* role;
    qt::SpeakerKind kind;
  };
  const Row rows[] = {
      {"Defense Minister Rustam Alimov", "Rustam Alimov", "Defense Minister",
       qt::SpeakerKind::kPerson},
      {"Interior Ministry spokeswoman Dana Kirr", "Dana Kirr", "Interior Ministry spokeswoman",
       qt::SpeakerKind::kPerson},
      {"Zarovia's energy minister, Bohdan Kravetsky", "Bohdan Kravetsky",
       "Zarovia's energy minister", qt::SpeakerKind::kPerson},
      {"Ms Calloway", "Calloway", "", qt::SpeakerKind::kPerson},
      {"the Kremlin", "Kremlin", "", qt::SpeakerKind::kOrganization},
      {"Russia", "Russia", "", qt::SpeakerKind::kOrganization},
      {"a senior diplomatic source", "a senior diplomatic source", "", qt::SpeakerKind::kAnonymous},
      {"Senator Ana Ruiz (D-Ore.)", "Ana Ruiz", "Senator", qt::SpeakerKind::kPerson},
      // A name after a preposition of place says where, not who.
      {"officials in Port Vila", "officials in Port Vila", "", qt::SpeakerKind::kAnonymous},
      {"the long-awaited talks in Geneva", "the long-awaited talks in Geneva", "",
       qt::SpeakerKind::kUnknown},
      // A joint statement: the first named speaks for both.
      {"Mayor Ilse Brandt and council leader Tom Ruiz, both Greens", "Ilse Brandt", "Mayor",
       qt::SpeakerKind::kPerson},
      {"Karl Ames, the union's chief negotiator", "Karl Ames", "the union's chief negotiator",
       qt::SpeakerKind::kPerson},
  };
  for (const Row& r : rows) {
    INFO(r.mention);
    qt::ParsedName p = qt::Attributor::Default().ParseMention(r.mention);
    CHECK(p.name == r.name);
    CHECK(p.role == r.role);
    CHECK(p.kind == r.kind);
  }
}

TEST_CASE("pronouns and surnames resolve to the full name", "[attribute]") {
  auto q = Extract(
      "Foreign Minister Ines Calloway left early. \"We were handed a leaflet,\" Ms Calloway said."
      "\n\n\"We will be back,\" she said.\n\nTomas Calloway, a farmer, said the bridge would "
      "close.\n\n\"Bring a number,\" Mr Calloway said.");
  REQUIRE(q.size() == 4);
  CHECK(q[0].speaker == "Ines Calloway");
  CHECK(q[1].speaker == "Ines Calloway");
  CHECK(q[2].speaker == "Tomas Calloway");
  CHECK(q[3].speaker == "Tomas Calloway");
}

TEST_CASE("an office described by its country resolves to the person named with it",
          "[attribute]") {
  // The lead names the office; the next paragraph names the minister.
  auto q = Extract(
      "Tesh's trade minister walked out of the talks on Friday, saying the offer was an "
      "insult.\n\n\"We will not sign this,\" Trade Minister Alma Varga told reporters.\n\n"
      "Vandor's finance minister said the offer stood.");
  REQUIRE(q.size() == 3);
  CHECK(q[0].speaker == "Alma Varga");
  CHECK(q[0].speaker_kind == qt::SpeakerKind::kPerson);
  CHECK(q[1].speaker == "Alma Varga");
  // Nobody is named finance minister: the description stands.
  CHECK(q[2].speaker == "Vandor's finance minister");
  CHECK(q[2].speaker_kind == qt::SpeakerKind::kPerson);
}

TEST_CASE("a plural title before two surnames is no part of a name", "[attribute]") {
  auto q = Extract(
      "Officials said a meeting between Presidents Halvorsen and Ruiz was possible.\n\n"
      "\"We are ready to meet,\" Mr. Halvorsen said.");
  const qt::Quote* direct = nullptr;
  for (const qt::Quote& x : q)
    if (x.kind == qt::QuoteKind::kDirect) direct = &x;
  REQUIRE(direct);
  CHECK(direct->speaker == "Halvorsen");
}

TEST_CASE("the agency is the channel, not the speaker", "[attribute]") {
  auto q = Extract(
      "AFP quoted a senior diplomatic source saying, \"They came with demands we cannot meet.\"");
  REQUIRE(q.size() == 1);
  CHECK(q[0].speaker_kind == qt::SpeakerKind::kAnonymous);
  CHECK(q[0].via == "AFP");
  auto r = Extract("Olga Brant told Reuters that the deal was close.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Olga Brant");
  CHECK(r[0].via == "Reuters");
}

TEST_CASE("a follow-on quote inherits the previous speaker", "[attribute]") {
  auto q = Extract(
      "\"The reservoir is half full,\" engineer Rui Lopes said.\n\n"
      "\"By August it will be empty unless the rain comes back to the valley.\"");
  REQUIRE(q.size() == 2);
  CHECK(q[1].speaker == "Rui Lopes");
  // The run of quotes hangs on the first one's attribution: same mention, same cue.
  REQUIRE(q[1].source.has_value());
  CHECK(q[1].source->text == "engineer Rui Lopes");
  CHECK(q[1].source->span == q[0].source->span);
  REQUIRE(q[1].cue.has_value());
  CHECK(q[1].cue->text == "said");
}

TEST_CASE("a subject pronoun continues the last speaker, not a name in that speaker's sentence",
          "[attribute]") {
  auto q = Extract(
      "Mayor Ines Varga said she discussed the flood with Governor Tomas Reyes and the port "
      "authority. In a statement later, she urged \"faster repairs to the sluices\" before "
      "winter.");
  REQUIRE(q.size() == 2);
  CHECK(q[0].speaker == "Ines Varga");
  CHECK(q[1].speaker == "Ines Varga");
  // A name in a later sentence is the new topic: the pronoun goes to it.
  auto r = Extract(
      "Mayor Ines Varga said the sluices would open on Friday. Governor Tomas Reyes visited the "
      "dam on Monday. He said the repairs would take a month.");
  REQUIRE(r.size() == 2);
  CHECK(r[1].speaker == "Tomas Reyes");
}

TEST_CASE("a source cited by an agency speaks, and the agency is the channel", "[attribute]") {
  auto q = Extract(
      "The delegation noted, \"We will open the sluices on Friday and keep them open until the "
      "rain returns,\" according to a delegation source cited by Reuters.");
  REQUIRE(q.size() == 1);
  CHECK(q[0].speaker == "a delegation source");
  CHECK(q[0].speaker_kind == qt::SpeakerKind::kAnonymous);
  CHECK(q[0].via == "Reuters");
}

TEST_CASE("a follow-on direct quote in the same paragraph is another piece of the quote",
          "[attribute]") {
  const std::string text =
      "\"The sluices stay shut until the inspectors sign off,\" engineer Rui Lopes said. \"Nobody "
      "wants a second flood in the lower valley.\"\n\n"
      "\"We will know more on Friday,\" he added later.";
  auto q = Extract(text);
  REQUIRE(q.size() == 2);
  // Two sentences of one attribution: one quote with two pieces, in order.
  REQUIRE(q[0].content.size() == 2);
  CHECK(text.substr(q[0].content[0].start, q[0].content[0].size()) ==
        "The sluices stay shut until the inspectors sign off,");
  CHECK(text.substr(q[0].content[1].start, q[0].content[1].size()) ==
        "Nobody wants a second flood in the lower valley.");
  CHECK(q[0].text ==
        "The sluices stay shut until the inspectors sign off, Nobody wants a second flood in the "
        "lower valley.");
  CHECK(q[0].speaker == "Rui Lopes");
  // The next paragraph has its own cue: a quote of its own.
  CHECK(q[1].content.size() == 1);
  CHECK(q[1].speaker == "Rui Lopes");
}

TEST_CASE("a quote after a sentence that reports on its own does not inherit the last speaker",
          "[attribute]") {
  // The second paragraph's quote hangs on "calls for", whose subject detect
  // cannot parse into an attribution; the engineer of the first paragraph
  // did not say it.
  const std::string text =
      "\"The sluices stay shut until the inspectors sign off,\" engineer Rui Lopes said.\n\n"
      "\"Nobody wants a second flood in the lower valley.\"\n\n"
      "Mayor Ines Varga also calls for a new levy, \"to make the river towns pay for the dams "
      "that protect them.\"";
  auto q = Extract(text);
  REQUIRE(q.size() == 3);
  CHECK(q[0].speaker == "Rui Lopes");
  // A quote that opens its own sentence right after follows on.
  CHECK(q[1].speaker == "Rui Lopes");
  CHECK(q[2].speaker != "Rui Lopes");
}

TEST_CASE("a definite description that names no role stands for no one", "[attribute]") {
  // The headline's last capitalised words and the next line's first are no
  // name, and "the talks" is not a person written before it.
  auto q = Extract(
      "Harbour Strike Enters Third Day As Wage Talks End 'Empty-Handed'\nSummary\n\n"
      "The dockers' union said on Monday that its members would stay out until the port "
      "authority raised its offer. However, the talks concluded with a promise that both sides "
      "would meet again in June.\n\nHarbour master Ines Calloway said the backlog had reached 40 "
      "ships. The harbour master added that fuel barges were still moving.\n");
  REQUIRE(q.size() == 4);
  REQUIRE(q[1].source);
  CHECK(q[1].source->text == "the talks");
  CHECK(q[1].speaker.find("Handed") == std::string::npos);
  CHECK(q[1].speaker_kind != qt::SpeakerKind::kPerson);
  for (const qt::Quote& x : q) CHECK(x.speaker.find('\n') == std::string::npos);
  // A role does stand for the person written with it.
  CHECK(q[3].speaker == "Ines Calloway");
}

TEST_CASE("a pronoun after an office nobody is named with is not the last named speaker",
          "[attribute]") {
  // "he" is the mayor, who is never named; Okafor, named a paragraph
  // before, is someone else.
  auto q = Extract(
      "Dana Okafor said the long hours that come with public service erase the barriers women "
      "face.\n\nThe mayor has said about 20 people have shown an interest in the seat, but he "
      "refuses to discuss potential appointees.\n");
  const qt::Quote* refuses = nullptr;
  for (const qt::Quote& x : q)
    if (x.text.find("appointees") != std::string::npos) refuses = &x;
  REQUIRE(refuses);
  REQUIRE(refuses->source);
  CHECK(refuses->source->text == "he");
  CHECK(refuses->speaker.empty());
  // The first paragraph's speaker is still Okafor.
  REQUIRE(!q.empty());
  CHECK(q[0].speaker == "Dana Okafor");
}

TEST_CASE("a pronoun resolves to a person named doing what only people do", "[attribute]") {
  // "Dana Okafor spoke" marks the name as a person's, so "She" is Okafor.
  auto q = Extract(
      "Dana Okafor spoke at the union hall on Monday.\n\n"
      "She noted that clients are beginning to demand diverse legal teams.\n");
  const qt::Quote* noted = nullptr;
  for (const qt::Quote& x : q)
    if (x.text.find("diverse legal teams") != std::string::npos) noted = &x;
  REQUIRE(noted);
  REQUIRE(noted->source);
  CHECK(noted->source->text == "She");
  CHECK(noted->speaker == "Dana Okafor");
}

TEST_CASE("a relative pronoun at the end of a source is no part of the speaker", "[attribute]") {
  // detect may leave "who" on a mention whose clause it read as a cue
  // ("A harbour official who | asked not to be named"); the speaker is the
  // official either way.
  qt::Document d;
  d.id = "t.txt";
  d.text =
      "A harbour official who asked not to be named said the cranes had been idle for a week, "
      "a delay the port had not explained.\n";
  const qt::NormalisedText norm = qt::Normalise(d);
  const std::string mention = "A harbour official who";
  const std::size_t at = d.text.find(mention);
  qt::Quote q;
  q.kind = qt::QuoteKind::kIndirect;
  q.text = "the port had not explained";
  const std::size_t c = d.text.find(q.text);
  q.content.push_back({c, c + q.text.size()});
  q.cue = qt::Mention{{d.text.find("a delay"), d.text.find("a delay") + 7}, "a delay"};
  q.source = qt::Mention{{at, at + mention.size()}, mention};
  q.sentence = {0, d.text.size() - 1};
  std::vector<qt::Quote> quotes{q};
  qt::Attributor::Default().Attribute(d, norm, quotes);
  CHECK(quotes[0].speaker == "A harbour official");
  CHECK(quotes[0].speaker_kind == qt::SpeakerKind::kAnonymous);
}

TEST_CASE("an object pronoun after 'according to' resolves like a subject", "[attribute]") {
  auto q = Extract(
      "\"The toll is a mistake,\" Harlan Voss said on Monday.\n\n"
      "According to him, the toll will double by spring.\n");
  const qt::Quote* toll = nullptr;
  for (const qt::Quote& x : q)
    if (x.text.find("double by spring") != std::string::npos) toll = &x;
  REQUIRE(toll);
  REQUIRE(toll->source);
  CHECK(toll->source->text == "him");
  CHECK(toll->speaker == "Harlan Voss");
}

TEST_CASE("an office described by its country, then a titled name, is that person", "[attribute]") {
  // "Tesh's chief negotiator, Defence Minister Arkady Volkan": the name
  // after its title in the apposition is the speaker; the title is the role.
  auto q = Extract(
      "Tesh\xE2\x80\x99s chief negotiator, Defence Minister Arkady Volkan, confirmed the prisoner "
      "exchange in a separate statement.\n");
  const qt::Quote* exchange = nullptr;
  for (const qt::Quote& x : q)
    if (x.text.find("prisoner exchange") != std::string::npos) exchange = &x;
  REQUIRE(exchange);
  CHECK(exchange->speaker == "Arkady Volkan");
  CHECK(exchange->role == "Defence Minister");
  CHECK(exchange->speaker_kind == qt::SpeakerKind::kPerson);
}

TEST_CASE("the channel patterns find their match past an earlier word that opens alike",
          "[attribute]") {
  // "quotas" and "Quote" open like "quoted": the match is the later one.
  auto q = Extract(
      "Over the grain quotas, the agency Tass, in its Quote of the Day, quoted a senior "
      "ministry official as saying, \"The quotas will stay until the harvest is in.\"");
  REQUIRE(q.size() == 1);
  CHECK(q[0].speaker == "a senior ministry official");
  CHECK(q[0].via == "Tass");
  // "accordingly" opens like "according to"; the channel is the later phrase.
  auto r = Extract(
      "\"The sluices open on Friday,\" Mayor Ines Varga said accordingly, according to the "
      "Varna Post.");
  REQUIRE(r.size() == 1);
  CHECK(r[0].speaker == "Ines Varga");
  CHECK(r[0].via == "Varna Post");
}

TEST_CASE("a pronoun goes to the last full name written as a person's", "[attribute]") {
  // What follows the name tells a person: an apposition, an age, a verb of
  // speech. "Port Arden" after it is no person, so "She" is Lena Holt.
  const char* persons[] = {"Lena Holt (54) toured", "Lena Holt, who runs the dam, toured",
                           "Lena Holt, a hydrologist, toured",
                           "Lena Holt, everyone\xE2\x80\x99s favourite hydrologist, toured",
                           "Lena Holt, everyone's favourite hydrologist, toured"};
  for (const char* p : persons) {
    INFO(p);
    auto q = Extract(std::string("The flood hit Halden on Monday. ") + p +
                     " Port Arden on Tuesday. She said the repairs would take a month.");
    REQUIRE(q.size() == 1);
    CHECK(q[0].speaker == "Lena Holt");
  }
  // Nothing after the name tells a person: no speaker is guessed.
  const char* others[] = {"Lena Holt toured", "Lena Holt (D) toured",
                          "Lena Holt, whose dam, toured",
                          "Lena Holt, Ana\xE2\x80\x99s friend, toured"};
  for (const char* p : others) {
    INFO(p);
    auto q = Extract(std::string("The flood hit Halden on Monday. ") + p +
                     " Port Arden on Tuesday. She said the repairs would take a month.");
    REQUIRE(q.size() == 1);
    CHECK(q[0].speaker.empty());
  }
}

TEST_CASE("same-person keys", "[attribute][names]") {
  CHECK(qt::SamePersonKey("ana ruiz", "ana ruiz"));
  CHECK(qt::SamePersonKey("ruiz", "ana ruiz"));         // a surname alone
  CHECK(qt::SamePersonKey("a ruiz", "ana ruiz"));       // an initial
  CHECK(qt::SamePersonKey("ana ruiz ", " ana  ruiz"));  // spaces around tokens
  CHECK(qt::SamePersonKey("ana maria ruiz", "ana ruiz"));
  CHECK_FALSE(qt::SamePersonKey("ana ruiz", "ana ruis"));   // surnames differ
  CHECK_FALSE(qt::SamePersonKey("ana ruiz", "lena ruiz"));  // given names differ
  CHECK_FALSE(qt::SamePersonKey("ruiz", "ruiz ana"));
  CHECK_FALSE(qt::SamePersonKey("", "ruiz"));
  CHECK_FALSE(qt::SamePersonKey("  ", "  "));
  CHECK(qt::SamePersonKey(qt::NameKey("Dr. Ana Ruiz"), qt::NameKey("Ruiz")));
}
