// Placeholder so the skeleton links; the real reader replaces this file.
#include "csv/reader.hpp"
