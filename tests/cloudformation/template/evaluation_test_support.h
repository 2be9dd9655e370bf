#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include "cloudformation/template/conditions.h"
#include "cloudformation/template/intrinsics.h"
#include "cloudformation/template/parameters.h"
#include "core/aws_error.h"

// A template, a stack in us-east-1 and fake lookups, for the template evaluation tests: resources
// answer Ref with "<Id>-physical" and GetAtt with "<Id>.<Attribute>" (attribute "Missing" does not
// exist), exports and SSM parameters are read from maps the test fills.
namespace nimbus::cloudformation::testing {

inline boost::json::value Json(std::string_view text) { return boost::json::parse(text); }

// "<code>: <message>" of the error `fn` throws, or "no error".
inline std::string ErrorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const core::AwsError& e) {
    return e.code() + ": " + e.what();
  }
  return "no error";
}

class EvaluationTest : public ::testing::Test {
 protected:
  // Takes `tmpl` (JSON text) as the template, resolves its parameters from `input` and evaluates
  // its conditions, as the engine does before resolving resources.
  void Load(std::string_view tmpl, const std::vector<ParameterInput>& input = {}) {
    LoadParameters(tmpl, input);
    conditions_ = EvaluateConditions(tmpl_, Context());
  }

  // Load without the conditions (as before the AWS::LanguageExtensions transform).
  void LoadParameters(std::string_view tmpl, const std::vector<ParameterInput>& input = {}) {
    tmpl_ = boost::json::parse(tmpl).as_object();
    parameters_ = ResolveParameters(tmpl_, input, [this](std::string_view name) {
      const auto found = ssm_.find(std::string(name));
      return found == ssm_.end() ? std::nullopt : std::optional<std::string>(found->second);
    });
  }

  EvaluationContext Context() const {
    return {.tmpl = tmpl_,
            .stack = stack_,
            .parameters = parameters_,
            .conditions = &conditions_,
            .lookups = FakeLookups()};
  }

  Lookups FakeLookups() const {
    return {
        .resource_ref =
            [](std::string_view id) { return boost::json::value(std::string(id) + "-physical"); },
        .resource_attribute = [](std::string_view id,
                                 std::string_view attribute) -> std::optional<boost::json::value> {
          if (attribute == "Missing") {
            return std::nullopt;
          }
          if (attribute == "List") {
            return boost::json::value{"a", "b"};
          }
          return boost::json::value(std::string(id) + "." + std::string(attribute));
        },
        .import_value = [this](std::string_view name) -> std::optional<std::string> {
          const auto found = exports_.find(std::string(name));
          return found == exports_.end() ? std::nullopt : std::optional<std::string>(found->second);
        },
        .ssm_parameter = [this](const SsmReference& reference) -> std::optional<std::string> {
          std::string key = (reference.secure ? "secure:" : "") + reference.name;
          if (reference.version) {
            key += ":" + std::to_string(*reference.version);
          }
          const auto found = ssm_.find(key);
          return found == ssm_.end() ? std::nullopt : std::optional<std::string>(found->second);
        }};
  }

  // `value` (JSON text) resolved in the loaded template; null when it is AWS::NoValue.
  boost::json::value Eval(std::string_view value, Block block = Block::kResources) const {
    const std::optional<boost::json::value> resolved = Resolve(Json(value), Context(), block);
    return resolved ? *resolved : boost::json::value(nullptr);
  }

  // The error of resolving `value` in the loaded template.
  std::string EvalError(std::string_view value, Block block = Block::kResources) const {
    return ErrorOf([&] { Eval(value, block); });
  }

  boost::json::object tmpl_;
  StackFacts stack_{.account_id = "123456789012",
                    .region = "us-east-1",
                    .stack_name = "teststack",
                    .stack_id =
                        "arn:aws:cloudformation:us-east-1:123456789012:stack/teststack/"
                        "51af3dc0-da77-11e4-872e-1234567db123",
                    .notification_arns = {"arn:aws:sns:us-east-1:123456789012:topic-a"}};
  ResolvedParameters parameters_;
  ConditionValues conditions_;
  std::map<std::string, std::string> ssm_;      // name (or "secure:name", "name:version") -> value
  std::map<std::string, std::string> exports_;  // export name -> value
};

}  // namespace nimbus::cloudformation::testing
