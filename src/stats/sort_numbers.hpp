#pragma once
// Sorting the numbers of a column for its order statistics (quantiles, distinct counts, bins):
// a radix sort, several times faster than std::sort on the 65536-value samples and million-value
// columns that training and describe sort, with the same result.

#include <span>

namespace mlctl::stats {

// Sorts `values` ascending, as std::sort does. No value may be NaN. -0.0 and 0.0 compare equal
// and keep their relative order (std::sort leaves theirs unspecified).
void sort_numbers(std::span<double> values);

}  // namespace mlctl::stats
