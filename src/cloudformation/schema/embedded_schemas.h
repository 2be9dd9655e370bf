#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

// The resource schemas as the build embeds them (cmake/PackCfnSchemas.cmake): gzip chunks of
// concatenated schemas, and an index from type to its bytes in a decompressed chunk.
namespace nimbus::cloudformation::internal {

// A gzip stream in the binary, and the size of what it decompresses to.
struct EmbeddedChunk {
  const unsigned char* begin;
  const unsigned char* end;
  size_t size;
};

// One type's schema: bytes [offset, offset + length) of chunk `chunk`, decompressed. Offsets
// rather than pointers, so that the index needs no relocation and stays read-only.
struct EmbeddedSchema {
  uint32_t name_offset;  // the type's name in EmbeddedTypeNames()
  uint32_t name_length;
  uint32_t chunk;
  uint32_t offset;
  uint32_t length;
};

std::span<const EmbeddedChunk> EmbeddedSchemaChunks();
// Every type with a schema, sorted by type name (byte order).
std::span<const EmbeddedSchema> EmbeddedSchemas();
// The type names, concatenated in the same order.
std::string_view EmbeddedTypeNames();
inline std::string_view TypeNameOf(const EmbeddedSchema& schema) {
  return EmbeddedTypeNames().substr(schema.name_offset, schema.name_length);
}
// models/cloudformation-schemas/return-values.tsv.
const EmbeddedChunk& EmbeddedReturnValues();

// The decompressed chunk. Throws std::logic_error if the embedded bytes are not what the build
// wrote (a broken build, never a client's doing).
std::string Inflate(const EmbeddedChunk& chunk);

}  // namespace nimbus::cloudformation::internal
