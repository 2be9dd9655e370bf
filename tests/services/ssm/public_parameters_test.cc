// AWS public parameters (/aws/service/...): computed in every region, read-only, with ARNs
// without an account, listed by path but not described.
#include "services/ssm/public_parameters.h"

#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "services/ssm/parameter_test_support.h"

namespace nimbus::ssm {
namespace {

namespace json = boost::json;
using testing::ErrorOf;
using testing::FailureOf;
using testing::Json;

constexpr const char* kAl2023 =
    "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
constexpr const char* kRegions = "/aws/service/global-infrastructure/regions";

class PublicParameterTest : public testing::ParameterTest {
 protected:
  json::object GetIn(std::string_view region, std::string_view name) {
    return rt_.Call(Alice("111122223333", region), "ssm", "GetParameter", {{"Name", name}})
        .at("Parameter")
        .as_object();
  }
};

TEST_F(PublicParameterTest, AmazonLinuxImageIdIsDerivedFromNameAndRegion) {
  const json::object p =
      Get(std::string(R"({"Name":")") + kAl2023 + R"("})").at("Parameter").as_object();
  EXPECT_EQ(p.at("Value").as_string(),
            PublicImageId("al2023-ami-kernel-default-x86_64", "us-east-1"));
  EXPECT_EQ(p.at("Type").as_string(), "String");
  EXPECT_EQ(p.at("Version").as_int64(), 1);
  EXPECT_EQ(p.at("ARN").as_string(), std::string("arn:aws:ssm:us-east-1::parameter") + kAl2023);
}

TEST_F(PublicParameterTest, ImageIdsAreAmiAndSeventeenHexDigitsAndDifferPerRegion) {
  const std::string east = PublicImageId("amzn2-ami-hvm-x86_64-gp2", "us-east-1");
  EXPECT_EQ(east, PublicImageId("amzn2-ami-hvm-x86_64-gp2", "us-east-1"));
  EXPECT_NE(east, PublicImageId("amzn2-ami-hvm-x86_64-gp2", "eu-west-1"));
  EXPECT_EQ(east.size(), 21u);
  EXPECT_EQ(east.substr(0, 4), "ami-");
  EXPECT_EQ(east.find_first_not_of("0123456789abcdef", 4), std::string::npos);
}

TEST_F(PublicParameterTest, WindowsImageExistsInAChinaRegionWithItsPartitionInTheArn) {
  const json::object p =
      GetIn("cn-north-1", "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base");
  EXPECT_EQ(p.at("Value").as_string(),
            PublicImageId("Windows_Server-2022-English-Full-Base", "cn-north-1"));
  EXPECT_EQ(p.at("ARN").as_string(),
            "arn:aws-cn:ssm:cn-north-1::parameter/aws/service/ami-windows-latest/"
            "Windows_Server-2022-English-Full-Base");
}

TEST_F(PublicParameterTest, RegionAttributesComeFromBotocore) {
  const std::string region = std::string(kRegions) + "/eu-west-1";
  EXPECT_EQ(GetIn("us-east-1", region).at("Value").as_string(), "eu-west-1");
  EXPECT_EQ(GetIn("us-east-1", region + "/longName").at("Value").as_string(), "Europe (Ireland)");
  EXPECT_EQ(GetIn("us-east-1", region + "/partition").at("Value").as_string(), "aws");
  EXPECT_EQ(GetIn("us-east-1", region + "/domain").at("Value").as_string(), "amazonaws.com");
  EXPECT_EQ(GetIn("us-east-1", region + "/geolocationCountry").at("Value").as_string(), "IE");
  EXPECT_EQ(GetIn("us-east-1", region + "/services/ssm").at("Value").as_string(), "ssm");
}

TEST_F(PublicParameterTest, ServiceLongNameComesFromItsModel) {
  EXPECT_EQ(GetIn("us-east-1", "/aws/service/global-infrastructure/services/ssm/longName")
                .at("Value")
                .as_string(),
            "Amazon Simple Systems Manager (SSM)");
}

TEST_F(PublicParameterTest, ARegionOfAnotherPartitionIsNotFound) {
  EXPECT_EQ(ErrorOf([&] { GetIn("us-east-1", std::string(kRegions) + "/cn-north-1"); }),
            "ParameterNotFound");
}

TEST_F(PublicParameterTest, GetByArnWithoutAccountFindsTheParameter) {
  const json::object p =
      GetIn("us-east-1", std::string("arn:aws:ssm:us-east-1::parameter") + kAl2023);
  EXPECT_EQ(p.at("Name").as_string(), kAl2023);
}

TEST_F(PublicParameterTest, VersionOneSelectorIsEchoedAndOthersAreNotFound) {
  EXPECT_EQ(GetIn("us-east-1", std::string(kAl2023) + ":1").at("Selector").as_string(), ":1");
  EXPECT_EQ(ErrorOf([&] { GetIn("us-east-1", std::string(kAl2023) + ":2"); }),
            "ParameterVersionNotFound");
}

TEST_F(PublicParameterTest, GetParametersMixesPublicAndOwnParameters) {
  Put(R"({"Name":"/mine","Value":"m","Type":"String"})");
  const json::value out = Call(
      "GetParameters", json::object{{"Names", json::array{"/mine", kAl2023, "/aws/service/nope"}}});
  EXPECT_EQ(Names(out), (std::vector<std::string>{"/mine", kAl2023}));
  EXPECT_EQ(out.at("InvalidParameters").as_array(), json::array{"/aws/service/nope"});
}

TEST_F(PublicParameterTest, ByPathOneLevelListsTheChildrenWithValues) {
  const json::value out =
      Call("GetParametersByPath",
           json::object{{"Path", std::string(kRegions) + "/eu-west-1"}, {"MaxResults", 10}});
  EXPECT_EQ(Names(out),
            (std::vector<std::string>{std::string(kRegions) + "/eu-west-1/domain",
                                      std::string(kRegions) + "/eu-west-1/geolocationCountry",
                                      std::string(kRegions) + "/eu-west-1/longName",
                                      std::string(kRegions) + "/eu-west-1/partition"}));
}

TEST_F(PublicParameterTest, ByPathPagesVisitEveryRegionOnce) {
  std::vector<std::string> seen;
  json::object in{{"Path", kRegions}, {"MaxResults", 7}};
  for (int page = 0; page < 20; ++page) {
    const json::value out = Call("GetParametersByPath", in);
    for (const std::string& name : Names(out)) seen.push_back(name);
    if (!out.as_object().contains("NextToken")) break;
    in["NextToken"] = out.at("NextToken");
  }
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());
  EXPECT_EQ(seen.front(), std::string(kRegions) + "/af-south-1");
  EXPECT_EQ(seen.back(), std::string(kRegions) + "/us-west-2");
  EXPECT_EQ(seen.size(), 34u);  // botocore 1.43.11 lists 34 regions in partition aws
}

TEST_F(PublicParameterTest, RecursiveWalkListsALevelBeforeWhatIsBelowIt) {
  const json::value out =
      Call("GetParametersByPath", json::object{{"Path", "/aws/service/global-infrastructure"},
                                               {"Recursive", true},
                                               {"MaxResults", 3}});
  EXPECT_EQ(Names(out),
            (std::vector<std::string>{"/aws/service/global-infrastructure/current-region",
                                      std::string(kRegions) + "/af-south-1",
                                      std::string(kRegions) + "/af-south-1/domain"}));
}

TEST_F(PublicParameterTest, DeleteIsAccessDenied) {
  EXPECT_EQ(
      FailureOf([&] {
        Call("DeleteParameter", json::object{{"Name", kAl2023}});
      }),
      testing::Failure("AccessDeniedException",
                       std::string("No access to reserved parameter name: ") + kAl2023 + "."));
}

TEST_F(PublicParameterTest, PutIsAccessDenied) {
  EXPECT_EQ(ErrorOf([&] {
              Call("PutParameter", json::object{{"Name", kAl2023},
                                                {"Value", "ami-12345678"},
                                                {"Type", "String"},
                                                {"Overwrite", true}});
            }),
            "AccessDeniedException");
}

TEST_F(PublicParameterTest, DescribeParametersDoesNotListThem) {
  const json::value out = Call(
      "DescribeParameters",
      R"({"ParameterFilters":[{"Key":"Name","Option":"BeginsWith","Values":["/aws/service"]}]})");
  EXPECT_EQ(Names(out), std::vector<std::string>{});
}

}  // namespace
}  // namespace nimbus::ssm
