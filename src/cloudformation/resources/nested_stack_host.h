#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "core/request_context.h"

namespace nimbus::cloudformation {

// What an AWS::CloudFormation::Stack resource needs from the stack API that owns it (the
// StackProvider): its template read from TemplateURL, and a child stack created or updated under
// the resource's own stack. The child's status, outputs and deletion go through the stack API
// like any client's calls (DescribeStacks, DeleteStack).
class NestedStackHost {
 public:
  virtual ~NestedStackHost() = default;

  // The template at `url` (a TemplateURL), read as CreateStack reads one. Throws core::AwsError.
  virtual std::string ReadTemplate(const core::RequestContext& ctx, std::string_view url) = 0;
  // Creates the stack CreateStack's members `in` describe (with TemplateBody) as a child of the
  // stack `parent_id`: it takes the parent's capabilities, role and rollback setting, and has
  // ParentId and RootId. Returns the child's stack id. Throws core::AwsError.
  virtual std::string CreateNestedStack(const core::RequestContext& ctx, std::string_view parent_id,
                                        boost::json::object in) = 0;
  // Updates the child stack UpdateStack's members `in` name, likewise, or cancels its update
  // under way (the parent rolls back, and so does the child). Returns false when there is
  // nothing to update ("No updates are to be performed."). Throws core::AwsError.
  virtual bool UpdateNestedStack(const core::RequestContext& ctx, std::string_view parent_id,
                                 boost::json::object in) = 0;
};

}  // namespace nimbus::cloudformation
