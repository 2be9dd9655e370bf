#include "cloudformation/template/references.h"

#include <gtest/gtest.h>

#include "cloudformation/template/evaluation_test_support.h"

namespace nimbus::cloudformation {
namespace {

using testing::ErrorOf;
using testing::Json;

using Names = std::vector<std::string>;

boost::json::object Template(std::string_view resources, std::string_view extra = "") {
  return Json(R"({"Parameters": {"Env": {"Type": "String"}}, )" + std::string(extra) +
              R"("Resources": )" + std::string(resources) + "}")
      .as_object();
}

TEST(DependenciesTest, RefGetAttSubAndDependsOnAreDependencies) {
  const boost::json::object tmpl = Template(R"({
    "A": {"Type": "T"}, "B": {"Type": "T"}, "C": {"Type": "T"}, "D": {"Type": "T"},
    "E": {"Type": "T", "DependsOn": "D", "Properties": {
      "P1": {"Ref": "A"}, "P2": {"Fn::GetAtt": ["B", "Arn"]}, "P3": {"Fn::Sub": "${C.Name}-${A}"}}}})");
  EXPECT_EQ(Dependencies(tmpl, "E"), (Names{"A", "B", "C", "D"}));
}

TEST(DependenciesTest, ParametersPseudoParametersAndSubMapVariablesAreNotDependencies) {
  const boost::json::object tmpl = Template(R"({
    "A": {"Type": "T"},
    "B": {"Type": "T", "Properties": {
      "P1": {"Ref": "Env"}, "P2": {"Ref": "AWS::Region"},
      "P3": {"Fn::Sub": ["${Local}${!A}", {"Local": "x"}]}}}})");
  EXPECT_EQ(Dependencies(tmpl, "B"), (Names{}));
}

TEST(DependenciesTest, DependsOnListAndStringFormOfGetAtt) {
  const boost::json::object tmpl = Template(R"({
    "A": {"Type": "T"}, "B": {"Type": "T"},
    "C": {"Type": "T", "DependsOn": ["B"], "Properties": {"P": {"Fn::GetAtt": "A.Outputs.X"}}}})");
  EXPECT_EQ(Dependencies(tmpl, "C"), (Names{"A", "B"}));
}

TEST(DependenciesTest, BranchOfAnIfNotTakenIsNoDependency) {
  const boost::json::object tmpl = Template(R"({
    "A": {"Type": "T"}, "B": {"Type": "T"},
    "C": {"Type": "T", "Properties": {"P": {"Fn::If": ["Cond", {"Ref": "A"}, {"Ref": "B"}]}}}})");
  const ConditionValues conditions{{"Cond", false}};
  EXPECT_EQ(Dependencies(tmpl, "C", &conditions), (Names{"B"}));
  EXPECT_EQ(Dependencies(tmpl, "C"), (Names{"A", "B"}));
}

TEST(DependencyGraphTest, CreationOrderPutsEachResourceAfterItsDependencies) {
  const DependencyGraph graph = BuildDependencyGraph(Template(R"({
    "Last": {"Type": "T", "Properties": {"P": {"Ref": "Middle"}}},
    "Middle": {"Type": "T", "Properties": {"P": {"Fn::GetAtt": ["First", "Arn"]}}},
    "First": {"Type": "T"},
    "Free": {"Type": "T"}})"));
  EXPECT_EQ(graph.creation_order, (Names{"First", "Middle", "Last", "Free"}));
  EXPECT_EQ(graph.dependencies.at("Middle"), (Names{"First"}));
}

TEST(DependencyGraphTest, RefToAnUndeclaredResourceIsUnresolved) {
  EXPECT_EQ(ErrorOf([] {
              BuildDependencyGraph(
                  Template(R"({"A": {"Type": "T", "Properties": {"P": {"Ref": "InvalidRef"}}}})"));
            }),
            "ValidationError: Template format error: Unresolved resource dependencies "
            "[InvalidRef] in the Resources block of the template");
}

TEST(DependencyGraphTest, DependsOnAnUndeclaredResourceIsUnresolved) {
  EXPECT_EQ(ErrorOf([] {
              BuildDependencyGraph(
                  Template(R"({"A": {"Type": "T", "DependsOn": "NonExistingResource"}})"));
            }),
            "ValidationError: Template format error: Unresolved resource dependencies "
            "[NonExistingResource] in the Resources block of the template");
}

TEST(DependencyGraphTest, GetAttOfAParameterIsUnresolved) {
  EXPECT_EQ(ErrorOf([] {
              BuildDependencyGraph(Template(
                  R"({"A": {"Type": "T", "Properties": {"P": {"Fn::GetAtt": ["Env", "X"]}}}})"));
            }),
            "ValidationError: Template format error: Unresolved resource dependencies [Env] in the "
            "Resources block of the template");
}

TEST(DependencyGraphTest, AllUnresolvedNamesAreListedTogether) {
  EXPECT_EQ(ErrorOf([] {
              BuildDependencyGraph(Template(R"({"A": {"Type": "T", "Properties": {
                "P": [{"Ref": "X"}, {"Fn::Sub": "${Y.Arn}"}, {"Ref": "X"}]}}})"));
            }),
            "ValidationError: Template format error: Unresolved resource dependencies [X, Y] in "
            "the Resources block of the template");
}

TEST(DependencyGraphTest, RefToAResourceWhoseConditionIsFalseIsUnresolved) {
  const ConditionValues conditions{{"IsDev", false}};
  EXPECT_EQ(ErrorOf([&] {
              BuildDependencyGraph(Template(R"({
                "MyTopic": {"Type": "AWS::SNS::Topic", "Condition": "IsDev"},
                "Param": {"Type": "T", "Properties": {"Value": {"Ref": "MyTopic"}}}})"),
                                   &conditions);
            }),
            "ValidationError: Template format error: Unresolved resource dependencies [MyTopic] "
            "in the Resources block of the template");
}

TEST(DependencyGraphTest, ResourceWhoseConditionIsFalseIsLeftOut) {
  const ConditionValues conditions{{"IsDev", false}};
  const DependencyGraph graph =
      BuildDependencyGraph(Template(R"({"A": {"Type": "T", "Condition": "IsDev"},
                   "B": {"Type": "T", "Properties": {"P": {"Fn::If": ["IsDev", {"Ref": "A"}, "x"]}}}})"),
                           &conditions);
  EXPECT_EQ(graph.resources, (Names{"B"}));
  EXPECT_EQ(graph.dependencies.at("B"), (Names{}));
}

TEST(DependencyGraphTest, OutputReferringToASkippedResourceNamesTheOutputsBlock) {
  const ConditionValues conditions{{"IsDev", false}};
  EXPECT_EQ(
      ErrorOf([&] {
        BuildDependencyGraph(
            Template(R"({"MyTopic": {"Type": "T", "Condition": "IsDev"}, "B": {"Type": "T"}})",
                     R"("Outputs": {"Arn": {"Value": {"Ref": "MyTopic"}}}, )"),
            &conditions);
      }),
      "ValidationError: Unresolved resource dependencies [MyTopic] in the Outputs block of "
      "the template");
}

TEST(DependencyGraphTest, TwoResourcesReferringToEachOtherAreACycle) {
  EXPECT_EQ(ErrorOf([] {
              BuildDependencyGraph(Template(R"({
                "BootstrapRole": {"Type": "T", "Properties": {"P": {"Fn::GetAtt": ["AssumeRole", "Arn"]}}},
                "AssumeRole": {"Type": "T", "Properties": {"P": {"Fn::GetAtt": ["BootstrapRole", "Arn"]}}}})"));
            }),
            "ValidationError: Circular dependency between resources: [BootstrapRole, AssumeRole]");
}

TEST(DependencyGraphTest, CycleListsTheResourcesThatDependOnIt) {
  EXPECT_EQ(ErrorOf([] {
              BuildDependencyGraph(Template(R"({
                "Function": {"Type": "T", "Properties": {"P": {"Ref": "Group"}}},
                "Group": {"Type": "T", "Properties": {"P": {"Ref": "OtherGroup"}}},
                "Unrelated": {"Type": "T"},
                "OtherGroup": {"Type": "T", "Properties": {"P": {"Ref": "Group"}}}})"));
            }),
            "ValidationError: Circular dependency between resources: [Function, Group, "
            "OtherGroup]");
}

TEST(DependencyGraphTest, ResourceReferringToItselfIsACycle) {
  EXPECT_EQ(ErrorOf([] {
              BuildDependencyGraph(Template(
                  R"({"A": {"Type": "T", "Properties": {"P": {"Fn::Sub": "${A.Arn}"}}}})"));
            }),
            "ValidationError: Circular dependency between resources: [A]");
}

}  // namespace
}  // namespace nimbus::cloudformation
