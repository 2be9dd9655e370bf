// The StackProvider as the host of nested stacks (resources/nested_stack_host.h): a child stack
// is created and updated by the same CreateStack and UpdateStack as a client's, with what AWS
// passes down from the parent (capabilities, role, rollback setting) and its place in the tree
// (ParentId, RootId, kept with the stack's other options).
#include <optional>
#include <string>
#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cloudformation/stack_provider.h"
#include "cloudformation/template_url.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using core::RequestContext;

namespace {

// What every operation on a child takes from its parent.
void PassDown(const StackRecord& parent, json::object& in) {
  in["Capabilities"] = json::parse(parent.capabilities);
  if (!parent.role_arn.empty()) in["RoleARN"] = parent.role_arn;
}

}  // namespace

StackRecord StackProvider::ParentOf(const RequestContext& ctx, std::string_view parent_id) {
  store::Transaction tx = stacks_.Read();
  std::optional<StackRecord> parent = stacks_.FindById(tx, ctx.scope, parent_id);
  if (!parent) {  // the deployer of that stack is asking: a bug if it is gone
    throw std::logic_error("nested stack of unknown stack " + std::string(parent_id));
  }
  return std::move(*parent);
}

std::string StackProvider::ReadTemplate(const RequestContext& ctx, std::string_view url) {
  if (template_reader_) return template_reader_(ctx, url);
  return ReadTemplateUrl(services_, ctx, url);
}

std::string StackProvider::CreateNestedStack(const RequestContext& ctx, std::string_view parent_id,
                                             json::object in) {
  const StackRecord parent = ParentOf(ctx, parent_id);
  PassDown(parent, in);
  if (parent.disable_rollback) in["DisableRollback"] = true;
  const json::value created = CreateStack(ctx, in);
  const std::string child_id(created.at("StackId").as_string());
  // The root is the parent's root, or the parent when it has none.
  const json::object parent_options = json::parse(parent.options).as_object();
  const json::value* root = parent_options.if_contains("RootId");
  store::Transaction tx = stacks_.Begin();
  std::optional<StackRecord> child = stacks_.FindById(tx, ctx.scope, child_id);
  json::object options = json::parse(child->options).as_object();
  options["ParentId"] = parent.stack_id;
  options["RootId"] = root ? *root : json::value(parent.stack_id);
  child->options = json::serialize(options);
  stacks_.UpdateStack(tx, *child);
  tx.Commit();
  return child_id;
}

bool StackProvider::UpdateNestedStack(const RequestContext& ctx, std::string_view parent_id,
                                      json::object in) {
  PassDown(ParentOf(ctx, parent_id), in);
  // The parent's rollback puts a child back while the child's own update may still be under
  // way: cancelled, the child rolls back to where the parent wants it.
  const std::string child_id(in.at("StackName").as_string());
  std::optional<StackRecord> child;
  {
    store::Transaction tx = stacks_.Read();
    child = stacks_.FindById(tx, ctx.scope, child_id);
  }
  if (child && child->status == "UPDATE_IN_PROGRESS") {
    CancelUpdateStack(ctx, {{"StackName", child_id}});
    return true;
  }
  try {
    UpdateStack(ctx, in);
  } catch (const core::AwsError& error) {
    if (std::string_view(error.what()) == "No updates are to be performed.") return false;
    throw;
  }
  return true;
}

}  // namespace nimbus::cloudformation
