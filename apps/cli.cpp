#include "cli.hpp"

namespace mlctl::cli {

void set_examples(CLI::App& app, const std::string& examples) {
  app.footer("\nExamples:\n" + examples);
}

}  // namespace mlctl::cli
