// Every loading rule of docs/model-format.md, one malformed file each. All files here except
// the one under test are valid (crafted with a correct checksum and canonical header), so each
// test reaches exactly the check it names.

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <random>
#include <string>

#include "common/error.hpp"
#include "container/canonical.hpp"
#include "container/container.hpp"
#include "container/craft.hpp"
#include "container/encoding.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::test::craft;
using mlctl::test::f64_bytes;
using mlctl::test::le64;
using nlohmann::json;
namespace mf = mlctl::container;
namespace encoding = mlctl::container::encoding;
using mlctl::container::is_canonical_header;
using mlctl::container::parse_canonical_header;

namespace {

// The message of the Error(model) that parse() throws, or a test failure.
std::string parse_error(const std::string& bytes) {
  try {
    (void)mf::parse(bytes, "m.mlm");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::model);
    CHECK(e.where().file == "m.mlm");
    return e.message();
  }
  FAIL("parse accepted a bad file");
  return {};
}

json entry(json shape, std::uint64_t begin, std::uint64_t end, const char* dtype = "F64") {
  return {{"dtype", dtype}, {"shape", std::move(shape)}, {"data_offsets", {begin, end}}};
}

// A valid header with arrays "a" (2 values) and "b" (1 value).
json two_arrays() {
  return {{"__metadata__", mlctl::test::standard_metadata()},
          {"a", entry({2}, 0, 16)},
          {"b", entry({1}, 16, 24)}};
}
const std::string kThreeValues = f64_bytes({1.0, 2.0, 3.0});

}  // namespace

TEST_CASE("container: the crafted baseline is valid, so each test below isolates one rule") {
  const mf::Container c = mf::parse(craft(two_arrays(), kThreeValues), "m.mlm");
  CHECK(c.arrays.at("a").values == std::vector<double>{1.0, 2.0});
  CHECK(c.arrays.at("b").values == std::vector<double>{3.0});
}

TEST_CASE("container: files that are not models at all") {
  CHECK(parse_error("") == "empty file");
  CHECK(parse_error("survived,pclass\n1,3\n") == "not an mlctl model file");
  CHECK(parse_error("abc") == "not an mlctl model file");
  CHECK(parse_error(le64(2)) == "not an mlctl model file");
  CHECK(parse_error(le64(8) + "[1,2,3] ") == "not an mlctl model file");
  CHECK(parse_error(std::string(64, '\0')) == "not an mlctl model file");
}

TEST_CASE("container: an absurd header length is refused before anything is allocated") {
  CHECK(parse_error(le64(std::uint64_t{1} << 62) + "{}      ") == "not an mlctl model file");
  CHECK(parse_error(le64(100'000'008) + "{}      ") == "not an mlctl model file");
  CHECK(parse_error(le64(~std::uint64_t{0}) + "{}      ") == "not an mlctl model file");
}

TEST_CASE("container: a header length beyond the end of the file") {
  const std::string good = craft(two_arrays(), kThreeValues);
  const std::string longer = le64(good.size()) + good.substr(8);
  CHECK(parse_error(longer) == "truncated file: the header needs " + std::to_string(good.size()) +
                                   " bytes but only " + std::to_string(good.size() - 8) +
                                   " follow");
}

TEST_CASE("container: a header length that does not align the data section") {
  CHECK(parse_error(le64(3) + "{}   ") ==
        "corrupt file: header length 3 does not align the data section");
}

TEST_CASE("container: a header that is not JSON") {
  CHECK(parse_error(mlctl::test::assemble("{not json}", "")) ==
        "the header is not valid JSON (corrupt file?)");
  CHECK(parse_error(mlctl::test::assemble("{\"a\":1}}", "")) ==
        "the header is not valid JSON (corrupt file?)");
}

TEST_CASE("container: safetensors files from other tools") {
  const std::string foreign = "not an mlctl model file (a safetensors file from another tool?)";
  json header = {{"w", entry({1}, 0, 8)}};
  CHECK(parse_error(craft(header, f64_bytes({1.0}))) == foreign);
  header["__metadata__"] = {{"format", "pt"}};
  CHECK(parse_error(craft(header, f64_bytes({1.0}))) == foreign);
  header["__metadata__"] = "mlctl-model";
  CHECK(parse_error(craft(header, f64_bytes({1.0}))) == foreign);
  CHECK(parse_error(craft(json::object(), "")) == foreign);
}

TEST_CASE("container: __metadata__ must map strings to strings") {
  json header = two_arrays();
  header["__metadata__"]["format_version"] = 1.0;
  CHECK(parse_error(craft(header, kThreeValues)) ==
        "corrupt header: __metadata__ entry 'format_version' is not a string");
}

TEST_CASE("container: format versions") {
  json header = two_arrays();
  header["__metadata__"]["format_version"] = "2.0";
  CHECK(parse_error(craft(header, kThreeValues)) ==
        "model format 2.0 is newer than this mlctl supports (it reads 1.x and writes 1.1); "
        "upgrade mlctl");
  header["__metadata__"]["format_version"] = "0.9";
  CHECK(parse_error(craft(header, kThreeValues)) ==
        "model format 0.9 is not supported by this mlctl (1.x)");
  for (const char* bad :
       {"1", "1.", ".1", "1.0.0", "v1.0", "1.-1", "-1.0", "", "1.0 ", "99999999999.0"}) {
    CAPTURE(bad);
    header["__metadata__"]["format_version"] = bad;
    CHECK(parse_error(craft(header, kThreeValues)) ==
          std::string("corrupt header: invalid format_version '") + bad + "'");
  }
  header["__metadata__"].erase("format_version");
  CHECK(parse_error(craft(header, kThreeValues)) == "corrupt header: no format_version");
}

TEST_CASE("container: required metadata entries") {
  json header = two_arrays();
  header["__metadata__"].erase("mlctl");
  CHECK(parse_error(craft(header, kThreeValues)) == "corrupt header: no 'mlctl' in __metadata__");
  // Without a checksum entry (craft adds one only when __metadata__ lacks it: remove after).
  std::string bytes = craft(two_arrays(), kThreeValues);
  json parsed = json::parse(bytes.substr(8, bytes.size() - 8 - 24));
  parsed["__metadata__"].erase("checksum");
  CHECK(parse_error(mlctl::test::assemble(parsed.dump(), kThreeValues)) ==
        "corrupt header: no 'checksum' in __metadata__");
}

TEST_CASE("container: array entries must have exactly the safetensors fields and types") {
  const auto error_for = [](const json& a) {
    json header = two_arrays();
    header["a"] = a;
    return parse_error(craft(header, kThreeValues));
  };
  const std::string fields =
      "corrupt header: array 'a' must have exactly the fields dtype, shape and data_offsets";
  json a = entry({2}, 0, 16);
  a["extra"] = 1;
  CHECK(error_for(a) == fields);
  a = entry({2}, 0, 16);
  a.erase("dtype");
  CHECK(error_for(a) == fields);
  CHECK(error_for(json::array({1, 2})) == fields);
  CHECK(error_for("F64") == fields);
  a = entry({2}, 0, 16);
  a["dtype"] = 64;
  CHECK(error_for(a) == "corrupt header: array 'a' has a dtype that is not a string");
  const std::string shape =
      "corrupt header: array 'a' has a shape that is not a list of non-negative integers";
  CHECK(error_for(entry({-2}, 0, 16)) == shape);
  CHECK(error_for(entry({2.0}, 0, 16)) == shape);
  CHECK(error_for(entry({"2"}, 0, 16)) == shape);
  CHECK(error_for(entry({json::array({2})}, 0, 16)) == shape);
  a = entry({2}, 0, 16);
  a["shape"] = 2;
  CHECK(error_for(a) == "corrupt header: array 'a' has a shape that is not a list");
  const std::string offsets =
      "corrupt header: array 'a' has data_offsets that are not two non-negative integers";
  a["shape"] = {2};
  a["data_offsets"] = {0, 8, 16};
  CHECK(error_for(a) == offsets);
  a["data_offsets"] = {-8, 8};
  CHECK(error_for(a) == offsets);
  a["data_offsets"] = {0.0, 16};
  CHECK(error_for(a) == offsets);
  a["data_offsets"] = "0,16";
  CHECK(error_for(a) == offsets);
}

TEST_CASE("container: only F64 arrays") {
  json header = two_arrays();
  header["a"] = entry({4}, 0, 16, "F32");
  CHECK(parse_error(craft(header, kThreeValues)) ==
        "corrupt header: array 'a' has dtype F32; only F64 is supported");
}

TEST_CASE("container: shapes whose size overflows") {
  json header = two_arrays();
  header["a"] = entry({std::uint64_t{1} << 32, std::uint64_t{1} << 32}, 0, 16);
  CHECK(parse_error(craft(header, kThreeValues)) ==
        "corrupt header: array 'a' has shape [4294967296,4294967296] whose size overflows");
  // A dimension that does not fit std::int64_t, even with a zero elsewhere.
  header["a"] = entry({std::uint64_t{1} << 63, 0}, 0, 0);
  CHECK(parse_error(craft(header, kThreeValues)) ==
        "corrupt header: array 'a' has shape [9223372036854775808,0] whose size overflows");
}

TEST_CASE("container: shape and data_offsets must agree") {
  json header = two_arrays();
  header["a"] = entry({3}, 0, 16);
  CHECK(parse_error(craft(header, kThreeValues)) ==
        "corrupt header: array 'a' has shape [3] (3 values) but data_offsets [0, 16] (16 bytes)");
  header["a"] = entry({2}, 0, 15);
  CHECK(parse_error(craft(header, kThreeValues)) ==
        "corrupt header: array 'a' has shape [2] (2 values) but data_offsets [0, 15] (15 bytes)");
  header["a"] = entry(json::array(), 0, 16);  // a scalar is one value
  CHECK(parse_error(craft(header, kThreeValues)) ==
        "corrupt header: array 'a' has shape [] (1 values) but data_offsets [0, 16] (16 bytes)");
}

TEST_CASE("container: data_offsets reversed or past the end") {
  json header = two_arrays();
  header["a"] = entry({2}, 16, 0);
  CHECK(parse_error(craft(header, kThreeValues)) ==
        "corrupt header: array 'a' has reversed data_offsets [16, 0]");
  header = two_arrays();
  header["b"] = entry({1}, 24, 32);
  CHECK(parse_error(craft(header, kThreeValues)) ==
        "corrupt header: array 'b' has data_offsets [24, 32] past the end of the data (24 bytes)");
  header["b"] = entry({0}, ~std::uint64_t{0}, ~std::uint64_t{0});
  CHECK(parse_error(craft(header, kThreeValues)) ==
        "corrupt header: array 'b' has data_offsets [18446744073709551615, 18446744073709551615] "
        "past the end of the data (24 bytes)");
}

TEST_CASE("container: arrays must tile the data section in name order") {
  json header = two_arrays();
  header["b"] = entry({1}, 8, 16);
  CHECK(parse_error(craft(header, f64_bytes({1.0, 2.0}))) ==
        "corrupt header: array 'b' overlaps array 'a'");
  header = two_arrays();
  header["b"] = entry({1}, 24, 32);
  CHECK(parse_error(craft(header, f64_bytes({1.0, 2.0, 3.0, 4.0}))) ==
        "corrupt header: 8 unused bytes before array 'b'");
  header = two_arrays();
  header["a"] = entry({2}, 8, 24);
  CHECK(parse_error(craft(header, kThreeValues)) ==
        "corrupt header: 8 unused bytes before array 'a'");
  header["b"] = entry({1}, 0, 8);
  CHECK(parse_error(craft(header, kThreeValues)) ==
        "corrupt header: array 'b' is not stored in name order");
  CHECK(parse_error(craft(two_arrays(), kThreeValues + f64_bytes({4.0}))) ==
        "corrupt file: 8 trailing bytes after the last array");
  CHECK(parse_error(craft(two_arrays(), kThreeValues + "x")) ==
        "corrupt file: 1 trailing bytes after the last array");
}

TEST_CASE("container: the header must be in the exact form mlctl writes") {
  json header = two_arrays();
  mlctl::test::add_checksum(header, kThreeValues);
  const std::string canonical = header.dump();
  const std::string expected = "corrupt file: the header is not in the form mlctl writes";
  CHECK(parse_error(mlctl::test::assemble("{ " + canonical.substr(1), kThreeValues)) == expected);
  CHECK(parse_error(mlctl::test::assemble(header.dump(1), kThreeValues)) == expected);
  // Extra padding: 8 more spaces keep the alignment.
  CHECK(parse_error(mlctl::test::assemble(canonical + "        ", kThreeValues)) == expected);
  // Keys out of order.
  std::string reordered = canonical;
  const std::string a = R"("a":{"data_offsets":[0,16],"dtype":"F64","shape":[2]})";
  const std::string b = R"("b":{"data_offsets":[16,24],"dtype":"F64","shape":[1]})";
  const auto at = reordered.find(a + "," + b);
  REQUIRE(at != std::string::npos);
  reordered.replace(at, a.size() + 1 + b.size(), b + "," + a);
  CHECK(parse_error(mlctl::test::assemble(reordered, kThreeValues)) == expected);
}

TEST_CASE("container: checksum") {
  json header = two_arrays();
  header["__metadata__"]["checksum"] = "xxh3-64:0123456789abcdef";
  CHECK(parse_error(craft(header, kThreeValues)) == "checksum mismatch: the file is corrupt");
  for (const char* bad : {"xxh3-64:0123456789ABCDEF", "xxh3-64:0123", "md5:0123456789abcdef",
                          "0123456789abcdef", ""}) {
    CAPTURE(bad);
    header["__metadata__"]["checksum"] = bad;
    CHECK(parse_error(craft(header, kThreeValues)) ==
          std::string("corrupt header: invalid checksum '") + bad + "'");
  }
  // The checksum covers the data: change one value, keep the header.
  const std::string good = craft(two_arrays(), kThreeValues);
  const std::string changed = good.substr(0, good.size() - 8) + f64_bytes({3.5});
  CHECK(parse_error(changed) == "checksum mismatch: the file is corrupt");
  // ... and the metadata.
  header = two_arrays();
  mlctl::test::add_checksum(header, kThreeValues);
  header["__metadata__"]["mlctl"] = R"({"x":1})";
  CHECK(parse_error(mlctl::test::assemble(header.dump(), kThreeValues)) ==
        "checksum mismatch: the file is corrupt");
}

TEST_CASE("container: non-finite values are refused even with a valid checksum") {
  for (double bad :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    CHECK(parse_error(craft(two_arrays(), f64_bytes({1.0, 2.0, bad}))) ==
          "corrupt file: array 'b' holds a non-finite value");
  }
}

TEST_CASE("container: the mlctl metadata must be a JSON object of bounded depth") {
  const auto error_for = [](const std::string& mlctl) {
    json header = two_arrays();
    header["__metadata__"]["mlctl"] = mlctl;
    return parse_error(craft(header, kThreeValues));
  };
  const std::string not_object = "corrupt header: the mlctl metadata is not a JSON object";
  CHECK(error_for("[1]") == not_object);
  CHECK(error_for("{") == not_object);
  CHECK(error_for("") == not_object);
  CHECK(error_for(std::string(65, '[') + std::string(65, ']')) ==
        "corrupt header: the mlctl metadata nests deeper than 64 levels");
  std::string deep_ok = std::string(63, '[') + std::string(63, ']');
  json header = two_arrays();
  header["__metadata__"]["mlctl"] = R"({"a":)" + deep_ok + R"(,"s":"[[[[\"{{"})";
  CHECK(mf::parse(craft(header, kThreeValues), "m.mlm").metadata["s"] == "[[[[\"{{");
}

TEST_CASE("container: read_file names the problem and the file") {
  const std::string dir = std::string(MLCTL_FIXTURE_DIR) + "/container";
  try {
    (void)mf::read_file(dir);
    FAIL("read a directory");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::model);
    CHECK(e.what() == dir + ": not an mlctl model file (it is a directory)");
  }
  try {
    (void)mf::read_file(dir + "/no-such.mlm");
    FAIL("read a missing file");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::io);
    CHECK(e.what() == dir + "/no-such.mlm: cannot open: No such file or directory");
  }
  const std::string csv = std::string(MLCTL_DATA_DIR) + "/penguins.csv";
  REQUIRE(std::filesystem::exists(csv));
  try {
    (void)mf::read_file(csv);
    FAIL("read a CSV file as a model");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::model);
    CHECK(e.what() == csv + ": not an mlctl model file");
  }
}

// ---- The header's byte form and checksum, checked on the text as read ----------------------
// is_canonical_header (container/canonical.hpp) gives the verdict the reader used to get by
// dumping the parsed header and comparing; parse_canonical_header reads the same value
// json::parse does; canonical_content_checksum hashes the text as read, without its checksum
// entry, to the value content_checksum() defines on the parsed header.

namespace {

// dump() with the padding the writer adds.
std::string canonical_padded_dump(const json& value) {
  std::string text = value.dump();
  text.append(mlctl::container::encoding::padding_after(text.size()), ' ');
  return text;
}

// The padded text, after checking that the JSON parser accepts it (the function's precondition).
std::string canonical_parsed_ok(std::string text) {
  const std::string json_part = text.substr(0, text.find_last_not_of(' ') + 1);
  REQUIRE_FALSE(json::parse(json_part, nullptr, false).is_discarded());
  text.append(mlctl::container::encoding::padding_after(text.size()), ' ');
  return text;
}

}  // namespace

TEST_CASE("canonical header: what dump() writes is canonical") {
  json header = {{"__metadata__",
                  {{"checksum", "xxh3-64:0123456789abcdef"},
                   {"format", "mlctl-model"},
                   {"mlctl", R"({"a":[1,2.5,"x\"y"],"b":null,"c":true,"d":false})"}}},
                 {"coef", {{"data_offsets", {0, 16}}, {"dtype", "F64"}, {"shape", {1, 2}}}},
                 {"e", {{"data_offsets", {16, 16}}, {"dtype", "F64"}, {"shape", json::array()}}},
                 {"z", json::object()},
                 {"big", {0, 18446744073709551615ULL, true, false, nullptr}}};
  CHECK(is_canonical_header(canonical_padded_dump(header)));
  CHECK(is_canonical_header(canonical_padded_dump(json::object())));
  // Every byte a string may hold: control characters, quotes, backslashes, DEL, UTF-8.
  std::string every;
  for (int c = 0; c < 0x80; ++c) every.push_back(static_cast<char>(c));
  every += "é€😀/";
  CHECK(is_canonical_header(canonical_padded_dump(json{{every, every}, {"k\x01", {every}}})));
  // Keys ordered as unsigned bytes, as std::map orders them: "\x7f" < "é" (0xc3 0xa9).
  CHECK(is_canonical_header(canonical_padded_dump(json{{"é", 1}, {"\x7f", 2}, {"A", 3}})));
}

TEST_CASE("canonical header: any other spelling of the same JSON is not") {
  const std::string canonical = canonical_padded_dump(json{{"a", {1, 2}}, {"b", "x"}});
  REQUIRE(canonical == R"({"a":[1,2],"b":"x"}     )");
  CHECK(is_canonical_header(canonical));
  for (const char* other : {
           R"({ "a":[1,2],"b":"x"})",  // whitespace between tokens
           R"({"a": [1,2],"b":"x"})", R"({"a":[1, 2],"b":"x"})", R"({"a":[1,2] ,"b":"x"})",
           R"({"b":"x","a":[1,2]})",            // keys out of order
           R"({"a":[1,2],"a":[1,2],"b":"x"})",  // a duplicate key (the parser keeps one)
           R"({"a":[1,2],"b":"\u0078"})",       // an escape dump() does not write
           R"({"a":[1,2],"b":"\/"})",
           R"({"a":[1,2],"b":"x\u000a"})",  // \n has a short form
           R"({"a":[1,2],"b":"x\u001F"})",  // uppercase hex
           R"({"a":[1.0,2],"b":"x"})",      // a float where dump() writes 1.0 otherwise
           R"({"a":[1e0,2],"b":"x"})",
           R"({"a":[-1,2],"b":"x"})",                    // not an unsigned integer
           R"({"a":[18446744073709551616,2],"b":"x"})",  // past 64 bits: a float
       }) {
    CAPTURE(other);
    CHECK_FALSE(is_canonical_header(canonical_parsed_ok(other)));
  }
  // The one escape dump() writes for a control character without a short form.
  CHECK(is_canonical_header(canonical_parsed_ok(R"({"a":[1,2],"b":"x\u001f"})")));
  // Padding: exactly the spaces that align the data section.
  CHECK_FALSE(is_canonical_header(canonical + "        "));
  CHECK_FALSE(is_canonical_header(canonical.substr(0, canonical.size() - 1)));
  CHECK_FALSE(is_canonical_header(canonical.substr(0, canonical.size() - 1) + "\n"));
  CHECK_FALSE(is_canonical_header(" " + canonical.substr(0, canonical.size() - 1)));
  CHECK_FALSE(is_canonical_header(""));
}

TEST_CASE("canonical header: nesting is bounded") {
  json deep = json::array();
  for (int i = 0; i < mlctl::container::kMaxCanonicalDepth - 1; ++i) deep = json::array({deep});
  CHECK(is_canonical_header(canonical_padded_dump(deep)));
  CHECK_FALSE(is_canonical_header(canonical_padded_dump(json::array({deep}))));
}

TEST_CASE("canonical header: parse_canonical_header reads what json::parse reads") {
  std::string every;
  for (int c = 0; c < 0x80; ++c) every.push_back(static_cast<char>(c));
  every += "é€😀";
  const json header = {
      {"__metadata__", {{"checksum", "xxh3-64:0123456789abcdef"}, {"mlctl", every}}},
      {"coef", {{"data_offsets", {0, 18446744073709551615ULL}}, {"dtype", "F64"}, {"shape", {}}}},
      {every, {true, false, nullptr, json::object(), json::array(), 0}}};
  const std::optional<json> read = parse_canonical_header(canonical_padded_dump(header));
  REQUIRE(read.has_value());
  CHECK(*read == header);
  CHECK(read->dump() == header.dump());  // the same types too (unsigned numbers)
  CHECK(read->at("coef").at("data_offsets")[1].is_number_unsigned());
  // Not canonical, or not JSON the parser accepts: nullopt.
  CHECK_FALSE(parse_canonical_header(canonical_parsed_ok(R"({"a": 1})")).has_value());
  CHECK_FALSE(parse_canonical_header(R"({"a":1}                 )").has_value());
  for (const char* bad_utf8 :
       {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\x80"}) {
    CAPTURE(bad_utf8);
    std::string text = std::string(R"({"a":")") + bad_utf8 + "\"}";
    REQUIRE(json::parse(text, nullptr, false).is_discarded());
    text.append(mlctl::container::encoding::padding_after(text.size()), ' ');
    CHECK_FALSE(parse_canonical_header(text).has_value());
    CHECK_FALSE(is_canonical_header(text));
  }
}

TEST_CASE("canonical_content_checksum equals content_checksum wherever the entry sits") {
  const std::string data = "\x01\x02\x03\x04\x05\x06\x07\x08";
  const std::string stored = "xxh3-64:0123456789abcdef";
  // The entry first (as the writer puts it), between two entries, and last.
  for (const json& metadata :
       {json{{"checksum", stored}, {"format", "mlctl-model"}},
        json{{"a", "1"}, {"checksum", stored}, {"format", "m"}},
        json{{"a", "1"}, {"checksum", stored}}, json{{"checksum", stored}}}) {
    CAPTURE(metadata.dump());
    const json header = {
        {"__metadata__", metadata},
        {"coef", {{"data_offsets", {0, 8}}, {"dtype", "F64"}, {"shape", {1}}}},
        // A string that spells the entry inside it, escaped: not the entry.
        {"A", {{"data_offsets", {0, 0}}, {"dtype", R"("checksum":"x")"}, {"shape", {0}}}}};
    const std::optional<std::uint64_t> sum =
        encoding::canonical_content_checksum(header.dump(), stored, data);
    REQUIRE(sum.has_value());
    CHECK(*sum == encoding::content_checksum(header, data));
    CHECK(encoding::canonical_content_checksum(header.dump(), stored, data + "x") != sum);
  }
}

TEST_CASE("canonical_content_checksum without the entry is nullopt") {
  const json header = {{"__metadata__", {{"format", "mlctl-model"}}}};
  CHECK_FALSE(encoding::canonical_content_checksum(header.dump(), "xxh3-64:0123456789abcdef", "")
                  .has_value());
  const json other = {{"__metadata__", {{"checksum", "xxh3-64:0000000000000000"}}}};
  CHECK_FALSE(encoding::canonical_content_checksum(other.dump(), "xxh3-64:0123456789abcdef", "")
                  .has_value());
}

TEST_CASE("parse_dumped_json reads dump()'s output as json::parse does") {
  using mlctl::container::parse_dumped_json;
  // Doubles of every magnitude, by their bits: both readers must give the same bits.
  std::mt19937_64 bits(16);
  json numbers = json::array();
  while (numbers.size() < 2000) {
    const double value = std::bit_cast<double>(bits());
    if (std::isfinite(value)) numbers.push_back(value);
  }
  for (const double value : {0.0, -0.0, 0.1, 1e308, -1e-308, 5e-324, 2.2250738585072014e-308}) {
    numbers.push_back(value);
  }
  const json document = {{"numbers", numbers},
                         {"integers",
                          {0, -1, std::numeric_limits<std::int64_t>::min(),
                           std::numeric_limits<std::uint64_t>::max()}},
                         {"strings", {"a\"b\\c\n", "é"}},
                         {"nested", {{"x", {{"y", json::array()}}}, {"z", nullptr}, {"t", true}}}};
  const std::string text = document.dump();
  const json expected = json::parse(text);
  const std::optional<json> read = parse_dumped_json(text);
  REQUIRE(read.has_value());
  CHECK(*read == expected);
  CHECK(read->dump() == expected.dump());
  const auto& read_numbers = read->at("numbers");
  const auto& expected_numbers = expected.at("numbers");
  REQUIRE(read_numbers.size() == expected_numbers.size());
  std::size_t different = 0;
  for (std::size_t i = 0; i < read_numbers.size(); ++i) {
    different += std::bit_cast<std::uint64_t>(read_numbers[i].get<double>()) !=
                 std::bit_cast<std::uint64_t>(expected_numbers[i].get<double>());
  }
  CHECK(different == 0);
  // The integer types json::parse gives: unsigned without '-', signed with it.
  CHECK(read->at("integers")[0].is_number_unsigned());
  CHECK(read->at("integers")[1].is_number_integer());
  CHECK_FALSE(read->at("integers")[1].is_number_unsigned());
  CHECK(parse_dumped_json("-0")->is_number_integer());
  CHECK(parse_dumped_json("-0.0")->is_number_float());
  CHECK(std::signbit(parse_dumped_json("-0.0")->get<double>()));
  CHECK(parse_dumped_json("1E2")->get<double>() == 100.0);
  CHECK(parse_dumped_json("1e+2")->get<double>() == 100.0);
}

TEST_CASE("parse_dumped_json leaves every other text to json::parse") {
  using mlctl::container::parse_dumped_json;
  for (const char* other :
       {R"({"a": 1})", R"({"b":1,"a":2})", R"({"a":1,"a":2})", R"({"a":"\u0041"})", "1 ",
        "18446744073709551616",  // json::parse reads it as a double
        "-9223372036854775809",  // likewise
        "1e400", "01", "1.", ".5", "+1", "1e", "-", "nul", "[1,]", "{\"a\"}", "", "\"\xff\""}) {
    CAPTURE(other);
    CHECK_FALSE(parse_dumped_json(other).has_value());
  }
}
