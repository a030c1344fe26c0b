// read_table: type inference, missing values, the relabelling of numbers when a column turns
// categorical, keep-lists, per-row lines; and the Column accessors, on small files and on data/.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "common/hash.hpp"
#include "csv/reader.hpp"
#include "table/table.hpp"
#include "table/table_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::csv::Reader;
using mlctl::csv::ReaderOptions;
using mlctl::csv::testing::TempFile;
using mlctl::table::Column;
using mlctl::table::ColumnType;
using mlctl::table::read_table;
using mlctl::table::Table;
using mlctl::table::testing::dataset;
using mlctl::table::testing::table_of;
using mlctl::table::testing::texts_of;

namespace {

std::vector<std::string> names_of(const Table& t) {
  std::vector<std::string> names;
  for (const auto& c : t.columns) names.push_back(c.name);
  return names;
}

}  // namespace

TEST_CASE("table: a column of numbers is numeric, one with text is categorical") {
  const Table t = table_of("x,s,mixed\n1,a,2\n2.5,b,-3e2\n-4,a,z\n");
  REQUIRE(t.rows() == 3);
  REQUIRE(names_of(t) == std::vector<std::string>{"x", "s", "mixed"});

  const Column& x = t.column("x");
  CHECK(x.type == ColumnType::numeric);
  CHECK(x.numbers == mlctl::table::Numbers{1.0, 2.5, -4.0});
  CHECK(x.codes.empty());
  CHECK(x.labels.empty());
  CHECK(x.first_non_number.empty());
  CHECK(x.first_non_number_line == 0);

  const Column& s = t.column("s");
  CHECK(s.type == ColumnType::categorical);
  CHECK(s.labels == std::vector<std::string>{"a", "b"});  // order of first appearance
  CHECK(s.codes == mlctl::table::Codes{0, 1, 0});
  CHECK(s.numbers.empty());
  CHECK(s.first_non_number == "a");
  CHECK(s.first_non_number_line == 2);

  const Column& mixed = t.column("mixed");
  CHECK(mixed.type == ColumnType::categorical);
  CHECK(mixed.first_non_number == "z");
  CHECK(mixed.first_non_number_line == 4);

  CHECK(std::string(mlctl::table::to_string(ColumnType::numeric)) == "numeric");
  CHECK(std::string(mlctl::table::to_string(ColumnType::categorical)) == "categorical");
}

TEST_CASE("table: values read as numbers before the first text keep their text as written") {
  // "1.50" and "1e3" come before "abc": they are labels as written, as pandas reads them, and a
  // later "1.5" is a label of its own.
  const Table t = table_of("p,q\n1.50,a\n1e3,b\n,c\nabc,d\n1.5,e\n1.50,f\n-0,g\n");
  const Column& p = t.column("p");
  CHECK(p.type == ColumnType::categorical);
  CHECK(p.numbers.empty());
  CHECK(p.labels == std::vector<std::string>{"1.50", "1e3", "abc", "1.5", "-0"});
  CHECK(p.codes == mlctl::table::Codes{0, 1, -1, 2, 3, 0, 4});
  CHECK(p.first_non_number == "abc");
  CHECK(p.first_non_number_line == 5);
  CHECK(p.missing_count() == 1);
  CHECK(p.distinct_count() == 5);
  CHECK(texts_of(p) == std::vector<std::string>{"1.50", "1e3", "", "abc", "1.5", "1.50", "-0"});
}

TEST_CASE("table: missing values are NaN in numeric columns and -1 in categorical ones") {
  const Table t = table_of("n,c\n1,x\nNA,NA\n,\nnull,y\nN/A,x\nnan,NaN\n3,z\n");
  const Column& n = t.column("n");
  REQUIRE(n.type == ColumnType::numeric);
  REQUIRE(n.numbers.size() == 7);
  CHECK(n.numbers[0] == 1.0);
  for (std::size_t r = 1; r <= 5; ++r) {
    CAPTURE(r);
    CHECK(std::isnan(n.numbers[r]));
    CHECK(n.is_missing(r));
  }
  CHECK(n.numbers[6] == 3.0);
  CHECK_FALSE(n.is_missing(0));
  CHECK(n.missing_count() == 5);
  CHECK(n.distinct_count() == 2);

  const Column& c = t.column("c");
  REQUIRE(c.type == ColumnType::categorical);
  CHECK(c.codes == mlctl::table::Codes{0, -1, -1, 1, 0, -1, 2});
  CHECK(c.labels == std::vector<std::string>{"x", "y", "z"});
  CHECK(c.missing_count() == 3);
  CHECK(c.distinct_count() == 3);
  CHECK(c.is_missing(1));
  CHECK_FALSE(c.is_missing(0));
  CHECK(c.first_non_number == "x");
  CHECK(c.first_non_number_line == 2);
}

TEST_CASE("table: extra missing-value tokens from the reader options apply") {
  const TempFile file("n\n1\n-999\n2\n");
  ReaderOptions options;
  options.extra_na = {"-999"};
  Reader reader(file.path(), options);
  const Table t = read_table(reader);
  const Column& n = t.column("n");
  CHECK(n.type == ColumnType::numeric);
  CHECK(n.missing_count() == 1);
  CHECK(std::isnan(n.numbers[1]));
}

TEST_CASE("table: a column where every value is missing stays numeric") {
  const Table t = table_of("a,b\n1,\n2,NA\n");
  const Column& b = t.column("b");
  CHECK(b.type == ColumnType::numeric);
  CHECK(b.missing_count() == 2);
  CHECK(b.distinct_count() == 0);
  CHECK(texts_of(b) == std::vector<std::string>{"", ""});
}

TEST_CASE("table: distinct_count counts -0 and 0 as one value and ignores missing ones") {
  const Table t = table_of("v\n0\n-0\n0.0\n1\n1.0\nNA\n-0.0\n2\n");
  const Column& v = t.column("v");
  REQUIRE(v.type == ColumnType::numeric);
  CHECK(v.distinct_count() == 3);
  CHECK(v.missing_count() == 1);
  CHECK(std::signbit(v.numbers[1]));
}

TEST_CASE("table: text() gives numbers in shortest round-trip form and labels as read") {
  const Table t = table_of("n,c\n1.50,\"a, b\"\n0.1,NA\n-0,c\n1e21,a\n123456789012,c\n,d\n");
  CHECK(texts_of(t.column("n")) ==
        std::vector<std::string>{"1.5", "0.1", "-0", "1e+21", "123456789012", ""});
  CHECK(texts_of(t.column("c")) == std::vector<std::string>{"a, b", "", "c", "a", "c", "d"});
}

TEST_CASE("table: the keep list selects columns in its own order") {
  const TempFile file("a,b,c,d\n1,x,3,4\n5,y,7,8\n");
  Reader reader(file.path());
  const Table t = read_table(reader, {"d", "b", "a"});
  CHECK(names_of(t) == std::vector<std::string>{"d", "b", "a"});
  CHECK(t.column("d").numbers == mlctl::table::Numbers{4.0, 8.0});
  CHECK(t.column("b").labels == std::vector<std::string>{"x", "y"});
  CHECK(t.column("a").numbers == mlctl::table::Numbers{1.0, 5.0});
  CHECK(t.find("c") == nullptr);
  CHECK(t.find("d") == &t.columns[0]);
  CHECK(t.source == file.path());
}

TEST_CASE("table: an unknown column in the keep list is a usage error naming it and the file") {
  const TempFile file("a,b\n1,2\n");
  Reader reader(file.path());
  try {
    (void)read_table(reader, {"a", "zz"});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(e.message() == "no column named \"zz\" in the data");
    CHECK(e.where().file == file.path());
    CHECK(e.where().line == 0);
    CHECK(std::string(e.what()) == file.path() + ": no column named \"zz\" in the data");
  }
}

TEST_CASE("table: Table::column throws a usage error for an unknown name") {
  const TempFile file("a\n1\n");
  Reader reader(file.path());
  const Table t = read_table(reader);
  try {
    (void)t.column("A");  // names are case-sensitive; the hint names the near match
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(e.message() == "no column named \"A\" in the data (did you mean \"a\"?)");
    CHECK(e.where().file == file.path());
  }
}

TEST_CASE("table: lines() holds each row's first CSV line, across blank lines and quoted breaks") {
  const Table t = table_of("a,b\n1,\"x\ny\"\n\n\n2,z\r\n3,\"p\r\nq\"\n4,w\n");
  CHECK(t.lines == mlctl::table::Lines{2, 6, 7, 9});
  CHECK(t.rows() == 4);
  CHECK(t.column("b").labels == std::vector<std::string>{"x\ny", "z", "p\r\nq", "w"});
}

TEST_CASE("table: a header without data rows gives empty numeric columns") {
  const Table t = table_of("a,b\n");
  CHECK(t.rows() == 0);
  REQUIRE(t.columns.size() == 2);
  CHECK(t.columns[0].type == ColumnType::numeric);
  CHECK(t.columns[0].missing_count() == 0);
  CHECK(t.columns[0].distinct_count() == 0);
}

TEST_CASE("table: input bytes and hash are those of the file") {
  const std::string content = "a,b\n1,2\n3,4\n";
  const TempFile file(content);
  ReaderOptions options;
  options.hash_input = true;
  Reader reader(file.path(), options);
  const Table t = read_table(reader);
  CHECK(t.input_bytes == content.size());
  CHECK(t.input_hash == mlctl::xxh3_64(content));
}

TEST_CASE("table: titanic.csv has the types and counts pandas reports") {
  const Table t = dataset("titanic.csv");
  CHECK(t.rows() == 1309);
  CHECK(names_of(t) ==
        std::vector<std::string>{"name", "survived", "sex", "age", "passengerClass"});
  CHECK(t.column("name").type == ColumnType::categorical);
  CHECK(t.column("name").distinct_count() == 1309);
  CHECK(t.column("survived").labels == std::vector<std::string>{"yes", "no"});
  CHECK(t.column("sex").distinct_count() == 2);
  const Column& age = t.column("age");
  CHECK(age.type == ColumnType::numeric);
  CHECK(age.missing_count() == 263);
  CHECK(age.distinct_count() == 98);
  CHECK(age.text(1) == "0.916700006");
  CHECK(t.column("passengerClass").labels == std::vector<std::string>{"1st", "2nd", "3rd"});
  CHECK(t.lines.front() == 2);
  CHECK(t.lines.back() == 1310);
}

TEST_CASE("table: penguins.csv reads NA as missing in numeric and categorical columns") {
  const Table t = dataset("penguins.csv");
  CHECK(t.rows() == 344);
  CHECK(t.column("bill_length_mm").type == ColumnType::numeric);
  CHECK(t.column("bill_length_mm").missing_count() == 2);
  CHECK(t.column("body_mass_g").missing_count() == 2);
  const Column& sex = t.column("sex");
  CHECK(sex.type == ColumnType::categorical);
  CHECK(sex.missing_count() == 11);
  CHECK(sex.labels == std::vector<std::string>{"male", "female"});
  CHECK(t.column("year").type == ColumnType::numeric);
  CHECK(t.column("year").distinct_count() == 3);
}
