#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Reading decoded inputs in providers. The protocol layer has already checked required members
// and types against the model, so these only pick values out.
namespace nimbus::core::protocol {

// The string member, or nullopt when absent, null, or "" (Go clients send "" for unset strings).
std::optional<std::string> OptString(const boost::json::object& in, std::string_view name);
// The string member; throws ValidationFailure if absent (a required member the model missed).
std::string RequiredString(const boost::json::object& in, std::string_view name);
std::string StringOr(const boost::json::object& in, std::string_view name, std::string_view fallback);
std::optional<int64_t> OptInt(const boost::json::object& in, std::string_view name);
int64_t IntOr(const boost::json::object& in, std::string_view name, int64_t fallback);
std::optional<bool> OptBool(const boost::json::object& in, std::string_view name);
bool BoolOr(const boost::json::object& in, std::string_view name, bool fallback);
// The member if it is an array/object, else nullptr.
const boost::json::array* OptArray(const boost::json::object& in, std::string_view name);
const boost::json::object* OptObject(const boost::json::object& in, std::string_view name);
// The number member as a double (a JSON timestamp, a double shape), or nullopt.
std::optional<double> OptDouble(const boost::json::object& in, std::string_view name);
// The strings of a list member, in order; other items are skipped, absent is empty.
std::vector<std::string> StringList(const boost::json::object& in, std::string_view name);
// The string values of a map member (SSM tags of the fleet file, KMS encryption context);
// other values are skipped, absent is empty.
std::map<std::string, std::string> StringMap(const boost::json::object& in, std::string_view name);

}  // namespace nimbus::core::protocol
