#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstddef>
#include <string_view>
#include <vector>

// Pages of the maintenance-window and patch-baseline listings, which are built whole in memory:
// NextToken is an opaque token (services/common/page_token.h) holding the next item's position.
namespace nimbus::ssm {

// The position NextToken names for the listing `kind` (0 without one); ValidationException
// "The specified token isn't valid." for a token nimbus did not issue for that listing.
size_t ReadListPosition(const boost::json::object& in, std::string_view kind);

// The page of `items` that NextToken and MaxResults (default `default_limit`) ask for; sets
// out["NextToken"] when items remain.
boost::json::array ListPage(const boost::json::object& in, std::string_view kind,
                            std::vector<boost::json::object> items, size_t default_limit,
                            boost::json::object& out);

}  // namespace nimbus::ssm
