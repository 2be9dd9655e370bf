#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/message.h"

namespace nimbus::s3 {

// The folder of S3 object bodies: one file per stored object, named by an id. A body is written
// to a temporary name and renamed once complete, so that a crash (kill -9) never leaves a
// partial body under a name the database refers to. Under --data-dir the folder is
// <data-dir>/s3-objects, beside the database; in memory mode a temporary folder removed when this
// object is destroyed.
class ObjectFiles {
 public:
  // `data_dir` "" for memory mode.
  explicit ObjectFiles(const std::string& data_dir);
  ObjectFiles(const ObjectFiles&) = delete;
  ObjectFiles& operator=(const ObjectFiles&) = delete;
  ~ObjectFiles();

  // Writes `bytes` completely under `name` (temporary name, flush, rename). Throws
  // std::runtime_error if the disk refuses.
  void Write(std::string_view name, std::string_view bytes);
  // Makes the complete file at `path`, in dir() (a request body the server spooled there), the
  // body `name`: flushed, then renamed, without copying. Throws std::runtime_error.
  void Adopt(const std::string& path, std::string_view name);
  // Writes the bodies `parts`, one after the other, as the new body `to` (a multipart upload's
  // object), with the same guarantee as Write; a piece at a time in memory, each handed to
  // `observe` (if given) as it is written.
  void Join(const std::vector<std::string>& parts, std::string_view to,
            const std::function<void(std::string_view)>& observe = {});
  // Copies the body `from` to a new body `to`, with the same guarantee as Write.
  void Copy(std::string_view from, std::string_view to);
  // `length` bytes of the body `name` from `offset` (to its end if nullopt). Throws
  // std::runtime_error if it cannot be read.
  std::string Read(std::string_view name, int64_t offset = 0,
                   std::optional<int64_t> length = std::nullopt) const;
  // `length` bytes of the body `name` from `offset`, open: the bytes stay readable while the slice
  // lives even if the body is replaced or removed meanwhile. Throws std::runtime_error.
  std::shared_ptr<const core::FileSlice> Open(std::string_view name, int64_t offset,
                                              int64_t length) const;
  // Calls `piece` with the file at `path` (any path) piece by piece, kPieceBytes at most each.
  // Throws std::runtime_error if it cannot be read.
  static void ReadPieces(const std::string& path,
                         const std::function<void(std::string_view)>& piece);
  static constexpr size_t kPieceBytes = 256 * 1024;

  // Removes the body; a missing one is no error.
  void Remove(std::string_view name) noexcept;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path Path(std::string_view name) const;
  // Writes file `name` under a temporary name with `write` (false: it failed, errno says why),
  // then renames it, so that a reader never sees it partly written. Throws std::runtime_error.
  void WriteWhole(std::string_view name, const std::function<bool(int fd)>& write);

  std::filesystem::path dir_;
  bool temporary_ = false;
};

}  // namespace nimbus::s3
