// A stack's exports and imports as its operations change them: what a creation or an update
// imports (Fn::ImportValue), the outputs it exports once its resources are done, and the rule
// that an export another stack imports can be neither changed nor removed
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html:
// "After another stack imports an output value, you can't delete the stack that is exporting the
// output value or modify the exported output value").
#include <algorithm>
#include <map>

#include <boost/json/serialize.hpp>

#include "cloudformation/engine/deployer.h"
#include "core/aws_error.h"

namespace nimbus::cloudformation {

namespace json = boost::json;

std::string Deployer::ImporterList(const std::vector<std::string>& stacks) {
  // "... in use by cdk-vpc-to-cfn-elb-demo and elb-cfn-demo" is quoted from AWS with two; the
  // form with more is nimbus's.
  std::string list;
  for (size_t i = 0; i < stacks.size(); ++i) {
    if (i > 0) list += i + 1 == stacks.size() ? " and " : ", ";
    list += stacks[i];
  }
  return list;
}

std::optional<std::string> Deployer::ExportInUse(store::Transaction& tx, const StackRecord& stack) {
  const std::vector<std::pair<std::string, std::string>> in_use =
      stacks_.ExportsInUse(tx, stack.stack_id);
  if (in_use.empty()) return std::nullopt;
  std::vector<std::string> importers;
  for (const auto& [name, importer] : in_use) {
    if (name == in_use.front().first) importers.push_back(importer);
  }
  return "Export " + in_use.front().first + " cannot be deleted as it is in use by " +
         ImporterList(importers);
}

std::optional<std::string> Deployer::CheckImports(store::Transaction& tx, Session& s) {
  const std::vector<std::string> names = s.plan->ImportedExports();
  if (names.empty()) return std::nullopt;
  for (const std::string& name : names) {
    // AWS fails the stack before it creates anything, with the stack's reason "No export named
    // X found. Rollback requested by user." (quoted from AWS by users).
    if (!stacks_.FindExport(tx, s.stack.scope, name)) return "No export named " + name + " found";
  }
  // Added to what the stack imports already: until an update completes, the exports its
  // previous template imports stay in use too.
  stacks_.AddImports(tx, s.stack.scope, s.stack.stack_id, names);
  return std::nullopt;
}

void Deployer::SetImports(store::Transaction& tx, const StackRecord& stack,
                          const std::vector<std::string>& names) {
  stacks_.DeleteImports(tx, stack.stack_id);
  stacks_.AddImports(tx, stack.scope, stack.stack_id, names);
}

std::string Deployer::PutOutputs(store::Transaction& tx, Session& s) {
  json::array outputs;
  try {
    outputs = s.plan->Outputs(MakeLookups(tx, s));
  } catch (const core::AwsError& error) {
    return error.what();
  }
  // Export names are unique in the account and region: all are checked before any is kept.
  std::vector<ExportRecord> exports;
  for (const json::value& output : outputs) {
    const json::value* name = output.as_object().if_contains("ExportName");
    if (!name) continue;
    ExportRecord exported{.name = std::string(name->as_string()),
                          .value = std::string(output.at("OutputValue").as_string()),
                          .stack_id = s.stack.stack_id};
    std::optional<ExportRecord> taken = stacks_.FindExport(tx, s.stack.scope, exported.name);
    if (taken && taken->stack_id == s.stack.stack_id) taken.reset();  // an update keeps it
    const bool twice = std::any_of(exports.begin(), exports.end(),
                                   [&](const ExportRecord& e) { return e.name == exported.name; });
    if (taken || twice) {
      std::optional<StackRecord> owner =
          taken ? stacks_.FindByIdAnywhere(tx, taken->stack_id) : s.stack;
      return "Export with name " + exported.name + " is already exported by stack " +
             (owner ? owner->name : taken->stack_id);
    }
    exports.push_back(std::move(exported));
  }

  // The stack's exports that other stacks import must stay as they are (an update's; a creation
  // has none yet). Both wordings are quoted from AWS by users, as an update's rollback reason.
  std::map<std::string, std::vector<std::string>, std::less<>> importers;
  for (auto& [name, stack] : stacks_.ExportsInUse(tx, s.stack.stack_id)) {
    importers[name].push_back(std::move(stack));
  }
  for (const auto& [name, stacks] : importers) {
    const auto next = std::find_if(exports.begin(), exports.end(),
                                   [&](const ExportRecord& e) { return e.name == name; });
    if (next == exports.end()) {
      return "Export " + name + " cannot be deleted as it is in use by " + ImporterList(stacks);
    }
    const std::optional<ExportRecord> current = stacks_.FindExport(tx, s.stack.scope, name);
    if (current && current->value != next->value) {
      return "Cannot update export " + name + " as it is in use by " + ImporterList(stacks);
    }
  }

  stacks_.DeleteExports(tx, s.stack.stack_id);
  for (const ExportRecord& exported : exports) stacks_.PutExport(tx, s.stack.scope, exported);
  s.stack.outputs = json::serialize(outputs);
  s.stack_changed = true;
  return "";
}

}  // namespace nimbus::cloudformation
