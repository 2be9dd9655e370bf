// AWS::CloudFormation::Stack: nested stacks created, updated and deleted with their parent,
// templates served by a fake TemplateURL reader.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/stack_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

constexpr std::string_view kLeaf = R"({
  "Parameters": {"Value": {"Type": "String"}},
  "Resources": {"P": {"Type": "AWS::SSM::Parameter",
                      "Properties": {"Name": {"Fn::Sub": "/nested/${Value}"}, "Type": "String",
                                     "Value": {"Ref": "Value"}}}},
  "Outputs": {"Name": {"Value": {"Ref": "P"}}}})";

constexpr std::string_view kMiddle = R"({
  "Parameters": {"Value": {"Type": "String"}},
  "Resources": {"Leaf": {"Type": "AWS::CloudFormation::Stack",
                         "Properties": {"TemplateURL": "https://b.s3.amazonaws.com/leaf.json",
                                        "Parameters": {"Value": {"Fn::Sub": "${Value}-leaf"}}}}},
  "Outputs": {"Name": {"Value": {"Fn::GetAtt": ["Leaf", "Outputs.Name"]}}}})";

constexpr std::string_view kFailing = R"({
  "Resources": {"Bad": {"Type": "Test::Fake", "Properties": {"FailCreate": "boom"}}}})";

class NestedStackTest : public testing::StackTest {
 protected:
  NestedStackTest() {
    rt_->cloudformation->SetTemplateReader(
        [this](const core::RequestContext&, std::string_view url) -> std::string {
          auto it = templates_.find(std::string(url));
          if (it == templates_.end()) throw core::AwsError("ValidationError", "no such template");
          return it->second;
        });
    templates_["https://b.s3.amazonaws.com/leaf.json"] = std::string(kLeaf);
    templates_["https://b.s3.amazonaws.com/middle.json"] = std::string(kMiddle);
    templates_["https://b.s3.amazonaws.com/failing.json"] = std::string(kFailing);
  }

  // A parent of one nested stack `Child` from `url` with `parameters`.
  static std::string Parent(std::string_view url, std::string_view parameters) {
    return R"({"Resources": {"Child": {"Type": "AWS::CloudFormation::Stack", "Properties": {
               "TemplateURL": ")" +
           std::string(url) + R"(", "Parameters": )" + std::string(parameters) + R"(}}},
               "Outputs": {"Out": {"Value": {"Fn::GetAtt": ["Child", "Outputs.Name"]}}}})";
  }
  // Runs the scheduler until nothing is left to poll (each poll 100 ms later).
  void Settle() {
    for (int i = 0; i < 50; ++i) {
      rt_->RunDueTasks();
      rt_->clock.Advance(100);
    }
  }
  // The physical id of the parent's resource `logical_id`: the child's stack id.
  std::string ChildOf(std::string_view parent, std::string_view logical_id) {
    const json::value out =
        Call("DescribeStackResource", {{"StackName", parent}, {"LogicalResourceId", logical_id}});
    return std::string(out.at("StackResourceDetail").at("PhysicalResourceId").as_string());
  }

  std::map<std::string, std::string> templates_;
};

TEST_F(NestedStackTest, TheParentCompletesAfterItsChild) {
  Create("app", Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "a"})"));
  Settle();
  EXPECT_EQ(Status("app"), "CREATE_COMPLETE");
  EXPECT_EQ(Status(ChildOf("app", "Child")), "CREATE_COMPLETE");
}

TEST_F(NestedStackTest, TheChildIsNamedAfterTheParentAndTheLogicalId) {
  Create("app", Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "a"})"));
  Settle();
  const std::string name(Stack(ChildOf("app", "Child")).at("StackName").as_string());
  ASSERT_EQ(name.size(), std::string("app-Child-").size() + 13);
  EXPECT_TRUE(name.starts_with("app-Child-"));
}

TEST_F(NestedStackTest, ParametersReachTheChild) {
  Create("app", Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "given"})"));
  Settle();
  EXPECT_EQ(Parameter("/nested/given"), "given");
}

TEST_F(NestedStackTest, AListParameterIsPassedCommaJoined) {
  Create("app", Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": ["x", "y"]})"));
  Settle();
  EXPECT_EQ(Stack(ChildOf("app", "Child")).at("Parameters"),
            (json::array{json::object{{"ParameterKey", "Value"}, {"ParameterValue", "x,y"}}}));
}

TEST_F(NestedStackTest, GetAttOutputsReadsTheChildsOutput) {
  Create("app", Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "out"})"));
  Settle();
  EXPECT_EQ(Stack("app").at("Outputs").at(0).at("OutputValue"), "/nested/out");
}

TEST_F(NestedStackTest, RefOfTheResourceIsTheChildsStackId) {
  Create("app", R"({"Resources": {"Child": {"Type": "AWS::CloudFormation::Stack", "Properties":
                    {"TemplateURL": "https://b.s3.amazonaws.com/leaf.json",
                     "Parameters": {"Value": "r"}}}},
                    "Outputs": {"Id": {"Value": {"Ref": "Child"}}}})");
  Settle();
  EXPECT_EQ(Stack("app").at("Outputs").at(0).at("OutputValue").as_string(),
            ChildOf("app", "Child"));
  EXPECT_TRUE(ChildOf("app", "Child").starts_with("arn:aws:cloudformation:"));
}

TEST_F(NestedStackTest, TheChildHasTheParentAsParentIdAndRootId) {
  const std::string parent_id =
      Create("app", Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "a"})"));
  Settle();
  const json::object child = Stack(ChildOf("app", "Child"));
  EXPECT_EQ(child.at("ParentId").as_string(), parent_id);
  EXPECT_EQ(child.at("RootId").as_string(), parent_id);
}

TEST_F(NestedStackTest, TheRootStackHasNoParentIdNorRootId) {
  Create("app", Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "a"})"));
  Settle();
  EXPECT_FALSE(Stack("app").contains("ParentId"));
  EXPECT_FALSE(Stack("app").contains("RootId"));
}

TEST_F(NestedStackTest, AGrandchildHasTheRootAsRootIdAndItsParentAsParentId) {
  const std::string root_id =
      Create("app", Parent("https://b.s3.amazonaws.com/middle.json", R"({"Value": "g"})"));
  Settle();
  const std::string middle = ChildOf("app", "Child");
  const json::object leaf = Stack(ChildOf(middle, "Leaf"));
  EXPECT_EQ(leaf.at("ParentId").as_string(), middle);
  EXPECT_EQ(leaf.at("RootId").as_string(), root_id);
  EXPECT_EQ(Parameter("/nested/g-leaf"), "g-leaf");
}

TEST_F(NestedStackTest, AGrandchildsOutputReachesTheRoot) {
  Create("app", Parent("https://b.s3.amazonaws.com/middle.json", R"({"Value": "o"})"));
  Settle();
  EXPECT_EQ(Stack("app").at("Outputs").at(0).at("OutputValue"), "/nested/o-leaf");
}

TEST_F(NestedStackTest, ListStacksShowsParentIdOfChildren) {
  const std::string parent_id =
      Create("app", Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "a"})"));
  Settle();
  const json::value listed = Call("ListStacks");
  std::vector<std::string> parents;
  for (const json::value& summary : listed.at("StackSummaries").as_array()) {
    if (const json::value* id = summary.as_object().if_contains("ParentId")) {
      parents.push_back(std::string(id->as_string()));
    }
  }
  EXPECT_EQ(parents, std::vector<std::string>{parent_id});
}

TEST_F(NestedStackTest, TheChildTakesTheParentsCapabilitiesAndTags) {
  Create("app", Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "a"})"),
         {{"Capabilities", json::array{"CAPABILITY_IAM"}},
          {"Tags", json::array{json::object{{"Key", "team"}, {"Value", "core"}}}}});
  Settle();
  const json::object child = Stack(ChildOf("app", "Child"));
  EXPECT_EQ(child.at("Capabilities"), (json::array{"CAPABILITY_IAM"}));
  EXPECT_EQ(child.at("Tags"), (json::array{json::object{{"Key", "team"}, {"Value", "core"}}}));
}

TEST_F(NestedStackTest, AFailingChildFailsTheResourceWithAwsReason) {
  Create("app", Parent("https://b.s3.amazonaws.com/failing.json", "{}"));
  Settle();
  const std::string child = ChildOf("app", "Child");
  EXPECT_EQ(Events("app")[3], "Child CREATE_FAILED Embedded stack " + child +
                                  " was not successfully created: The following resource(s) "
                                  "failed to create: [Bad].");
}

TEST_F(NestedStackTest, AFailingChildRollsTheWholeTreeBack) {
  Create("app", Parent("https://b.s3.amazonaws.com/failing.json", "{}"));
  Settle();
  const std::string child = ChildOf("app", "Child");
  EXPECT_EQ(Status("app"), "ROLLBACK_COMPLETE");
  EXPECT_EQ(Status(child), "DELETE_COMPLETE");
  const std::vector<std::string> events = Events(child);
  const std::string name(Stack(child).at("StackName").as_string());
  EXPECT_NE(std::find(events.begin(), events.end(), name + " ROLLBACK_COMPLETE"), events.end());
}

TEST_F(NestedStackTest, AnUnreadableTemplateUrlFailsTheResource) {
  Create("app", Parent("https://b.s3.amazonaws.com/missing.json", "{}"));
  Settle();
  EXPECT_EQ(Events("app")[3], "Child CREATE_FAILED no such template");
  EXPECT_EQ(Status("app"), "ROLLBACK_COMPLETE");
}

TEST_F(NestedStackTest, DeletingTheParentDeletesTheTree) {
  const std::string parent_id =
      Create("app", Parent("https://b.s3.amazonaws.com/middle.json", R"({"Value": "d"})"));
  Settle();
  const std::string middle = ChildOf("app", "Child");
  const std::string leaf = ChildOf(middle, "Leaf");
  Delete("app");
  Settle();
  EXPECT_EQ(Status(middle), "DELETE_COMPLETE");
  EXPECT_EQ(Status(leaf), "DELETE_COMPLETE");
  EXPECT_EQ(Parameter("/nested/d-leaf"), "");
  EXPECT_EQ(Events(parent_id).back(), "app DELETE_COMPLETE");
}

TEST_F(NestedStackTest, ChangedParametersUpdateTheChild) {
  Create("app", Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "one"})"));
  Settle();
  Call("UpdateStack",
       {{"StackName", "app"},
        {"TemplateBody", Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "two"})")}});
  Settle();
  EXPECT_EQ(Status("app"), "UPDATE_COMPLETE");
  EXPECT_EQ(Status(ChildOf("app", "Child")), "UPDATE_COMPLETE");
  EXPECT_EQ(Parameter("/nested/two"), "two");
  EXPECT_EQ(Parameter("/nested/one"), "");
  EXPECT_EQ(Stack("app").at("Outputs").at(0).at("OutputValue"), "/nested/two");
}

TEST_F(NestedStackTest, AnUnchangedNestedStackIsUpdatedWithItsParent) {
  const std::string parent = Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "u"})");
  Create("app", parent);
  Settle();
  std::string changed = parent;
  changed.replace(changed.find(R"("Out")"), 5, R"("Renamed")");
  Call("UpdateStack", {{"StackName", "app"}, {"TemplateBody", changed}});
  Settle();
  const std::vector<std::string> events = Events("app");
  EXPECT_EQ(
      std::vector<std::string>(events.end() - 5, events.end()),
      (std::vector<std::string>{"app UPDATE_IN_PROGRESS User Initiated", "Child UPDATE_IN_PROGRESS",
                                "Child UPDATE_COMPLETE", "app UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
                                "app UPDATE_COMPLETE"}));
}

TEST_F(NestedStackTest, AChangedTemplateAtTheSameUrlUpdatesTheChild) {
  const std::string parent = Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "t"})");
  Create("app", parent);
  Settle();
  std::string leaf(kLeaf);
  leaf.replace(leaf.find("/nested/"), 8, "/renamed/");
  templates_["https://b.s3.amazonaws.com/leaf.json"] = leaf;
  std::string changed = parent;
  changed.replace(changed.find(R"("Out")"), 5, R"("Renamed")");
  Call("UpdateStack", {{"StackName", "app"}, {"TemplateBody", changed}});
  Settle();
  EXPECT_EQ(Parameter("/renamed/t"), "t");
  EXPECT_EQ(Parameter("/nested/t"), "");
}

TEST_F(NestedStackTest, ARolledBackParentUpdatePutsTheChildBack) {
  Create("app", Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "before"})"));
  Settle();
  std::string changed = Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "after"})");
  changed.replace(changed.find(R"("Resources": {)"), 14,
                  R"("Resources": {"Bad": {"Type": "Test::Fake", "Properties":
                                   {"FailCreate": "boom"}}, )");
  Call("UpdateStack", {{"StackName", "app"}, {"TemplateBody", changed}});
  Settle();
  EXPECT_EQ(Status("app"), "UPDATE_ROLLBACK_COMPLETE");
  EXPECT_EQ(Parameter("/nested/before"), "before");
  EXPECT_EQ(Parameter("/nested/after"), "");
}

TEST_F(NestedStackTest, AParentUpdateRollbackEndsOnlyOnceTheChildIsBack) {
  Create("app", Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "before"})"));
  Settle();
  const std::string child = ChildOf("app", "Child");
  std::string changed = Parent("https://b.s3.amazonaws.com/leaf.json", R"({"Value": "after"})");
  changed.replace(changed.find(R"("Resources": {)"), 14,
                  R"("Resources": {"Bad": {"Type": "Test::Fake", "Properties":
                                   {"FailCreate": "boom"}}, )");
  Call("UpdateStack", {{"StackName", "app"}, {"TemplateBody", changed}});
  std::string child_when_parent_done;
  for (int i = 0; i < 50 && child_when_parent_done.empty(); ++i) {
    rt_->RunDueTasks();
    if (Status("app").starts_with("UPDATE_ROLLBACK_COMPLETE")) {
      child_when_parent_done = Status(child);
    }
    rt_->clock.Advance(100);
  }
  EXPECT_EQ(child_when_parent_done, "UPDATE_ROLLBACK_COMPLETE");
}

TEST_F(NestedStackTest, AChildTemplateAbove51200BytesIsCreated) {
  std::string big(kLeaf);
  big.insert(big.find(R"("Parameters")"),
             R"("Metadata": {"Padding": ")" + std::string(60000, 'x') + R"("}, )");
  templates_["https://b.s3.amazonaws.com/big.json"] = big;
  Create("app", Parent("https://b.s3.amazonaws.com/big.json", R"({"Value": "big"})"));
  Settle();
  EXPECT_EQ(Status(ChildOf("app", "Child")), "CREATE_COMPLETE");
  EXPECT_EQ(Parameter("/nested/big"), "big");
}

}  // namespace
}  // namespace nimbus::cloudformation
