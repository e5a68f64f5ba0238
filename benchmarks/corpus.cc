// Synthetic news corpus: see corpus.h. Every word list and template below was
// written for this generator; places, outlets and people are invented.
#include "corpus.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <deque>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace qtbench {
namespace {

// splitmix64: tiny, fast, and the same on every platform (std distributions
// are not), so a seed always yields the same corpus.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ULL + 0x1234567ULL) {}
  std::uint64_t Next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t Below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(Next() % n); }
  std::size_t Range(std::size_t lo, std::size_t hi) { return lo + Below(hi - lo + 1); }
  bool Chance(unsigned percent) { return Below(100) < percent; }
  template <typename T, std::size_t N>
  const T& Pick(const std::array<T, N>& a) {
    return a[Below(N)];
  }

 private:
  std::uint64_t s_;
};

// ---------------------------------------------------------------- word lists

struct Country {
  const char* name;
  const char* adj;
};
constexpr std::array<Country, 10> kCountries = {{
    {"Valdoria", "Valdorian"},   {"Kestria", "Kestrian"},     {"Ombrevia", "Ombrevian"},
    {"Halvany", "Halvanian"},    {"Corsenia", "Corsenian"},   {"Tarvos", "Tarvosi"},
    {"Merrowland", "Merrowish"}, {"Lusetania", "Lusetanian"}, {"Brenmark", "Brenmarkish"},
    {"Ostravel", "Ostravelian"},
}};

constexpr std::array<const char*, 24> kCities = {
    "Pellaro",  "Varnholm", "Ostrigrad", "Brask",     "Lyrac",     "Tennery", "Saint-Audric", "Kellmouth",
    "Durovo",   "Amberlee", "Cassel",    "Fenwick",   "Marovica",  "Novo Selo", "Trelleck", "Quarry Bay",
    "Zhelanka", "Port Ash", "Belmonte",  "Ruvenna",   "Halden",    "Isterby", "Grell",        "Okarsk"};

constexpr std::array<const char*, 14> kRegions = {
    "the northern delta", "the Upper Vell valley", "the coastal provinces", "the eastern border districts",
    "the Karrow hills",   "the river towns",      "the southern plains",   "the mining belt",
    "the Ashen lowlands", "the island districts", "the western uplands",   "the capital region",
    "the lake country",   "the salt marshes"};

constexpr std::array<const char*, 18> kThings = {
    "the water supply",   "winter heating",     "the grain harvest",    "electricity",
    "the pension fund",   "hospital budgets",   "fishing quotas",       "river flow",
    "diesel subsidies",   "the rail network",   "school meals",         "border crossings",
    "the fertiliser supply", "rents in the capital", "rural bus routes", "the strategic reserve",
    "flood defences",     "the medicine stockpile"};

constexpr std::array<const char*, 14> kProjects = {
    "Brask pipeline",  "Vell dam",          "northern rail link",  "Kellmouth container terminal",
    "Ostrigrad bridge", "desalination plant", "Tennery wind farm",   "new ring road",
    "Durovo smelter",  "Amberlee reservoir", "cross-border power line", "Halden tunnel",
    "grain corridor",  "Lyrac ferry service"};

constexpr std::array<const char*, 14> kOrgs = {
    "Water Authority",  "Finance Ministry",     "national grid operator", "Port Commission",
    "Audit Office",     "Energy Regulator",     "Ministry of Agriculture", "river basin commission",
    "Central Bank",     "Competition Authority", "Rail Infrastructure Agency", "Health Ministry",
    "Statistics Office", "Inland Fisheries Board"};

constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",
                                                  "May",     "June",     "July",      "August",
                                                  "September", "October", "November", "December"};
constexpr std::array<const char*, 7> kDays = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                               "Friday", "Saturday", "Sunday"};

// Given names: a group holds the spellings outlets use for one name.
constexpr std::array<std::array<const char*, 3>, 28> kGivenNames = {{
    {"Oleksandr", "Oleksander", "Aleksandr"}, {"Yuliia", "Yulia", "Iuliia"},
    {"Mykhailo", "Mikhail", "Mykhaylo"},      {"Anastasiia", "Anastasia", "Anastasiya"},
    {"Mohammed", "Muhammad", "Mohamed"},      {"Yusuf", "Youssef", "Yousef"},
    {"Dmytro", "Dmitri", "Dmitry"},           {"Ines", "Ines", "Ines"},
    {"Tomasz", "Tomasz", "Tomasz"},           {"Katarzyna", "Katarzyna", "Katarzyna"},
    {"Adebayo", "Adebayo", "Adebayo"},        {"Ngozi", "Ngozi", "Ngozi"},
    {"Hannelore", "Hannelore", "Hannelore"},  {"Piotr", "Piotr", "Petr"},
    {"Sergiy", "Serhiy", "Sergei"},           {"Olena", "Elena", "Olena"},
    {"Joao", "Joao", "Joao"},                 {"Margit", "Margit", "Margit"},
    {"Vasyl", "Vasily", "Vasyl"},             {"Tetiana", "Tatiana", "Tetyana"},
    {"Rafael", "Rafael", "Raphael"},          {"Aino", "Aino", "Aino"},
    {"Georgiy", "Heorhii", "Georgy"},         {"Liesbeth", "Liesbeth", "Liesbeth"},
    {"Andriy", "Andrii", "Andrei"},           {"Camille", "Camille", "Camille"},
    {"Kwame", "Kwame", "Kwame"},              {"Iryna", "Irina", "Iryna"},
}};
// Which given names are women's (for pronouns).
constexpr std::array<bool, 28> kGivenFemale = {false, true,  false, true,  false, false, false,
                                               true,  false, true,  false, true,  true,  false,
                                               false, true,  false, true,  false, true,  false,
                                               true,  false, true,  false, true,  false, true};

constexpr std::array<const char*, 36> kSurnameRoots = {
    "Kovar",  "Dragom", "Belin",  "Tarasch", "Ostrov", "Vilk",   "Marun",  "Sedl",  "Horob",
    "Lukash", "Petrash", "Zabol", "Hrytsen", "Moroz", "Danyl",   "Kalin",  "Rudn",  "Svyat",
    "Yaro",   "Bondar", "Tkach",  "Koval",   "Shevch", "Melnych", "Kravch", "Polish", "Sav",
    "Lytvyn", "Orlov",  "Zhuk",   "Hnat",    "Prokop", "Vorob",  "Fedor",  "Myron",  "Bulav"};
// Suffix groups; outlets pick the spelling by their transliteration habit.
constexpr std::array<std::array<const char*, 3>, 6> kSurnameSuffixes = {{
    {"enko", "enko", "enko"},
    {"sky", "skyy", "skiy"},
    {"ovych", "ovich", "ovitch"},
    {"chuk", "chuk", "tchouk"},
    {"iuk", "yuk", "iuk"},
    {"ov", "ov", "off"},
}};

// Roles: prenominal ones stand before the name as a title.
struct RoleTemplate {
  const char* text;
  bool prenominal;
};
constexpr std::array<RoleTemplate, 16> kRoles = {{
    {"{adj} Foreign Minister", true},
    {"{adj} Energy Minister", true},
    {"{adj} Finance Minister", true},
    {"{adj} Prime Minister", true},
    {"{adj} Interior Ministry spokesperson", true},
    {"Deputy Agriculture Minister", true},
    {"opposition leader", true},
    {"the mayor of {city}", false},
    {"the head of the {adj} Farmers' Union", false},
    {"a spokesperson for the {org}", false},
    {"the chief executive of {city} Harbour Holdings", false},
    {"a senior economist at the Bank of {country}", false},
    {"the chair of the parliamentary budget committee", false},
    {"an organiser with the dockworkers' union", false},
    {"the director of the {org}", false},
    {"a hydrologist at the University of {city}", false},
}};

// Collective speakers: never given a personal name or pronoun.
constexpr std::array<const char*, 6> kCollectives = {
    "the {adj} {org}", "{country}'s {org}", "the government of {country}", "the {org}",
    "the {adj} foreign ministry", "the presidential office in {city}"};

constexpr std::array<const char*, 6> kAgencies = {"Reuters", "AFP", "the Associated Press",
                                                  "Bloomberg", "the BBC", "local television"};

constexpr std::array<const char*, 10> kCueVerbs = {"said",    "said",     "said",    "told reporters",
                                                   "added",   "warned",   "insisted", "stressed",
                                                   "declared", "explained"};
constexpr std::array<const char*, 6> kThatVerbs = {"said", "said", "warned", "insisted", "argued",
                                                   "acknowledged"};

// ----------------------------------------------------------------- templates

// One sentence of a statement in four wordings: as spoken, as another
// translation renders it, as reported speech, and as a loose paraphrase.
struct Sentence {
  const char* direct;
  const char* alt;
  const char* reported;
  const char* para;
};
constexpr std::array<Sentence, 22> kSentences = {{
    {"We will not accept any deal that cuts {thing} by more than {n} percent.",
     "No agreement that reduces {thing} by over {n} percent will be acceptable to us.",
     "{P} would not accept any deal that cut {thing} by more than {n} percent",
     "any agreement reducing {thing} by over {n} percent was unacceptable to {Poss} side"},
    {"Nobody has shown us a single document on {thing}, and we will not sign anything until they do.",
     "Not one paper about {thing} has been given to us, and until that happens we sign nothing.",
     "nobody had shown {Poss} side a single document on {thing} and {P} would not sign anything until they did",
     "no paperwork on {thing} had been shared and no signature would come before it was"},
    {"There is still time to reach an agreement before {month}, but not much.",
     "An agreement before {month} remains possible, though the window is closing.",
     "there was still time to reach an agreement before {month}, but not much",
     "a deal before {month} was still possible but time was running short"},
    {"Our position has not changed: {thing} must stay under public control.",
     "We have not moved an inch, {thing} has to remain in public hands.",
     "{Poss} position had not changed and {thing} must stay under public control",
     "the demand that {thing} remain publicly controlled still stood"},
    {"I have asked the {org} to publish the full figures by {day}.",
     "My request to the {org} is that every figure be made public by {day}.",
     "{P} had asked the {org} to publish the full figures by {day}",
     "the {org} had been told to release all of its numbers by {day}"},
    {"We expect the first {n} trucks to reach {city} within {m} weeks.",
     "The first {n} lorries should arrive in {city} in about {m} weeks, we believe.",
     "{P} expected the first {n} trucks to reach {city} within {m} weeks",
     "an initial convoy of {n} vehicles was due in {city} in roughly {m} weeks"},
    {"This is not a crisis, it is a choice, and the people who made it should answer for it.",
     "What we face is no crisis but a decision, and those who took it must be held to account.",
     "the situation was not a crisis but a choice and those who made it should answer for it",
     "the problem had been chosen rather than suffered, and its authors should be held responsible"},
    {"If the talks fail, {n} thousand families in {region} will feel it first.",
     "Should the negotiations collapse, it is {n} thousand households in {region} who will suffer first.",
     "if the talks failed, {n} thousand families in {region} would feel it first",
     "a breakdown in negotiations would hit {n} thousand households in {region} before anyone else"},
    {"We can finish the {project} on time, but only if {country} keeps its promises.",
     "Completing the {project} on schedule is possible provided {country} honours its commitments.",
     "the {project} could be finished on time, but only if {country} kept its promises",
     "the {project} would be completed on schedule as long as {country} honoured its commitments"},
    {"Prices for {thing} have risen {n} percent since {month}, and families cannot wait for another report.",
     "Since {month} the cost of {thing} is up {n} percent; households cannot afford to wait for more studies.",
     "prices for {thing} had risen {n} percent since {month} and families could not wait for another report",
     "the cost of {thing} had climbed {n} percent since {month}, leaving households unable to wait for further studies"},
    {"We never agreed to a deadline, and we will not be rushed by anyone in {city}.",
     "No deadline was ever accepted by us, and no one in {city} will hurry us.",
     "{Poss} side had never agreed to a deadline and would not be rushed by anyone in {city}",
     "there had never been an agreed deadline and officials in {city} could not force the pace"},
    {"The {org} must explain why {n} million was spent without a single tender.",
     "We want the {org} to tell us how {n} million went out the door with no tender at all.",
     "the {org} must explain why {n} million had been spent without a single tender",
     "the {org} owed an explanation for spending {n} million without competitive bidding"},
    {"I will meet the workers in {city} on {day} and listen to what they have to say.",
     "On {day} I am going to {city} to sit down with the workers and hear them out.",
     "{P} would meet the workers in {city} on {day} and listen to what they had to say",
     "a meeting with workers in {city} was planned for {day}"},
    {"Our engineers have checked every report, and the {project} is safe.",
     "Every report has been reviewed by our engineers; there is nothing unsafe about the {project}.",
     "{Poss} engineers had checked every report and the {project} was safe",
     "technical reviews had found no safety problem with the {project}"},
    {"We are ready to talk to {country} at any time, without preconditions.",
     "Talks with {country} can start whenever they like, with no conditions attached.",
     "{P} was ready to talk to {country} at any time, without preconditions",
     "the door to unconditional negotiations with {country} remained open"},
    {"Nobody will lose their job because of the {project}, and I give you my word on that.",
     "I promise you that the {project} will not cost a single person their job.",
     "nobody would lose their job because of the {project}",
     "the {project} would not lead to any job losses"},
    {"The {n} percent increase is the highest we have seen in {m} years.",
     "In {m} years we have not seen a rise like this one, {n} percent.",
     "the {n} percent increase was the highest in {m} years",
     "the rise of {n} percent was a record for the past {m} years"},
    {"We should not have to beg the {org} for data that belongs to the public.",
     "Information that is the public's property should not have to be begged for from the {org}.",
     "{P} should not have to beg the {org} for data that belonged to the public",
     "public data ought to be released by the {org} without pleading"},
    {"The ceasefire in {region} is holding, but it is fragile and it may not last the winter.",
     "For now the truce in {region} holds, though it is weak and could collapse before spring.",
     "the ceasefire in {region} was holding but was fragile and might not last the winter",
     "the truce in {region} remained in place, though it was weak and its survival through winter was uncertain"},
    {"We will vote against the budget unless {thing} gets at least {n} million more.",
     "Unless an extra {n} million goes to {thing}, our votes go against the budget.",
     "{Poss} party would vote against the budget unless {thing} got at least {n} million more",
     "the budget would face opposition without a further {n} million for {thing}"},
    {"I do not think anyone in {city} understood how serious the situation in {region} had become.",
     "In my view nobody in {city} grasped how grave things in {region} had got.",
     "{P} did not think anyone in {city} understood how serious the situation in {region} had become",
     "officials in {city} had failed to grasp the gravity of the situation in {region}"},
    {"The port of {city} will reopen on {day}, and the first ships are already waiting.",
     "From {day} the harbour at {city} is open again; vessels are already queuing.",
     "the port of {city} would reopen on {day} and the first ships were already waiting",
     "the port in {city} was set to resume operations on {day} with vessels already lined up"},
}};

// Background paragraphs: no speech, or speech the detector should not take
// for a quote (scare quotes, titles in quote marks).
constexpr std::array<const char*, 16> kFiller = {
    "The {project}, financed in part by a consortium of regional banks, is the largest public works scheme in {country}'s recent history.",
    "Talks between the two governments have stalled twice since {month}, and a new round is not expected before the end of the year.",
    "About {n} thousand people live in {region}, where most households depend on farming or fishing.",
    "The {org} publishes its figures every quarter; the latest set showed a rise of {m} percent in {thing}.",
    "Critics have called the plan a \"sweetheart deal\" for contractors, a charge the government rejects.",
    "Protesters gathered outside the {org} in {city} on {day}, holding banners and blocking traffic for about an hour.",
    "The dispute dates back to a {m}-page agreement signed in {city} more than {n} years ago.",
    "Analysts expect {thing} to dominate the campaign ahead of elections in {month}.",
    "A report titled \"Rivers Under Pressure\" warned last year that {region} faced repeated shortages.",
    "Shares in companies linked to the {project} fell {m} percent in early trading.",
    "Opposition parties in {country} have demanded an inquiry, so far without success.",
    "The {org} did not respond to a request for comment by the time of publication.",
    "Officials familiar with the negotiations said the two delegations had spent most of the day on a single clause.",
    "Local media in {city} reported long queues at petrol stations and supermarkets on {day}.",
    "The Ostrigrad summit in {month} ended without a joint communique.",
    "Engineers began work on the {project} in {month}, ahead of the original schedule.",
};

constexpr std::array<const char*, 8> kTabloidFurniture = {
    "READ MORE: {Surname} slammed over {thing} chaos",
    "Photo: Protesters in {city} on {day} (Image: Getty)",
    "Sign up to our free politics newsletter",
    "Select Language",
    "READ MORE: Families in {region} count the cost",
    "Share this article",
    "Advertisement",
    "Pictured: the {project} site near {city} (Image: Pool)",
};

constexpr std::array<const char*, 10> kHeadlineVerbs = {
    "warns over", "defends", "hits back over", "vows to fight on", "rejects criticism of",
    "sets deadline on", "calls for inquiry into", "promises action on", "raises alarm over", "stands by"};

// --------------------------------------------------------------- the world

enum class Style { kWire, kBroadsheet, kTabloid, kRegional };

struct Outlet {
  const char* name;
  const char* host;
  const char* code;  // for wire datelines
  Style style;
  std::size_t translit;  // index into the spelling groups
  bool straight_quotes;
};
constexpr std::array<Outlet, 9> kOutlets = {{
    {"Northbridge Wire", "northbridgewire.example", "NBW", Style::kWire, 0, false},
    {"Pan-Meridional News", "pmnews.example", "PMN", Style::kWire, 1, true},
    {"The Valdor Courier", "valdorcourier.example", "", Style::kBroadsheet, 0, false},
    {"Kestrian Times", "kestriantimes.example", "", Style::kBroadsheet, 2, false},
    {"The Harcourt Ledger", "harcourtledger.example", "", Style::kBroadsheet, 1, false},
    {"The Daily Klaxon", "dailyklaxon.example", "", Style::kTabloid, 1, true},
    {"Sunday Blaze", "sundayblaze.example", "", Style::kTabloid, 2, false},
    {"Riverside Dispatch", "riversidedispatch.example", "", Style::kRegional, 2, true},
    {"Lakeland Evening Post", "lakelandpost.example", "", Style::kRegional, 0, false},
}};

struct Speaker {
  bool collective = false;
  bool female = false;
  std::size_t given = 0, root = 0, suffix = 0;
  std::size_t role = 0;
  std::size_t country = 0, city = 0, org = 0;
  std::size_t quotes = 0;
};

// Slot values of one sentence of a statement.
struct Slots {
  std::size_t n = 0, m = 0, thing = 0, city = 0, country = 0, org = 0, month = 0, day = 0,
              region = 0, project = 0;
  std::size_t subj = 0, verb = 0, obj = 0, tail = 0;  // parts of a detail sentence
};

// Detail sentences are put together from parts ("The auditors" + "have
// ignored" + "the flood maps for the river towns" + "since last spring"), so
// that statements differ the way real ones do rather than by a slot value.
// Each part: as spoken, as reported, as paraphrased (also used, with the
// spoken subject, for a retranslation).
struct Part {
  const char* direct;
  const char* reported;
  const char* para;
};
constexpr std::array<Part, 16> kSubjects = {{
    {"The contractors", "the contractors", "the builders"},
    {"Our inspectors", "{Poss} inspectors", "inspectors working for {Poss} side"},
    {"The regional council", "the regional council", "local councillors"},
    {"The ministry's lawyers", "the ministry's lawyers", "government legal advisers"},
    {"Three of the banks", "three of the banks", "several lenders"},
    {"The border police", "the border police", "border officers"},
    {"Our farmers", "{Poss} farmers", "growers"},
    {"The operators in {city}", "the operators in {city}", "operators based in {city}"},
    {"Their negotiators", "their negotiators", "the other side's envoys"},
    {"The auditors", "the auditors", "the audit team"},
    {"Two ministers", "two ministers", "a pair of cabinet members"},
    {"The union leadership", "the union leadership", "union chiefs"},
    {"Our own officials", "{Poss} own officials", "officials on {Poss} side"},
    {"The shipping companies", "the shipping companies", "shipping firms"},
    {"The water board", "the water board", "the board responsible for water"},
    {"The foreign lenders", "the foreign lenders", "overseas creditors"},
}};
constexpr std::array<Part, 16> kVerbs = {{
    {"have delayed", "had delayed", "held up"},
    {"are still reviewing", "were still reviewing", "continued to examine"},
    {"quietly cancelled", "had quietly cancelled", "dropped without announcement"},
    {"have refused to release", "had refused to release", "withheld"},
    {"want to rewrite", "wanted to rewrite", "sought to redraft"},
    {"have already spent", "had already spent", "used up"},
    {"never inspected", "had never inspected", "failed to examine"},
    {"keep postponing", "kept postponing", "repeatedly put off"},
    {"signed off on", "had signed off on", "approved"},
    {"lost track of", "had lost track of", "could not account for"},
    {"are blocking", "were blocking", "obstructed"},
    {"doubled the price of", "had doubled the price of", "raised twofold the cost of"},
    {"misread", "had misread", "misinterpreted"},
    {"have ignored", "had ignored", "disregarded"},
    {"tried to hide", "had tried to hide", "attempted to conceal"},
    {"still owe money for", "still owed money for", "had yet to pay for"},
}};
constexpr std::array<const char*, 16> kObjects = {
    "the second phase of the {project}", "the payments for {thing}", "the environmental study",
    "the tender documents",              "the {m} permits for {city}", "the flood maps for {region}",
    "the safety audit of the {project}", "the compensation fund",     "the figures on {thing}",
    "the agreement on {thing}",          "the spare parts for {city}", "the new timetable",
    "the maintenance budget",            "the evacuation plan for {region}",
    "the minutes of the {month} meeting", "the land surveys near {city}"};
constexpr std::array<Part, 16> kTails = {{
    {"for {m} months", "for {m} months", "over a period of {m} months"},
    {"without telling anyone", "without telling anyone", "in secret"},
    {"since last spring", "since the previous spring", "from the spring onward"},
    {"despite three warnings", "despite three warnings", "in spite of repeated warnings"},
    {"and nobody has been punished", "and nobody had been punished", "with no one held accountable"},
    {"twice this year", "twice that year", "on two occasions in the year"},
    {"while families waited", "while families waited", "as households were left waiting"},
    {"behind closed doors in {city}", "behind closed doors in {city}", "in private meetings in {city}"},
    {"until after the elections", "until after the elections", "until the vote had passed"},
    {"at the last minute", "at the last minute", "very late in the process"},
    {"on the orders of the {org}", "on the orders of the {org}", "at the direction of the {org}"},
    {"for reasons nobody has explained", "for reasons nobody had explained", "for unexplained reasons"},
    {"and we have the letters to prove it", "and {P} had the letters to prove it",
     "citing correspondence as evidence"},
    {"in the middle of the harvest", "in the middle of the harvest", "during harvest time"},
    {"after the storm in {month}", "after the storm in {month}", "following the {month} storm"},
    {"before anyone in {city} noticed", "before anyone in {city} had noticed", "unnoticed by anyone in {city}"},
}};
// Template index that stands for a detail sentence.
constexpr std::size_t kDetail = 1000;

enum class Form { kDirect, kAlt, kReported, kPara };

struct Statement {
  std::size_t speaker = 0;
  std::vector<std::pair<std::size_t, Slots>> sentences;  // template index, slots
};

std::string Replace(std::string_view tmpl, const Slots& s, const Speaker* sp) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '{') {
      out += tmpl[i];
      continue;
    }
    const std::size_t close = tmpl.find('}', i);
    const std::string_view key = tmpl.substr(i + 1, close - i - 1);
    i = close;
    const Country& c = kCountries[s.country];
    if (key == "n") out += std::to_string(s.n);
    else if (key == "m") out += std::to_string(s.m);
    else if (key == "thing") out += kThings[s.thing];
    else if (key == "city") out += kCities[s.city];
    else if (key == "country") out += c.name;
    else if (key == "adj") out += c.adj;
    else if (key == "org") out += kOrgs[s.org];
    else if (key == "month") out += kMonths[s.month];
    else if (key == "day") out += kDays[s.day];
    else if (key == "region") out += kRegions[s.region];
    else if (key == "project") out += kProjects[s.project];
    else if (key == "P") out += !sp || sp->collective ? "it" : sp->female ? "she" : "he";
    else if (key == "Poss") out += !sp || sp->collective ? "its" : sp->female ? "her" : "his";
    else if (key == "Surname" && sp) {
      out += kSurnameRoots[sp->root];
      out += kSurnameSuffixes[sp->suffix][0];
    } else {
      out += '{';
      out += key;
      out += '}';
    }
  }
  return out;
}

// One sentence of a statement in the given form.
std::string SentenceText(std::size_t t, const Slots& s, const Speaker* sp, Form f) {
  if (t != kDetail) {
    const Sentence& x = kSentences[t];
    const char* tmpl = f == Form::kDirect ? x.direct : f == Form::kAlt ? x.alt : f == Form::kReported ? x.reported : x.para;
    return Replace(tmpl, s, sp);
  }
  const Part& subj = kSubjects[s.subj];
  const Part& verb = kVerbs[s.verb];
  const Part& tail = kTails[s.tail];
  std::string out;
  switch (f) {
    case Form::kDirect:
      out = fmt::format("{} {} {} {}.", subj.direct, verb.direct, kObjects[s.obj], tail.direct);
      break;
    case Form::kAlt:
      out = fmt::format("{} {} {} {}.", subj.direct, verb.para, kObjects[s.obj], tail.para);
      break;
    case Form::kReported:
      out = fmt::format("{} {} {} {}", subj.reported, verb.reported, kObjects[s.obj], tail.reported);
      break;
    case Form::kPara:
      out = fmt::format("{} {} {} {}", subj.para, verb.para, kObjects[s.obj], tail.para);
      break;
  }
  return Replace(out, s, sp);
}

Slots RandomSlots(Rng& rng) {
  Slots s;
  s.n = rng.Range(2, 95);
  s.m = rng.Range(2, 40);
  s.thing = rng.Below(kThings.size());
  s.city = rng.Below(kCities.size());
  s.country = rng.Below(kCountries.size());
  s.org = rng.Below(kOrgs.size());
  s.month = rng.Below(kMonths.size());
  s.day = rng.Below(kDays.size());
  s.region = rng.Below(kRegions.size());
  s.project = rng.Below(kProjects.size());
  s.subj = rng.Below(kSubjects.size());
  s.verb = rng.Below(kVerbs.size());
  s.obj = rng.Below(kObjects.size());
  s.tail = rng.Below(kTails.size());
  return s;
}

std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> w;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) w.push_back(s.substr(i, j - i));
    i = j;
  }
  return w;
}

std::string Join(const std::vector<std::string>& w, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < w.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += w[i];
  }
  return out;
}

std::string StripTrailingPunct(std::string s) {
  while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ';' || s.back() == ':'))
    s.pop_back();
  return s;
}

std::string Capitalise(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void CivilFromDays(long z, int* y, unsigned* mo, unsigned* d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long yy = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *mo = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int>(yy + (*mo <= 2));
}

}  // namespace

// ------------------------------------------------------------------ generator

struct CorpusGenerator::Impl {
  CorpusOptions opt;
  Rng rng;
  std::vector<Speaker> speakers;
  std::deque<Statement> recent;  // statements still in the news
  std::size_t articles = 0, quotes = 0, bytes = 0;
  std::size_t minutes = 0;  // publication clock

  explicit Impl(const CorpusOptions& o) : opt(o), rng(o.seed) {
    // The cast grows with the corpus, so that per-speaker lookups stay realistic.
    const std::size_t target = o.quotes ? o.quotes : o.mb * 1500;
    const std::size_t n = std::clamp<std::size_t>(target / 150, 60, 20000);
    speakers.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      Speaker s;
      s.collective = rng.Chance(8);
      s.given = rng.Below(kGivenNames.size());
      s.female = kGivenFemale[s.given];
      s.root = rng.Below(kSurnameRoots.size());
      s.suffix = rng.Below(kSurnameSuffixes.size());
      s.role = rng.Below(kRoles.size());
      s.country = rng.Below(kCountries.size());
      s.city = rng.Below(kCities.size());
      s.org = rng.Below(kOrgs.size());
      speakers.push_back(s);
    }
  }

  std::size_t PickSpeaker() {
    // Skewed: a few people are quoted far more than the rest.
    const std::size_t a = rng.Below(speakers.size());
    const std::size_t b = rng.Below(speakers.size());
    return rng.Chance(60) ? std::min(a, b) : a;
  }

  Statement NewStatement(std::size_t speaker) {
    Statement st;
    st.speaker = speaker;
    // One or two stock sentences and up to two detail sentences, in any order.
    const std::size_t core = rng.Chance(60) ? 1 : 2;
    const std::size_t details = rng.Chance(20) ? 0 : rng.Chance(80) ? 1 : 2;
    const Slots base = RandomSlots(rng);
    std::size_t t = rng.Below(kSentences.size());
    for (std::size_t i = 0; i < core + details; ++i) {
      Slots s = i == 0 ? base : RandomSlots(rng);
      s.country = base.country;  // one statement, one country
      if (i < core) {
        st.sentences.emplace_back(t, s);
        t = (t + 1 + rng.Below(kSentences.size() - 1)) % kSentences.size();
      } else {
        st.sentences.emplace_back(kDetail, s);
      }
    }
    if (rng.Chance(50)) std::rotate(st.sentences.begin(), st.sentences.begin() + 1, st.sentences.end());
    return st;
  }

  // Full name as an outlet spells it.
  std::string FullName(const Speaker& s, std::size_t translit) const {
    return fmt::format("{} {}{}", kGivenNames[s.given][translit % 3], kSurnameRoots[s.root],
                       kSurnameSuffixes[s.suffix][translit % 3]);
  }
  std::string Surname(const Speaker& s, std::size_t translit) const {
    return std::string(kSurnameRoots[s.root]) + kSurnameSuffixes[s.suffix][translit % 3];
  }
  Slots SpeakerSlots(const Speaker& s) const {
    Slots sl;
    sl.country = s.country;
    sl.city = s.city;
    sl.org = s.org;
    return sl;
  }
  std::string CollectiveName(const Speaker& s) const {
    return Replace(kCollectives[(s.root + s.org) % kCollectives.size()], SpeakerSlots(s), &s);
  }

  // Per-article state: who has been introduced already.
  struct ArticleState {
    const Outlet* outlet = nullptr;
    std::vector<std::size_t> introduced;
    std::size_t last_speaker = SIZE_MAX;
  };

  // The mention of a speaker at this point of the article, capitalised if it
  // starts a sentence.
  std::string Mention(ArticleState& as, std::size_t id, bool sentence_start) {
    const Speaker& s = speakers[id];
    std::string m;
    if (s.collective) {
      m = CollectiveName(s);
    } else if (std::find(as.introduced.begin(), as.introduced.end(), id) == as.introduced.end()) {
      as.introduced.push_back(id);
      const RoleTemplate& r = kRoles[s.role];
      const std::string role = Replace(r.text, SpeakerSlots(s), &s);
      const std::string name = FullName(s, as.outlet->translit);
      m = r.prenominal ? role + " " + name : name + ", " + role + ",";
    } else if (as.last_speaker == id && rng.Chance(50)) {
      m = s.female ? "she" : "he";
    } else if (as.outlet->style == Style::kBroadsheet) {
      m = (s.female ? "Ms " : "Mr ") + Surname(s, as.outlet->translit);
    } else {
      m = Surname(s, as.outlet->translit);
    }
    as.last_speaker = id;
    return sentence_start ? Capitalise(m) : m;
  }

  std::string Open(const ArticleState& as) const { return as.outlet->straight_quotes ? "\"" : "\u201c"; }
  std::string Close(const ArticleState& as) const { return as.outlet->straight_quotes ? "\"" : "\u201d"; }

  // A mention followed by a verb; appositive mentions end with a comma, which
  // must not stand before a closing period.
  static std::string TrimComma(std::string m) {
    if (!m.empty() && m.back() == ',') m.pop_back();
    return m;
  }

  std::string DirectText(const Statement& st, bool alt) const {
    const Speaker& sp = speakers[st.speaker];
    std::string out;
    for (const auto& [t, slots] : st.sentences) {
      if (!out.empty()) out += ' ';
      out += SentenceText(t, slots, &sp, alt ? Form::kAlt : Form::kDirect);
    }
    return out;
  }
  std::string ReportedText(const Statement& st, bool para) const {
    const Speaker& sp = speakers[st.speaker];
    std::string out;
    for (std::size_t i = 0; i < st.sentences.size(); ++i) {
      const auto& [t, slots] = st.sentences[i];
      if (i > 0) out += i + 1 == st.sentences.size() ? " and that " : ", that ";
      out += SentenceText(t, slots, &sp, para ? Form::kPara : Form::kReported);
    }
    return out;
  }

  // One word changed: a number, a negation, a modal or a noun.
  std::string Alter(const std::string& text) {
    std::vector<std::string> w = Words(text);
    std::vector<std::size_t> numbers, negs, modals, nouns;
    static const std::unordered_map<std::string, std::string> kSwap = {
        {"families", "households"}, {"document", "paper"},  {"workers", "staff"},
        {"agreement", "accord"},     {"deal", "treaty"},     {"crisis", "disaster"},
        {"engineers", "experts"},    {"ships", "vessels"},   {"report", "study"},
        {"public", "people"},        {"promises", "pledges"}, {"figures", "numbers"}};
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (!w[i].empty() && w[i][0] >= '0' && w[i][0] <= '9') numbers.push_back(i);
      if (w[i] == "not" || w[i] == "never") negs.push_back(i);
      if (w[i] == "will" || w[i] == "must" || w[i] == "can" || w[i] == "may") modals.push_back(i);
      if (kSwap.count(StripTrailingPunct(w[i]))) nouns.push_back(i);
    }
    const std::size_t pick = rng.Below(4);
    if (pick == 0 && !numbers.empty()) {
      std::string& x = w[numbers[rng.Below(numbers.size())]];
      std::size_t k = 0;
      while (k < x.size() && x[k] >= '0' && x[k] <= '9') ++k;
      const long v = std::stol(x.substr(0, k));
      x = std::to_string(v + static_cast<long>(rng.Range(1, 9)) * (rng.Chance(50) ? 1 : 10)) + x.substr(k);
    } else if (pick == 1 && !negs.empty()) {
      w.erase(w.begin() + static_cast<long>(negs[rng.Below(negs.size())]));
    } else if (pick == 2 && !modals.empty()) {
      std::string& x = w[modals[rng.Below(modals.size())]];
      x = x == "will" ? "may" : x == "must" ? "should" : x == "can" ? "could" : "will";
    } else if (!nouns.empty()) {
      std::string& x = w[nouns[rng.Below(nouns.size())]];
      const std::string core = StripTrailingPunct(x);
      x = kSwap.at(core) + x.substr(core.size());
    } else if (!numbers.empty()) {
      w[numbers[0]] = std::to_string(rng.Range(100, 900));
    } else if (w.size() > 4) {
      w.erase(w.begin() + static_cast<long>(1 + rng.Below(w.size() - 2)));
    }
    return Join(w, 0, w.size());
  }

  // A contiguous part of `full` the way editors cut quotes: whole clauses, or
  // the tail of a sentence. Empty if the quote is too short to cut.
  std::string Truncate(const std::string& full) {
    std::vector<std::pair<std::size_t, std::size_t>> clauses;  // [start, end) offsets
    std::size_t start = 0;
    for (std::size_t i = 0; i + 1 < full.size(); ++i) {
      const char ch = full[i];
      if ((ch == ',' || ch == '.' || ch == ';' || ch == ':') && full[i + 1] == ' ') {
        clauses.emplace_back(start, i);
        start = i + 2;
      }
    }
    clauses.emplace_back(start, full.size());
    if (clauses.size() >= 2) {
      const std::size_t len = rng.Range(1, clauses.size() - 1);
      const std::size_t from = rng.Below(clauses.size() - len + 1);
      const std::size_t a = clauses[from].first, b = clauses[from + len - 1].second;
      std::string out = StripTrailingPunct(full.substr(a, b - a));
      if (Words(out).size() >= 4) return out;
    }
    std::vector<std::string> w = Words(full);
    if (w.size() < 9) return {};
    return StripTrailingPunct(Join(w, rng.Range(2, w.size() - 6), w.size()));
  }

  // A direct quote paragraph in one of the usual shapes.
  std::string DirectParagraph(ArticleState& as, std::size_t spk, const std::string& q) {
    const std::string o = Open(as), c = Close(as);
    const Speaker& s = speakers[spk];
    const char* verb = rng.Pick(kCueVerbs);
    // Split the quote at a sentence boundary when it has several sentences.
    const std::size_t cut = q.find(". ");
    const bool can_split = cut != std::string::npos && !s.collective;
    const std::size_t shape = rng.Below(can_split ? 7 : 4);
    std::string head = StripTrailingPunct(q);
    const bool question = !q.empty() && (q.back() == '?' || q.back() == '!');
    switch (shape) {
      case 0:  // "Q," M said.
        return fmt::format("{}{}{}{} {} {}.", o, head, question ? q.substr(q.size() - 1) : ",", c,
                           Mention(as, spk, false), verb);
      case 1: {  // "Q," said M.  (but "Q," she said.)
        const std::string m = Mention(as, spk, false);
        if (m == "he" || m == "she") return fmt::format("{}{},{} {} said.", o, head, c, m);
        return fmt::format("{}{},{} said {}.", o, head, c, TrimComma(m));
      }
      case 2:  // M said: "Q"
        return fmt::format("{} said: {}{}{}", Mention(as, spk, true), o, q, c);
      case 3:  // M said on Day. "Q"  (the quote inherits the speaker)
        return fmt::format("{} {} on {}.\n\n{}{}{}", Mention(as, spk, true),
                           rng.Chance(50) ? "spoke to reporters" : "addressed parliament",
                           kDays[rng.Below(7)], o, q, c);
      case 4: {  // "Q1," M said. "Q2."
        const std::string a = q.substr(0, cut), b = q.substr(cut + 2);
        return fmt::format("{}{},{} {} {}. {}{}{}", o, a, c, Mention(as, spk, false), verb, o,
                           b, c);
      }
      case 5: {  // "Q1," said M, "Q2."
        const std::string a = q.substr(0, cut), b = q.substr(cut + 2);
        const std::string m = Mention(as, spk, false);
        if (m == "he" || m == "she") return fmt::format("{}{},{} {} said. {}{}{}", o, a, c, m, o, b, c);
        return fmt::format("{}{},{} said {}, {}{}{}", o, a, c, TrimComma(m), o, b, c);
      }
      default: {  // a quote running over two paragraphs, reopened
        const std::string a = q.substr(0, cut + 1), b = q.substr(cut + 2);
        return fmt::format("{} {}: {}{}\n\n{}{}{}", Mention(as, spk, true), verb, o, a, o,
                           b, c);
      }
    }
  }

  std::string ReportedParagraph(ArticleState& as, std::size_t spk, const std::string& r) {
    switch (rng.Below(5)) {
      case 0:
        return fmt::format("{} {} that {}.", Mention(as, spk, true), rng.Pick(kThatVerbs), r);
      case 1:
        return fmt::format("{} told {} that {}.", Mention(as, spk, true), rng.Pick(kAgencies),
                           r);
      case 2:
        return fmt::format("According to {}, {}.", TrimComma(Mention(as, spk, false)), r);
      case 3:
        return fmt::format("{}, {} said.", Capitalise(r), Mention(as, spk, false));
      default:
        return fmt::format("{} {} {}.", Mention(as, spk, true), rng.Pick(kThatVerbs), r);
    }
  }

  std::string MixedParagraph(ArticleState& as, std::size_t spk, const std::string& frag) {
    const std::string o = Open(as), c = Close(as);
    const Speaker& s = speakers[spk];
    const char* poss = s.collective ? "its" : s.female ? "her" : "his";
    switch (rng.Below(3)) {
      case 0:
        return fmt::format("{} warned that {}{}{}.", Mention(as, spk, true), o, frag, c);
      case 1:
        return fmt::format("In {} remarks, {} said the government had been told {}{}{}.", poss,
                           Mention(as, spk, false), o, frag, c);
      default:
        return fmt::format("{} described the situation in blunt terms, saying {}{}{}.",
                           Mention(as, spk, true), o, frag, c);
    }
  }

  // One rendering of `st` as a paragraph.
  std::string Render(ArticleState& as, const Statement& st, bool first_use) {
    std::size_t spk = st.speaker;
    if (!first_use && rng.Chance(4)) spk = PickSpeaker();  // misattribution
    speakers[spk].quotes++;
    const std::string full = DirectText(st, false);
    if (first_use) return DirectParagraph(as, spk, full);
    const std::size_t r = rng.Below(100);
    if (r < 34) return DirectParagraph(as, spk, full);  // verbatim
    if (r < 52) {                                        // truncated
      const std::string part = Truncate(full);
      if (part.empty()) return DirectParagraph(as, spk, full);
      if (rng.Chance(50)) return MixedParagraph(as, spk, part);
      return DirectParagraph(as, spk, Capitalise(part) + ".");
    }
    if (r < 58) {  // elided
      std::vector<std::string> w = Words(full);
      if (w.size() < 12) return DirectParagraph(as, spk, full);
      const std::size_t a = rng.Range(4, w.size() / 2 - 1);
      const std::size_t b = rng.Range(w.size() / 2 + 1, w.size() - 3);
      const std::string joined = Join(w, 0, a) + (rng.Chance(70) ? " \u2026 " : " ") + Join(w, b, w.size());
      return DirectParagraph(as, spk, joined);
    }
    if (r < 70) return DirectParagraph(as, spk, Alter(full));            // altered
    if (r < 78) return DirectParagraph(as, spk, DirectText(st, true));   // retranslated
    if (r < 88) return ReportedParagraph(as, spk, ReportedText(st, false));  // reported
    return ReportedParagraph(as, spk, ReportedText(st, true));              // paraphrase
  }

  std::string Published() {
    minutes += rng.Range(1, 9);
    const long day = 19723 + static_cast<long>(minutes / 1440);  // from 2024-01-01
    int y;
    unsigned mo, d;
    CivilFromDays(day, &y, &mo, &d);
    const std::size_t mm = minutes % 1440;
    return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:00Z", y, mo, d, mm / 60, mm % 60);
  }

  bool Next(Article* a) {
    if (opt.quotes && quotes >= opt.quotes) return false;
    if (opt.mb && bytes >= opt.mb * 1000000) return false;
    if (!opt.quotes && !opt.mb) return false;
    *a = Article{};
    ArticleState as;
    as.outlet = &kOutlets[rng.Below(kOutlets.size())];
    const Outlet& out = *as.outlet;

    // The article's cast: one lead speaker, one or two others.
    const std::size_t lead = PickSpeaker();
    std::vector<std::size_t> cast = {lead, PickSpeaker()};
    if (rng.Chance(40)) cast.push_back(PickSpeaker());

    const std::size_t n_quotes = rng.Range(3, 9);
    std::vector<std::string> paras;
    const Speaker& ls = speakers[lead];
    Slots ctx = RandomSlots(rng);
    ctx.country = ls.country;
    // Lede.
    {
      std::string lede;
      if (out.style == Style::kWire) {
        std::string city = kCities[ls.city];
        std::transform(city.begin(), city.end(), city.begin(),
                       [](char ch) { return ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 32) : ch; });
        lede = fmt::format("{}, {} ({}) \u2014 ", city, kCountries[ls.country].name, out.code);
      } else if (out.style == Style::kRegional && rng.Chance(50)) {
        lede = fmt::format("{} \u2014 ", kCities[ctx.city]);
      }
      lede += fmt::format("{} {} {} on {}, as the row over the {} deepened.",
                          Mention(as, lead, true),
                          rng.Chance(50) ? "came under pressure over" : "spoke out on",
                          kThings[ctx.thing], kDays[ctx.day], kProjects[ctx.project]);
      paras.push_back(lede);
    }
    std::size_t placed = 0;
    while (placed < n_quotes) {
      // Reuse a statement still in the news, or make news.
      const bool reuse = !recent.empty() && rng.Chance(62);
      Statement st;
      if (reuse) {
        // Recent statements are picked more often than old ones.
        const std::size_t back = std::min(recent.size() - 1, rng.Below(rng.Chance(70) ? 200 : recent.size()));
        st = recent[recent.size() - 1 - back];
      } else {
        st = NewStatement(cast[rng.Below(cast.size())]);
        recent.push_back(st);
        if (recent.size() > 20000) recent.pop_front();
      }
      paras.push_back(Render(as, st, !reuse));
      ++placed;
      if (rng.Chance(35)) paras.push_back(Replace(rng.Pick(kFiller), RandomSlots(rng), nullptr));
      if (out.style == Style::kTabloid && rng.Chance(30))
        paras.push_back(Replace(rng.Pick(kTabloidFurniture), RandomSlots(rng), &ls));
    }
    if (out.style == Style::kWire) {
      const Speaker& x = speakers[rng.Below(speakers.size())];
      const Speaker& y = speakers[rng.Below(speakers.size())];
      paras.push_back(fmt::format("(Reporting by {}; Editing by {})", FullName(x, 0), FullName(y, 0)));
    } else if (out.style == Style::kTabloid) {
      paras.push_back("Do you have a story? Email news@" + std::string(out.host));
    }

    std::string body;
    for (const std::string& p : paras) {
      if (!body.empty()) body += "\n\n";
      body += p;
    }
    body += '\n';

    const std::string surname = ls.collective ? CollectiveName(ls) : Surname(ls, out.translit);
    std::string title = fmt::format("{} {} {}", Capitalise(surname), rng.Pick(kHeadlineVerbs),
                                    kThings[ctx.thing]);
    if (out.style == Style::kTabloid) {
      std::transform(title.begin(), title.end(), title.begin(),
                     [](char ch) { return ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 32) : ch; });
    }
    a->id = fmt::format("a{:07d}", articles);
    a->title = title;
    a->outlet = out.name;
    a->published = Published();
    a->url = fmt::format("https://{}/news/{}/{}", out.host, a->published.substr(0, 10), a->id);
    a->body = std::move(body);
    a->quotes = placed;
    ++articles;
    quotes += placed;
    bytes += a->body.size();
    return true;
  }
};

CorpusGenerator::CorpusGenerator(const CorpusOptions& options) : impl_(std::make_unique<Impl>(options)) {}
CorpusGenerator::~CorpusGenerator() = default;
bool CorpusGenerator::Next(Article* article) { return impl_->Next(article); }
std::size_t CorpusGenerator::quotes_emitted() const { return impl_->quotes; }
std::size_t CorpusGenerator::bytes_emitted() const { return impl_->bytes; }

std::vector<std::string> CorpusGenerator::SampleSpeakerNames(std::size_t n) const {
  std::vector<std::size_t> ids;
  for (std::size_t i = 0; i < impl_->speakers.size(); ++i)
    if (!impl_->speakers[i].collective) ids.push_back(i);
  std::stable_sort(ids.begin(), ids.end(), [&](std::size_t a, std::size_t b) {
    return impl_->speakers[a].quotes > impl_->speakers[b].quotes;
  });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ids.size() && out.size() < n; ++i) {
    const Speaker& s = impl_->speakers[ids[i]];
    // Alternate spellings: the way each outlet group writes the name.
    out.push_back(impl_->FullName(s, i % 3));
  }
  return out;
}

std::vector<std::string> CorpusGenerator::SampleSearchTerms(std::size_t n) const {
  static const char* const kTerms[] = {"ceasefire", "tender",        "deadline",  "engineers",
                                       "budget",    "preconditions", "harbour",   "families",
                                       "reservoir", "promises",      "fragile",   "figures",
                                       "\"public control\"", "trucks", "crisis", "workers"};
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(kTerms[i % std::size(kTerms)]);
  return out;
}

std::string ToText(const Article& a) {
  return fmt::format("{}\nOutlet: {}\nPublished: {}\nURL: {}\n\n{}", a.title, a.outlet, a.published, a.url,
                     a.body);
}

namespace {
void JsonString(std::string& out, std::string_view s) {
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}
}  // namespace

std::string ToJsonl(const Article& a) {
  std::string out = "{\"id\": ";
  JsonString(out, a.id);
  out += ", \"url\": ";
  JsonString(out, a.url);
  out += ", \"outlet\": ";
  JsonString(out, a.outlet);
  out += ", \"published\": ";
  JsonString(out, a.published);
  out += ", \"title\": ";
  JsonString(out, a.title);
  out += ", \"text\": ";
  JsonString(out, a.body);
  out += "}\n";
  return out;
}

}  // namespace qtbench
