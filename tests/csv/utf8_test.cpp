#include <doctest/doctest.h>

#include "csv/utf8.hpp"

using mlctl::csv::is_valid_utf8;

TEST_CASE("utf8: well-formed text passes") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("caf\xC3\xA9"));       // U+00E9
  CHECK(is_valid_utf8("\xE2\x82\xAC"));      // U+20AC
  CHECK(is_valid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  CHECK(is_valid_utf8("\xF0\x9F\x90\xA7"));  // U+1F427
  CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST_CASE("utf8: malformed text fails") {
  CHECK_FALSE(is_valid_utf8("\xE9"));                  // Latin-1
  CHECK_FALSE(is_valid_utf8("\x80"));                  // a lone continuation byte
  CHECK_FALSE(is_valid_utf8("\xC3"));                  // truncated
  CHECK_FALSE(is_valid_utf8("\xE2\x82"));              // truncated
  CHECK_FALSE(is_valid_utf8("\xC3\x28"));              // bad continuation
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));              // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));          // overlong
  CHECK_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));      // overlong
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));          // U+D800, a surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));      // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80"));  // 5-byte form
  CHECK_FALSE(is_valid_utf8("\xFF"));
}
