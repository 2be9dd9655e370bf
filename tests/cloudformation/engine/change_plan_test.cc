// The change plan: which property changes replace a resource, and the Change a change set
// describes for each action.
#include "cloudformation/engine/change_plan.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/schema/schema_registry.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class ChangePlanTest : public ::testing::Test {
 protected:
  const ResourceSchema* SsmParameter() const { return schemas_.Find("AWS::SSM::Parameter"); }

  static ResourceSide Side(std::string_view physical_id, json::object properties) {
    return ResourceSide{
        .logical_id = "Param",
        .type = "AWS::SSM::Parameter",
        .physical_id = std::string(physical_id),
        .properties = properties,
        .definition = {{"Type", "AWS::SSM::Parameter"}, {"Properties", properties}}};
  }

  SchemaRegistry schemas_;
};

TEST_F(ChangePlanTest, AChangedCreateOnlyPropertyReplaces) {
  const PropertyDiff diff = DiffProperties(SsmParameter(), {{"Name", "/a"}, {"Value", "v"}},
                                           {{"Name", "/b"}, {"Value", "v"}});
  EXPECT_EQ(diff.replacement, "True");
  ASSERT_EQ(diff.changes.size(), 1u);
  EXPECT_EQ(diff.changes[0].name, "Name");
  EXPECT_EQ(diff.changes[0].requires_recreation, "Always");
}

TEST_F(ChangePlanTest, AChangedUpdatablePropertyIsModifiedInPlace) {
  const PropertyDiff diff = DiffProperties(SsmParameter(), {{"Name", "/a"}, {"Value", "v1"}},
                                           {{"Name", "/a"}, {"Value", "v2"}});
  EXPECT_EQ(diff.replacement, "False");
  ASSERT_EQ(diff.changes.size(), 1u);
  EXPECT_EQ(diff.changes[0].requires_recreation, "Never");
}

TEST_F(ChangePlanTest, ACreateOnlyPropertyKnownOnlyAfterTheApplyReplacesConditionally) {
  const PropertyDiff diff =
      DiffProperties(SsmParameter(), {{"Name", "/a"}}, {{"Name", std::string(kKnownAfterApply)}});
  EXPECT_EQ(diff.replacement, "Conditional");
  EXPECT_TRUE(diff.changes.at(0).dynamic);
}

TEST_F(ChangePlanTest, ATypeWithoutSchemaIsNeverReplaced) {
  EXPECT_EQ(DiffProperties(nullptr, {{"Name", "/a"}}, {{"Name", "/b"}}).replacement, "False");
}

TEST_F(ChangePlanTest, ANewResourceIsAnAddWithoutDetails) {
  const ResourceSide after = Side("", {{"Value", "v"}});
  const json::object change = ChangeOf(nullptr, &after, {});
  EXPECT_EQ(change.at("Type"), "Resource");
  EXPECT_EQ(change.at("ResourceChange").at("Action"), "Add");
  EXPECT_EQ(change.at("ResourceChange").at("Details"), json::array());
  EXPECT_EQ(change.at("ResourceChange").at("AfterContext"), R"({"Properties":{"Value":"v"}})");
}

TEST_F(ChangePlanTest, ARemovedResourceIsARemoveWithItsPhysicalId) {
  const ResourceSide before = Side("/a", {{"Value", "v"}});
  const json::object change = ChangeOf(&before, nullptr, {});
  EXPECT_EQ(change.at("ResourceChange").at("Action"), "Remove");
  EXPECT_EQ(change.at("ResourceChange").at("PhysicalResourceId"), "/a");
  EXPECT_EQ(change.at("ResourceChange").at("PolicyAction"), "Delete");
}

TEST_F(ChangePlanTest, AReplacementListsTheCreateOnlyPropertyAsADirectModification) {
  const ResourceSide before = Side("/a", {{"Name", "/a"}});
  const ResourceSide after = Side("", {{"Name", "/b"}});
  const json::object change = ChangeOf(
      &before, &after, DiffProperties(SsmParameter(), before.properties, after.properties));
  const json::object& rc = change.at("ResourceChange").as_object();
  EXPECT_EQ(rc.at("Action"), "Modify");
  EXPECT_EQ(rc.at("Replacement"), "True");
  EXPECT_EQ(rc.at("Scope"), (json::array{"Properties"}));
  EXPECT_EQ(rc.at("Details"), json::parse(R"([{"Target": {"Attribute": "Properties", "Name": "Name",
                "RequiresRecreation": "Always", "Path": "/Properties/Name", "BeforeValue": "/a",
                "AfterValue": "/b", "AttributeChangeType": "Modify"},
                "Evaluation": "Static", "ChangeSource": "DirectModification"}])"));
}

TEST_F(ChangePlanTest, AValueFromAReplacedResourceIsDynamic) {
  ResourceSide before = Side("/a", {{"Value", "old-id"}});
  before.definition["Properties"] = json::object{{"Value", json::object{{"Ref", "Other"}}}};
  ResourceSide after = Side("", {{"Value", std::string(kKnownAfterApply)}});
  after.definition["Properties"] = before.definition["Properties"];
  const json::object change = ChangeOf(
      &before, &after, DiffProperties(SsmParameter(), before.properties, after.properties));
  const json::value& detail = change.at("ResourceChange").at("Details").at(0);
  EXPECT_EQ(detail.at("Evaluation"), "Dynamic");
  EXPECT_EQ(detail.at("ChangeSource"), "ResourceReference");
  EXPECT_EQ(detail.at("Target").at("AfterValue"), json::value(kKnownAfterApply));
}

TEST_F(ChangePlanTest, TheSameExpressionWithAnotherValueIsAParameterReference) {
  ResourceSide before = Side("/a", {{"Value", "v1"}});
  before.definition["Properties"] = json::object{{"Value", json::object{{"Ref", "Input"}}}};
  ResourceSide after = Side("", {{"Value", "v2"}});
  after.definition["Properties"] = before.definition["Properties"];
  const json::object change = ChangeOf(
      &before, &after, DiffProperties(SsmParameter(), before.properties, after.properties));
  EXPECT_EQ(change.at("ResourceChange").at("Details").at(0).at("ChangeSource"),
            "ParameterReference");
}

TEST_F(ChangePlanTest, AChangedMetadataIsInTheMetadataScope) {
  const ResourceSide before = Side("/a", {{"Value", "v"}});
  ResourceSide after = before;
  after.definition["Metadata"] = json::object{{"Note", "x"}};
  const json::object change = ChangeOf(&before, &after, {});
  EXPECT_EQ(change.at("ResourceChange").at("Scope"), (json::array{"Metadata"}));
}

TEST_F(ChangePlanTest, NoDifferenceIsNoChange) {
  const ResourceSide side = Side("/a", {{"Value", "v"}});
  EXPECT_TRUE(ChangeOf(&side, &side, {}).empty());
}

TEST_F(ChangePlanTest, WithoutPropertyValuesDropsValuesAndContexts) {
  const ResourceSide before = Side("/a", {{"Name", "/a"}});
  const ResourceSide after = Side("", {{"Name", "/b"}});
  const json::object change = WithoutPropertyValues(ChangeOf(
      &before, &after, DiffProperties(SsmParameter(), before.properties, after.properties)));
  const json::object& rc = change.at("ResourceChange").as_object();
  EXPECT_FALSE(rc.contains("BeforeContext"));
  EXPECT_EQ(rc.at("Details").at(0).at("Target"),
            json::parse(R"({"Attribute": "Properties", "Name": "Name",
                "RequiresRecreation": "Always", "Path": "/Properties/Name"})"));
}

}  // namespace
}  // namespace nimbus::cloudformation
