// read_settings: how a model's data was read, replaced setting by setting by the command line
// (with a note for each recorded setting a flag changes), and stored in the model file: written,
// read back, absent from format 1.0 files, and refused by field name when malformed.

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "container/container.hpp"
#include "model/model.hpp"
#include "model/model_file.hpp"
#include "model/model_file_test_support.hpp"
#include "model/read_settings.hpp"
#include "table/table_test_support.hpp"
#include "training/trainer.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::container::Container;
using mlctl::model::ReadFlags;
using mlctl::model::reading_dialect;
using mlctl::model::ReadSettings;
using mlctl::model::testing::refusal;
using mlctl::model::testing::reload;

namespace {

ReadSettings semicolon_question() {
  mlctl::csv::Dialect used;
  used.delimiter = ';';
  used.extra_na = {"?"};
  return mlctl::model::read_settings_of(used, ';', {{"zip"}, {"x"}});
}

mlctl::model::Model small_model() {
  mlctl::training::Recipe recipe;
  recipe.target = std::string(1, 'y');  // not "y": g++ 12 warns falsely (-Wrestrict)
  mlctl::training::TrainReport report;
  return mlctl::training::train(
      mlctl::table::testing::table_of(mlctl::training::testing::regression_csv(30)), recipe,
      report);
}

}  // namespace

TEST_CASE("read settings: the delimiter as asked: by file name, sniffed, or given") {
  mlctl::csv::Dialect used;
  CHECK(mlctl::model::read_settings_of(used, ',').dialect.delimiter == '\0');
  used.delimiter = mlctl::csv::kSniffDelimiter;
  CHECK(mlctl::model::read_settings_of(used, '|').dialect.delimiter == mlctl::csv::kSniffDelimiter);
  used.delimiter = '\t';
  CHECK(mlctl::model::read_settings_of(used, '\t').dialect.delimiter == '\t');
  CHECK(mlctl::model::delimiter_name('\0') == "by file name");
  CHECK(mlctl::model::delimiter_name(mlctl::csv::kSniffDelimiter) == "auto");
  // Both round-trip through a model file.
  for (const char d : {'\0', mlctl::csv::kSniffDelimiter}) {
    mlctl::model::Model m = small_model();
    used.delimiter = d;
    m.read_settings = mlctl::model::read_settings_of(used, ',');
    CHECK(reload(mlctl::model::to_container(m)).read_settings.dialect.delimiter == d);
  }
}

TEST_CASE("read settings: what a training read used, with the delimiter given") {
  const ReadSettings r = semicolon_question();
  CHECK(r.recorded);
  CHECK(r.dialect.delimiter == ';');
  CHECK(r.dialect.extra_na == std::vector<std::string>{"?"});
  CHECK(r.types.categorical == std::vector<std::string>{"zip"});
  CHECK(r.types.numeric == std::vector<std::string>{"x"});
}

TEST_CASE("read settings: no flags given, the model's settings, and no notes") {
  std::vector<std::string> notes;
  const auto d = reading_dialect(semicolon_question(), {}, notes);
  CHECK(d.delimiter == ';');
  CHECK(d.extra_na == std::vector<std::string>{"?"});
  CHECK(notes.empty());
}

TEST_CASE("read settings: a flag replaces the model's setting, with a note when it changes it") {
  std::vector<std::string> notes;
  ReadFlags given;
  given.na = std::vector<std::string>{"-"};
  given.delimiter = '\t';
  given.decimal = ',';
  auto d = reading_dialect(semicolon_question(), given, notes);
  CHECK(d.delimiter == '\t');
  CHECK(d.decimal == ',');
  CHECK(d.extra_na == std::vector<std::string>{"-"});
  CHECK(notes == std::vector<std::string>{
                     "--delimiter given: the model's delimiter (';') is replaced by tab",
                     "--decimal given: the model's decimal mark ('.') is replaced by ','",
                     "--na given: the model's missing-value tokens (\"?\") are replaced by \"-\""});
  // The same value as the model's: nothing to say.
  notes.clear();
  given = {};
  given.na = std::vector<std::string>{"?"};
  given.delimiter = ';';
  d = reading_dialect(semicolon_question(), given, notes);
  CHECK(notes.empty());
}

TEST_CASE("read settings: the header note names the switch as the command calls it") {
  std::vector<std::string> notes;
  ReadFlags given;
  given.header = false;
  (void)reading_dialect(semicolon_question(), given, notes);
  CHECK(notes == std::vector<std::string>{
                     "--no-header given: the model's header setting (header row: yes) is "
                     "replaced by header row: no"});
  notes.clear();
  given.header_flag = "--no-input-header";
  (void)reading_dialect(semicolon_question(), given, notes);
  CHECK(notes == std::vector<std::string>{
                     "--no-input-header given: the model's header setting (header row: yes) is "
                     "replaced by header row: no"});
}

TEST_CASE("read settings: a model that recorded none takes the flags silently") {
  std::vector<std::string> notes;
  ReadFlags given;
  given.delimiter = ';';
  given.na = std::vector<std::string>{"?"};
  const auto d = reading_dialect(ReadSettings{}, given, notes);
  CHECK(d.delimiter == ';');
  CHECK(d.extra_na == std::vector<std::string>{"?"});
  CHECK(notes.empty());
  // Nothing given: today's defaults (the delimiter by file name).
  const auto defaults = reading_dialect(ReadSettings{}, {}, notes);
  CHECK(defaults.delimiter == '\0');
  CHECK(defaults.extra_na.empty());
  CHECK(defaults.header);
}

TEST_CASE("read settings: names in notes and describe") {
  CHECK(mlctl::model::delimiter_name('\0') == "by file name");
  CHECK(mlctl::model::delimiter_name('\t') == "tab");
  CHECK(mlctl::model::delimiter_name('|') == "'|'");
  CHECK(mlctl::model::quoted_list({}) == "none");
  CHECK(mlctl::model::quoted_list({"?", "n.a."}) == "\"?\", \"n.a.\"");
}

TEST_CASE("read settings: the model file stores them, and reads them back") {
  auto m = small_model();
  m.read_settings = semicolon_question();
  m.read_settings.dialect.trim = true;
  m.read_settings.dialect.header = false;
  m.read_settings.dialect.columns = {"x", "c", "y"};
  const auto back = reload(mlctl::model::to_container(m));
  const auto& r = back.read_settings;
  CHECK(r.recorded);
  CHECK(r.dialect.delimiter == ';');
  CHECK(r.dialect.decimal == '.');
  CHECK_FALSE(r.dialect.header);
  CHECK(r.dialect.columns == std::vector<std::string>{"x", "c", "y"});
  CHECK(r.dialect.trim);
  CHECK(r.dialect.extra_na == std::vector<std::string>{"?"});
  CHECK(r.types.categorical == std::vector<std::string>{"zip"});
  CHECK(r.types.numeric == std::vector<std::string>{"x"});
}

TEST_CASE("read settings: a file without them (format 1.0) reads as the defaults") {
  auto m = small_model();
  m.read_settings = semicolon_question();
  Container c = mlctl::model::to_container(m);
  REQUIRE(c.metadata.erase("reading") == 1);
  const auto back = reload(c);
  CHECK_FALSE(back.read_settings.recorded);
  CHECK(back.read_settings.dialect.delimiter == '\0');
  CHECK(back.read_settings.dialect.extra_na.empty());
  // And such a model writes none.
  CHECK_FALSE(mlctl::model::to_container(back).metadata.contains("reading"));
}

TEST_CASE("read settings: malformed fields are refused by name") {
  auto m = small_model();
  m.read_settings = semicolon_question();
  const Container good = mlctl::model::to_container(m);
  const auto with = [&](const char* key, const nlohmann::json& value) {
    Container c = good;
    c.metadata["reading"][key] = value;
    return refusal(c);
  };
  CHECK(with("delimiter", ":") ==
        R"(invalid model: reading.delimiter is not one of "", "auto", ",", ";", "\t", "|")");
  CHECK(with("delimiter", 44) == "invalid model: reading.delimiter is not a string");
  CHECK(with("decimal", "") == R"(invalid model: reading.decimal is not one of "." or ",")");
  CHECK(with("decimal", ";") == R"(invalid model: reading.decimal is not one of "." or ",")");
  CHECK(with("header", "yes") == "invalid model: reading.header is not true or false");
  CHECK(with("na", "?") == "invalid model: reading.na is not an array");
  CHECK(with("na", nlohmann::json::array({"?", 1})) ==
        "invalid model: reading.na[1] is not a string");
  CHECK(with("categorical", nullptr) == "invalid model: reading.categorical is not an array");
  Container c = good;
  c.metadata["reading"]["decimal"] = ",";
  c.metadata["reading"]["delimiter"] = ",";
  CHECK(refusal(c) == "invalid model: reading.decimal is the delimiter");
  c = good;
  c.metadata["reading"].erase("trim");
  CHECK(refusal(c) == "invalid model: reading has no \"trim\"");
  c = good;
  c.metadata["reading"] = "comma";
  CHECK(refusal(c) == "invalid model: reading is not an object");
}
