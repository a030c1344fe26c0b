#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "csv/csv_test_support.hpp"
#include "csv/data_files.hpp"

namespace mlctl::csv {
namespace {

TEST_CASE("expand_data_paths: patterns sorted in byte order, names kept as given") {
  const testing::TempFile first("x\n1\n", "b.csv");
  const std::string dir = std::filesystem::path(first.path()).parent_path().string();
  std::ofstream(dir + "/B.csv") << "x\n2\n";
  std::ofstream(dir + "/a[1].csv") << "x\n3\n";
  CHECK(is_glob(dir + "/*.csv"));
  CHECK_FALSE(is_glob("data/train.csv"));
  CHECK(expand_data_paths({dir + "/*.csv"}, 1) ==
        std::vector<std::string>{dir + "/B.csv", dir + "/a[1].csv", dir + "/b.csv"});
  CHECK(expand_data_paths({"missing.csv"}, 2) == std::vector<std::string>{"missing.csv"});
  CHECK(expand_data_paths({"-"}, 1) == std::vector<std::string>{"-"});
  CHECK_THROWS_WITH_AS(expand_data_paths({}, 1), "no input file given", Error);
}

TEST_CASE("open_data_files: where each file's records start") {
  const testing::TempFile file("\xEF\xBB\xBF\nx,y\r\n1,2\r\n");
  const DataFiles data = open_data_files({file.path()}, {});
  CHECK(data.header == std::vector<std::string>{"x", "y"});
  REQUIRE(data.files.size() == 1);
  const DataFile& f = data.files[0];
  CHECK(f.data_begin == 8);  // the LF of the header's CRLF, after the CR
  CHECK(f.after_cr);
  CHECK(f.data_line == 3);
  CHECK(f.data_end == 14);
  CHECK(f.splittable);
}

}  // namespace
}  // namespace mlctl::csv
