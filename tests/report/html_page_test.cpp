// The HTML reports' frame: a page, cards and key-value tables, with every text escaped.

#include <doctest/doctest.h>

#include "common/version.hpp"
#include "report/html_page.hpp"
#include "report/xml_check.hpp"

using namespace mlctl::report;

TEST_CASE("html_card and key_values escape their text, not their content") {
  CHECK(html_card("a<b", "<svg/>") == "<div class=\"card\"><h3>a&lt;b</h3><svg/></div>\n");
  CHECK(key_values({{"k&", "<v>"}, {"n", "1"}}) ==
        "<table><tr><th>k&amp;</th><td>&lt;v&gt;</td></tr><tr><th>n</th><td>1</td></tr></table>");
  CHECK(key_values({}) == "<table></table>");
  CHECK(testing::xml_error(html_card("t", key_values({{"a", "b"}}))) == "");
}

TEST_CASE("short_number: 4 significant digits") {
  CHECK(short_number(0.41723) == "0.4172");
  CHECK(short_number(12345.6) == "1.235e+04");
  CHECK(short_number(2) == "2");
}

TEST_CASE("html_page: one self-contained page, title and subtitle escaped") {
  const std::string page = html_page("Model <x>", "a & b", "<h2>body</h2>\n");
  CHECK(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n", 0) == 0);
  CHECK(page.find("<title>Model &lt;x&gt;</title>") != std::string::npos);
  CHECK(page.find("<header><h1>Model &lt;x&gt;</h1><p>a &amp; b</p></header>\n<main>\n"
                  "<h2>body</h2>\n</main>\n") != std::string::npos);
  CHECK(page.find(std::string("written by mlctl ") + mlctl::kVersion + "</footer>") !=
        std::string::npos);
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("http") == std::string::npos);  // nothing fetched from anywhere
  CHECK(page.substr(page.size() - 8) == "</html>\n");
}
