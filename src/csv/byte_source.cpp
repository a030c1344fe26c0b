#include "csv/byte_source.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <new>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::csv {

namespace {

constexpr std::size_t kRawBytes = 1 << 16;  // the compressed-input buffer
constexpr std::size_t kMagicBytes = 4;      // enough to tell gzip and zstd

// The stored-bytes buffer: kRawBytes, or for a regular file known to be smaller its size rounded
// up to a page (a 270-byte file does not need 64 KiB).
std::size_t raw_capacity(std::optional<std::uint64_t> size) {
  if (!size || *size == 0) return kRawBytes;
  return static_cast<std::size_t>(std::min<std::uint64_t>(kRawBytes, whole_pages(*size)));
}

const char* name_of(Compression compression) {
  return compression == Compression::gzip ? "gzip" : "zstd";
}

}  // namespace

Compression compression_of(const unsigned char* first, std::size_t size) {
  if (size >= 2 && first[0] == 0x1f && first[1] == 0x8b) return Compression::gzip;
  if (size >= 4 && first[0] == 0x28 && first[1] == 0xb5 && first[2] == 0x2f && first[3] == 0xfd) {
    return Compression::zstd;
  }
  return Compression::none;
}

// The decompressor's state: zlib's for gzip (one member after another, as gzip -d reads them),
// libzstd's for zstd (which reads frame after frame by itself).
struct ByteSource::Decoder {
  Compression kind;
  z_stream z{};
  bool in_member = true;  // gzip: inside a member (false after its end, before the next)
  ZSTD_DStream* zstd = nullptr;
  bool frame_done = false;  // zstd: the last frame ended where the input did

  explicit Decoder(Compression compression) : kind(compression) {
    if (kind == Compression::gzip) {
      // 15 + 16: a gzip wrapper around a deflate stream with any window size.
      if (inflateInit2(&z, 15 + 16) != Z_OK) throw std::bad_alloc();
    } else {
      zstd = ZSTD_createDStream();
      if (zstd == nullptr) throw std::bad_alloc();
      ZSTD_initDStream(zstd);
    }
  }
  ~Decoder() {
    if (kind == Compression::gzip) {
      inflateEnd(&z);
    } else {
      ZSTD_freeDStream(zstd);
    }
  }
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;
};

ByteSource::ByteSource(const std::string& path) {
  if (path == "-") {
    fd_ = STDIN_FILENO;
    display_name_ = "<stdin>";
  } else {
    display_name_ = path;
    do {
      fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) {
      throw Error(ErrorKind::io, "cannot open: " + std::string(std::strerror(errno)), {path});
    }
    owns_fd_ = true;
  }
  struct stat info {};
  if (::fstat(fd_, &info) != 0) {
    const int error = errno;
    if (owns_fd_) ::close(fd_);
    throw Error(ErrorKind::io, "cannot open: " + std::string(std::strerror(error)),
                {display_name_});
  }
  if (S_ISDIR(info.st_mode)) {
    if (owns_fd_) ::close(fd_);
    throw Error(ErrorKind::io, "is a directory", {display_name_});
  }
  if (S_ISREG(info.st_mode)) size_ = static_cast<std::uint64_t>(info.st_size);
  try {
    find_compression();
  } catch (...) {
    if (owns_fd_) ::close(fd_);
    throw;
  }
}

ByteSource::ByteSource(std::string_view bytes, std::string display_name)
    : memory_(bytes), display_name_(std::move(display_name)), size_(bytes.size()) {
  find_compression();
}

void ByteSource::find_compression() {
  // Uninitialised: only the bytes read into it are ever looked at.
  raw_capacity_ = raw_capacity(size_);
  raw_.reset(new char[raw_capacity_]);
  while (raw_end_ < kMagicBytes) {
    const std::size_t got = read_raw(raw_.get() + raw_end_, raw_capacity_ - raw_end_);
    if (got == 0) break;
    raw_end_ += got;
  }
  compression_ = compression_of(reinterpret_cast<const unsigned char*>(raw_.get()), raw_end_);
  if (compression_ != Compression::none) decoder_ = std::make_unique<Decoder>(compression_);
}

ByteSource::~ByteSource() {
  if (owns_fd_) ::close(fd_);
}

std::size_t ByteSource::read_raw(char* into, std::size_t size) {
  if (raw_eof_) return 0;
  if (fd_ < 0) {
    const std::size_t n = std::min(size, memory_.size());
    if (n > 0) std::memcpy(into, memory_.data(), n);
    memory_.remove_prefix(n);
    raw_bytes_ += n;
    raw_eof_ = n == 0 && size > 0;
    return n;
  }
  for (;;) {
    const ssize_t got = ::read(fd_, into, std::min(size, std::size_t{INT_MAX}));
    if (got > 0) {
      raw_bytes_ += static_cast<std::uint64_t>(got);
      return static_cast<std::size_t>(got);
    }
    if (got == 0) {
      raw_eof_ = true;
      return 0;
    }
    if (errno == EINTR) continue;
    throw Error(ErrorKind::io, "read failed: " + std::string(std::strerror(errno)),
                {display_name_});
  }
}

int ByteSource::read(char* buffer, int size) {
  const auto want = static_cast<std::size_t>(std::max(size, 0));
  if (decoder_) return static_cast<int>(read_decompressed(buffer, want));
  // The first bytes, kept to look at, then straight from the file.
  if (raw_begin_ < raw_end_) {
    const std::size_t n = std::min(want, raw_end_ - raw_begin_);
    std::memcpy(buffer, raw_.get() + raw_begin_, n);
    raw_begin_ += n;
    return static_cast<int>(n);
  }
  return static_cast<int>(read_raw(buffer, want));
}

void ByteSource::skip(std::uint64_t count) {
  if (!decoder_ && size_ && fd_ >= 0) {
    const std::size_t kept = std::min<std::uint64_t>(count, raw_end_ - raw_begin_);
    raw_begin_ += kept;
    count -= kept;
    if (count == 0) return;
    if (::lseek(fd_, static_cast<off_t>(count), SEEK_CUR) < 0) {
      throw Error(ErrorKind::io, "seek failed: " + std::string(std::strerror(errno)),
                  {display_name_});
    }
    raw_bytes_ += count;
    return;
  }
  const auto most = static_cast<std::size_t>(std::min<std::uint64_t>(count, kRawBytes));
  const std::unique_ptr<char[]> dropped(new char[most]);  // uninitialised: read into, dropped
  while (count > 0) {
    const int got = read(dropped.get(), static_cast<int>(std::min<std::uint64_t>(count, most)));
    if (got <= 0) return;
    count -= static_cast<std::uint64_t>(got);
  }
}

std::size_t ByteSource::read_decompressed(char* into, std::size_t size) {
  if (size == 0) return 0;
  Decoder& d = *decoder_;
  const auto refill = [&] {
    raw_begin_ = 0;
    raw_end_ = read_raw(raw_.get(), raw_capacity_);
  };
  const auto corrupt = [&](const char* why) {
    return Error(ErrorKind::data, fmt::format("corrupt {} data: {}", name_of(d.kind), why),
                 {display_name_});
  };
  const auto truncated = [&] {
    return Error(ErrorKind::data,
                 fmt::format("truncated {} data: the input ends inside the compressed stream",
                             name_of(d.kind)),
                 {display_name_});
  };
  const std::size_t most = std::min(size, std::size_t{UINT_MAX});
  for (;;) {
    if (raw_begin_ == raw_end_ && !raw_eof_) refill();
    const bool no_input = raw_begin_ == raw_end_;
    std::size_t produced = 0;
    if (d.kind == Compression::gzip) {
      if (!d.in_member) {
        if (no_input) return 0;
        inflateReset(&d.z);  // another member follows
        d.in_member = true;
      }
      d.z.next_in = reinterpret_cast<Bytef*>(raw_.get() + raw_begin_);
      d.z.avail_in = static_cast<uInt>(raw_end_ - raw_begin_);
      d.z.next_out = reinterpret_cast<Bytef*>(into);
      d.z.avail_out = static_cast<uInt>(most);
      const int status = inflate(&d.z, Z_NO_FLUSH);
      raw_begin_ = raw_end_ - d.z.avail_in;
      produced = most - d.z.avail_out;
      if (status == Z_STREAM_END) {
        d.in_member = false;
      } else if (status == Z_MEM_ERROR) {
        throw std::bad_alloc();
      } else if (status != Z_OK && status != Z_BUF_ERROR) {
        throw corrupt(d.z.msg != nullptr ? d.z.msg : "invalid stream");
      }
      if (produced > 0) return produced;
      if (no_input) {
        if (!d.in_member) return 0;
        throw truncated();
      }
    } else {
      if (no_input && d.frame_done) return 0;
      ZSTD_inBuffer in{raw_.get(), raw_end_, raw_begin_};
      ZSTD_outBuffer out{into, most, 0};
      const std::size_t status = ZSTD_decompressStream(d.zstd, &out, &in);
      if (ZSTD_isError(status)) throw corrupt(ZSTD_getErrorName(status));
      raw_begin_ = in.pos;
      d.frame_done = status == 0;
      produced = out.pos;
      if (produced > 0) return produced;
      if (no_input) {
        if (d.frame_done) return 0;
        throw truncated();
      }
    }
  }
}

}  // namespace mlctl::csv
