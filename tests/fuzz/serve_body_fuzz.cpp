// mlctl serve's request bodies, through the functions the server calls for them (no sockets):
// a CSV body (predict_body), a JSON Lines body (predict_jsonl_body, serve/jsonl_rows.hpp) and
// an Open Inference Protocol infer request (v2_infer), with a valid model (MLCTL_FUZZ_MODEL, a
// small logistic model with numeric and one-hot features). The first byte picks the kind of
// body and predict's choices (?proba, ?explain, ?keep); the rest is the body.
//
// Beyond not crashing: the status is one the server documents, an error is one line, and a
// JSON Lines answer has one line per row, each a JSON object. An exception other than a
// refusal (Error) would be a 500 from the server, and aborts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "model/model_file.hpp"
#include "serve_predict.hpp"
#include "serve_v2.hpp"

namespace {

const mlctl::model::Model& fuzz_model() {
  static const mlctl::model::Model model = mlctl::model::load(MLCTL_FUZZ_MODEL);
  return model;
}

void check(bool ok) {
  if (!ok) std::abort();
}

void check_reply(const mlctl::cli::PredictReply& reply, bool jsonl) {
  if (reply.status != 200) {
    check(reply.status == 400 || reply.status == 422);
    // One line: the message and its newline.
    check(!reply.body.empty() && reply.body.find('\n') == reply.body.size() - 1);
    return;
  }
  if (!jsonl) return;
  check(static_cast<std::uint64_t>(std::count(reply.body.begin(), reply.body.end(), '\n')) ==
        reply.rows);
  std::string_view rest = reply.body;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    check(nlohmann::json::parse(rest.substr(0, end)).is_object());
    rest.remove_prefix(end + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& model = fuzz_model();
  const std::uint8_t choice = data[0];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  mlctl::serve::PredictQuery query;
  query.proba = (choice & 4) != 0;
  query.explain = (choice & 8) != 0 ? 2 : 0;
  if ((choice & 16) != 0) query.keep = {"island"};
  query.jsonl = (choice & 32) != 0;
  switch (choice % 4) {
    case 0:
    case 3:
      check_reply(mlctl::cli::predict_body(model, query, body), query.jsonl);
      break;
    case 1:
      check_reply(mlctl::cli::predict_jsonl_body(model, query, body), true);
      break;
    case 2: {
      const auto reply = mlctl::cli::v2_infer("penguins", model, std::string(body));
      check(reply.status == 200 || reply.status == 400 || reply.status == 422);
      (void)reply.body.dump();  // as the server sends it: throws on invalid UTF-8
      break;
    }
  }
  return 0;
}
