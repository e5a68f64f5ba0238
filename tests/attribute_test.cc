#include "quotetrack/attribute.h"

#include <catch2/catch.hpp>

TEST_CASE("name keys join spellings and transliterations", "[attribute][names]") {
  const char* same[][2] = {
      {"Zelensky", "Zelenskyy"},
      {"Zelenskiy", "Zelensky"},
      {"Volodymyr Zelensky", "Volodimir Zelenskij"},
      {"\xD0\x97\xD0\xB5\xD0\xBB\xD0\xB5\xD0\xBD\xD1\x81\xD1\x8C\xD0\xBA\xD0\xB8\xD0\xB9", "Zelenskyy"},
      {"Dmitry Peskov", "Dmitriy Peskov"},
      {"Mr. Tal", "Tal"},
  };
  for (auto& p : same) {
    INFO(p[0] << " vs " << p[1]);
    CHECK(qt::NameKey(p[0]) == qt::NameKey(p[1]));
  }
  CHECK(qt::NameKey("Anna Berg") != qt::NameKey("Anne Borg"));
}

TEST_CASE("same-person names", "[attribute][names]") {
  CHECK(qt::SamePersonName("Zelensky", "Volodymyr Zelenskyy"));
  CHECK(qt::SamePersonName("V. Zelensky", "Volodymyr Zelensky"));
  CHECK(qt::SamePersonName("Dr. Ines Varga", "Ines Varga"));
  CHECK_FALSE(qt::SamePersonName("Ann Smith", "John Smith"));
  CHECK_FALSE(qt::SamePersonName("Ann Smith", "Ann Jones"));
  CHECK_FALSE(qt::SamePersonName("", "Smith"));
}
