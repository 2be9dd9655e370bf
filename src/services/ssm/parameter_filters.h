#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "services/ssm/parameter_store.h"

// The ParameterFilters of GetParametersByPath and DescribeParameters, and DescribeParameters'
// deprecated Filters. Internal to the Parameter Store provider.
namespace nimbus::ssm {

// ParameterFilters of GetParametersByPath (by_path) or DescribeParameters, checked as the
// ParameterStringFilter reference says (InvalidFilterKey, InvalidFilterOption,
// InvalidFilterValue, or ValidationException for a malformed Path).
std::vector<ParameterFilter> ReadParameterFilters(const boost::json::object& in, bool by_path);

// The deprecated DescribeParameters Filters (Name, Type, KeyId), as ParameterFilters.
std::vector<ParameterFilter> ReadLegacyFilters(const boost::json::object& in);

}  // namespace nimbus::ssm
