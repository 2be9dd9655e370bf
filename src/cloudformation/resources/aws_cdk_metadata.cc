// AWS::CDK::Metadata: the analytics record the AWS CDK adds to the templates it synthesizes
// (Analytics: "v2:deflate64:..."). CloudFormation itself serves it and creates nothing; its
// physical id, and so its Ref, is the id part of the stack's id (DescribeStackResources on AWS
// shows PhysicalResourceId 6ace55f0-b67c-11ec-a5d3-0a1e6da159c9 in the stack
// .../stack/AgcPermissionsStack/6ace55f0-b67c-11ec-a5d3-0a1e6da159c9).
#include <string>

#include "cloudformation/resources/native.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

namespace {

class CdkMetadata final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::CDK::Metadata"; }

  // The schema declares no properties and allows any: the CDK writes Analytics, older versions
  // Modules.
  ResourceResult Create(const ResourceRequest& req) override {
    const size_t slash = req.stack_id.rfind('/');
    const std::string_view id =
        slash == std::string_view::npos ? req.stack_id : req.stack_id.substr(slash + 1);
    return {.physical_id = std::string(id)};
  }

  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    (void)req;
    (void)previous;
    return {.physical_id = std::string(physical_id)};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    (void)req;
    (void)physical_id;
  }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeCdkMetadata() { return std::make_unique<CdkMetadata>(); }

}  // namespace nimbus::cloudformation
