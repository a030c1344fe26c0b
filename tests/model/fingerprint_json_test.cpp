// model::to_json: the one JSON spelling of a data fingerprint and a lineage entry (the model file
// reads them back, field by field: tests/model/metadata_test.cpp).

#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "model/model.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::model::Ancestor;
using mlctl::model::DataFingerprint;
using mlctl::model::to_json;

namespace {

DataFingerprint sample_fingerprint() {
  return {.source = "data/titanic.csv",
          .bytes = 61194,
          .rows = 891,
          .hash = 0x0123456789abcdefULL,
          .process_rows = {}};
}

}  // namespace

TEST_CASE("fingerprint json: keys in describe's order, the hash as 16 hex digits") {
  CHECK(to_json(sample_fingerprint()).dump() ==
        R"({"source":"data/titanic.csv","rows":891,"bytes":61194,"xxh3":"0123456789abcdef"})");
}

TEST_CASE("fingerprint json: an MPI job's rows by process, after the hash") {
  DataFingerprint d = sample_fingerprint();
  d.process_rows = {500, 0, 391};
  CHECK(to_json(d).dump() == R"({"source":"data/titanic.csv","rows":891,"bytes":61194,)"
                             R"("xxh3":"0123456789abcdef","process_rows":[500,0,391]})");
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

TEST_CASE("ancestor json: keys in describe's order") {
  const Ancestor a{.id = "00000000000000aa",
                   .parent_id = "",
                   .created = "2026-01-01T00:00:00Z",
                   .data = sample_fingerprint(),
                   .forced = true};
  const auto j = to_json(a);
  CHECK(j.dump() == R"({"id":"00000000000000aa","parent_id":"","created":"2026-01-01T00:00:00Z",)"
                    R"("forced":true,"data":{"source":"data/titanic.csv","rows":891,"bytes":61194,)"
                    R"("xxh3":"0123456789abcdef"}})");
}
