#include "serve_predict.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "common/error.hpp"
#include "csv/reader.hpp"
#include "model_reading.hpp"
#include "pipeline/row_encoder.hpp"
#include "predict_columns.hpp"
#include "predict_rows.hpp"

namespace mlctl::cli {
namespace {

// The body as a file, so that csv::Reader reads it as predict reads a file: same dialect
// detection, same limits, same messages. In memory (memfd), never on disk.
class BodyFile {
 public:
  explicit BodyFile(std::string_view body) : fd_(::memfd_create("mlctl-body", MFD_CLOEXEC)) {
    if (fd_ < 0) throw Error(ErrorKind::io, fmt::format("memfd_create: {}", std::strerror(errno)));
    for (std::size_t done = 0; done < body.size();) {
      const ssize_t n = ::write(fd_, body.data() + done, body.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        ::close(fd_);
        throw Error(ErrorKind::io, fmt::format("writing the body: {}", std::strerror(errno)));
      }
      done += static_cast<std::size_t>(n);
    }
  }
  ~BodyFile() { ::close(fd_); }
  BodyFile(const BodyFile&) = delete;
  BodyFile& operator=(const BodyFile&) = delete;
  std::string path() const { return fmt::format("/proc/self/fd/{}", fd_); }

 private:
  int fd_;
};

// The message as the CLI words it, with the body's name where predict names its input.
std::string message_of(const Error& e, const std::string& path) {
  Location where = e.where();
  if (where.file == path) where.file = std::string(kBodyName);
  return format_error(e.message(), where) + "\n";
}

PredictReply refuse(int status, const Error& e, const std::string& path) {
  return {status, message_of(e, path), 0, 0, 0};
}

}  // namespace

PredictReply predict_body(const model::Model& model, const serve::PredictQuery& query,
                          std::string_view body) {
  const BodyFile file(body);
  const std::string path = file.path();
  try {
    const double half_width =
        query.interval > 0.0 ? model::conformal_half_width(model, query.interval) : 0.0;
    csv::Reader reader(path, model_reader_options(CsvFlags{}, model, true));
    // Columns the model needs that the body lacks: 422, every one named (the encoder's message).
    std::optional<pipeline::RowEncoder> encoder;
    Columns columns;
    try {
      encoder.emplace(model.pipeline, reader.header(), reader.display_name());
      columns = output_columns(model, {query.keep, false, 0.0, 0}, reader.header(),
                               reader.display_name());
    } catch (const Error& e) {
      return refuse(422, e, path);
    }
    columns = output_columns(model, {query.keep, query.proba, query.interval, query.explain},
                             reader.header(), reader.display_name());
    PredictReply reply;
    fmt::memory_buffer text;
    if (!query.jsonl) append_header(text, columns);
    const RowPredictor predictor(
        model, *encoder,
        {query.jsonl, query.proba, half_width, static_cast<std::size_t>(query.explain),
         std::move(columns.keep), std::move(columns.keep_names)});
    RowPredictor::Scratch scratch = predictor.new_scratch();
    pipeline::EncodingCounters counters = encoder->new_counters();
    predictor.predict_rows(reader, scratch, counters, text,
                           std::numeric_limits<std::size_t>::max());
    reply.body.assign(text.data(), text.size());
    reply.rows = counters.rows;
    reply.rows_imputed = counters.rows_imputed;
    reply.unseen_values = counters.unseen_values;
    return reply;
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::io || e.kind() == ErrorKind::internal) throw;
    return refuse(400, e, path);
  }
}

}  // namespace mlctl::cli
