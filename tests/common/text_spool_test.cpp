// Spool and SpooledTexts: texts kept in an unlinked temporary file come back in order, across
// chunk boundaries, whether added one by one or already joined.

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "common/text_spool.hpp"

using mlctl::Spool;
using mlctl::SpooledTexts;

TEST_CASE("text spool: texts come back in order across chunks, then are forgotten") {
  const auto spool = std::make_shared<Spool>();
  SpooledTexts a(spool);
  SpooledTexts b(spool);  // two sequences share one file, their chunks interleaved
  std::vector<std::string> expected_a;
  std::vector<std::string> expected_b;
  for (int i = 0; i < 20000; ++i) {
    expected_a.push_back(i % 7 == 0 ? std::string() : std::to_string(i * 0.5));
    a.add(expected_a.back());
    expected_b.push_back(std::string(static_cast<std::size_t>(i % 13), 'x') + "0" +
                         std::to_string(i));
    b.add(expected_b.back());
  }
  // Joined texts, one longer than a chunk.
  const std::string huge(SpooledTexts::kChunk * 2 + 5, 'h');
  b.add_joined(std::string_view("p\0q\0r\0", 6));
  b.add_joined(huge + std::string(1, '\0'));
  b.add("last");
  for (const char* t : {"p", "q", "r"}) expected_b.emplace_back(t);
  expected_b.push_back(huge);
  expected_b.emplace_back("last");

  std::vector<std::string> got_a;
  a.drain([&](std::string_view t) { got_a.emplace_back(t); });
  CHECK(got_a == expected_a);
  std::vector<std::string> got_b;
  b.drain([&](std::string_view t) { got_b.emplace_back(t); });
  CHECK(got_b.size() == expected_b.size());
  CHECK(got_b == expected_b);
  std::size_t more = 0;
  a.drain([&](std::string_view) { ++more; });
  CHECK(more == 0);
}

TEST_CASE("text spool: a temporary directory that does not exist is an io error naming it") {
  const char* saved = std::getenv("TMPDIR");
  const std::string before = saved != nullptr ? saved : "";
  ::setenv("TMPDIR", "/nonexistent/mlctl-spool", 1);
  try {
    Spool spool;
    FAIL("no error");
  } catch (const mlctl::Error& e) {
    CHECK(e.kind() == mlctl::ErrorKind::io);
    CHECK(e.where().file == "/nonexistent/mlctl-spool");
    CHECK(e.message() == "cannot make a temporary file: No such file or directory");
  }
  if (saved != nullptr) {
    ::setenv("TMPDIR", before.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
}
