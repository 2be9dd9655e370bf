#pragma once

#include <string_view>

namespace nimbus::core::model {

// A file embedded from models/ at build time ("sts/service-2.json", "VERSION"), or "" if absent.
std::string_view EmbeddedModelFile(std::string_view relative_path);

}  // namespace nimbus::core::model
