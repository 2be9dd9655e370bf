#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "services/common/page_token.h"
#include "services/organizations/org_store.h"

// What the Organizations provider's files share; organizations_provider.cc defines it.
namespace nimbus::organizations::internal {

using Page = services::KeysetPage;

// A listing's MaxResults (default 20) and NextToken; each listing's tokens are its own (`kind`
// is the operation's name). InvalidInputException (INVALID_NEXT_TOKEN) for a foreign token.
Page ReadPage(const boost::json::object& in, std::string_view kind);

[[noreturn]] void AccountNotFound();

// A 12-digit account id, as opposed to a root ("r-...") or OU ("ou-...") id.
bool IsAccountId(std::string_view id);

// The request's Tags; InvalidInputException (DUPLICATE_TAG_KEY) when a key repeats.
std::vector<Tag> ReadTags(const boost::json::object& in);

// Organizations ARNs have no region and name the management account; `region` (the caller's)
// chooses the partition: arn:aws-cn:organizations::<management>:<resource>.
std::string OrgsArn(const OrgRecord& org, std::string_view region, const std::string& resource);

}  // namespace nimbus::organizations::internal
