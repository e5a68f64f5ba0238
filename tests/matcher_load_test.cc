// match: LoadMatcher(threads) loads WordNet on two threads at start-up
// (ingest --jobs 2); comparisons must not depend on how it was loaded. This
// is its own test program so that the load it checks is the process's first:
// a forked child loads on one thread, the parent on two, and both compare
// the same pairs, several of which only WordNet relates.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "quotetrack/match.h"

namespace {

struct Pair {
  const char* root;
  const char* member;
  qt::QuoteKind kind;
};

const Pair kPairs[] = {
    {"We are pleased with the outcome of the talks and will keep working with our partners.",
     "We are satisfied with the outcome of the talks and will keep working with our partners.",
     qt::QuoteKind::kDirect},
    {"The minister said the harbour repairs would be finished before the winter storms arrive.",
     "the minister stated that repairs at the harbour will be completed before winter storms",
     qt::QuoteKind::kIndirect},
    {"Our inspectors found serious faults in the bridge and the crossing stays closed.",
     "Inspectors discovered grave defects in the bridge, so the crossing remains shut.",
     qt::QuoteKind::kDirect},
    {"Nobody on the council wanted a delay to the school budget vote.",
     "The council agreed a delay to the school budget vote was needed.", qt::QuoteKind::kDirect},
    {"The ferry operator will raise fares by four percent from March.",
     "Fares on the ferries go up by 4% in March, the operator said.", qt::QuoteKind::kMixed},
};

// One line per pair: what Compare decided, as text.
std::string Decisions() {
  std::string out;
  for (const Pair& p : kPairs) {
    const qt::Comparison c =
        qt::Compare(qt::Prepare({p.root, qt::QuoteKind::kDirect, "Ines Halloran"}),
                    qt::Prepare({p.member, p.kind, "Ines Halloran"}));
    char score[32];
    std::snprintf(score, sizeof score, "%.12f", c.score);
    out += std::to_string(c.same_statement) + " " + score + " " +
           std::string(qt::ToString(c.variant));
    for (const auto& f : c.flags) out += " " + f;
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("comparisons do not depend on how many threads loaded the matcher", "[match]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(fds[0]);
    qt::LoadMatcher(1);
    const std::string d = Decisions();
    const ssize_t n = ::write(fds[1], d.data(), d.size());
    ::_exit(n == static_cast<ssize_t>(d.size()) ? 0 : 1);
  }
  ::close(fds[1]);
  qt::LoadMatcher(2);
  qt::LoadMatcher(2);  // loaded once; a second call returns at once
  const std::string mine = Decisions();
  std::string theirs;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) theirs.append(buf, n);
  ::close(fds[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(mine == theirs);
  CHECK(mine.size() > 20);
  // The first pair differs in one word, a WordNet synonym ("pleased" /
  // "satisfied"): the same statement.
  CHECK(mine.rfind("1 ", 0) == 0);
}
