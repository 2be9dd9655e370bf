#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <gtest/gtest.h>

#include "services/ssm/parameter_test_support.h"

namespace nimbus::ssm {
namespace {

namespace json = boost::json;
using testing::ErrorOf;
using testing::Json;

constexpr std::string_view kAmazonLinux2Default =
    "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0be8c61cde3be63f3";

class PatchBaselineTest : public testing::ParameterTest {
 protected:
  std::string Create(const std::string& name, const std::string& os = "AMAZON_LINUX_2") {
    return std::string(
        Call("CreatePatchBaseline", json::object{{"Name", "baseline-" + name},
                                                 {"OperatingSystem", os},
                                                 {"ApprovedPatches", json::array{"kernel"}},
                                                 {"ApprovalRules", Json(R"({"PatchRules": [
                                           {"PatchFilterGroup": {"PatchFilters": [
                                             {"Key": "CLASSIFICATION", "Values": ["Security"]}]},
                                            "ApproveAfterDays": 3}]})")}})
            .at("BaselineId")
            .as_string());
  }
};

TEST_F(PatchBaselineTest, CreatePatchBaselineAnswersAPbIdOfSeventeenHexDigits) {
  const std::string id = Create("web");
  EXPECT_EQ(id.size(), 20u);
  EXPECT_EQ(id.substr(0, 3), "pb-");
}

TEST_F(PatchBaselineTest, GetPatchBaselineAnswersTheMembersWithTheirDefaults) {
  const json::value b = Call("GetPatchBaseline", json::object{{"BaselineId", Create("web")}});
  EXPECT_EQ(b.at("Name").as_string(), "baseline-web");
  EXPECT_EQ(b.at("OperatingSystem").as_string(), "AMAZON_LINUX_2");
  EXPECT_EQ(b.at("ApprovedPatches").at(0).as_string(), "kernel");
  EXPECT_EQ(b.at("RejectedPatchesAction").as_string(), "ALLOW_AS_DEPENDENCY");
  EXPECT_EQ(b.at("ApprovedPatchesComplianceLevel").as_string(), "UNSPECIFIED");
  EXPECT_EQ(b.at("PatchGroups").as_array().size(), 0u);
}

TEST_F(PatchBaselineTest, GetPatchBaselineOfAnUnknownIdIsDoesNotExist) {
  EXPECT_EQ(ErrorOf([&] {
              Call("GetPatchBaseline", json::object{{"BaselineId", "pb-0123456789abcdef0"}});
            }),
            "DoesNotExistException");
}

TEST_F(PatchBaselineTest, AWindowsOnlyFilterKeyOnALinuxBaselineIsAValidationException) {
  EXPECT_EQ(ErrorOf([&] {
              Call("CreatePatchBaseline",
                   Json(R"({"Name": "bad", "OperatingSystem": "UBUNTU", "GlobalFilters":
                            {"PatchFilters": [{"Key": "MSRC_SEVERITY", "Values": ["Critical"]}]}})"));
            }),
            "ValidationException");
}

TEST_F(PatchBaselineTest, APriorityFilterOnAnUbuntuBaselineIsAccepted) {
  EXPECT_EQ(ErrorOf([&] {
              Call("CreatePatchBaseline",
                   Json(R"({"Name": "fine", "OperatingSystem": "UBUNTU", "GlobalFilters":
                            {"PatchFilters": [{"Key": "PRIORITY", "Values": ["Required"]}]}})"));
            }),
            "");
}

TEST_F(PatchBaselineTest, TheAwsBaselineOfAmazonLinux2IsTheDefaultWithItsRealId) {
  EXPECT_EQ(Call("GetDefaultPatchBaseline", Json(R"({"OperatingSystem": "AMAZON_LINUX_2"})"))
                .at("BaselineId")
                .as_string(),
            kAmazonLinux2Default);
}

TEST_F(PatchBaselineTest, GetDefaultPatchBaselineWithoutAnOperatingSystemIsWindows) {
  const json::value out = Call("GetDefaultPatchBaseline", json::object{});
  EXPECT_EQ(out.at("OperatingSystem").as_string(), "WINDOWS");
  EXPECT_EQ(out.at("BaselineId").as_string(),
            "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-09ca3fb51f0412ec3");
}

TEST_F(PatchBaselineTest, AnAwsBaselineIsReadByItsArn) {
  const json::value b =
      Call("GetPatchBaseline", json::object{{"BaselineId", kAmazonLinux2Default}});
  EXPECT_EQ(b.at("Name").as_string(), "AWS-AmazonLinux2DefaultPatchBaseline");
  EXPECT_EQ(b.at("ApprovalRules").at("PatchRules").as_array().size(), 2u);
}

TEST_F(PatchBaselineTest, AwsBaselinesOfAChinaRegionAreInTheChinaPartition) {
  ctx_ = Alice("111122223333", "cn-north-1");
  const std::string id(
      Call("GetDefaultPatchBaseline", json::object{}).at("BaselineId").as_string());
  EXPECT_EQ(id.substr(0, 34), "arn:aws-cn:ssm:cn-north-1:07572763");
}

TEST_F(PatchBaselineTest, RegisterDefaultPatchBaselineMakesACustomBaselineTheDefault) {
  const std::string id = Create("mine");
  Call("RegisterDefaultPatchBaseline", json::object{{"BaselineId", id}});
  EXPECT_EQ(Call("GetDefaultPatchBaseline", Json(R"({"OperatingSystem": "AMAZON_LINUX_2"})"))
                .at("BaselineId")
                .as_string(),
            id);
}

TEST_F(PatchBaselineTest, DescribePatchBaselinesOfOwnerAwsListsOnePerOperatingSystem) {
  const json::value out =
      Call("DescribePatchBaselines", Json(R"({"Filters": [{"Key": "OWNER", "Values": ["AWS"]}]})"));
  EXPECT_EQ(out.at("BaselineIdentities").as_array().size(), 15u);
  EXPECT_EQ(out.at("BaselineIdentities").at(0).at("DefaultBaseline").as_bool(), true);
}

TEST_F(PatchBaselineTest, DescribePatchBaselinesOfOwnerSelfListsTheCustomOnes) {
  const std::string id = Create("mine");
  const json::value out = Call("DescribePatchBaselines",
                               Json(R"({"Filters": [{"Key": "OWNER", "Values": ["Self"]}]})"));
  ASSERT_EQ(out.at("BaselineIdentities").as_array().size(), 1u);
  EXPECT_EQ(out.at("BaselineIdentities").at(0).at("BaselineId").as_string(), id);
  EXPECT_EQ(out.at("BaselineIdentities").at(0).at("DefaultBaseline").as_bool(), false);
}

TEST_F(PatchBaselineTest, APatchGroupIsAnsweredWithItsBaseline) {
  const std::string id = Create("web");
  Call("RegisterPatchBaselineForPatchGroup",
       json::object{{"BaselineId", id}, {"PatchGroup", "web"}});
  EXPECT_EQ(Call("GetPatchBaselineForPatchGroup",
                 Json(R"({"PatchGroup": "web", "OperatingSystem": "AMAZON_LINUX_2"})"))
                .at("BaselineId")
                .as_string(),
            id);
}

TEST_F(PatchBaselineTest, ASecondBaselineForTheSameGroupAndSystemIsAlreadyExists) {
  Call("RegisterPatchBaselineForPatchGroup",
       json::object{{"BaselineId", Create("a")}, {"PatchGroup", "web"}});
  EXPECT_EQ(ErrorOf([&] {
              Call("RegisterPatchBaselineForPatchGroup",
                   json::object{{"BaselineId", Create("b")}, {"PatchGroup", "web"}});
            }),
            "AlreadyExistsException");
}

TEST_F(PatchBaselineTest, DeletePatchBaselineInUseByAPatchGroupIsResourceInUse) {
  const std::string id = Create("web");
  Call("RegisterPatchBaselineForPatchGroup",
       json::object{{"BaselineId", id}, {"PatchGroup", "web"}});
  EXPECT_EQ(ErrorOf([&] {
              Call("DeletePatchBaseline", json::object{{"BaselineId", id}});
            }),
            "ResourceInUseException");
}

TEST_F(PatchBaselineTest, DeregisteredGroupLetsTheBaselineBeDeleted) {
  const std::string id = Create("web");
  Call("RegisterPatchBaselineForPatchGroup",
       json::object{{"BaselineId", id}, {"PatchGroup", "web"}});
  Call("DeregisterPatchBaselineForPatchGroup",
       json::object{{"BaselineId", id}, {"PatchGroup", "web"}});
  Call("DeletePatchBaseline", json::object{{"BaselineId", id}});
  EXPECT_EQ(ErrorOf([&] {
              Call("GetPatchBaseline", json::object{{"BaselineId", id}});
            }),
            "DoesNotExistException");
}

TEST_F(PatchBaselineTest, DescribePatchGroupsListsTheMappings) {
  const std::string id = Create("web");
  Call("RegisterPatchBaselineForPatchGroup",
       json::object{{"BaselineId", id}, {"PatchGroup", "web"}});
  const json::value out = Call("DescribePatchGroups", json::object{});
  ASSERT_EQ(out.at("Mappings").as_array().size(), 1u);
  EXPECT_EQ(out.at("Mappings").at(0).at("PatchGroup").as_string(), "web");
  EXPECT_EQ(out.at("Mappings").at(0).at("BaselineIdentity").at("BaselineId").as_string(), id);
}

TEST_F(PatchBaselineTest, UpdatePatchBaselineWithReplaceResetsTheRejectedPatches) {
  const std::string id = Create("web");
  Call("UpdatePatchBaseline",
       json::object{{"BaselineId", id}, {"RejectedPatches", json::array{"bash"}}});
  const json::value out = Call(
      "UpdatePatchBaseline", json::object{{"BaselineId", id}, {"Name", "web2"}, {"Replace", true}});
  EXPECT_EQ(out.at("Name").as_string(), "web2");
  EXPECT_EQ(out.at("RejectedPatches").as_array().size(), 0u);
  EXPECT_EQ(out.at("ApprovedPatches").as_array().size(), 0u);
}

TEST_F(PatchBaselineTest, DescribePatchGroupStateIsZeros) {
  const json::value out = Call("DescribePatchGroupState", Json(R"({"PatchGroup": "web"})"));
  EXPECT_EQ(out.at("Instances").as_int64(), 0);
  EXPECT_EQ(out.at("InstancesWithMissingPatches").as_int64(), 0);
}

TEST_F(PatchBaselineTest, PatchBaselineTagsAreListedForResourceTypePatchBaseline) {
  const std::string id(Call("CreatePatchBaseline",
                            Json(R"({"Name": "tagged", "Tags": [{"Key": "k", "Value": "v"}]})"))
                           .at("BaselineId")
                           .as_string());
  const json::value out = Call("ListTagsForResource",
                               json::object{{"ResourceType", "PatchBaseline"}, {"ResourceId", id}});
  ASSERT_EQ(out.at("TagList").as_array().size(), 1u);
  EXPECT_EQ(out.at("TagList").at(0).at("Key").as_string(), "k");
}

}  // namespace
}  // namespace nimbus::ssm
