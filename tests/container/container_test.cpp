#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "common/error.hpp"
#include "container/container.hpp"
#include "container/craft.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::container::Array;
using mlctl::container::Container;
using nlohmann::json;
namespace mf = mlctl::container;

namespace {

Container sample() {
  Container c;
  c.metadata = {{"kind", "ridge"}, {"features", {"age", "fare"}}, {"alpha", 0.5}};
  c.arrays["coef"] = Array{{2, 3}, {1.5, -2.25, 0.0, 1e-3, 42.0, -7.0}};
  c.arrays["intercept"] = Array{{2}, {0.125, -0.5}};
  return c;
}

std::uint64_t bits(double v) {
  return std::bit_cast<std::uint64_t>(v);
}

void check_same(const Container& a, const Container& b) {
  CHECK(a.metadata == b.metadata);
  REQUIRE(a.arrays.size() == b.arrays.size());
  for (const auto& [name, array] : a.arrays) {
    CAPTURE(name);
    REQUIRE(b.arrays.count(name) == 1);
    const Array& other = b.arrays.at(name);
    CHECK(array.shape == other.shape);
    REQUIRE(array.values.size() == other.values.size());
    for (std::size_t i = 0; i < array.values.size(); ++i) {
      CHECK(bits(array.values[i]) == bits(other.values[i]));
    }
  }
}

std::string serialize_error(const Container& c) {
  try {
    (void)mf::serialize(c);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::internal);
    return e.what();
  }
  FAIL("serialize accepted an invalid container");
  return {};
}

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(MLCTL_FIXTURE_DIR) + "/container/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

TEST_CASE("container: round trip keeps metadata, shapes and every value bit for bit") {
  Container c = sample();
  c.arrays["edge"] =
      Array{{8},
            {-0.0, std::numeric_limits<double>::denorm_min(), 2.5e-310, 1e308, -1e308,
             std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(), 0.1}};
  c.arrays["scalar"] = Array{{}, {3.0}};
  c.arrays["empty"] = Array{{0}, {}};
  c.arrays["empty_matrix"] = Array{{3, 0}, {}};
  c.metadata["unicode"] = "Zürich \xe2\x82\xac \"quoted\" \\ back";
  const Container back = mf::parse(mf::serialize(c), "m.mlm");
  check_same(c, back);
  CHECK(back.format_version == "1.1");
  CHECK(std::signbit(back.arrays.at("edge").values[0]));
}

TEST_CASE("container: an empty container round-trips") {
  const Container back = mf::parse(mf::serialize(Container{}), "m.mlm");
  CHECK(back.arrays.empty());
  CHECK(back.metadata == json::object());
}

TEST_CASE("container: serialization is deterministic") {
  CHECK(mf::serialize(sample()) == mf::serialize(sample()));
  // Insertion order of arrays and metadata keys does not matter.
  Container a;
  a.metadata = {{"b", 1}, {"a", 2}};
  a.arrays["z"] = Array{{1}, {1.0}};
  a.arrays["a"] = Array{{1}, {2.0}};
  Container b;
  b.arrays["a"] = Array{{1}, {2.0}};
  b.arrays["z"] = Array{{1}, {1.0}};
  b.metadata["a"] = 2;
  b.metadata["b"] = 1;
  CHECK(mf::serialize(a) == mf::serialize(b));
  // The format_version a container was read with is not written back.
  a.format_version = "1.9";
  CHECK(mf::serialize(a) == mf::serialize(b));
}

TEST_CASE("container: byte layout is safetensors: length, padded JSON header, raw LE float64") {
  const std::string bytes = mf::serialize(sample());
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[i]);
  REQUIRE(8 + n <= bytes.size());
  CHECK((8 + n) % 8 == 0);
  const std::string text = bytes.substr(8, n);
  const std::string data = bytes.substr(8 + n);
  CHECK(text.front() == '{');
  const std::size_t json_end = text.find_last_not_of(' ') + 1;
  CHECK(text[json_end - 1] == '}');
  CHECK(text.size() - json_end < 8);  // only the padding needed for alignment
  const json header = json::parse(text);
  CHECK(header["coef"] == json::parse(R"({"dtype":"F64","shape":[2,3],"data_offsets":[0,48]})"));
  CHECK(header["intercept"] ==
        json::parse(R"({"dtype":"F64","shape":[2],"data_offsets":[48,64]})"));
  const json& meta = header["__metadata__"];
  CHECK(meta.size() == 4);
  CHECK(meta["format"] == "mlctl-model");
  CHECK(meta["format_version"] == "1.1");
  CHECK(meta["mlctl"] == R"({"alpha":0.5,"features":["age","fare"],"kind":"ridge"})");
  const std::string checksum = meta["checksum"];
  CHECK(checksum.size() == 8 + 16);
  CHECK(checksum.rfind("xxh3-64:", 0) == 0);
  // The checksum is defined over the canonical header without it, then the data.
  json without = header;
  without["__metadata__"].erase("checksum");
  CHECK(checksum == "xxh3-64:" + mlctl::to_hex64(mlctl::xxh3_64(without.dump() + data)));
  CHECK(data == mlctl::test::f64_bytes({1.5, -2.25, 0.0, 1e-3, 42.0, -7.0, 0.125, -0.5}));
}

TEST_CASE("container: the checked-in version 1.0 file still reads") {
  // tests/fixtures/container/golden_v1.mlm was written by the 1.0 serializer.
  const std::string golden = read_fixture("golden_v1.mlm");
  const Container c = mf::parse(golden, "golden_v1.mlm");
  check_same(c, sample());
  CHECK(c.format_version == "1.0");
}

TEST_CASE("container: the checked-in version 1.1 file still reads and is still what we write") {
  // tests/fixtures/container/golden_v1_1.mlm was written by this serializer and checked by the
  // independent tests/fixtures/container/read_safetensors.py; if this fails, the format changed.
  const std::string golden = read_fixture("golden_v1_1.mlm");
  check_same(mf::parse(golden, "golden_v1_1.mlm"), sample());
  CHECK(mf::serialize(sample()) == golden);
}

TEST_CASE("container: a newer minor version loads and reports its version") {
  json header = {{"__metadata__", mlctl::test::standard_metadata()},
                 {"w", {{"dtype", "F64"}, {"shape", {1}}, {"data_offsets", {0, 8}}}}};
  header["__metadata__"]["format_version"] = "1.7";
  header["__metadata__"]["added_in_1_7"] = "ignored by 1.0 readers";
  const Container c = mf::parse(mlctl::test::craft(header, mlctl::test::f64_bytes({2.0})), "m");
  CHECK(c.format_version == "1.7");
  CHECK(c.arrays.at("w").values == std::vector<double>{2.0});
}

TEST_CASE("container: serialize refuses containers no file may hold") {
  Container c;
  c.arrays["w"] = Array{{2}, {1.0, std::nan("")}};
  CHECK(serialize_error(c) ==
        "cannot serialize model: array 'w' holds nan at index 1; only finite values are allowed");
  c.arrays["w"] = Array{{1}, {-std::numeric_limits<double>::infinity()}};
  CHECK(serialize_error(c) ==
        "cannot serialize model: array 'w' holds -inf at index 0; only finite values are allowed");
  c.arrays["w"] = Array{{2, 2}, {1.0, 2.0, 3.0}};
  CHECK(serialize_error(c) ==
        "cannot serialize model: array 'w' has shape [2, 2] (4 values) but holds 3 values");
  c.arrays["w"] = Array{{-1}, {}};
  CHECK(serialize_error(c) == "cannot serialize model: array 'w' has a negative dimension");
  c.arrays["w"] = Array{{1LL << 32, 1LL << 32}, {}};
  CHECK(serialize_error(c) == "cannot serialize model: array 'w' has a shape whose size overflows");
  c.arrays.clear();
  c.arrays["__metadata__"] = Array{{}, {1.0}};
  CHECK(serialize_error(c) ==
        "cannot serialize model: '__metadata__' is reserved, not an array name");
  c.arrays.clear();
  c.arrays[""] = Array{{}, {1.0}};
  CHECK(serialize_error(c) == "cannot serialize model: an array has an empty name");
  c.arrays.clear();
  c.metadata = json::array();
  CHECK(serialize_error(c) == "cannot serialize model: the metadata is not a JSON object");
  c.metadata = {{"name", "\xff"}};
  CHECK(serialize_error(c).rfind("cannot serialize model: [json.exception.type_error.316]", 0) ==
        0);
}

TEST_CASE("container: looks_like_model tells our files from CSV and empty input") {
  const std::string bytes = mf::serialize(sample());
  CHECK(mf::looks_like_model(bytes));
  CHECK(mf::looks_like_model(bytes.substr(0, 16)));
  CHECK_FALSE(mf::looks_like_model(""));
  CHECK_FALSE(mf::looks_like_model(bytes.substr(0, 8)));
  CHECK_FALSE(mf::looks_like_model("survived,pclass,sex,age\n1,3,male,22\n"));
  // A header length over safetensors' 100 MB limit.
  CHECK_FALSE(mf::looks_like_model(mlctl::test::le64(100'000'001) + "{}"));
  CHECK(mf::looks_like_model(mlctl::test::le64(100'000'000) + "{}"));
}

TEST_CASE("container: write_file then read_file round-trips through the file system") {
  const auto dir = std::filesystem::temp_directory_path() / "mlctl_container_test_rw";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "model.mlm").string();
  mf::write_file(path, sample());
  check_same(mf::read_file(path), sample());
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++entries;
  CHECK(entries == 1);  // no temporary left behind
  std::filesystem::remove_all(dir);
}
