// libFuzzer entry for the AWS Query decoder; the body is shared with the smoke test.
#include <cstddef>
#include <cstdint>

#include "testing/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return nimbus::test::FuzzQueryDecoder(data, size);
}
