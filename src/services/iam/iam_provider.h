#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/ids.h"
#include "core/service.h"
#include "services/iam/iam_store.h"
#include "services/runtime.h"

namespace nimbus::iam {

// AWS Identity and Access Management, a global service: one set of users, roles, groups,
// policies and instance profiles per account whatever the region. Its access keys sign requests
// and act as their user (the store is a key directory of the dispatcher). Handlers are split by
// subject: user_provider.cc (users, tags, access keys), role_provider.cc (roles, instance
// profiles), policy_provider.cc (managed policies, versions, attachments), group_provider.cc
// (groups, inline policies of users and groups).
class IamProvider final : public core::Service {
 public:
  explicit IamProvider(const Runtime& rt);
  std::string_view Name() const override { return "iam"; }

  // The access keys IAM created, for the dispatcher's key lookups.
  const IamStore& keys() const { return store_; }

  // Users, their tags and access keys.
  boost::json::value CreateUser(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetUser(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListUsers(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UpdateUser(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DeleteUser(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value TagUser(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UntagUser(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListUserTags(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value CreateAccessKey(const core::RequestContext& ctx,
                                     const boost::json::object& in);
  boost::json::value ListAccessKeys(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UpdateAccessKey(const core::RequestContext& ctx,
                                     const boost::json::object& in);
  boost::json::value DeleteAccessKey(const core::RequestContext& ctx,
                                     const boost::json::object& in);
  boost::json::value GetAccessKeyLastUsed(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  // Console passwords: the profile is kept on the user, the password only checked, not kept.
  boost::json::value CreateLoginProfile(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  boost::json::value GetLoginProfile(const core::RequestContext& ctx,
                                     const boost::json::object& in);
  boost::json::value UpdateLoginProfile(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  boost::json::value DeleteLoginProfile(const core::RequestContext& ctx,
                                        const boost::json::object& in);

  // Roles and instance profiles.
  boost::json::value CreateRole(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetRole(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListRoles(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UpdateRole(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UpdateRoleDescription(const core::RequestContext& ctx,
                                           const boost::json::object& in);
  boost::json::value UpdateAssumeRolePolicy(const core::RequestContext& ctx,
                                            const boost::json::object& in);
  boost::json::value PutRolePermissionsBoundary(const core::RequestContext& ctx,
                                                const boost::json::object& in);
  boost::json::value DeleteRolePermissionsBoundary(const core::RequestContext& ctx,
                                                   const boost::json::object& in);
  boost::json::value DeleteRole(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value TagRole(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UntagRole(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListRoleTags(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value CreateInstanceProfile(const core::RequestContext& ctx,
                                           const boost::json::object& in);
  boost::json::value GetInstanceProfile(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  boost::json::value ListInstanceProfiles(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value DeleteInstanceProfile(const core::RequestContext& ctx,
                                           const boost::json::object& in);
  boost::json::value AddRoleToInstanceProfile(const core::RequestContext& ctx,
                                              const boost::json::object& in);
  boost::json::value RemoveRoleFromInstanceProfile(const core::RequestContext& ctx,
                                                   const boost::json::object& in);
  boost::json::value ListInstanceProfilesForRole(const core::RequestContext& ctx,
                                                 const boost::json::object& in);
  boost::json::value TagInstanceProfile(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  boost::json::value UntagInstanceProfile(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value ListInstanceProfileTags(const core::RequestContext& ctx,
                                             const boost::json::object& in);

  // Managed policies, their versions and attachments.
  boost::json::value CreatePolicy(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetPolicy(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListPolicies(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DeletePolicy(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value CreatePolicyVersion(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value GetPolicyVersion(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value ListPolicyVersions(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  boost::json::value DeletePolicyVersion(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value SetDefaultPolicyVersion(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value ListEntitiesForPolicy(const core::RequestContext& ctx,
                                           const boost::json::object& in);
  boost::json::value TagPolicy(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UntagPolicy(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListPolicyTags(const core::RequestContext& ctx, const boost::json::object& in);
  // Everything of the account in one answer (account_provider.cc).
  boost::json::value GetAccountAuthorizationDetails(const core::RequestContext& ctx,
                                                    const boost::json::object& in);

  // Inline policies and attachments of users, roles and groups; `kind` is kUser, kRole or kGroup
  // and the handlers registered per kind call these.
  boost::json::value PutInline(const core::RequestContext& ctx, const boost::json::object& in,
                               std::string_view kind);
  boost::json::value GetInline(const core::RequestContext& ctx, const boost::json::object& in,
                               std::string_view kind);
  boost::json::value ListInline(const core::RequestContext& ctx, const boost::json::object& in,
                                std::string_view kind);
  boost::json::value DeleteInline(const core::RequestContext& ctx, const boost::json::object& in,
                                  std::string_view kind);
  boost::json::value AttachPolicy(const core::RequestContext& ctx, const boost::json::object& in,
                                  std::string_view kind);
  boost::json::value DetachPolicy(const core::RequestContext& ctx, const boost::json::object& in,
                                  std::string_view kind);
  boost::json::value ListAttached(const core::RequestContext& ctx, const boost::json::object& in,
                                  std::string_view kind);

  // OpenID Connect and SAML identity providers (iam_identity_providers.cc).
  boost::json::value CreateOpenIDConnectProvider(const core::RequestContext& ctx,
                                                 const boost::json::object& in);
  boost::json::value GetOpenIDConnectProvider(const core::RequestContext& ctx,
                                              const boost::json::object& in);
  boost::json::value ListOpenIDConnectProviders(const core::RequestContext& ctx,
                                                const boost::json::object& in);
  boost::json::value DeleteOpenIDConnectProvider(const core::RequestContext& ctx,
                                                 const boost::json::object& in);
  boost::json::value AddClientIDToOpenIDConnectProvider(const core::RequestContext& ctx,
                                                        const boost::json::object& in);
  boost::json::value RemoveClientIDFromOpenIDConnectProvider(const core::RequestContext& ctx,
                                                             const boost::json::object& in);
  boost::json::value UpdateOpenIDConnectProviderThumbprint(const core::RequestContext& ctx,
                                                           const boost::json::object& in);
  boost::json::value CreateSAMLProvider(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  boost::json::value GetSAMLProvider(const core::RequestContext& ctx,
                                     const boost::json::object& in);
  boost::json::value ListSAMLProviders(const core::RequestContext& ctx,
                                       const boost::json::object& in);
  boost::json::value UpdateSAMLProvider(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  boost::json::value DeleteSAMLProvider(const core::RequestContext& ctx,
                                        const boost::json::object& in);

  // Groups.
  boost::json::value CreateGroup(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetGroup(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListGroups(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DeleteGroup(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value AddUserToGroup(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value RemoveUserFromGroup(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value ListGroupsForUser(const core::RequestContext& ctx,
                                       const boost::json::object& in);

 private:
  // Registers the inline-policy and attachment operations of one kind ("User", "Role", "Group").
  void RegisterPolicyOperations(std::string_view kind_name, std::string_view kind);
  void RegisterIdentityProviders();
  // The User value of GetUser/CreateUser/ListUsers; with tags when `tags` is set.
  boost::json::object UserJson(const core::RequestContext& ctx, store::Transaction& tx,
                               const EntityRecord& user, bool tags);
  boost::json::object RoleJson(const core::RequestContext& ctx, store::Transaction& tx,
                               const EntityRecord& role, bool full);
  boost::json::object InstanceProfileJson(const core::RequestContext& ctx, store::Transaction& tx,
                                          const EntityRecord& profile);
  // Tag operations shared by users, roles and instance profiles.
  boost::json::value TagEntity(const core::RequestContext& ctx, const boost::json::object& in,
                               std::string_view kind, std::string_view name);
  boost::json::value UntagEntity(const core::RequestContext& ctx, const boost::json::object& in,
                                 std::string_view kind, std::string_view name);
  boost::json::value ListEntityTags(const core::RequestContext& ctx, const boost::json::object& in,
                                    std::string_view kind, std::string_view name);

  IamStore store_;
  core::IdGenerator& ids_;
};

}  // namespace nimbus::iam
