#include "cloudformation/schema/generated_values.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <re2/re2.h>

#include "core/partition.h"
#include "core/text.h"

namespace nimbus::cloudformation::internal {

namespace json = boost::json;

namespace {

// What a generated string is.
enum class Kind { kArn, kName, kId, kUrl, kDomain, kIp, kZone, kOther };

// EC2's id prefixes, by the resource a property names ("VpcId", "DefaultSecurityGroup",
// format "AWS::EC2::Subnet.Id"): lower-case resource name -> prefix.
constexpr std::array<std::pair<std::string_view, std::string_view>, 36> kEc2Prefixes = {{
    {"vpc", "vpc"},
    {"subnet", "subnet"},
    {"securitygroup", "sg"},
    {"group", "sg"},
    {"internetgateway", "igw"},
    {"routetable", "rtb"},
    {"networkinterface", "eni"},
    {"instance", "i"},
    {"natgateway", "nat"},
    {"eip", "eipalloc"},
    {"allocation", "eipalloc"},
    {"networkacl", "acl"},
    {"networkaclassociation", "aclassoc"},
    {"vpcendpoint", "vpce"},
    {"transitgateway", "tgw"},
    {"transitgatewayattachment", "tgw-attach"},
    {"transitgatewayroutetable", "tgw-rtb"},
    {"launchtemplate", "lt"},
    {"keypair", "key"},
    {"volume", "vol"},
    {"dhcpoptions", "dopt"},
    {"vpcpeeringconnection", "pcx"},
    {"customergateway", "cgw"},
    {"vpngateway", "vgw"},
    {"vpnconnection", "vpn"},
    {"prefixlist", "pl"},
    {"image", "ami"},
    {"subnetroutetableassociation", "rtbassoc"},
    {"routetableassociation", "rtbassoc"},
    {"egressonlyinternetgateway", "eigw"},
    {"flowlog", "fl"},
    {"securitygroupingress", "sgr"},
    {"securitygroupegress", "sgr"},
    {"cidrblockassociation", "vpc-cidr-assoc"},
    {"networkinterfaceattachment", "eni-attach"},
    {"capacityreservation", "cr"},
}};

// Those that name an EC2 resource on any type (a Lambda function's VpcConfig.VpcId).
constexpr std::array<std::string_view, 6> kEc2EverywhereNames = {
    "vpc", "subnet", "securitygroup", "internetgateway", "routetable", "networkinterface"};

// IAM's unique ids: a four-letter prefix and 17 upper-case letters and digits.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kIamIdPrefixes = {{
    {"AWS::IAM::Role", "AROA"},
    {"AWS::IAM::User", "AIDA"},
    {"AWS::IAM::Group", "AGPA"},
    {"AWS::IAM::InstanceProfile", "AIPA"},
    {"AWS::IAM::ManagedPolicy", "ANPA"},
}};

// A type's namespace -> the service its ARNs name, where they differ.
constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kArnServices = {{
    {"CertificateManager", "acm"},
    {"Cognito", "cognito-idp"},
    {"EFS", "elasticfilesystem"},
    {"ElasticLoadBalancing", "elasticloadbalancing"},
    {"ElasticLoadBalancingV2", "elasticloadbalancing"},
    {"Elasticsearch", "es"},
    {"KinesisFirehose", "firehose"},
    {"OpenSearchService", "es"},
    {"StepFunctions", "states"},
    {"ApiGatewayV2", "apigateway"},
    {"ApplicationAutoScaling", "application-autoscaling"},
    {"AutoScaling", "autoscaling"},
    {"CloudWatch", "cloudwatch"},
    {"DocDB", "rds"},
    {"Neptune", "rds"},
    {"ServiceDiscovery", "servicediscovery"},
}};

// Services whose ARNs have no region.
constexpr std::array<std::string_view, 5> kGlobalServices = {"iam", "s3", "route53", "cloudfront",
                                                             "organizations"};

// Values AWS shapes in a way of their own: type, attribute, template with {name}, {region},
// {account}, {partition} and {dns} (the partition's DNS suffix).
struct Shaped {
  std::string_view type;
  std::string_view attribute;
  std::string_view value;
};
constexpr std::array<Shaped, 24> kShaped = {{
    {"AWS::S3::Bucket", "Arn", "arn:{partition}:s3:::{name}"},
    {"AWS::S3::Bucket", "DomainName", "{name}.s3.{dns}"},
    {"AWS::S3::Bucket", "RegionalDomainName", "{name}.s3.{region}.{dns}"},
    {"AWS::S3::Bucket", "DualStackDomainName", "{name}.s3.dualstack.{region}.{dns}"},
    {"AWS::S3::Bucket", "WebsiteURL", "http://{name}.s3-website-{region}.{dns}"},
    {"AWS::SNS::Topic", "TopicArn", "arn:{partition}:sns:{region}:{account}:{name}"},
    {"AWS::SQS::Queue", "QueueUrl", "https://sqs.{region}.{dns}/{account}/{name}"},
    {"AWS::SQS::Queue", "Arn", "arn:{partition}:sqs:{region}:{account}:{name}"},
    {"AWS::Lambda::Function", "Arn", "arn:{partition}:lambda:{region}:{account}:function:{name}"},
    {"AWS::DynamoDB::Table", "Arn", "arn:{partition}:dynamodb:{region}:{account}:table/{name}"},
    {"AWS::DynamoDB::Table", "StreamArn",
     "arn:{partition}:dynamodb:{region}:{account}:table/{name}/stream/2026-01-01T00:00:00.000"},
    {"AWS::IAM::Role", "Arn", "arn:{partition}:iam::{account}:role/{name}"},
    {"AWS::IAM::User", "Arn", "arn:{partition}:iam::{account}:user/{name}"},
    {"AWS::IAM::Group", "Arn", "arn:{partition}:iam::{account}:group/{name}"},
    {"AWS::IAM::InstanceProfile", "Arn", "arn:{partition}:iam::{account}:instance-profile/{name}"},
    {"AWS::IAM::ManagedPolicy", "PolicyArn", "arn:{partition}:iam::{account}:policy/{name}"},
    {"AWS::Logs::LogGroup", "Arn", "arn:{partition}:logs:{region}:{account}:log-group:{name}:*"},
    {"AWS::Events::Rule", "Arn", "arn:{partition}:events:{region}:{account}:rule/{name}"},
    {"AWS::StepFunctions::StateMachine", "Arn",
     "arn:{partition}:states:{region}:{account}:stateMachine:{name}"},
    {"AWS::EC2::Subnet", "AvailabilityZone", "{region}a"},
    {"AWS::ECR::Repository", "RepositoryUri", "{account}.dkr.ecr.{region}.{dns}/{name}"},
    {"AWS::ECR::Repository", "Arn", "arn:{partition}:ecr:{region}:{account}:repository/{name}"},
    {"AWS::SecretsManager::Secret", "Id",
     "arn:{partition}:secretsmanager:{region}:{account}:secret:{name}-{random}"},
    {"AWS::ElasticLoadBalancingV2::LoadBalancer", "DNSName", "{name}-{digits}.{region}.elb.{dns}"},
}};

// Ids that are neither UUIDs nor EC2's: type, the id's shape ({region}, {random} letters and
// digits, {lower} letters and digits in lower case, {upper} in upper case, of `length`).
struct IdShape {
  std::string_view type;
  std::string_view shape;
  size_t length;
};
constexpr std::array<IdShape, 8> kIdShapes = {{
    {"AWS::ApiGateway::", "{lower}", 10},
    {"AWS::ApiGatewayV2::", "{lower}", 7},
    {"AWS::Cognito::UserPool", "{region}_{random}", 9},
    {"AWS::Cognito::UserPoolClient", "{lower}", 26},
    {"AWS::Cognito::IdentityPool", "{region}:{uuid}", 0},
    {"AWS::Route53::HostedZone", "Z{upper}", 20},
    {"AWS::CloudFront::Distribution", "E{upper}", 13},
    {"AWS::AppSync::GraphQLApi", "{lower}", 26},
}};

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// "AWS::EC2::SecurityGroup" -> {"EC2", "SecurityGroup"}.
std::pair<std::string_view, std::string_view> TypeParts(std::string_view type) {
  const size_t first = type.find("::");
  const size_t second = type.find("::", first == std::string_view::npos ? 0 : first + 2);
  if (first == std::string_view::npos || second == std::string_view::npos) return {type, type};
  return {type.substr(first + 2, second - first - 2), type.substr(second + 2)};
}

// "SecurityGroup" -> "security-group", "DBInstance" -> "db-instance", "VPC" -> "vpc".
std::string Kebab(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (std::isupper(c) && i > 0) {
      const auto before = static_cast<unsigned char>(name[i - 1]);
      const bool next_lower = i + 1 < name.size() && std::islower(name[i + 1]);
      if (std::islower(before) || std::isdigit(before) || (std::isupper(before) && next_lower)) {
        out += '-';
      }
    }
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

std::string ArnService(std::string_view type) {
  const std::string_view space = TypeParts(type).first;
  for (const auto& [name, service] : kArnServices) {
    if (name == space) return std::string(service);
  }
  return core::ToLower(space);
}

std::string Replace(std::string text, std::string_view key, std::string_view value) {
  for (size_t at = text.find(key); at != std::string::npos;
       at = text.find(key, at + value.size())) {
    text.replace(at, key.size(), value);
  }
  return text;
}

// The schema of `path` ("Endpoint.Address"), through $ref, or null.
const json::object* PropertySchema(const ResourceSchema& schema, std::string_view path) {
  const json::object* at = &schema.document;
  auto resolve = [&schema](const json::object* s) -> const json::object* {
    for (int i = 0; s && i < 8; ++i) {
      const json::value* ref = s->if_contains("$ref");
      if (!ref || !ref->is_string() || !core::StartsWith(ref->get_string(), "#/definitions/")) {
        return s;
      }
      const json::value* target = schema.definitions().if_contains(ref->get_string().subview(14));
      s = target ? target->if_object() : nullptr;
    }
    return s;
  };
  while (at && !path.empty()) {
    const size_t dot = path.find('.');
    const json::value* properties = at->if_contains("properties");
    const json::value* sub = properties && properties->is_object()
                                 ? properties->get_object().if_contains(path.substr(0, dot))
                                 : nullptr;
    at = sub ? resolve(sub->if_object()) : nullptr;
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return at;
}

// The schema's `key`, else cfn-lint's (its enums, patterns and lengths, which the import keeps
// under "cfnLint" apart from CloudFormation's own: not checked, but they shape a generated value
// as the service would, a bucket name in lower case), or null.
const json::value* Keyword(const json::object* schema, std::string_view key) {
  if (schema == nullptr) return nullptr;
  if (const json::value* value = schema->if_contains(key)) return value;
  const json::value* hints = schema->if_contains("cfnLint");
  return hints && hints->is_object() ? hints->get_object().if_contains(key) : nullptr;
}

std::string_view StringOf(const json::object* schema, std::string_view key) {
  const json::value* value = Keyword(schema, key);
  return value && value->is_string() ? std::string_view(value->get_string()) : std::string_view();
}

std::optional<double> NumberOf(const json::object* schema, std::string_view key) {
  const json::value* value = Keyword(schema, key);
  if (!value || !value->is_number()) return std::nullopt;
  return value->to_number<double>();
}

Kind KindOf(std::string_view leaf, std::string_view format) {
  if (EndsWith(format, ".Arn")) return Kind::kArn;
  if (EndsWith(format, ".Id") || EndsWith(format, ".Ids")) return Kind::kId;
  if (EndsWith(format, ".Name")) return Kind::kName;
  if (EndsWith(leaf, "Arn") || EndsWith(leaf, "ARN")) return Kind::kArn;
  if (EndsWith(leaf, "Url") || EndsWith(leaf, "URL") || EndsWith(leaf, "Uri")) return Kind::kUrl;
  if (EndsWith(leaf, "DomainName") || EndsWith(leaf, "DnsName") || EndsWith(leaf, "DNSName") ||
      leaf == "Address") {
    return Kind::kDomain;
  }
  if (leaf == "AvailabilityZone") return Kind::kZone;
  if (EndsWith(leaf, "Ip") || EndsWith(leaf, "IpAddress")) return Kind::kIp;
  if (EndsWith(leaf, "Name")) return Kind::kName;
  if (EndsWith(leaf, "Id") || EndsWith(leaf, "ID") || EndsWith(leaf, "Ids")) return Kind::kId;
  return Kind::kOther;
}

// The EC2 prefix for `leaf` of `type` (with its schema format), or "".
std::string_view Ec2Prefix(std::string_view type, std::string_view leaf, std::string_view format) {
  std::string key;
  const bool ec2_type = TypeParts(type).first == "EC2";
  if (core::StartsWith(format, "AWS::EC2::")) {
    key = core::ToLower(TypeParts(format.substr(0, format.rfind('.'))).second);
  } else if (leaf == "Id" && ec2_type) {
    key = core::ToLower(TypeParts(type).second);
  } else {
    std::string_view name = leaf;
    if (core::StartsWith(name, "Default")) name.remove_prefix(7);
    for (std::string_view suffix : {"Ids", "Id", "s"}) {
      if (EndsWith(name, suffix)) {
        name.remove_suffix(suffix.size());
        break;
      }
    }
    key = core::ToLower(name);
    const bool everywhere = std::find(kEc2EverywhereNames.begin(), kEc2EverywhereNames.end(),
                                      key) != kEc2EverywhereNames.end();
    if (!ec2_type && !everywhere) return {};
  }
  for (const auto& [name, prefix] : kEc2Prefixes) {
    if (name == key) return prefix;
  }
  return {};
}

class Generator {
 public:
  Generator(const ResourceSchema& schema, const ResourceRequest& req, std::string_view own,
            std::string_view returns)
      : schema_(schema), req_(req), own_(own), returns_(returns) {}

  json::value Value(std::string_view path) {
    const json::object* property = PropertySchema(schema_, path);
    const std::string_view leaf =
        path.substr(path.rfind('.') == std::string_view::npos ? 0 : path.rfind('.') + 1);
    const std::string_view type = StringOf(property, "type");
    if (type == "array") {
      json::array items;
      const std::string_view prefix =
          Ec2Prefix(schema_.type_name, leaf, StringOf(property, "format"));
      if (!prefix.empty()) items.emplace_back(std::string(prefix) + "-" + req_.ids.Hex(17));
      return items;
    }
    if (type == "object") return json::object();
    if (type == "boolean") return false;
    if (type == "integer" || type == "number") {
      return static_cast<int64_t>(std::max(0.0, NumberOf(property, "minimum").value_or(0)));
    }
    return json::string(Text(path, leaf, property));
  }

 private:
  std::string Text(std::string_view path, std::string_view leaf, const json::object* property) {
    for (const Shaped& shaped : kShaped) {
      if (shaped.type == schema_.type_name && shaped.attribute == path) {
        return Fill(shaped.value);
      }
    }
    if (const json::value* allowed = Keyword(property, "enum");
        allowed && allowed->is_array() && !allowed->get_array().empty() &&
        allowed->get_array()[0].is_string()) {
      return std::string(allowed->get_array()[0].get_string());
    }
    const std::string_view format = StringOf(property, "format");
    if (format == "date-time" || format == "timestamp") return "2026-01-01T00:00:00.000Z";
    if (format == "ipv4-network") return "10.0.0.0/16";
    std::vector<std::string> candidates;
    Kind kind = KindOf(leaf, format);
    // What the type's page says Ref returns, for an identifier whose name does not say it (a
    // secret's Ref, its Id, is its ARN).
    if (kind == Kind::kId || kind == Kind::kOther) {
      if (returns_ == "arn") kind = Kind::kArn;
      if (returns_ == "url") kind = Kind::kUrl;
      if (returns_ == "ip") kind = Kind::kIp;
    }
    switch (kind) {
      case Kind::kArn:
        candidates = {Arn('/'), Arn(':')};
        break;
      case Kind::kName:
        if (leaf == NameProperty(schema_)) return std::string(Own());
        candidates = Names(property);
        break;
      case Kind::kUrl:
        candidates = {Fill("https://" + ArnService(schema_.type_name) + ".{region}.{dns}/{name}")};
        break;
      case Kind::kDomain:
        candidates = {Fill("{name}." + ArnService(schema_.type_name) + ".{region}.{dns}")};
        break;
      case Kind::kIp:
        // Private addresses in the VPC's usual range; public ones in a documentation range
        // (RFC 5737), which no real host has.
        return (core::StartsWith(leaf, "Public") ? "198.51.100." : "10.0.0.") +
               std::to_string(4 + req_.ids.Random(1, "0123456789")[0] - '0' +
                              10 * (req_.ids.Random(1, "0123456789")[0] - '0'));
      case Kind::kZone:
        return req_.ctx.scope.region + "a";
      case Kind::kId:
        candidates = Ids(leaf, format);
        break;
      case Kind::kOther:
        candidates = Ids(leaf, format);
        break;
    }
    return Fitting(candidates, property);
  }

  std::vector<std::string> Names(const json::object* property) {
    const double max = NumberOf(property, "maxLength").value_or(255);
    std::string name = req_.GeneratedName(static_cast<size_t>(std::max(max, 20.0)));
    return {name, core::ToLower(name)};
  }

  std::vector<std::string> Ids(std::string_view leaf, std::string_view format) {
    for (const auto& [type, prefix] : kIamIdPrefixes) {
      if (type == schema_.type_name && EndsWith(leaf, "Id")) {
        return {std::string(prefix) + req_.ids.UpperAlnum(17)};
      }
    }
    for (const IdShape& shape : kIdShapes) {
      const bool whole_type = !EndsWith(shape.type, "::");
      if (whole_type ? shape.type == schema_.type_name
                     : core::StartsWith(schema_.type_name, shape.type)) {
        std::string id(shape.shape);
        id = Replace(std::move(id), "{region}", req_.ctx.scope.region);
        id = Replace(std::move(id), "{uuid}", req_.ids.Uuid());
        id = Replace(std::move(id), "{lower}", req_.ids.LowerAlnum(shape.length));
        id = Replace(std::move(id), "{upper}", req_.ids.UpperAlnum(shape.length));
        id = Replace(
            std::move(id), "{random}",
            req_.ids.Random(shape.length,
                            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"));
        return {id};
      }
    }
    const std::string_view prefix = Ec2Prefix(schema_.type_name, leaf, format);
    // The resource's own id under another name (a security group's GroupId is its Id).
    if (!prefix.empty() && prefix == Ec2Prefix(schema_.type_name, "Id", "") &&
        core::StartsWith(own_, std::string(prefix) + "-")) {
      return {std::string(own_)};
    }
    if (!prefix.empty()) return {std::string(prefix) + "-" + req_.ids.Hex(17)};
    return {req_.ids.Uuid(), req_.ids.LowerAlnum(10), req_.ids.Hex(32),
            req_.ids.Random(12, "0123456789"), req_.ids.UpperAlnum(21)};
  }

  // The first candidate that fits the property's pattern and lengths, else the first.
  static std::string Fitting(std::vector<std::string>& candidates, const json::object* property) {
    const std::string_view pattern = StringOf(property, "pattern");
    const std::optional<double> max = NumberOf(property, "maxLength");
    const std::optional<double> min = NumberOf(property, "minLength");
    re2::RE2::Options options;
    options.set_log_errors(false);
    const re2::RE2 re(pattern.empty() ? "" : pattern, options);
    for (std::string& candidate : candidates) {
      if ((max && static_cast<double>(candidate.size()) > *max) ||
          (min && static_cast<double>(candidate.size()) < *min)) {
        continue;
      }
      if (!re.ok() || re2::RE2::PartialMatch(candidate, re)) return std::move(candidate);
    }
    return std::move(candidates.front());
  }

  // arn:<partition>:<service>:<region>:<account>:<resource-type>/<own>, or with ':'.
  std::string Arn(char separator) {
    const std::string service = ArnService(schema_.type_name);
    const bool global =
        std::find(kGlobalServices.begin(), kGlobalServices.end(), service) != kGlobalServices.end();
    const std::string resource =
        Kebab(TypeParts(schema_.type_name).second) + separator + std::string(Own());
    return global ? core::GlobalArn(req_.ctx.scope, service, resource)
                  : core::Arn(req_.ctx.scope, service, resource);
  }

  std::string Fill(std::string_view shape) {
    const core::Partition& partition = core::PartitionOf(req_.ctx.scope.region);
    std::string text(shape);
    text = Replace(std::move(text), "{partition}", partition.id);
    text = Replace(std::move(text), "{region}", req_.ctx.scope.region);
    text = Replace(std::move(text), "{account}", req_.ctx.scope.account);
    text = Replace(std::move(text), "{dns}", partition.dns_suffix);
    text = Replace(std::move(text), "{random}",
                   req_.ids.Random(6, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"));
    text = Replace(std::move(text), "{digits}", req_.ids.Random(10, "0123456789"));
    if (text.find("{name}") != std::string::npos) text = Replace(std::move(text), "{name}", Own());
    return text;
  }

  // The resource's own name or id: given, or made once (a name when the type has a name
  // property, an id otherwise).
  std::string_view Own() {
    if (!own_.empty()) return own_;
    if (made_own_.empty()) {
      const std::string name = NameProperty(schema_);
      if (!name.empty()) {
        std::vector<std::string> names = Names(PropertySchema(schema_, name));
        made_own_ = Fitting(names, PropertySchema(schema_, name));
      } else {
        made_own_ = Ids("Id", "").front();
      }
    }
    return made_own_;
  }

  const ResourceSchema& schema_;
  const ResourceRequest& req_;
  std::string_view own_;
  std::string_view returns_;
  std::string made_own_;
};

}  // namespace

std::string NameProperty(const ResourceSchema& schema) {
  const std::string own = std::string(TypeParts(schema.type_name).second) + "Name";
  for (const std::string& candidate : {own, std::string("Name")}) {
    if (schema.properties().contains(candidate)) return candidate;
  }
  return "";
}

json::value GenerateValue(const ResourceSchema& schema, const ResourceRequest& req,
                          std::string_view path, std::string_view own, std::string_view returns) {
  return Generator(schema, req, own, returns).Value(path);
}

uint64_t StableHash(std::string_view text) {
  uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace nimbus::cloudformation::internal
