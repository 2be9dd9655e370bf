#include "services/ssm/managed_node_provider.h"

#include <functional>
#include <map>
#include <regex>
#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "core/aws_error.h"
#include "core/clock.h"
#include "core/ids.h"
#include "store/database.h"
#include "store/scheduler.h"

namespace nimbus::ssm {
namespace {

namespace json = boost::json;

constexpr int64_t kTimeout = 60'000;

class ManagedNodeProviderTest : public ::testing::Test {
 protected:
  store::Database db_;
  core::FakeClock clock_;
  core::IdGenerator ids_{42};
  store::Scheduler scheduler_{db_, clock_};
  Runtime rt_{.db = db_,
              .clock = clock_,
              .ids = ids_,
              .scheduler = scheduler_,
              .options = {.ping_timeout_millis = kTimeout}};
  ManagedNodeProvider ssm_{rt_};

  core::RequestContext Ctx(const std::string& account = "123456789012",
                           const std::string& region = "us-east-1") {
    core::RequestContext ctx;
    ctx.scope = {.account = account, .region = region};
    ctx.now_millis = clock_.NowMillis();
    return ctx;
  }

  static std::string ErrorCode(const std::function<void()>& call) {
    try {
      call();
    } catch (const core::AwsError& e) {
      return e.code();
    }
    return "no error";
  }

  json::object Activate(int64_t limit = 10, const std::string& role = "SSMServiceRole") {
    return ssm_
        .CreateActivation(Ctx(), json::object{{"IamRole", role},
                                              {"DefaultInstanceName", "edge"},
                                              {"RegistrationLimit", limit}})
        .as_object();
  }

  std::string Register(const json::object& activation) {
    return std::string(ssm_.RegisterManagedInstance(
                               Ctx("000000000000"),
                               json::object{{"ActivationId", activation.at("ActivationId")},
                                            {"ActivationCode", activation.at("ActivationCode")},
                                            {"PublicKey", "MIIB"},
                                            {"PublicKeyType", "Rsa"},
                                            {"Fingerprint", "fp"}})
                           .at("InstanceId")
                           .as_string());
  }

  json::object Describe(json::object in, const std::string& account = "123456789012") {
    return ssm_.DescribeInstanceInformation(Ctx(account), in).as_object();
  }

  std::vector<std::string> Ids(const json::object& out) {
    std::vector<std::string> ids;
    for (const json::value& v : out.at("InstanceInformationList").as_array()) {
      ids.emplace_back(v.at("InstanceId").as_string());
    }
    return ids;
  }

  core::HttpResponse Load(const std::string& body) {
    core::HttpRequest request;
    request.method = "POST";
    request.target = std::string(ManagedNodeProvider::kFleetPath);
    request.body = body;
    return ssm_.LoadFleet(request);
  }

  static json::object Filter(const std::string& key, json::array values) {
    return json::object{{"Key", key}, {"Values", std::move(values)}};
  }
};

TEST_F(ManagedNodeProviderTest, CreateActivationReturnsUuidAndCode) {
  json::object out = Activate();
  EXPECT_TRUE(
      std::regex_match(std::string(out.at("ActivationId").as_string()),
                       std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")));
  EXPECT_EQ(out.at("ActivationCode").as_string().size(), 20u);
}

TEST_F(ManagedNodeProviderTest, DescribeActivationsShowsDefaultsAndTags) {
  json::object created =
      ssm_.CreateActivation(
              Ctx(),
              json::object{{"IamRole", "R"},
                           {"Description", "lab"},
                           {"Tags", json::array{json::object{{"Key", "team"}, {"Value", "ops"}}}}})
          .as_object();
  json::object out = ssm_.DescribeActivations(Ctx(), json::object{}).as_object();
  ASSERT_EQ(out.at("ActivationList").as_array().size(), 1u);
  const json::object& a = out.at("ActivationList").as_array()[0].as_object();
  EXPECT_EQ(a.at("ActivationId"), created.at("ActivationId"));
  EXPECT_EQ(a.at("IamRole").as_string(), "R");
  EXPECT_EQ(a.at("Description").as_string(), "lab");
  EXPECT_EQ(a.at("RegistrationLimit").as_int64(), 1);
  EXPECT_EQ(a.at("RegistrationsCount").as_int64(), 0);
  EXPECT_EQ(a.at("Expired").as_bool(), false);
  EXPECT_DOUBLE_EQ(a.at("ExpirationDate").as_double(), a.at("CreatedDate").as_double() + 86400.0);
  EXPECT_EQ(json::serialize(a.at("Tags")), R"([{"Key":"team","Value":"ops"}])");
  EXPECT_FALSE(out.contains("NextToken"));
}

TEST_F(ManagedNodeProviderTest, CreateActivationExpiringBeyondThirtyDaysIsInvalidParameters) {
  const double far = clock_.NowSeconds() + 31 * 86400.0;
  EXPECT_EQ(ErrorCode([&] {
              ssm_.CreateActivation(Ctx(), json::object{{"IamRole", "R"}, {"ExpirationDate", far}});
            }),
            "InvalidParameters");
  EXPECT_TRUE(
      ssm_.DescribeActivations(Ctx(), json::object{}).at("ActivationList").as_array().empty());
}

TEST_F(ManagedNodeProviderTest, DescribeActivationsFiltersAndPages) {
  for (int i = 0; i < 3; ++i) {
    Activate(1, "RoleA");
    clock_.Advance(1);
  }
  Activate(1, "RoleB");
  json::object in{{"Filters", json::array{json::object{{"FilterKey", "IamRole"},
                                                       {"FilterValues", json::array{"RoleA"}}}}},
                  {"MaxResults", 2}};
  json::object first = ssm_.DescribeActivations(Ctx(), in).as_object();
  EXPECT_EQ(first.at("ActivationList").as_array().size(), 2u);
  in["NextToken"] = first.at("NextToken");
  json::object second = ssm_.DescribeActivations(Ctx(), in).as_object();
  EXPECT_EQ(second.at("ActivationList").as_array().size(), 1u);
  EXPECT_FALSE(second.contains("NextToken"));
  in["NextToken"] = "bm90IGEgdG9rZW4=";
  EXPECT_EQ(ErrorCode([&] { ssm_.DescribeActivations(Ctx(), in); }), "InvalidNextToken");
}

TEST_F(ManagedNodeProviderTest, DeleteUnknownActivationIsInvalidActivation) {
  EXPECT_EQ(ErrorCode([&] {
              ssm_.DeleteActivation(
                  Ctx(), json::object{{"ActivationId", "11111111-2222-3333-4444-555555555555"}});
            }),
            "InvalidActivation");
}

TEST_F(ManagedNodeProviderTest, DeleteActivationKeepsRegisteredNodes) {
  json::object activation = Activate();
  const std::string id = Register(activation);
  ssm_.DeleteActivation(Ctx(), json::object{{"ActivationId", activation.at("ActivationId")}});
  EXPECT_TRUE(
      ssm_.DescribeActivations(Ctx(), json::object{}).at("ActivationList").as_array().empty());
  EXPECT_EQ(Ids(Describe({})), std::vector<std::string>{id});
}

TEST_F(ManagedNodeProviderTest, RegisterReturnsManagedInstanceIdInTheActivationAccount) {
  json::object activation = Activate();
  const std::string id = Register(activation);
  EXPECT_TRUE(std::regex_match(id, std::regex("mi-[0-9a-f]{17}")));
  json::object out = Describe({});
  ASSERT_EQ(out.at("InstanceInformationList").as_array().size(), 1u);
  const json::object& node = out.at("InstanceInformationList").as_array()[0].as_object();
  EXPECT_EQ(node.at("InstanceId").as_string(), id);
  EXPECT_EQ(node.at("ActivationId"), activation.at("ActivationId"));
  EXPECT_EQ(node.at("IamRole").as_string(), "SSMServiceRole");
  EXPECT_EQ(node.at("Name").as_string(), "edge");
  EXPECT_EQ(node.at("PingStatus").as_string(), "Online");
  EXPECT_EQ(node.at("ResourceType").as_string(), "ManagedInstance");
  EXPECT_EQ(node.at("SourceId").as_string(), id);
  EXPECT_EQ(node.at("SourceType").as_string(), "AWS::SSM::ManagedInstance");
  EXPECT_DOUBLE_EQ(node.at("RegistrationDate").as_double(), clock_.NowSeconds());
  EXPECT_FALSE(node.contains("AgentVersion"));
  // The registering request was anonymous (default account): the node is not there.
  EXPECT_TRUE(Describe({}, "000000000000").at("InstanceInformationList").as_array().empty());
  json::object activations = ssm_.DescribeActivations(Ctx(), json::object{}).as_object();
  EXPECT_EQ(activations.at("ActivationList").as_array()[0].at("RegistrationsCount").as_int64(), 1);
}

TEST_F(ManagedNodeProviderTest, RegisterWithWrongCodeIsInvalidActivation) {
  json::object activation = Activate();
  activation["ActivationCode"] = "AAAAAAAAAAAAAAAAAAAA";
  EXPECT_EQ(ErrorCode([&] { Register(activation); }), "InvalidActivation");
  activation["ActivationId"] = "11111111-2222-3333-4444-555555555555";
  EXPECT_EQ(ErrorCode([&] { Register(activation); }), "InvalidActivation");
  EXPECT_TRUE(Describe({}).at("InstanceInformationList").as_array().empty());
}

TEST_F(ManagedNodeProviderTest, RegisterBeyondTheLimitIsRegistrationLimitExceeded) {
  json::object activation = Activate(2);
  Register(activation);
  Register(activation);
  EXPECT_EQ(ErrorCode([&] { Register(activation); }), "RegistrationLimitExceeded");
  EXPECT_EQ(Describe({}).at("InstanceInformationList").as_array().size(), 2u);
  EXPECT_EQ(ssm_.DescribeActivations(Ctx(), json::object{})
                .at("ActivationList")
                .as_array()[0]
                .at("RegistrationsCount")
                .as_int64(),
            2);
}

TEST_F(ManagedNodeProviderTest, RegisterAfterExpiryIsActivationExpired) {
  json::object activation = Activate();
  clock_.Advance(24 * 3600 * 1000 + 1);
  EXPECT_EQ(ErrorCode([&] { Register(activation); }), "ActivationExpired");
  EXPECT_TRUE(ssm_.DescribeActivations(Ctx(), json::object{})
                  .at("ActivationList")
                  .as_array()[0]
                  .at("Expired")
                  .as_bool());
}

TEST_F(ManagedNodeProviderTest, HeartbeatReportsAgentAndPlatform) {
  const std::string id = Register(Activate());
  clock_.Advance(5000);
  ssm_.UpdateInstanceInformation(Ctx("000000000000"),
                                 json::object{{"InstanceId", id},
                                              {"AgentName", "amazon-ssm-agent"},
                                              {"AgentVersion", "3.3.987.0"},
                                              {"AgentStatus", "Active"},
                                              {"PlatformType", "Linux"},
                                              {"PlatformName", "Ubuntu"},
                                              {"PlatformVersion", "22.04"},
                                              {"ComputerName", "edge-1.local"},
                                              {"IPAddress", "10.0.0.7"}});
  const json::object node = Describe({}).at("InstanceInformationList").as_array()[0].as_object();
  EXPECT_EQ(node.at("AgentVersion").as_string(), "3.3.987.0");
  EXPECT_EQ(node.at("PlatformType").as_string(), "Linux");
  EXPECT_EQ(node.at("PlatformName").as_string(), "Ubuntu");
  EXPECT_EQ(node.at("PlatformVersion").as_string(), "22.04");
  EXPECT_EQ(node.at("ComputerName").as_string(), "edge-1.local");
  EXPECT_EQ(node.at("IPAddress").as_string(), "10.0.0.7");
  EXPECT_DOUBLE_EQ(node.at("LastPingDateTime").as_double(), clock_.NowSeconds());
  EXPECT_DOUBLE_EQ(node.at("RegistrationDate").as_double(), clock_.NowSeconds() - 5.0);
}

TEST_F(ManagedNodeProviderTest, HeartbeatOfUnknownNodeIsInvalidInstanceId) {
  EXPECT_EQ(
      ErrorCode([&] {
        ssm_.UpdateInstanceInformation(Ctx(), json::object{{"InstanceId", "mi-0123456789abcdef0"}});
      }),
      "InvalidInstanceId");
}

TEST_F(ManagedNodeProviderTest, PingStatusFollowsHeartbeats) {
  json::object activation = Activate();
  const std::string quiet = Register(activation);
  const std::string chatty = Register(activation);
  clock_.Advance(kTimeout / 2);
  ssm_.UpdateInstanceInformation(Ctx(), json::object{{"InstanceId", chatty}});
  clock_.Advance(kTimeout / 2 + 1);
  const json::array list = Describe({}).at("InstanceInformationList").as_array();
  for (const json::value& node : list) {
    EXPECT_EQ(node.at("PingStatus").as_string(),
              node.at("InstanceId").as_string() == quiet ? "ConnectionLost" : "Online");
  }
  EXPECT_EQ(Ids(Describe({{"Filters", json::array{Filter("PingStatus", {"ConnectionLost"})}}})),
            std::vector<std::string>{quiet});
  EXPECT_EQ(Ids(Describe({{"Filters", json::array{Filter("PingStatus", {"Online"})}}})),
            std::vector<std::string>{chatty});
  EXPECT_TRUE(Describe({{"Filters", json::array{Filter("PingStatus", {"Inactive"})}}})
                  .at("InstanceInformationList")
                  .as_array()
                  .empty());
  ssm_.UpdateInstanceInformation(Ctx(), json::object{{"InstanceId", quiet}});
  EXPECT_EQ(Describe({{"Filters", json::array{Filter("PingStatus", {"Online"})}}})
                .at("InstanceInformationList")
                .as_array()
                .size(),
            2u);
}

TEST_F(ManagedNodeProviderTest, RoleTokenGoesToTheNodeThatSignedTheRequest) {
  const std::string id = Register(Activate());
  core::RequestContext ctx = Ctx("000000000000");
  ctx.caller.access_key_id = id;
  const json::object token =
      ssm_.RequestManagedInstanceRoleToken(ctx, json::object{{"Fingerprint", "fp"}}).as_object();
  EXPECT_TRUE(std::regex_match(std::string(token.at("AccessKeyId").as_string()),
                               std::regex("ASIA[A-Z0-9]{16}")));
  EXPECT_EQ(token.at("SecretAccessKey").as_string().size(), 40u);
  EXPECT_FALSE(token.at("SessionToken").as_string().empty());
  EXPECT_DOUBLE_EQ(token.at("TokenExpirationDate").as_double(), clock_.NowSeconds() + 3600.0);
  EXPECT_EQ(token.at("UpdateKeyPair").as_bool(), false);
  EXPECT_EQ(ErrorCode([&] {
              ssm_.RequestManagedInstanceRoleToken(ctx, json::object{{"Fingerprint", "other"}});
            }),
            "MachineFingerprintDoesNotMatch");
  ctx.caller.access_key_id = "AKIAIOSFODNN7EXAMPLE";
  EXPECT_EQ(ErrorCode([&] {
              ssm_.RequestManagedInstanceRoleToken(ctx, json::object{{"Fingerprint", "fp"}});
            }),
            "InvalidInstanceId");
}

TEST_F(ManagedNodeProviderTest, UpdatePublicKeyReplacesTheNodeKey) {
  const std::string id = Register(Activate());
  core::RequestContext ctx = Ctx();
  ctx.caller.access_key_id = id;
  ssm_.UpdateManagedInstancePublicKey(
      ctx, json::object{{"NewPublicKey", "MIIC"}, {"NewPublicKeyType", "Rsa"}});
  ManagedNodeStore store(db_);
  store::Transaction tx = db_.Read();
  const std::optional<ManagedNodeRecord> node = store.FindNodeAnywhere(tx, id);
  ASSERT_TRUE(node.has_value());
  EXPECT_EQ(node->public_key, "MIIC");
  EXPECT_EQ(node->public_key_type, "Rsa");
  EXPECT_EQ(node->fingerprint, "fp");
}

TEST_F(ManagedNodeProviderTest, DeregisterRemovesTheNode) {
  const std::string id = Register(Activate());
  ssm_.DeregisterManagedInstance(Ctx(), json::object{{"InstanceId", id}});
  ManagedNodeStore store(db_);
  store::Transaction tx = db_.Read();
  EXPECT_FALSE(store.FindNodeAnywhere(tx, id).has_value());
  EXPECT_EQ(ErrorCode([&] {
              ssm_.DeregisterManagedInstance(Ctx(), json::object{{"InstanceId", id}});
            }),
            "InvalidInstanceId");
}

TEST_F(ManagedNodeProviderTest, RegisteredNodeCarriesTheActivationTags) {
  const json::object activation =
      ssm_.CreateActivation(
              Ctx(),
              json::object{{"IamRole", "SSMServiceRole"},
                           {"RegistrationLimit", 2},
                           {"Tags", json::array{json::object{{"Key", "site"}, {"Value", "lab"}}}}})
          .as_object();
  const std::string id = Register(activation);
  TagStore tags(db_);
  store::Transaction tx = db_.Read();
  EXPECT_EQ(
      tags.List(tx, {.account = "123456789012", .region = "us-east-1"}, "ManagedInstance", id),
      (std::map<std::string, std::string>{{"site", "lab"}}));
}

TEST_F(ManagedNodeProviderTest, ActivationTagsSelectTheNodeInTagFilters) {
  const json::object activation =
      ssm_.CreateActivation(
              Ctx(),
              json::object{{"IamRole", "SSMServiceRole"},
                           {"Tags", json::array{json::object{{"Key", "site"}, {"Value", "lab"}}}}})
          .as_object();
  const std::string id = Register(activation);
  Register(Activate());
  EXPECT_EQ(Ids(Describe({{"Filters", json::array{Filter("tag:site", {"lab"})}}})),
            std::vector<std::string>{id});
  EXPECT_EQ(Ids(Describe({{"Filters", json::array{Filter("tag-key", {"site"})}}})),
            std::vector<std::string>{id});
}

TEST_F(ManagedNodeProviderTest, HeartbeatWithTheNewestAgentIsLatestVersion) {
  const std::string id = Register(Activate());
  ssm_.UpdateInstanceInformation(Ctx("000000000000"),
                                 json::object{{"InstanceId", id}, {"AgentVersion", "3.3.1802.0"}});
  const json::object node = Describe({}).at("InstanceInformationList").as_array()[0].as_object();
  EXPECT_EQ(node.at("IsLatestVersion").as_bool(), true);
}

TEST_F(ManagedNodeProviderTest, HeartbeatWithAnOlderAgentIsNotLatestVersion) {
  const std::string id = Register(Activate());
  ssm_.UpdateInstanceInformation(Ctx("000000000000"),
                                 json::object{{"InstanceId", id}, {"AgentVersion", "3.3.987.0"}});
  const json::object node = Describe({}).at("InstanceInformationList").as_array()[0].as_object();
  EXPECT_EQ(node.at("IsLatestVersion").as_bool(), false);
}

class FleetTest : public ManagedNodeProviderTest {
 protected:
  void SetUp() override {
    const core::HttpResponse response = Load(R"({"Account": "123456789012", "Instances": [
      {"InstanceId": "mi-00000000000000001", "PlatformType": "Linux", "AgentVersion": "3.3.1.0",
       "ActivationId": "11111111-2222-3333-4444-555555555555", "IamRole": "RoleA",
       "Tags": [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "a"}]},
      {"InstanceId": "mi-00000000000000002", "PlatformType": "Windows", "AgentVersion": "3.3.2.0",
       "IamRole": "RoleB", "PingStatus": "ConnectionLost", "AssociationStatus": "Success",
       "Tags": {"env": "dev"}},
      {"InstanceId": "mi-00000000000000003", "PlatformType": "Linux", "AgentVersion": "3.3.2.0",
       "IamRole": "RoleA", "Tags": {"env": "prod"}},
      {"InstanceId": "i-0123456789abcdef0", "ResourceType": "EC2Instance", "PlatformType": "MacOS",
       "IsLatestVersion": true, "AssociationStatus": "Failed",
       "AssociationOverview": {"DetailedStatus": "Failed",
                               "InstanceAssociationStatusAggregatedCount": {"Failed": 1}}}
    ]})");
    ASSERT_EQ(response.status, 200) << response.body;
  }
};

TEST_F(FleetTest, LoadedNodesAreListedInIdOrder) {
  EXPECT_EQ(Ids(Describe({})),
            (std::vector<std::string>{"i-0123456789abcdef0", "mi-00000000000000001",
                                      "mi-00000000000000002", "mi-00000000000000003"}));
  const json::object ec2 = Describe({}).at("InstanceInformationList").as_array()[0].as_object();
  EXPECT_EQ(ec2.at("ResourceType").as_string(), "EC2Instance");
  EXPECT_EQ(ec2.at("SourceType").as_string(), "AWS::EC2::Instance");
  EXPECT_EQ(ec2.at("IsLatestVersion").as_bool(), true);
  EXPECT_FALSE(ec2.contains("RegistrationDate"));
  EXPECT_EQ(ec2.at("AssociationOverview").at("DetailedStatus").as_string(), "Failed");
}

TEST_F(FleetTest, FiltersSelectByEachKey) {
  const auto ids = [&](const std::string& key, json::array values) {
    return Ids(Describe({{"Filters", json::array{Filter(key, std::move(values))}}}));
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids("PlatformTypes", {"Linux"}), (V{"mi-00000000000000001", "mi-00000000000000003"}));
  EXPECT_EQ(ids("PlatformTypes", {"Windows", "MacOS"}),
            (V{"i-0123456789abcdef0", "mi-00000000000000002"}));
  EXPECT_EQ(ids("AgentVersion", {"3.3.2.0"}), (V{"mi-00000000000000002", "mi-00000000000000003"}));
  EXPECT_EQ(ids("IamRole", {"RoleB"}), (V{"mi-00000000000000002"}));
  EXPECT_EQ(ids("ActivationIds", {"11111111-2222-3333-4444-555555555555"}),
            (V{"mi-00000000000000001"}));
  EXPECT_EQ(ids("ResourceType", {"EC2Instance"}), (V{"i-0123456789abcdef0"}));
  EXPECT_EQ(ids("AssociationStatus", {"Success"}), (V{"mi-00000000000000002"}));
  EXPECT_EQ(ids("InstanceIds", {"mi-00000000000000003", "i-0123456789abcdef0"}),
            (V{"i-0123456789abcdef0", "mi-00000000000000003"}));
  EXPECT_EQ(ids("PingStatus", {"ConnectionLost"}), (V{"mi-00000000000000002"}));
  EXPECT_EQ(ids("tag:env", {"prod"}), (V{"mi-00000000000000001", "mi-00000000000000003"}));
  EXPECT_EQ(ids("tag:env", {"prod", "dev"}),
            (V{"mi-00000000000000001", "mi-00000000000000002", "mi-00000000000000003"}));
  EXPECT_EQ(ids("tag-key", {"team"}), (V{"mi-00000000000000001"}));
  EXPECT_EQ(ids("SourceTypes", {"AWS::EC2::Instance"}), (V{"i-0123456789abcdef0"}));
}

TEST_F(FleetTest, FiltersAreAnded) {
  EXPECT_EQ(Ids(Describe({{"Filters", json::array{Filter("PlatformTypes", {"Linux"}),
                                                  Filter("AgentVersion", {"3.3.2.0"})}}})),
            std::vector<std::string>{"mi-00000000000000003"});
  EXPECT_EQ(Ids(Describe({{"Filters",
                           json::array{Filter("tag:env", {"prod"}), Filter("tag:team", {"a"})}}})),
            std::vector<std::string>{"mi-00000000000000001"});
}

TEST_F(FleetTest, TagFiltersCombineWithOtherFilterKeys) {
  EXPECT_EQ(Ids(Describe({{"Filters", json::array{Filter("tag:env", {"prod"}),
                                                  Filter("AgentVersion", {"3.3.2.0"})}}})),
            std::vector<std::string>{"mi-00000000000000003"});
}

TEST_F(FleetTest, TagKeyFilterCombinesWithPingStatus) {
  EXPECT_EQ(Ids(Describe({{"Filters", json::array{Filter("tag-key", {"env"}),
                                                  Filter("PingStatus", {"ConnectionLost"})}}})),
            std::vector<std::string>{"mi-00000000000000002"});
}

TEST_F(FleetTest, SourceIdsFilterSelectsBySourceId) {
  EXPECT_EQ(Ids(Describe({{"Filters", json::array{Filter("SourceIds", {"mi-00000000000000002",
                                                                       "i-0123456789abcdef0"})}}})),
            (std::vector<std::string>{"i-0123456789abcdef0", "mi-00000000000000002"}));
}

TEST_F(FleetTest, SourceTypesFilterSelectsManagedInstances) {
  EXPECT_EQ(Ids(Describe(
                {{"Filters", json::array{Filter("SourceTypes", {"AWS::SSM::ManagedInstance"})}}})),
            (std::vector<std::string>{"mi-00000000000000001", "mi-00000000000000002",
                                      "mi-00000000000000003"}));
}

TEST_F(FleetTest, LegacyFilterListWorks) {
  json::object in{
      {"InstanceInformationFilterList",
       json::array{json::object{{"key", "PlatformTypes"}, {"valueSet", json::array{"Windows"}}}}}};
  EXPECT_EQ(Ids(Describe(in)), std::vector<std::string>{"mi-00000000000000002"});
}

TEST_F(FleetTest, FilterErrors) {
  const auto code = [&](json::object in) { return ErrorCode([&] { Describe(in); }); };
  EXPECT_EQ(code({{"Filters", json::array{Filter("Color", {"red"})}}}), "InvalidFilterKey");
  EXPECT_EQ(code({{"Filters", json::array{Filter("PingStatus", {"Sleeping"})}}}),
            "InvalidInstanceInformationFilterValue");
  EXPECT_EQ(code({{"Filters", json::array{Filter("PlatformTypes", {"Solaris"})}}}),
            "InvalidInstanceInformationFilterValue");
  EXPECT_EQ(
      code({{"Filters", json::array{Filter("ResourceType", {"EC2Instance", "ManagedInstance"})}}}),
      "InvalidInstanceInformationFilterValue");
  EXPECT_EQ(code({{"Filters", json::array{Filter("ResourceType", {"Document"})}}}),
            "InvalidInstanceInformationFilterValue");
  EXPECT_EQ(code({{"Filters", json::array{Filter("InstanceIds", {"mi-123"})}}}),
            "InvalidInstanceId");
  EXPECT_EQ(code({{"Filters", json::array{Filter("InstanceIds", {"mi-0000000000000000f"})}}}),
            "InvalidInstanceId");
  EXPECT_EQ(code({{"Filters", json::array{Filter("PlatformTypes", {"Linux"})}},
                  {"InstanceInformationFilterList",
                   json::array{json::object{{"key", "PlatformTypes"},
                                            {"valueSet", json::array{"Linux"}}}}}}),
            "ValidationException");
  // A node of another account is "not owned".
  EXPECT_EQ(ErrorCode([&] {
              Describe({{"Filters", json::array{Filter("InstanceIds", {"mi-00000000000000001"})}}},
                       "999999999999");
            }),
            "InvalidInstanceId");
}

TEST_F(ManagedNodeProviderTest, PagesAreStableWhileNodesAreAdded) {
  std::string body = R"({"Account": "123456789012", "Instances": [)";
  for (int i = 0; i < 23; ++i) {
    char id[32];
    std::snprintf(id, sizeof(id), "mi-%017d", i * 2);
    body +=
        std::string(i ? "," : "") + R"({"InstanceId": ")" + id + R"(", "PlatformType": "Linux"})";
  }
  ASSERT_EQ(Load(body + "]}").status, 200);
  std::vector<std::string> seen;
  json::object in{{"MaxResults", 5}};
  int pages = 0;
  while (true) {
    json::object out = Describe(in);
    ++pages;
    for (const std::string& id : Ids(out)) seen.push_back(id);
    if (pages == 2) {
      // New nodes before and after the cursor: earlier ones are not repeated, later ones show.
      ASSERT_EQ(Load(R"({"Account": "123456789012", "Instances": [
          {"InstanceId": "mi-00000000000000001"}, {"InstanceId": "mi-00000000000000099"}]})")
                    .status,
                200);
    }
    if (!out.contains("NextToken")) break;
    in["NextToken"] = out.at("NextToken");
  }
  EXPECT_EQ(pages, 5);
  EXPECT_EQ(seen.size(), 24u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());
  EXPECT_EQ(seen.back(), "mi-00000000000000099");
}

TEST_F(ManagedNodeProviderTest, InstanceIdsFilterPagesThroughTheGivenIds) {
  std::string body = R"({"Account": "123456789012", "Instances": [)";
  json::array wanted;
  for (int i = 0; i < 20; ++i) {
    char id[32];
    std::snprintf(id, sizeof(id), "mi-%017x", i);
    body += std::string(i ? "," : "") + R"({"InstanceId": ")" + id + R"("})";
    if (i % 3 == 0) wanted.push_back(json::string(id));
  }
  ASSERT_EQ(Load(body + "]}").status, 200);
  json::object in{{"Filters", json::array{Filter("InstanceIds", wanted)}}, {"MaxResults", 5}};
  json::object first = Describe(in);
  EXPECT_EQ(Ids(first), (std::vector<std::string>{"mi-00000000000000000", "mi-00000000000000003",
                                                  "mi-00000000000000006", "mi-00000000000000009",
                                                  "mi-0000000000000000c"}));
  in["NextToken"] = first.at("NextToken");
  json::object second = Describe(in);
  EXPECT_EQ(Ids(second),
            (std::vector<std::string>{"mi-0000000000000000f", "mi-00000000000000012"}));
  EXPECT_FALSE(second.contains("NextToken"));
}

TEST_F(ManagedNodeProviderTest, ForeignTokenIsInvalidNextToken) {
  Register(Activate());
  EXPECT_EQ(ErrorCode([&] { Describe({{"NextToken", "garbage"}}); }), "InvalidNextToken");
  const std::string forged = "bWkxfG1pLTAwMHwwMDAwMDAwMDAwMDAwMDAw";  // "mi1|mi-000|000..."
  EXPECT_EQ(ErrorCode([&] { Describe({{"NextToken", forged}}); }), "InvalidNextToken");
}

TEST_F(ManagedNodeProviderTest, FleetEndpointRejectsBadInput) {
  EXPECT_EQ(Load("not json").status, 400);
  EXPECT_EQ(Load(R"({"Instances": [{"InstanceId": "mi-xyz"}]})").status, 400);
  EXPECT_EQ(Load(R"({"Instances": [{"PlatformType": "Solaris"}]})").status, 400);
  EXPECT_TRUE(Describe({}, "000000000000").at("InstanceInformationList").as_array().empty());
  const core::HttpResponse ok = Load(R"({"Instances": [{"Name": "a"}]})");
  ASSERT_EQ(ok.status, 200);
  const json::value body = json::parse(ok.body);
  EXPECT_TRUE(std::regex_match(std::string(body.at("InstanceIds").as_array()[0].as_string()),
                               std::regex("mi-[0-9a-f]{17}")));
  EXPECT_EQ(Describe({}, "000000000000").at("InstanceInformationList").as_array().size(), 1u);
}

}  // namespace
}  // namespace nimbus::ssm
