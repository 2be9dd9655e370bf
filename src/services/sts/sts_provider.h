#pragma once

#include <optional>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/ids.h"
#include "core/service.h"
#include "core/service_client.h"
#include "services/sts/credential_store.h"
#include "store/database.h"

namespace nimbus::sts {

// AWS Security Token Service: who am I, and temporary credentials whose later use acts in the
// account they were issued for (the CDK CLI assumes its deploy role this way).
class StsProvider final : public core::Service {
 public:
  // `services` reaches IAM, whose roles AssumeRole assumes; with `evaluate_trust` (signatures
  // are verified) AssumeRole also needs the role's trust policy to allow the caller.
  StsProvider(store::Database& db, core::IdGenerator& ids, const core::ServiceClient& services,
              bool evaluate_trust = false);
  std::string_view Name() const override { return "sts"; }

  // The issued keys, for the dispatcher's key lookups.
  const CredentialStore& credentials() const { return credentials_; }

  boost::json::value GetCallerIdentity(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value AssumeRole(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetSessionToken(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetAccessKeyInfo(const core::RequestContext& ctx, const boost::json::object& in);
  // Keys for a federated user of the caller's account (federated-user/<Name>).
  boost::json::value GetFederationToken(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  // Federation through IAM identity providers (federation_provider.cc).
  boost::json::value AssumeRoleWithWebIdentity(const core::RequestContext& ctx,
                                               const boost::json::object& in);
  boost::json::value AssumeRoleWithSAML(const core::RequestContext& ctx,
                                        const boost::json::object& in);
  boost::json::value DecodeAuthorizationMessage(const core::RequestContext& ctx,
                                                const boost::json::object& in);

 private:
  // A role as IAM answers it (GetRole's Role), with its account and name.
  struct FoundRole {
    std::string arn;
    std::string account;
    std::string name;
    boost::json::object iam;
  };
  // The role `role_arn` names, or std::nullopt if IAM has no role at that ARN; ValidationError
  // if it is no role ARN.
  std::optional<FoundRole> FindRole(const core::RequestContext& ctx,
                                    const std::string& role_arn) const;
  // Credentials and AssumedRoleUser of a session `session` of `role`; ValidationError when
  // `duration` exceeds the role's MaxSessionDuration.
  boost::json::object IssueRoleSession(const core::RequestContext& ctx, const FoundRole& role,
                                       const std::string& session, int64_t duration,
                                       const SessionTags& tags = {});
  // Issues and stores a key pair for `account`/`arn`/`user_id` with its session tags; returns
  // the Credentials value.
  boost::json::object Issue(const core::RequestContext& ctx, const std::string& account,
                            const std::string& arn, const std::string& user_id,
                            int64_t duration_seconds, const SessionTags& tags = {});

  core::IdGenerator& ids_;
  const core::ServiceClient& services_;
  bool evaluate_trust_;
  CredentialStore credentials_;
};

}  // namespace nimbus::sts
