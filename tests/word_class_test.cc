// WordNet's lexical files as the tagger's word classes (detect/word_class.h):
// inflected and irregular forms reach their lemma's class, the most frequent
// sense gives the first class, and unknown words have none.
#include "detect/word_class.h"

#include <catch2/catch.hpp>
#include <string>

namespace {

using qt::detect_internal::ClassOf;
using qt::detect_internal::WordClass;

// WordNet 3.0 lexical file numbers (lexnames(5WN)).
constexpr std::uint8_t kNounCommunication = 10, kNounGroup = 14, kNounPerson = 18;
constexpr std::uint8_t kVerbCognition = 31, kVerbCommunication = 32;

}  // namespace

TEST_CASE("word classes follow WordNet's base forms") {
  if (!qt::detect_internal::WordClassesAvailable()) {
    WARN("built without WordNet (wordnet-base): no word classes to test");
    return;
  }
  // Regular inflections by the detachment rules.
  CHECK(ClassOf("pledged").verb == kVerbCommunication);
  CHECK(ClassOf("criticizes").verb == kVerbCommunication);
  CHECK(ClassOf("strategists").noun == kNounPerson);
  CHECK(ClassOf("believing").verb == kVerbCognition);
  // Irregular forms from the exception lists: "told" is "tell", "men" is
  // "man", and "thought" is the verb "think" as well as its own noun.
  CHECK(ClassOf("told").verb == kVerbCommunication);
  CHECK(ClassOf("men").noun == kNounPerson);
  CHECK(ClassOf("thought").verb == kVerbCognition);
  // Both parts of speech where a word has both.
  const WordClass statement = ClassOf("statement");
  CHECK(statement.noun == kNounCommunication);
  CHECK(statement.verb == WordClass::kNone);
  CHECK((ClassOf("committee").mask >> kNounGroup & 1) == 1);
  // Function words, unknown words and absurdly long tokens have none.
  for (const char* w : {"the", "of", "zzyzxqv", ""}) {
    const WordClass c = ClassOf(w);
    CHECK(c.noun == WordClass::kNone);
    CHECK(c.verb == WordClass::kNone);
    CHECK(c.mask == 0);
  }
  CHECK(ClassOf(std::string(200, 'a')).mask == 0);
}
