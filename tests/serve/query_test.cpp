#include <doctest/doctest.h>

#include "common/error.hpp"
#include "serve/query.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::serve::parse_predict_query;
using Params = std::vector<std::pair<std::string, std::string>>;

namespace {

std::string refusal(const Params& params) {
  try {
    (void)parse_predict_query(params);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    return e.message();
  }
  FAIL("no error");
  return {};
}

}  // namespace

TEST_CASE("predict query: no parameters are predict's defaults") {
  const auto q = parse_predict_query({});
  CHECK(q.model.empty());
  CHECK(q.keep.empty());
  CHECK_FALSE(q.proba);
  CHECK(q.interval == 0.0);
  CHECK(q.explain == 0);
  CHECK_FALSE(q.jsonl);
}

TEST_CASE("predict query: each parameter sets what predict's flag of that name does") {
  const auto q = parse_predict_query({{"model", "titanic"},
                                      {"keep", "name"},
                                      {"keep", "a,b"},
                                      {"proba", "1"},
                                      {"interval", "0.9"},
                                      {"explain", "3"},
                                      {"format", "jsonl"}});
  CHECK(q.model == "titanic");
  CHECK(q.keep == std::vector<std::string>{"name", "a,b"});
  CHECK(q.proba);
  CHECK(q.interval == 0.9);
  CHECK(q.explain == 3);
  CHECK(q.jsonl);
  CHECK(parse_predict_query({{"proba", "true"}}).proba);
  CHECK(parse_predict_query({{"proba", ""}}).proba);
  CHECK_FALSE(parse_predict_query({{"proba", "0"}}).proba);
  CHECK_FALSE(parse_predict_query({{"format", "csv"}}).jsonl);
}

TEST_CASE("predict query: bad values and unknown names are refused by name") {
  CHECK(refusal({{"proba", "yes"}}) ==
        "query parameter proba: expected 1, true, 0 or false, got \"yes\"");
  CHECK(refusal({{"interval", "1.5"}}) ==
        "query parameter interval: expected a coverage between 0 and 1, got \"1.5\"");
  CHECK(refusal({{"interval", "0.9x"}}) ==
        "query parameter interval: expected a coverage between 0 and 1, got \"0.9x\"");
  CHECK(refusal({{"explain", "0"}}) ==
        "query parameter explain: expected a whole number from 1 to 100000, got \"0\"");
  CHECK(refusal({{"format", "json"}}) ==
        "query parameter format: expected csv or jsonl, got \"json\"");
  CHECK(refusal({{"model", ""}}) == "query parameter model: expected a model name, got \"\"");
  CHECK(refusal({{"probability", "1"}}) ==
        "unknown query parameter \"probability\" (known: model, keep, proba, interval, explain, "
        "format)");
  CHECK(refusal({{"proba", "1"}, {"proba", "0"}}) == "query parameter proba is given twice");
}

TEST_CASE("predict query: from the URL's query string, percent-decoded, in order") {
  using mlctl::serve::query_of_target;
  CHECK(query_of_target("/predict").empty());
  CHECK(query_of_target("/predict?").empty());
  const Params expected = {{"proba", "1"}, {"keep", "a b"}, {"keep", "x,y&z"}, {"flag", ""}};
  CHECK(query_of_target("/predict?proba=1&keep=a+b&keep=x%2Cy%26z&&flag") == expected);
  try {
    (void)query_of_target("/predict?keep=%2");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.message() == "bad percent escape in the query string: \"%2\"");
  }
  try {
    (void)query_of_target("/predict?keep=%zz");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.message() == "bad percent escape in the query string: \"%zz\"");
  }
}
