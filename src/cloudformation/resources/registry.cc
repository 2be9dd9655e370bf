#include "cloudformation/resources/registry.h"

#include <utility>

#include "cloudformation/resources/native.h"

namespace nimbus::cloudformation {

ResourceRegistry::ResourceRegistry() {
  Add(internal::MakeSsmParameter());
  Add(internal::MakeKmsKey());
  Add(internal::MakeKmsAlias());
  Add(internal::MakeOrganizationalUnit());
  Add(internal::MakeOrganizationsAccount());
  Add(internal::MakeCdkMetadata());
  Add(internal::MakeSsoInstance());
  Add(internal::MakeSsoPermissionSet());
  Add(internal::MakeSsoAssignment());
  Add(internal::MakeIdentityStoreGroup());
  Add(internal::MakeIdentityStoreGroupMembership());
  Add(internal::MakeIamRole());
  Add(internal::MakeIamUser());
  Add(internal::MakeIamGroup());
  Add(internal::MakeIamPolicy());
  Add(internal::MakeIamManagedPolicy());
  Add(internal::MakeIamInstanceProfile());
  Add(internal::MakeIamAccessKey());
  Add(internal::MakeIamUserToGroupAddition());
  Add(internal::MakeS3Bucket());
  Add(internal::MakeS3BucketPolicy());
  Add(internal::MakeCustomResource());
  for (std::unique_ptr<Resource>& type : internal::MakeUnemulatedCloudFormationTypes()) {
    Add(std::move(type));
  }
}

void ResourceRegistry::Add(std::unique_ptr<Resource> resource) {
  std::string type(resource->Type());
  native_[std::move(type)] = std::move(resource);
}

void ResourceRegistry::SetFallback(std::function<Resource*(std::string_view type)> fallback) {
  fallback_ = std::move(fallback);
}

Resource* ResourceRegistry::Find(std::string_view type) const {
  // Custom::<Name> is a custom resource, as AWS::CloudFormation::CustomResource is.
  if (type.starts_with("Custom::")) type = "AWS::CloudFormation::CustomResource";
  auto it = native_.find(type);
  if (it != native_.end()) return it->second.get();
  return fallback_ ? fallback_(type) : nullptr;
}

std::string UnsupportedTypeReason(std::string_view type) {
  // TODO(issue 10): schema/ serves every other type from its resource schema.
  return "Resource type " + std::string(type) +
         " is not supported by nimbus yet: it has no handler for this type";
}

}  // namespace nimbus::cloudformation
