// model::to_json / fingerprint_from_json / ancestor_from_json: the one JSON spelling of a data
// fingerprint and a lineage entry.

#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "model/model.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::model::Ancestor;
using mlctl::model::ancestor_from_json;
using mlctl::model::DataFingerprint;
using mlctl::model::fingerprint_from_json;
using mlctl::model::to_json;

namespace {

DataFingerprint sample_fingerprint() {
  return {.source = "data/titanic.csv", .bytes = 61194, .rows = 891, .hash = 0x0123456789abcdefULL};
}

}  // namespace

TEST_CASE("fingerprint json: keys in describe's order, the hash as 16 hex digits") {
  CHECK(to_json(sample_fingerprint()).dump() ==
        R"({"source":"data/titanic.csv","rows":891,"bytes":61194,"xxh3":"0123456789abcdef"})");
}

TEST_CASE("fingerprint json: reads back what it wrote, from either JSON flavour") {
  const DataFingerprint back =
      fingerprint_from_json(nlohmann::json(to_json(sample_fingerprint())), "the fingerprint");
  CHECK(back.source == "data/titanic.csv");
  CHECK(back.bytes == 61194);
  CHECK(back.rows == 891);
  CHECK(back.hash == 0x0123456789abcdefULL);
}

TEST_CASE("fingerprint json: a bad hash is a data error naming the fingerprint") {
  nlohmann::json j = nlohmann::json(to_json(sample_fingerprint()));
  j["xxh3"] = "0123";
  try {
    fingerprint_from_json(j, "the data fingerprint");
    FAIL("accepted a short hash");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    CHECK(e.message() == "the data fingerprint is not a 64-bit hex hash");
  }
  j.erase("rows");
  CHECK_THROWS_AS(fingerprint_from_json(j, "the data fingerprint"), nlohmann::json::exception);
}

TEST_CASE("fingerprint_of: a table's source, size, row count and hash") {
  mlctl::table::Table table;
  table.source = "<stdin>";
  table.lines = {2, 3, 5};
  table.input_bytes = 120;
  table.input_hash = 0xabc;
  const DataFingerprint d = mlctl::model::fingerprint_of(table);
  // Inside a plain (sorted) JSON object, as the audit log and the model file write it.
  CHECK(nlohmann::json(to_json(d)).dump() ==
        R"({"bytes":120,"rows":3,"source":"<stdin>","xxh3":"0000000000000abc"})");
}

TEST_CASE("ancestor json: round trip, keys in describe's order") {
  const Ancestor a{.id = "00000000000000aa",
                   .parent_id = "",
                   .created = "2026-01-01T00:00:00Z",
                   .data = sample_fingerprint(),
                   .forced = true};
  const auto j = to_json(a);
  CHECK(j.dump() == R"({"id":"00000000000000aa","parent_id":"","created":"2026-01-01T00:00:00Z",)"
                    R"("forced":true,"data":{"source":"data/titanic.csv","rows":891,"bytes":61194,)"
                    R"("xxh3":"0123456789abcdef"}})");
  const Ancestor back = ancestor_from_json(nlohmann::json(j));
  CHECK(back.id == a.id);
  CHECK(back.parent_id == a.parent_id);
  CHECK(back.created == a.created);
  CHECK(back.forced);
  CHECK(back.data.hash == a.data.hash);
  nlohmann::json bad = nlohmann::json(j);
  bad["data"]["xxh3"] = "not hex at all!!";
  CHECK_THROWS_WITH_AS(ancestor_from_json(bad),
                       "a lineage data fingerprint is not a 64-bit hex hash", Error);
}
