#include "report/feature_encoding.hpp"

#include <fmt/format.h>

#include "common/plural.hpp"
#include "pipeline/hashed_categories.hpp"

namespace mlctl::report {

std::string feature_encoding(const pipeline::Feature& f, const pipeline::PipelineOptions& o) {
  if (f.type == table::ColumnType::numeric) {
    return fmt::format("numeric: missing -> {} {:.6g}; {} scaling (center {:.6g}, scale {:.6g})",
                       pipeline::to_string(o.impute), f.fill, pipeline::to_string(o.scale),
                       f.center, f.scale);
  }
  if (f.hash) {
    return fmt::format("hashed into {}{}", pipeline::hash_summary(*f.hash),
                       f.missing_category ? "; + missing" : "");
  }
  std::string shown;
  for (std::size_t i = 0; i < f.categories.size() && i < 8; ++i) {
    shown += (i ? ", " : "") + f.categories[i];
  }
  if (f.categories.size() > 8) shown += fmt::format(", ... ({} more)", f.categories.size() - 8);
  const std::string infrequent =
      f.has_infrequent()
          ? fmt::format(" + infrequent ({}{})",
                        count_of(f.infrequent.size() + (f.missing_infrequent ? 1 : 0), "level"),
                        f.missing_infrequent ? ", missing values among them" : "")
          : "";
  return fmt::format("one-hot, {} categories{}{}: {}", f.categories.size(),
                     f.missing_category ? " + missing" : "", infrequent, shown);
}

}  // namespace mlctl::report
