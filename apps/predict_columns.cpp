#include "predict_columns.hpp"

#include <algorithm>

#include "column_list.hpp"
#include "common/error.hpp"
#include "common/near_match.hpp"
#include "predict_rows.hpp"

namespace mlctl::cli {

Columns output_columns(const model::Model& m, const ColumnChoice& choice,
                       const std::vector<std::string>& header, const std::string& source) {
  Columns c;
  for (const auto& name : column_names(choice.keep, header)) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      throw Error(ErrorKind::usage,
                  fmt::format("--keep: no column named \"{}\"{}", name, did_you_mean(name, header)),
                  {source, 1});
    }
    c.keep.push_back(static_cast<std::size_t>(it - header.begin()));
    c.keep_names.push_back(name);
  }
  c.names.push_back("prediction");
  if (choice.proba) {
    if (!m.is_classifier()) {
      throw Error(ErrorKind::usage, "--proba needs a classification (logistic) model");
    }
    for (const auto& cls : m.classes) c.names.push_back("proba_" + cls);
  }
  if (choice.interval > 0.0) {
    c.names.push_back("lower");
    c.names.push_back("upper");
  }
  if (choice.explain > 0) {
    c.names.push_back("score");
    for (int k = 1; k <= choice.explain; ++k) {
      c.names.push_back(fmt::format("feature_{}", k));
      c.names.push_back(fmt::format("contribution_{}", k));
    }
  }
  return c;
}

void append_header(fmt::memory_buffer& text, const Columns& columns) {
  bool first = true;
  for (const auto* names : {&columns.keep_names, &columns.names}) {
    for (const auto& name : *names) {
      if (!first) text.push_back(',');
      append_csv_field(text, name);
      first = false;
    }
  }
  text.push_back('\n');
}

}  // namespace mlctl::cli
