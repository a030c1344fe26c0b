// The cards' coefficients: the outputs' names and the features by largest coefficient.

#include <doctest/doctest.h>

#include "report/card_test_support.hpp"
#include "report/coefficients.hpp"

using namespace mlctl;
using namespace mlctl::report;

TEST_CASE("output_names: the target, the log-odds of the positive class, or the classes") {
  CHECK(output_names(testing::small_ridge()) == std::vector<std::string>{"y"});
  model::Model m = testing::small_classifier();
  CHECK(output_names(m) == std::vector<std::string>{"log-odds of yes"});
  m.classes = {"a", "b", "c"};
  CHECK(output_names(m) == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("sorted_coefficients: largest magnitude over the outputs first, ties in order") {
  const auto ridge = sorted_coefficients(testing::small_ridge());
  REQUIRE(ridge.size() == 4);
  CHECK(ridge[0].feature == "x");
  CHECK(ridge[1].feature == "c=a");
  CHECK(ridge[1].values == std::vector<double>{-0.5});
  CHECK(ridge[1].magnitude == 0.5);
  CHECK(ridge[2].feature == "c=b");
  CHECK(ridge[3].feature == "c=<missing>");

  model::Model m = testing::small_ridge();  // two outputs: the largest of either decides
  m.linear.coef = Eigen::MatrixXd{{0.1, 1.0, 0.0, 0.2}, {-3.0, 0.5, 0.0, 0.2}};
  const auto two = sorted_coefficients(m);
  CHECK(two[0].feature == "x");
  CHECK(two[0].values == std::vector<double>{0.1, -3.0});
  CHECK(two[1].feature == "c=a");
  CHECK(two[2].feature == "c=<missing>");
  CHECK(two[3].feature == "c=b");
}
