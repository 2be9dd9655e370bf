#include "cloudformation/schema/embedded_schemas.h"

#include <stdexcept>

#define ZLIB_CONST
#include <zlib.h>

namespace nimbus::cloudformation::internal {

std::string Inflate(const EmbeddedChunk& chunk) {
  std::string out(chunk.size, '\0');
  z_stream stream{};
  // 16 + MAX_WBITS: a gzip stream (header and CRC-32), as CMake's file(ARCHIVE_CREATE) writes.
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
    throw std::logic_error("zlib: inflateInit2 failed");
  }
  stream.next_in = chunk.begin;
  stream.avail_in = static_cast<uInt>(chunk.end - chunk.begin);
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = inflate(&stream, Z_FINISH);
  const uLong produced = stream.total_out;
  inflateEnd(&stream);
  if (status != Z_STREAM_END || produced != chunk.size) {
    throw std::logic_error("embedded CloudFormation schema chunk is corrupt");
  }
  return out;
}

}  // namespace nimbus::cloudformation::internal
