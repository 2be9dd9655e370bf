#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

// Helpers the services' stores share to write their SQL.
namespace nimbus::services {

// The statement made of `parts` in order: column lists kept in one constant are spliced into
// the statements that read them (Sql({"SELECT ", kColumns, " FROM t WHERE id = ?"})).
inline std::string Sql(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

}  // namespace nimbus::services
