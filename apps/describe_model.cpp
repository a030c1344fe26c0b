#include "describe_model.hpp"

#include "model/model_file.hpp"
#include "report/card_json.hpp"
#include "report/card_text.hpp"

namespace mlctl::cli {

void describe_model(const std::string& path, bool json, Output& out, std::size_t top) {
  const model::Model m = model::load(path);
  if (json) {
    out.write(report::model_card_json(m, path).dump(2));
    out.write("\n");
  } else {
    out.write(report::model_card_text(m, path, top));
  }
}

}  // namespace mlctl::cli
