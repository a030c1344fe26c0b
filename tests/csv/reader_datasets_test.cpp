// The reader on the project's real datasets, checked against pandas.read_csv's view of them.

#include <cmath>
#include <string>

#include <doctest/doctest.h>

#include "csv/reader.hpp"
#include "csv_test_support.hpp"

using mlctl::csv::parse_number;
using mlctl::csv::Reader;
using mlctl::csv::ReaderOptions;
using mlctl::csv::Row;

TEST_CASE("csv data: titanic.csv") {
  for (const std::size_t block : {std::size_t{7}, std::size_t{4096}, ReaderOptions{}.block_size}) {
    CAPTURE(block);
    ReaderOptions options;
    options.block_size = block;
    Reader reader(MLCTL_DATA_DIR "/titanic.csv", options);
    CHECK(reader.header() ==
          std::vector<std::string>{"name", "survived", "sex", "age", "passengerClass"});
    Row row;
    REQUIRE(reader.next(row));
    CHECK(row.line == 2);
    CHECK(row.fields[0] == "Allen, Miss. Elisabeth Walton");
    CHECK(row.fields[1] == "yes");
    CHECK(row.fields[3] == "29");
    std::uint64_t rows = 1, missing_age = 0;
    double age_sum = 29;
    std::string last_name;
    while (reader.next(row)) {
      ++rows;
      CHECK(row.line == rows + 1);  // no line breaks inside fields
      if (reader.is_missing(row.fields[3])) {
        ++missing_age;
      } else {
        const auto age = parse_number(row.fields[3]);
        REQUIRE(age.has_value());
        age_sum += *age;
      }
      last_name = row.fields[0];
    }
    CHECK(rows == 1309);
    CHECK(reader.rows_read() == 1309);
    CHECK(missing_age == 263);  // pandas: t.age.isna().sum()
    CHECK(age_sum == doctest::Approx(31255.666700006).epsilon(1e-12));
    CHECK(last_name == "Zimmerman, Mr. Leo");
    CHECK(reader.bytes_read() == *reader.total_bytes());
  }
}

TEST_CASE("csv data: ames.csv") {
  Reader reader(MLCTL_DATA_DIR "/ames.csv");
  REQUIRE(reader.header().size() == 74);
  CHECK(reader.header().front() == "MS_SubClass");
  CHECK(reader.header()[71] == "Sale_Price");
  CHECK(reader.header().back() == "Latitude");
  Row row;
  std::uint64_t rows = 0, missing = 0;
  double price_sum = 0, longitude_sum = 0;
  while (reader.next(row)) {
    ++rows;
    CHECK(row.line == rows + 1);
    if (rows == 1) CHECK(row.fields[0] == "One_Story_1946_and_Newer_All_Styles");
    if (rows == 2) CHECK(row.fields[11] == "North_Ames");
    for (const auto field : row.fields) missing += reader.is_missing(field) ? 1 : 0;
    price_sum += parse_number(row.fields[71]).value();
    longitude_sum += parse_number(row.fields[72]).value();
  }
  // pandas: shape (2930, 74), no missing values, Sale_Price.sum(), Longitude.sum()
  CHECK(rows == 2930);
  CHECK(missing == 0);
  CHECK(price_sum == 529732456.0);
  CHECK(longitude_sum == doctest::Approx(-274373.6879128).epsilon(1e-12));
}
