#include "services/s3/object_files.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace nimbus::s3 {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void Fail(const std::string& what, const fs::path& path) {
  throw std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

// Writes all of `bytes` to `fd`, retrying short writes.
bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

ObjectFiles::ObjectFiles(const std::string& data_dir) {
  if (!data_dir.empty()) {
    dir_ = fs::path(data_dir) / "s3-objects";
    fs::create_directories(dir_);
    // Bodies of writes a crash interrupted: never referenced, never complete.
    for (const fs::directory_entry& entry : fs::directory_iterator(dir_)) {
      if (entry.path().extension() == ".tmp") {
        std::error_code ignored;
        fs::remove(entry.path(), ignored);
      }
    }
    return;
  }
  std::string pattern = (fs::temp_directory_path() / "nimbus-s3-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) Fail("cannot create", pattern);
  dir_ = pattern;
  temporary_ = true;
}

ObjectFiles::~ObjectFiles() {
  if (temporary_) {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
}

fs::path ObjectFiles::Path(std::string_view name) const { return dir_ / std::string(name); }

void ObjectFiles::WriteWhole(std::string_view name, const std::function<bool(int fd)>& write) {
  const fs::path final_path = Path(name);
  const fs::path temp = Path(std::string(name) + ".tmp");
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) Fail("cannot create", temp);
  // fsync before the rename: otherwise a power loss could leave the new name on an empty file
  // (not in memory mode, whose bodies die with the process anyway).
  const bool ok = write(fd) && (temporary_ || ::fsync(fd) == 0);
  const int saved = errno;
  ::close(fd);
  if (!ok) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    errno = saved;
    Fail("cannot write", temp);
  }
  if (::rename(temp.c_str(), final_path.c_str()) != 0) Fail("cannot rename", temp);
}

void ObjectFiles::Write(std::string_view name, std::string_view bytes) {
  WriteWhole(name, [bytes](int fd) { return WriteAll(fd, bytes); });
}

void ObjectFiles::Adopt(const std::string& path, std::string_view name) {
  if (!temporary_) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) Fail("cannot open", path);
    const bool ok = ::fsync(fd) == 0;  // as WriteWhole: the data before the name
    const int saved = errno;
    ::close(fd);
    errno = saved;
    if (!ok) Fail("cannot flush", path);
  }
  const fs::path final_path = Path(name);
  if (::rename(path.c_str(), final_path.c_str()) != 0) Fail("cannot rename", path);
}

void ObjectFiles::Join(const std::vector<std::string>& parts, std::string_view to,
                       const std::function<void(std::string_view)>& observe) {
  WriteWhole(to, [this, &parts, &observe](int fd) {
    bool ok = true;
    for (const std::string& part : parts) {
      ReadPieces(Path(part).string(), [fd, &ok, &observe](std::string_view piece) {
        if (ok && observe) observe(piece);
        ok = ok && WriteAll(fd, piece);
      });
      if (!ok) return false;
    }
    return true;
  });
}

void ObjectFiles::Copy(std::string_view from, std::string_view to) { Join({std::string(from)}, to); }

std::shared_ptr<const core::FileSlice> ObjectFiles::Open(std::string_view name, int64_t offset,
                                                         int64_t length) const {
  const fs::path path = Path(name);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) Fail("cannot open", path);
  return std::make_shared<core::FileSlice>(fd, offset, length);
}

void ObjectFiles::ReadPieces(const std::string& path,
                             const std::function<void(std::string_view)>& piece) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) Fail("cannot open", path);
  std::string buffer(kPieceBytes, '\0');
  while (true) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      ::close(fd);
      errno = saved;
      Fail("cannot read", path);
    }
    if (n == 0) break;
    piece(std::string_view(buffer.data(), static_cast<size_t>(n)));
  }
  ::close(fd);
}

std::string ObjectFiles::Read(std::string_view name, int64_t offset,
                              std::optional<int64_t> length) const {
  const fs::path path = Path(name);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) Fail("cannot open", path);
  std::string out;
  if (length) {
    out.resize(static_cast<size_t>(*length));
  } else {
    const off_t end = ::lseek(fd, 0, SEEK_END);
    out.resize(end > offset ? static_cast<size_t>(end - offset) : 0);
  }
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::pread(fd, out.data() + done, out.size() - done,
                              static_cast<off_t>(offset + static_cast<int64_t>(done)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      Fail("cannot read", path);
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return out;
}

void ObjectFiles::Remove(std::string_view name) noexcept {
  std::error_code ignored;
  fs::remove(Path(name), ignored);
}

}  // namespace nimbus::s3
