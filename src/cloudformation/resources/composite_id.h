#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

// Physical ids made of several identifiers: for types whose schema's primaryIdentifier has
// several properties, Ref returns their values joined with '|', in the schema's order
// (AWS::SSO::PermissionSet: `<InstanceArn>|<PermissionSetArn>`).
namespace nimbus::cloudformation::internal {

// "a|b|c".
std::string JoinIdentifiers(std::initializer_list<std::string_view> parts);
// The `index`th part of such an id, or "" when it has fewer parts.
std::string IdentifierPart(std::string_view physical_id, size_t index);

}  // namespace nimbus::cloudformation::internal
