#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/clock.h"
#include "core/ids.h"
#include "core/service.h"
#include "services/runtime.h"
#include "services/ssm/patch_baseline_store.h"
#include "services/ssm/tag_store.h"

namespace nimbus::ssm {

// SSM Patch Manager's configuration: custom patch baselines, the AWS-provided baseline of each
// operating system (patch_baselines_default.h), the default baseline per operating system and
// patch groups. No node is ever patched or scanned, so patch states are zeros and no patch is
// available (README). Baseline tags go through the tagging operations of the parameter provider
// (resource type PatchBaseline).
class PatchBaselineProvider final : public core::Service {
 public:
  explicit PatchBaselineProvider(Runtime& rt);
  std::string_view Name() const override { return "ssm"; }

  boost::json::value CreatePatchBaseline(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value GetPatchBaseline(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value UpdatePatchBaseline(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value DeletePatchBaseline(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value DescribePatchBaselines(const core::RequestContext& ctx,
                                            const boost::json::object& in);
  boost::json::value GetDefaultPatchBaseline(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value RegisterDefaultPatchBaseline(const core::RequestContext& ctx,
                                                  const boost::json::object& in);
  boost::json::value RegisterPatchBaselineForPatchGroup(const core::RequestContext& ctx,
                                                        const boost::json::object& in);
  boost::json::value DeregisterPatchBaselineForPatchGroup(const core::RequestContext& ctx,
                                                          const boost::json::object& in);
  boost::json::value GetPatchBaselineForPatchGroup(const core::RequestContext& ctx,
                                                   const boost::json::object& in);
  boost::json::value DescribePatchGroups(const core::RequestContext& ctx,
                                         const boost::json::object& in);
  boost::json::value DescribePatchGroupState(const core::RequestContext& ctx,
                                             const boost::json::object& in);
  boost::json::value DescribeAvailablePatches(const core::RequestContext& ctx,
                                              const boost::json::object& in);

 private:
  // The baseline `id` names for the caller (its own by id or ARN, or an AWS-provided one by
  // ARN), with its id as answered; nullopt if none.
  std::optional<boost::json::object> Lookup(store::Transaction& tx, const core::RequestContext& ctx,
                                            const std::string& id);
  // Lookup's baseline, or DoesNotExistException.
  boost::json::object Require(store::Transaction& tx, const core::RequestContext& ctx,
                              const std::string& id);
  // The default baseline's id for `os`: the registered one, else AWS's.
  std::string DefaultFor(store::Transaction& tx, const core::RequestContext& ctx,
                         const std::string& os);

  PatchBaselineStore baselines_;
  TagStore tags_;
  const core::Clock& clock_;
  core::IdGenerator& ids_;
};

}  // namespace nimbus::ssm
