#pragma once
// The query string of `POST /predict`: the same choices as `mlctl predict`'s flags, by the same
// names (?proba=1, ?interval=0.9, ?explain=3, ?keep=id, ?format=jsonl), plus ?model=NAME.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlctl::serve {

struct PredictQuery {
  std::string model;              // empty: the only model, or the one named by the path
  std::vector<std::string> keep;  // one item per ?keep= given, as predict's --keep values
  bool proba = false;
  double interval = 0.0;  // 0: no interval columns
  int explain = 0;        // 0: no explanation columns
  bool jsonl = false;     // ?format=jsonl
};

// The (name, value) pairs of the query string of `target` (a request line's target: the path,
// then "?" and the query), percent-decoded, "+" read as a space. Only the URL counts: a form
// body (curl's default content type) is never read as parameters. Throws Error(usage) for a
// bad percent escape.
std::vector<std::pair<std::string, std::string>> query_of_target(std::string_view target);

// Parses decoded (name, value) pairs in the order given. Throws Error(usage) naming the
// parameter for an unknown name, a value out of range, or a parameter given twice (except keep).
PredictQuery parse_predict_query(const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace mlctl::serve
