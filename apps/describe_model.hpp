#pragma once
// `mlctl describe MODEL.mlm`: the model's card (what it predicts, from what, how well, where it
// came from) as text for people or one JSON document for scripts (docs/describe-json.md). The
// card itself is built by the core (report/card_text.hpp, report/card_json.hpp).

#include <cstddef>
#include <string>

#include "output.hpp"

namespace mlctl::cli {

// Loads `path` and writes its card to `out`; the text card lists the `top` largest
// coefficients (0: all of them).
void describe_model(const std::string& path, bool json, Output& out, std::size_t top);

}  // namespace mlctl::cli
