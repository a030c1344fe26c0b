// The model-file loader (container::parse, then model::from_container) on arbitrary bytes: a
// model file comes from a colleague, a bucket or an artifact store and is untrusted.
// Each input is tried as it is, and again "resealed" (its checksum recomputed), so that mutated
// metadata and arrays get past the checksum to the checks of from_container: a forged file
// with a correct checksum must be refused as cleanly as a corrupt one.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/hash.hpp"
#include "container/container.hpp"
#include "container/encoding.hpp"
#include "fuzz_support.hpp"
#include "model/model_file.hpp"

namespace {

namespace encoding = mlctl::container::encoding;

std::optional<std::string> reseal(std::string_view bytes) {
  if (bytes.size() < encoding::kLengthBytes) return std::nullopt;
  const std::uint64_t length = encoding::read_u64(bytes.data());
  if (length > bytes.size() - encoding::kLengthBytes) return std::nullopt;
  auto header = nlohmann::json::parse(bytes.substr(encoding::kLengthBytes, length), nullptr,
                                      /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object()) return std::nullopt;
  auto metadata = header.find("__metadata__");
  if (metadata == header.end() || !metadata->is_object()) return std::nullopt;
  const std::string_view data = bytes.substr(encoding::kLengthBytes + length);
  (*metadata)["checksum"] =
      encoding::kChecksumPrefix + mlctl::to_hex64(encoding::content_checksum(header, data));
  std::string text = header.dump();
  text.append(encoding::padding_after(text.size()), ' ');
  std::string out;
  encoding::append_u64(out, text.size());
  return out + text + std::string(data);
}

void load(std::string_view bytes) {
  mlctl::fuzz::refuse_cleanly([&] {
    const auto container = mlctl::container::parse(bytes, "fuzz.mlm");
    const auto model = mlctl::model::from_container(container, "fuzz.mlm");
    // A model that loads writes back to a file that loads again.
    const auto again = mlctl::container::parse(
        mlctl::container::serialize(mlctl::model::to_container(model)), "again.mlm");
    (void)mlctl::model::from_container(again, "again.mlm");
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)mlctl::container::looks_like_model(bytes);
  load(bytes);
  if (const auto resealed = reseal(bytes)) load(*resealed);
  return 0;
}
