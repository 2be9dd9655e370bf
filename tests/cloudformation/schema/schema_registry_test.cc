#include "cloudformation/schema/schema_registry.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace nimbus::cloudformation {
namespace {

using Strings = std::vector<std::string>;

// The schema of `type`, failing the test if there is none.
const ResourceSchema& SchemaOf(const SchemaRegistry& registry, std::string_view type) {
  const ResourceSchema* schema = registry.Find(type);
  if (schema == nullptr) {
    ADD_FAILURE() << "no schema for " << type;
    static const ResourceSchema kNone;
    return kNone;
  }
  return *schema;
}

// Identifiers and the properties an update cannot change or a client cannot set, as the
// schemas (cfn-lint 1.51.0, us-east-1) say.
struct PropertiesCase {
  std::string type;
  Strings primary_identifier;
  Strings create_only;
  Strings read_only;
};

class SchemaPropertiesTest : public ::testing::TestWithParam<PropertiesCase> {
 protected:
  SchemaRegistry registry_;
};

TEST_P(SchemaPropertiesTest, PrimaryIdentifierIsThePropertyPath) {
  EXPECT_EQ(SchemaOf(registry_, GetParam().type).primary_identifier, GetParam().primary_identifier);
}

TEST_P(SchemaPropertiesTest, CreateOnlyPropertiesAreThePropertyPaths) {
  EXPECT_EQ(SchemaOf(registry_, GetParam().type).create_only_properties, GetParam().create_only);
}

TEST_P(SchemaPropertiesTest, ReadOnlyPropertiesAreThePropertyPaths) {
  EXPECT_EQ(SchemaOf(registry_, GetParam().type).read_only_properties, GetParam().read_only);
}

const PropertiesCase kPropertiesCases[] = {
    {"AWS::SSM::Parameter", {"Name"}, {"Name"}, {}},
    {"AWS::EC2::VPC",
     {"VpcId"},
     {"CidrBlock", "Ipv4IpamPoolId", "Ipv4NetmaskLength"},
     {"CidrBlockAssociations", "DefaultNetworkAcl", "DefaultSecurityGroup", "Ipv6CidrBlocks",
      "VpcId"}},
    {"AWS::S3::Bucket",
     {"BucketName"},
     {"BucketName", "BucketNamePrefix", "BucketNamespace"},
     {"Arn", "DomainName", "DualStackDomainName", "RegionalDomainName",
      "MetadataTableConfiguration.S3TablesDestination.TableNamespace",
      "MetadataTableConfiguration.S3TablesDestination.TableArn",
      "MetadataConfiguration.Destination",
      "MetadataConfiguration.JournalTableConfiguration.TableName",
      "MetadataConfiguration.JournalTableConfiguration.TableArn",
      "MetadataConfiguration.InventoryTableConfiguration.TableName",
      "MetadataConfiguration.InventoryTableConfiguration.TableArn", "WebsiteURL"}},
    {"AWS::IAM::Role", {"RoleName"}, {"Path", "RoleName"}, {"Arn", "RoleId"}},
    {"AWS::Lambda::Function",
     {"FunctionName"},
     {"FunctionName", "PackageType", "TenancyConfig"},
     {"SnapStartResponse", "SnapStartResponse.ApplyOn", "SnapStartResponse.OptimizationStatus",
      "Arn"}},
};

std::string CaseName(const std::string& type) {
  std::string name;
  std::copy_if(type.begin(), type.end(), std::back_inserter(name), [](char c) { return c != ':'; });
  return name;
}

INSTANTIATE_TEST_SUITE_P(Types, SchemaPropertiesTest, ::testing::ValuesIn(kPropertiesCases),
                         [](const ::testing::TestParamInfo<PropertiesCase>& param) {
                           return CaseName(param.param.type);
                         });

// What Ref returns, against each type's page in the user guide ("Return values", "Ref").
struct RefCase {
  std::string type;
  Strings properties;
  RefInfo::Source source;
  std::string returns;
};

class SchemaRefTest : public ::testing::TestWithParam<RefCase> {
 protected:
  SchemaRegistry registry_;
};

TEST_P(SchemaRefTest, RefReturnsWhatThePageSays) {
  const RefInfo& ref = SchemaOf(registry_, GetParam().type).ref;
  EXPECT_EQ(ref.properties, GetParam().properties);
  EXPECT_EQ(ref.source, GetParam().source);
  EXPECT_EQ(ref.returns, GetParam().returns);
}

constexpr RefInfo::Source kPage = RefInfo::Source::kPage;
constexpr RefInfo::Source kPrimaryIdentifier = RefInfo::Source::kPrimaryIdentifier;

const RefCase kRefCases[] = {
    // "returns the name of the SSM parameter"
    {"AWS::SSM::Parameter", {"Name"}, kPage, "name"},
    // "returns the ID of the VPC"
    {"AWS::EC2::VPC", {"VpcId"}, kPage, "id"},
    // "returns the bucket name"
    {"AWS::S3::Bucket", {"BucketName"}, kPage, "name"},
    // "returns the topic ARN"
    {"AWS::SNS::Topic", {"TopicArn"}, kPage, "arn"},
    // "returns the queue URL"
    {"AWS::SQS::Queue", {"QueueUrl"}, kPage, "url"},
    // "returns the key ID"
    {"AWS::KMS::Key", {"KeyId"}, kPage, "id"},
    // "returns the Elastic IP address"
    {"AWS::EC2::EIP", {"PublicIp"}, kPage, "ip"},
    // "returns the resource name": the physical id, which is the role's name
    {"AWS::IAM::Role", {"RoleName"}, kPrimaryIdentifier, "physical-id"},
    // "returns the IDs of the global network and the site", "global-network-0123...|site-444..."
    {"AWS::NetworkManager::Site", {"GlobalNetworkId", "SiteId"}, kPrimaryIdentifier, "composite"},
    // "returns the ARN of the secret": the schema's Id holds it
    {"AWS::SecretsManager::Secret", {"Id"}, kPrimaryIdentifier, "arn"},
    // The archived guide has no page for AWS::SSO::Instance.
    {"AWS::SSO::Instance", {"InstanceArn"}, kPrimaryIdentifier, ""},
};

INSTANTIATE_TEST_SUITE_P(Types, SchemaRefTest, ::testing::ValuesIn(kRefCases),
                         [](const ::testing::TestParamInfo<RefCase>& param) {
                           return CaseName(param.param.type);
                         });

class SchemaRegistryTest : public ::testing::Test {
 protected:
  SchemaRegistry registry_;
};

TEST_F(SchemaRegistryTest, GetAttOffersThePagesAttributes) {
  EXPECT_EQ(SchemaOf(registry_, "AWS::SSM::Parameter").get_att, (Strings{"Type", "Value"}));
}

TEST_F(SchemaRegistryTest, GetAttOffersReadOnlyPropertiesThePageDoesNotList) {
  EXPECT_TRUE(
      SchemaOf(registry_, "AWS::S3::Bucket").HasAttribute("MetadataConfiguration.Destination"));
}

TEST_F(SchemaRegistryTest, GetAttDoesNotOfferReadOnlyPropertiesInsideLists) {
  EXPECT_EQ(SchemaOf(registry_, "AWS::CE::AnomalySubscription").get_att,
            (Strings{"AccountId", "SubscriptionArn"}));
}

TEST_F(SchemaRegistryTest, RequiredAreTopLevelPropertyNames) {
  EXPECT_EQ(SchemaOf(registry_, "AWS::SSM::Parameter").required, (Strings{"Value", "Type"}));
}

TEST_F(SchemaRegistryTest, WriteOnlyPropertiesAreThePropertyPaths) {
  EXPECT_EQ(SchemaOf(registry_, "AWS::SSM::Parameter").write_only_properties,
            (Strings{"Description", "Tier", "AllowedPattern", "Policies"}));
}

TEST_F(SchemaRegistryTest, ConditionalCreateOnlyPropertiesAreParsed) {
  EXPECT_EQ(SchemaOf(registry_, "AWS::EC2::VPC").conditional_create_only_properties,
            (Strings{"InstanceTenancy"}));
}

TEST_F(SchemaRegistryTest, TaggingNamesTheTagProperty) {
  const Tagging& tagging = SchemaOf(registry_, "AWS::SSM::Parameter").tagging;
  EXPECT_TRUE(tagging.taggable);
  EXPECT_EQ(tagging.tag_property, "Tags");
}

TEST_F(SchemaRegistryTest, IamRoleDoesNotTakeCloudFormationSystemTags) {
  EXPECT_FALSE(SchemaOf(registry_, "AWS::IAM::Role").tagging.cloudformation_system_tags);
}

TEST_F(SchemaRegistryTest, PropertiesKeepTheirValidationKeywords) {
  const boost::json::object& tier =
      SchemaOf(registry_, "AWS::SSM::Parameter").properties().at("Tier").as_object();
  EXPECT_EQ(tier.at("enum").as_array(),
            (boost::json::array{"Standard", "Advanced", "Intelligent-Tiering"}));
}

TEST_F(SchemaRegistryTest, DocumentationIsStripped) {
  EXPECT_FALSE(SchemaOf(registry_, "AWS::S3::Bucket").document.contains("sourceUrl"));
}

TEST_F(SchemaRegistryTest, UnknownTypeIsAbsent) {
  EXPECT_FALSE(registry_.Has("AWS::Nimbus::Nothing"));
  EXPECT_EQ(registry_.Find("AWS::Nimbus::Nothing"), nullptr);
}

TEST_F(SchemaRegistryTest, CustomResourceTypeHasNoSchema) {
  EXPECT_EQ(registry_.Find("Custom::Anything"), nullptr);
}

TEST_F(SchemaRegistryTest, TypeNamesAreCaseSensitive) {
  EXPECT_FALSE(registry_.Has("aws::ssm::parameter"));
}

TEST_F(SchemaRegistryTest, TypesListsEveryTypeInOrder) {
  const std::vector<std::string_view> types = registry_.Types();
  EXPECT_EQ(types.size(), 1584u);
  EXPECT_EQ(types.front(), "AWS::ACMPCA::Certificate");
  EXPECT_TRUE(std::is_sorted(types.begin(), types.end()));
}

TEST_F(SchemaRegistryTest, NothingIsParsedBeforeATypeIsAskedFor) {
  EXPECT_TRUE(registry_.Has("AWS::EC2::VPC"));
  EXPECT_EQ(registry_.ParsedCount(), 0u);
}

TEST_F(SchemaRegistryTest, ATypeNotAskedForIsNotParsed) {
  registry_.Find("AWS::SSM::Parameter");
  EXPECT_TRUE(registry_.IsParsed("AWS::SSM::Parameter"));
  EXPECT_FALSE(registry_.IsParsed("AWS::SSM::Document"));  // in the same chunk
  EXPECT_EQ(registry_.ParsedCount(), 1u);
}

TEST_F(SchemaRegistryTest, ATypeIsParsedOnce) {
  const ResourceSchema* first = registry_.Find("AWS::EC2::VPC");
  EXPECT_EQ(registry_.Find("AWS::EC2::VPC"), first);
  EXPECT_EQ(registry_.ParsedCount(), 1u);
}

TEST_F(SchemaRegistryTest, ConcurrentFindsOfATypeShareOneSchema) {
  std::vector<const ResourceSchema*> found(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < found.size(); ++i) {
    threads.emplace_back([&, i] { found[i] = registry_.Find("AWS::Lambda::Function"); });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_NE(found[0], nullptr);
  EXPECT_EQ(std::count(found.begin(), found.end(), found[0]), 8);
  EXPECT_EQ(registry_.ParsedCount(), 1u);
}

TEST_F(SchemaRegistryTest, EveryEmbeddedSchemaParses) {
  for (std::string_view type : registry_.Types()) {
    const ResourceSchema* schema = registry_.Find(type);
    ASSERT_NE(schema, nullptr) << type;
    EXPECT_EQ(schema->type_name, type);
  }
  EXPECT_EQ(registry_.ParsedCount(), 1584u);
}

TEST(PropertyPathOfTest, NestedPointerBecomesADottedPath) {
  EXPECT_EQ(PropertyPathOf("/properties/VpcConfig/SubnetIds"), "VpcConfig.SubnetIds");
}

TEST(PropertyPathOfTest, ListItemsAreAStar) {
  EXPECT_EQ(PropertyPathOf("/properties/Tags/*/Key"), "Tags.*.Key");
}

TEST(PropertyPathOfTest, EscapedSlashAndTildeAreUnescaped) {
  EXPECT_EQ(PropertyPathOf("/properties/A~1B~0C"), "A/B~C");
}

TEST(ParseResourceSchemaTest, LegacyTaggableMeansTagsProperty) {
  const ResourceSchema schema = ParseResourceSchema(
      R"({"typeName": "AWS::Demo::Thing", "taggable": true,
          "properties": {"Tags": {"type": "array"}}, "primaryIdentifier": ["/properties/Id"]})",
      "");
  EXPECT_TRUE(schema.tagging.taggable);
  EXPECT_EQ(schema.tagging.tag_property, "Tags");
}

TEST(ParseResourceSchemaTest, WithoutAPageRefReturnsThePrimaryIdentifierParts) {
  const ResourceSchema schema = ParseResourceSchema(
      R"({"typeName": "AWS::Demo::Thing",
          "primaryIdentifier": ["/properties/ParentId", "/properties/ChildId"]})",
      "");
  EXPECT_EQ(schema.ref.properties, (Strings{"ParentId", "ChildId"}));
  EXPECT_EQ(schema.ref.source, RefInfo::Source::kPrimaryIdentifier);
}

TEST(ParseResourceSchemaTest, ReturnValuesRowGivesRefAndGetAtt) {
  const ResourceSchema schema = ParseResourceSchema(
      R"({"typeName": "AWS::Demo::Thing", "primaryIdentifier": ["/properties/Arn"],
          "readOnlyProperties": ["/properties/Arn"]})",
      "AWS::Demo::Thing\tName\tname\tpage\tName,Endpoint.Address");
  EXPECT_EQ(schema.ref.properties, (Strings{"Name"}));
  EXPECT_EQ(schema.ref.source, RefInfo::Source::kPage);
  EXPECT_EQ(schema.get_att, (Strings{"Name", "Endpoint.Address", "Arn"}));
}

TEST(ParseResourceSchemaTest, TextWithoutTypeNameIsRefused) {
  EXPECT_THROW(ParseResourceSchema(R"({"properties": {}})", ""), std::logic_error);
}

}  // namespace
}  // namespace nimbus::cloudformation
