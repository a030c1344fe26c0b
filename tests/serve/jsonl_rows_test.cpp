#include <doctest/doctest.h>

#include <string>

#include "common/error.hpp"
#include "serve/jsonl_rows.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::Location;
using mlctl::serve::jsonl_rows;

namespace {

// The message (with its location) of the error jsonl_rows throws for `body`.
std::string jsonl_refusal(const std::string& body) {
  try {
    (void)jsonl_rows(body, "<body>");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    return e.what();
  }
  FAIL("no error");
  return {};
}

}  // namespace

TEST_CASE("jsonl rows: one CSV record per object, keys as the header in the order first seen") {
  const auto rows = jsonl_rows(
      "{\"sex\":\"female\",\"age\":29,\"fare\":7.250}\n"
      "{\"age\":null,\"sex\":\"male\",\"fare\":-1e3}\n",
      "<body>");
  CHECK(rows.csv == "sex,age,fare\nfemale,29,7.250\nmale,,-1e3\n");
  CHECK(rows.columns == std::vector<std::string>{"sex", "age", "fare"});
  CHECK(rows.body_line == std::vector<std::uint64_t>{1, 2});
  CHECK(rows.csv_line == std::vector<std::uint64_t>{2, 3});
}

TEST_CASE("jsonl rows: a key first seen late is an empty field of the records before it") {
  const auto rows = jsonl_rows("{\"a\":1}\n{}\n{\"b\":\"x\",\"a\":2}\n{\"c\":3}\n", "<body>");
  CHECK(rows.csv == "a,b,c\n1,,\n\"\",,\n2,x,\n,,3\n");
}

TEST_CASE("jsonl rows: a lone missing field is written quoted, never as a blank line") {
  CHECK(jsonl_rows("{\"a\":null}\n{\"a\":1}\n", "<body>").csv == "a\n\"\"\n1\n");
}

TEST_CASE("jsonl rows: strings quoted where CSV needs it, escapes decoded, booleans as words") {
  const auto rows = jsonl_rows(
      "{\"name\":\"Smith, \\\"Jo\\\"\",\"note\":\"two\\nlines\",\"ok\":true,\"u\":\"\\u00e9\"}\n"
      "{\"name\":\"B\",\"note\":\"\",\"ok\":false,\"u\":\"\"}\n",
      "<body>");
  CHECK(rows.csv ==
        "name,note,ok,u\n\"Smith, \"\"Jo\"\"\",\"two\nlines\",true,\xc3\xa9\nB,,false,\n");
  // The second record starts on CSV line 4: the first one's string holds a line break.
  CHECK(rows.csv_line == std::vector<std::uint64_t>{2, 4});
}

TEST_CASE("jsonl rows: integers, large integers and floats keep their text") {
  CHECK(jsonl_rows("{\"a\":-0,\"b\":18446744073709551615,\"c\":1.50,\"d\":1E+2}", "<body>").csv ==
        "a,b,c,d\n0,18446744073709551615,1.50,1E+2\n");
}

TEST_CASE("jsonl rows: blank lines and CRLF are skipped, lines keep their numbers") {
  const auto rows = jsonl_rows("\r\n{\"a\":1}\r\n  \n\n{\"a\":2}", "<body>");
  CHECK(rows.csv == "a\n1\n2\n");
  CHECK(rows.body_line == std::vector<std::uint64_t>{2, 5});
}

TEST_CASE("jsonl rows: no records, only a header line") {
  const auto rows = jsonl_rows("\n\n", "<body>");
  CHECK(rows.csv == "\n");
  CHECK(rows.body_line.empty());
}

TEST_CASE("jsonl rows: a malformed line is refused with its line number") {
  CHECK(jsonl_refusal("{\"a\":1}\n{\"a\":1x}\n") ==
        "<body>:2:7: not valid JSON: syntax error while parsing object - invalid literal; last "
        "read: '1x'; expected '}'");
  CHECK(jsonl_refusal("{\"a\":1}\n{\"a\":1} 7\n") ==
        "<body>:2:9: not valid JSON: syntax error while parsing value - unexpected number "
        "literal; expected end of input");
  CHECK(jsonl_refusal("{\"a\":1}\n\n[1,2]\n") == "<body>:3: expected a JSON object, got an array");
  CHECK(jsonl_refusal("17\n") == "<body>:1: expected a JSON object, got a single value");
  CHECK(jsonl_refusal("\"x\"\n") == "<body>:1: expected a JSON object, got a single value");
  CHECK(jsonl_refusal("{\"a\":1,\"b\":[1]}") ==
        "<body>:1: key \"b\": expected a number, string or null, got an array");
  CHECK(jsonl_refusal("{\"a\":{\"c\":1}}") ==
        "<body>:1: key \"a\": expected a number, string or null, got an object");
  CHECK(jsonl_refusal("{\"a\":1}\n{\"a\":1,\"a\":2}") == "<body>:2: key \"a\" is given twice");
  CHECK(jsonl_refusal("{\"a\":\"\xff\"}").rfind("<body>:1:7: not valid JSON: ", 0) == 0);
}

TEST_CASE("jsonl rows: a CSV line maps back to the record's line in the body") {
  const auto rows = jsonl_rows("\n{\"a\":\"x\\ny\"}\n{\"a\":1}\n", "<body>");
  CHECK(rows.csv_line == std::vector<std::uint64_t>{2, 4});
  const auto at = [&](std::uint64_t line) {
    const Location where = rows.body_location({"<body>", line, 5}, "<body>");
    CHECK(where.file == "<body>");
    CHECK(where.column == 0);
    return where.line;
  };
  CHECK(at(0) == 0);  // no line: the body as a whole
  CHECK(at(1) == 0);  // the header (a missing column): the body as a whole
  CHECK(at(2) == 2);
  CHECK(at(3) == 2);  // inside the first record's quoted line break
  CHECK(at(4) == 3);
}
