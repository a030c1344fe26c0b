// The CSV dialect: quoting, line endings, BOM, blank lines, delimiters. Every case is read at
// block sizes 1, 2, 3, 7 and the default, so that each construct straddles reads.

#include <string>

#include <doctest/doctest.h>

#include "csv/reader.hpp"
#include "csv_test_support.hpp"

using mlctl::csv::ReaderOptions;
using mlctl::csv::testing::check_parse;
using mlctl::csv::testing::Parsed;
using Rows = std::vector<std::vector<std::string>>;

TEST_CASE("csv: plain records with LF line ends") {
  check_parse("a,b,c\n1,2,3\n4,5,6\n",
              {{"a", "b", "c"}, Rows{{"1", "2", "3"}, {"4", "5", "6"}}, {2, 3}});
}

TEST_CASE("csv: CRLF, lone CR and mixed line ends (a CRLF is one line)") {
  check_parse("a,b\r\n1,2\r\n3,4\r\n", {{"a", "b"}, Rows{{"1", "2"}, {"3", "4"}}, {2, 3}});
  check_parse("a,b\r1,2\r3,4\r", {{"a", "b"}, Rows{{"1", "2"}, {"3", "4"}}, {2, 3}});
  check_parse("a,b\n1,2\r\n3,4\r5,6",
              {{"a", "b"}, Rows{{"1", "2"}, {"3", "4"}, {"5", "6"}}, {2, 3, 4}});
}

TEST_CASE("csv: no trailing empty record, with or without a final line break") {
  check_parse("a\n1\n", {{"a"}, Rows{{"1"}}, {2}});
  check_parse("a\n1", {{"a"}, Rows{{"1"}}, {2}});
  check_parse("a\r\n1\r\n", {{"a"}, Rows{{"1"}}, {2}});
  check_parse("a,b\n1,2", {{"a", "b"}, Rows{{"1", "2"}}, {2}});
}

TEST_CASE("csv: a header alone gives no rows") {
  check_parse("a,b\n", {{"a", "b"}, Rows{}, {}});
  check_parse("a,b", {{"a", "b"}, Rows{}, {}});
}

TEST_CASE("csv: empty fields, including a last field ended by the end of the input") {
  check_parse("a,b,c\n,,\n1,,\n,,3\n",
              {{"a", "b", "c"}, Rows{{"", "", ""}, {"1", "", ""}, {"", "", "3"}}, {2, 3, 4}});
  check_parse("a,b\n1,", {{"a", "b"}, Rows{{"1", ""}}, {2}});
}

TEST_CASE("csv: quoted fields hold delimiters, doubled quotes and line breaks") {
  check_parse("name,n\n\"Allen, Miss\",1\n\"say \"\"hi\"\"\",2\n\"\"\"\",3\n\"\",4\n",
              {{"name", "n"},
               Rows{{"Allen, Miss", "1"}, {"say \"hi\"", "2"}, {"\"", "3"}, {"", "4"}},
               {2, 3, 4, 5}});
  check_parse("a,b\n\"line 1\nline 2\",x\n\"3\r\n4\r5\",y\nz,\"\"\"q\"\"\n\"\"\"\n",
              {{"a", "b"},
               Rows{{"line 1\nline 2", "x"}, {"3\r\n4\r5", "y"}, {"z", "\"q\"\n\""}},
               {2, 4, 7}});
}

TEST_CASE("csv: several fields of a record unescape several doubled quotes each") {
  // Pairs at the start, the end, side by side and apart, in the header and in two records.
  check_parse(
      "\"\"\"a\"\"\",b,\"c\"\"\"\"d\"\n"
      "\"\"\"\"\"\",\"x\"\"y\"\"z\",\"1 \"\"2\"\" 3 \"\"4\"\"\"\n"
      "plain,\"no pairs\",\"\"\"\"\"\"\"\"\n",
      {{"\"a\"", "b", "c\"\"d"},
       Rows{{"\"\"", "x\"y\"z", "1 \"2\" 3 \"4\""}, {"plain", "no pairs", "\"\"\""}},
       {2, 3}});
}

TEST_CASE("csv: a quoted last field at the end of the input, with no line break") {
  check_parse("a,b\n1,\"x,y\"", {{"a", "b"}, Rows{{"1", "x,y"}}, {2}});
  check_parse("a,b\n1,\"x\"\"\"", {{"a", "b"}, Rows{{"1", "x\""}}, {2}});
}

TEST_CASE("csv: a quote inside an unquoted field is an ordinary character") {
  check_parse("h,w\n5'10\",x\"y\"\n", {{"h", "w"}, Rows{{"5'10\"", "x\"y\""}}, {2}});
}

TEST_CASE("csv: quoted header names, and line breaks in the header move the first record's line") {
  check_parse("\"first\nname\",\"a,b\",\"say \"\"x\"\"\"\n1,2,3\n",
              {{"first\nname", "a,b", "say \"x\""}, Rows{{"1", "2", "3"}}, {3}});
}

TEST_CASE("csv: a UTF-8 byte order mark before the header is skipped") {
  check_parse(
      "\xEF\xBB\xBF"
      "a,b\n1,2\n",
      {{"a", "b"}, Rows{{"1", "2"}}, {2}});
  check_parse("\xEF\xBB\xBF\n\"a\",b\n1,2\n", {{"a", "b"}, Rows{{"1", "2"}}, {3}});
  // Only at the very start: elsewhere it is data.
  check_parse("a\n\xEF\xBB\xBFx\n", {{"a"}, Rows{{"\xEF\xBB\xBFx"}}, {2}});
}

TEST_CASE("csv: completely blank lines are skipped but counted") {
  check_parse("\n\r\na,b\n\n1,2\r\n\r\n\r3,4\n\n\n",
              {{"a", "b"}, Rows{{"1", "2"}, {"3", "4"}}, {5, 8}});
  // A line of spaces is not blank: it is a field.
  check_parse("a\n \n", {{"a"}, Rows{{" "}}, {2}});
  // In a one-column file a blank line is still skipped; "" writes an empty value.
  check_parse("a\n1\n\n\"\"\n2\n", {{"a"}, Rows{{"1"}, {""}, {"2"}}, {2, 4, 5}});
}

TEST_CASE("csv: spaces around fields are kept") {
  check_parse("a, b\n 1 ,2 \n", {{"a", " b"}, Rows{{" 1 ", "2 "}}, {2}});
}

TEST_CASE("csv: delimiter on auto is a tab for .tsv and .tab files, else a comma") {
  const Parsed tabbed{{"a", "b,c"}, Rows{{"1", "2,3"}}, {2}};
  check_parse("a\tb,c\n1\t2,3\n", tabbed, {}, "data.tsv");
  check_parse("a\tb,c\n1\t2,3\n", tabbed, {}, "data.tab");
  check_parse("a\tb,c\n1\t2,3\n", tabbed, {}, "DATA.TSV");
  check_parse("a\tb,c\n1\t2,3\n", {{"a\tb", "c"}, Rows{{"1\t2", "3"}}, {2}}, {}, "data.txt");
  mlctl::csv::testing::TempFile tsv("a\tb\n1\t2\n", "x.tsv");
  CHECK(mlctl::csv::Reader(tsv.path()).delimiter() == '\t');
  mlctl::csv::testing::TempFile csv("a,b\n1,2\n", "x.csv");
  CHECK(mlctl::csv::Reader(csv.path()).delimiter() == ',');
}

TEST_CASE("csv: an explicit delimiter wins over the file name") {
  ReaderOptions semicolon;
  semicolon.delimiter = ';';
  check_parse("a;b\n1,5;\"x;y\"\n", {{"a", "b"}, Rows{{"1,5", "x;y"}}, {2}}, semicolon, "data.tsv");
  ReaderOptions tab;
  tab.delimiter = '\t';
  check_parse("a\tb\n1\t\"2\t3\"\n", {{"a", "b"}, Rows{{"1", "2\t3"}}, {2}}, tab);
}

TEST_CASE("csv: a record and a field longer than the block") {
  const std::string big(5000, 'x');
  const std::string quoted_big = std::string(2000, 'q') + "\"\"" + std::string(2000, '\n');
  const std::string content = "a,b\n" + big + ",1\n\"" + quoted_big + "\",2\n3,4\n";
  const std::string unescaped = std::string(2000, 'q') + "\"" + std::string(2000, '\n');
  check_parse(content, {{"a", "b"}, Rows{{big, "1"}, {unescaped, "2"}, {"3", "4"}}, {2, 3, 2004}});
  ReaderOptions block16;
  block16.block_size = 16;
  const std::string huge(300000, 'y');
  const mlctl::csv::testing::TempFile file("a\n" + huge + "\nz\n");
  const auto parsed = mlctl::csv::testing::read_all(file.path(), block16);
  CHECK(parsed.rows == Rows{{huge}, {"z"}});
}
