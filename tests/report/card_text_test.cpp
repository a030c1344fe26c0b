// The text card `describe MODEL` prints, exactly, for two small hand-made models.

#include <doctest/doctest.h>

#include "report/card_test_support.hpp"
#include "report/card_text.hpp"

using namespace mlctl;
using namespace mlctl::report;

TEST_CASE("text card: a ridge model held out, with intervals and training statistics") {
  CHECK(model_card_text(testing::small_ridge(), "toy.mlm") ==
        "model        toy.mlm\n"
        "id           00000000000000aa\n"
        "parent       (none: trained from scratch)\n"
        "created      2026-12-06T00:00:00Z by mlctl 0.1.0\n"
        "algorithm    ridge (alpha 1)\n"
        "target       y\n"
        "trained on   toy.csv: 8 rows, 64 bytes, xxh3 0123456789abcdef\n"
        "read with    delimiter ',', decimal '.', header row, missing-value tokens the defaults "
        "only\n"
        "\n"
        "features (2 columns, 4 encoded)\n"
        "  x     numeric: missing -> mean 2.5; standard scaling (center 2.5, scale 1.25)\n"
        "  c     one-hot, 2 categories + missing: a, b\n"
        "\n"
        "coefficients (on the encoded scale, largest first)\n"
        "  feature                 y\n"
        "  intercept              10\n"
        "  x                       2\n"
        "  c=a                  -0.5\n"
        "  c=b                  0.25\n"
        "  c=<missing>             0\n"
        "\n"
        "evaluation   holdout of 2 rows (25.0%, seed 42)\n"
        "  r2               0.5\n"
        "  rmse             1.25\n"
        "  mae              1\n"
        "intervals    split-conformal from 2 held-out residuals (predict --interval)\n"
        "\n"
        "training data statistics (per column; lint-data checks new data against them)\n"
        "  column  type           count  missing distinct  summary\n"
        "  x       numeric            8        0        5  mean 2.5, std 1.2, min 1, max 4\n"
        "  c       categorical        7        1        2  a 50.0%, b 37.5%\n"
        "  y       numeric            8        0        5  mean 10, std 2, min 7, max 13\n");
}

TEST_CASE("text card: a classifier cross-validated, forced, with its lineage") {
  CHECK(model_card_text(testing::small_classifier(), "c.mlm") ==
        "model        c.mlm\n"
        "id           00000000000000b2\n"
        "parent       00000000000000b1\n"
        "promotion    forced (retrain --force overrode the gate)\n"
        "created      2026-12-06T00:00:00Z by mlctl 0.1.0\n"
        "algorithm    logistic (alpha 0.5, C 2)\n"
        "target       ok (classes: no, yes)\n"
        "trained on   new.csv: 4 rows, 32 bytes, xxh3 fedcba9876543210\n"
        "\n"
        "features (1 column, 1 encoded)\n"
        "  z     numeric: missing -> median 0; minmax scaling (center 0, scale 4)\n"
        "\n"
        "coefficients (on the encoded scale, largest first)\n"
        "  feature    log-odds of yes\n"
        "  intercept            -1\n"
        "  z                     3\n"
        "\n"
        "evaluation   2-fold cross-validation over 4 rows (seed 7)\n"
        "  accuracy         0.75\n"
        "  log_loss         0.4\n"
        "  confusion matrix (rows: true class, columns: predicted)\n"
        "             no    yes\n"
        "      no      2      0\n"
        "     yes      1      1\n"
        "\n"
        "lineage (1 ancestor, oldest first)\n"
        "  - 00000000000000b1  created 2026-12-01T00:00:00Z\n"
        "      trained on old.csv: 2 rows, 16 bytes, xxh3 0000000000000001\n"
        "  * 00000000000000b2  created 2026-12-06T00:00:00Z  (promoted by --force)\n"
        "      trained on new.csv: 4 rows, 32 bytes, xxh3 fedcba9876543210\n"
        "\n"
        "training data statistics (per column; lint-data checks new data against them)\n"
        "  column  type           count  missing distinct  summary\n"
        "  z       numeric            8        0        5  mean 2, std 2, min 0, max 4\n");
}

TEST_CASE("text card: how the data was read, without a header, and long category lists") {
  model::Model m = testing::small_ridge();
  m.evaluation = {};  // --holdout 0
  m.residual_count = 0;
  m.training_stats = {};
  csv::Dialect& d = m.read_settings.dialect;
  d.delimiter = '\t';
  d.header = false;
  d.columns = {"x", "c", "y"};
  d.trim = true;
  d.extra_na = {"?"};
  m.read_settings.types.categorical = {"c"};
  std::vector<std::string> many;
  for (char c = 'a'; c <= 'j'; ++c) many.emplace_back(1, c);
  pipeline::Feature c = testing::categorical_feature("c", many);
  m.pipeline = pipeline::FeaturePipeline({}, {testing::numeric_feature("x", 0, 1), c});
  m.linear.coef = Eigen::MatrixXd::Zero(1, 11);
  const std::string card = model_card_text(m, "toy.mlm");
  CHECK(card.find("read with    delimiter tab, decimal '.', no header (columns x, c, y), fields "
                  "trimmed, missing-value tokens the defaults and \"?\", declared categorical: "
                  "c\n") != std::string::npos);
  CHECK(card.find("  c     one-hot, 10 categories: a, b, c, d, e, f, g, h, ... (2 more)\n") !=
        std::string::npos);
  CHECK(card.find("\nevaluation   none (trained with --holdout 0)\n") != std::string::npos);
  CHECK(card.find("intervals") == std::string::npos);
  CHECK(card.find("training data statistics") == std::string::npos);
  CHECK(card.ends_with("\n\nevaluation   none (trained with --holdout 0)\n"));
}

namespace {

std::size_t count_lines_starting(const std::string& text, const std::string& prefix) {
  std::size_t n = 0;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = text.find('\n', at);
    if (text.compare(at, prefix.size(), prefix) == 0) ++n;
    at = end == std::string::npos ? text.size() : end + 1;
  }
  return n;
}

}  // namespace

TEST_CASE("text card: many coefficients are cut to the largest, with how many more") {
  // 1 numeric + 1200 one-hot columns: the largest 500 (levels 1199 down to 700), then the rest
  // counted; nothing of level 699 and below.
  const std::string card = model_card_text(testing::wide_ridge(1200), "wide.mlm");
  CHECK(count_lines_starting(card, "  c=L") == kMaxTextCoefficients);
  CHECK(card.find("  c=L1199           -1200\n") != std::string::npos);
  CHECK(card.find("  c=L0700             701\n") != std::string::npos);
  CHECK(card.find("c=L0699 ") == std::string::npos);
  CHECK(card.find("\n  ... and 701 more (describe --top 0 or --json lists all 1201)\n") !=
        std::string::npos);
  // The features section lists the first 8 categories only, as before.
  CHECK(card.find("one-hot, 1200 categories: L0000, L0001, L0002, L0003, L0004, L0005, L0006, "
                  "L0007, ... (1192 more)\n") != std::string::npos);
  // At the limit, every coefficient and no "more" line.
  const std::string at_limit =
      model_card_text(testing::wide_ridge(kMaxTextCoefficients - 1), "wide.mlm");
  CHECK(count_lines_starting(at_limit, "  c=L") == kMaxTextCoefficients - 1);
  CHECK(at_limit.find("\n  x                   0.5\n") != std::string::npos);
  CHECK(at_limit.find("more (describe") == std::string::npos);
  // describe --top K: K of them; 0: all.
  const std::string top3 = model_card_text(testing::wide_ridge(1200), "wide.mlm", 3);
  CHECK(count_lines_starting(top3, "  c=L") == 3);
  CHECK(top3.find("\n  ... and 1198 more (describe --top 0 or --json lists all 1201)\n") !=
        std::string::npos);
  const std::string all = model_card_text(testing::wide_ridge(1200), "wide.mlm", 0);
  CHECK(count_lines_starting(all, "  c=L") == 1200);
  CHECK(all.find("more (describe") == std::string::npos);
}
