#pragma once
// `mlctl describe --html DATA.csv`: one self-contained HTML page for a dataset, in the frame the
// model card uses (report/html_page.hpp; the model card is report/card_html.hpp).

#include <string>

#include "stats/column_stats.hpp"

namespace mlctl::cli {

// One card per column: histogram or top values, counts and summary statistics.
std::string dataset_report_html(const stats::DatasetStats& stats);

}  // namespace mlctl::cli
