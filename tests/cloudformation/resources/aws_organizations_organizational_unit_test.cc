// AWS::Organizations::OrganizationalUnit: created, renamed, read back and deleted through the
// Organizations API, as the organization's management account.
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "cloudformation/resources/native_resource_test_support.h"

namespace nimbus::cloudformation {
namespace {

namespace json = boost::json;

class OrganizationalUnitResourceTest : public testing::NativeResourceTest {
 protected:
  OrganizationalUnitResourceTest() : NativeResourceTest("AWS::Organizations::OrganizationalUnit") {
    Call("organizations", "CreateOrganization");
    root_ = std::string(Call("organizations", "ListRoots").at("Roots").at(0).at("Id").as_string());
  }

  std::string CreateOu(const json::object& props) {
    return handler_->Create(Request(props, "Unit")).physical_id;
  }
  json::object Describe(const std::string& id) {
    return Call("organizations", "DescribeOrganizationalUnit", {{"OrganizationalUnitId", id}})
        .at("OrganizationalUnit")
        .as_object();
  }
  json::value Tags(const std::string& id) {
    return Call("organizations", "ListTagsForResource", {{"ResourceId", id}}).at("Tags");
  }

  std::string root_;
};

TEST_F(OrganizationalUnitResourceTest, CreateMakesAnOuVisibleThroughOrganizations) {
  const std::string id = CreateOu({{"Name", "Workloads"}, {"ParentId", root_}});
  EXPECT_EQ(Describe(id).at("Name"), "Workloads");
  const json::value parents = Call("organizations", "ListParents", {{"ChildId", id}});
  EXPECT_EQ(parents.at("Parents").at(0).at("Id"), json::value(root_));
}

TEST_F(OrganizationalUnitResourceTest, RefIsTheOuId) {
  const std::string id = CreateOu({{"Name", "Ref"}, {"ParentId", root_}});
  EXPECT_EQ(id.substr(0, 3 + root_.size() - 2), "ou-" + root_.substr(2));
  EXPECT_EQ(handler_->Ref(id), json::value(id));
}

TEST_F(OrganizationalUnitResourceTest, TagsAreTheStacksTheResourcesAndCloudFormations) {
  const std::string id =
      CreateOu({{"Name", "Tagged"},
                {"ParentId", root_},
                {"Tags", json::array{json::object{{"Key", "env"}, {"Value", "prod"}}}}});
  EXPECT_EQ(Tags(id), json::parse(R"([
      {"Key":"aws:cloudformation:logical-id","Value":"Unit"},
      {"Key":"aws:cloudformation:stack-id",
       "Value":"arn:aws:cloudformation:us-east-1:111122223333:stack/app/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"},
      {"Key":"aws:cloudformation:stack-name","Value":"app"},
      {"Key":"env","Value":"prod"},
      {"Key":"team","Value":"blue"}])"));
}

TEST_F(OrganizationalUnitResourceTest, ANameTakenUnderTheParentFailsWithOrganizationsError) {
  CreateOu({{"Name", "Twice"}, {"ParentId", root_}});
  EXPECT_EQ(test::ErrorOf([&] {
              CreateOu({{"Name", "Twice"}, {"ParentId", root_}});
            }).code(),
            "DuplicateOrganizationalUnitException");
}

TEST_F(OrganizationalUnitResourceTest, AttributesArnAndIdAreReadFromOrganizations) {
  const std::string id = CreateOu({{"Name", "Attrs"}, {"ParentId", root_}});
  EXPECT_EQ(handler_->Attribute(Request({}), id, "Id"), json::value(id));
  EXPECT_EQ(handler_->Attribute(Request({}), id, "Arn"), Describe(id).at("Arn"));
}

TEST_F(OrganizationalUnitResourceTest, UpdateRenamesTheOu) {
  const std::string id = CreateOu({{"Name", "Old"}, {"ParentId", root_}});
  handler_->Update(Request({{"Name", "New"}, {"ParentId", root_}}), id,
                   {{"Name", "Old"}, {"ParentId", root_}});
  EXPECT_EQ(Describe(id).at("Name"), "New");
}

TEST_F(OrganizationalUnitResourceTest, UpdateRemovesTagsNoLongerGiven) {
  const std::string id =
      CreateOu({{"Name", "T"},
                {"ParentId", root_},
                {"Tags", json::array{json::object{{"Key", "env"}, {"Value", "prod"}}}}});
  handler_->Update(Request({{"Name", "T"}, {"ParentId", root_}}, "Unit"), id,
                   {{"Name", "T"}, {"ParentId", root_}});
  EXPECT_EQ(Tags(id).as_array().size(), 4u);
  EXPECT_EQ(Tags(id).as_array().back(), json::parse(R"({"Key":"team","Value":"blue"})"));
}

TEST_F(OrganizationalUnitResourceTest, DeleteRemovesTheOu) {
  const std::string id = CreateOu({{"Name", "Gone"}, {"ParentId", root_}});
  handler_->Delete(Request({}), id);
  EXPECT_EQ(test::ErrorOf([&] { Describe(id); }).code(), "OrganizationalUnitNotFoundException");
}

TEST_F(OrganizationalUnitResourceTest, DeletingAnOuThatIsGoneSucceeds) {
  const std::string id = CreateOu({{"Name", "Twice"}, {"ParentId", root_}});
  handler_->Delete(Request({}), id);
  EXPECT_NO_THROW(handler_->Delete(Request({}), id));
}

TEST_F(OrganizationalUnitResourceTest, AMissingParentIdIsAPropertyValidationFailure) {
  EXPECT_EQ(ValidationMessage({{"Name", "x"}}),
            "Property validation failure: [The property {/ParentId} is required]");
}

}  // namespace
}  // namespace nimbus::cloudformation
