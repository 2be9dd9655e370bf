#include "services/ssm/patch_baselines_default.h"

#include <openssl/evp.h>

#include "core/partition.h"
#include "core/text.h"

namespace nimbus::ssm {

namespace {

// Names and descriptions: the Patch Manager user guide ("Predefined and custom patch
// baselines") and the baselines a DescribePatchBaselines of us-east-1 lists in the user guide's
// Quick Setup API example ("Using the Quick Setup API to manage configurations and
// deployments"). The descriptions of WINDOWS, AMAZON_LINUX and RASPBIAN are nimbus's (README).
// Approval rules: the summary of each baseline in the predefined-baselines table.
constexpr std::string_view kSecurityAndBugfix = R"({"PatchRules": [
  {"PatchFilterGroup": {"PatchFilters": [
     {"Key": "CLASSIFICATION", "Values": ["Security"]},
     {"Key": "SEVERITY", "Values": ["Critical", "Important"]}]},
   "ComplianceLevel": "UNSPECIFIED", "ApproveAfterDays": 7, "EnableNonSecurity": false},
  {"PatchFilterGroup": {"PatchFilters": [{"Key": "CLASSIFICATION", "Values": ["Bugfix"]}]},
   "ComplianceLevel": "UNSPECIFIED", "ApproveAfterDays": 7, "EnableNonSecurity": false}]})";
constexpr std::string_view kWindows = R"({"PatchRules": [
  {"PatchFilterGroup": {"PatchFilters": [
     {"Key": "CLASSIFICATION", "Values": ["CriticalUpdates", "SecurityUpdates"]},
     {"Key": "MSRC_SEVERITY", "Values": ["Critical", "Important"]}]},
   "ComplianceLevel": "UNSPECIFIED", "ApproveAfterDays": 7, "EnableNonSecurity": false}]})";
constexpr std::string_view kUbuntu = R"({"PatchRules": [
  {"PatchFilterGroup": {"PatchFilters": [
     {"Key": "PRIORITY", "Values": ["Required", "Important", "Standard", "Optional", "Extra"]}]},
   "ComplianceLevel": "UNSPECIFIED", "ApproveAfterDays": 0, "EnableNonSecurity": false}]})";
constexpr std::string_view kDebian = R"({"PatchRules": [
  {"PatchFilterGroup": {"PatchFilters": [
     {"Key": "PRIORITY", "Values": ["Required", "Important"]}]},
   "ComplianceLevel": "UNSPECIFIED", "ApproveAfterDays": 0, "EnableNonSecurity": false}]})";
constexpr std::string_view kMacos = R"({"PatchRules": [
  {"PatchFilterGroup": {"PatchFilters": [
     {"Key": "CLASSIFICATION", "Values": ["*"]}]},
   "ComplianceLevel": "UNSPECIFIED", "ApproveAfterDays": 0, "EnableNonSecurity": false}]})";

const std::vector<AwsPatchBaseline> kBaselines = {
    {"WINDOWS", "AWS-DefaultPatchBaseline", "Default Patch Baseline Provided by AWS.", kWindows},
    {"AMAZON_LINUX", "AWS-AmazonLinuxDefaultPatchBaseline",
     "Baseline containing all Security and Bugfix updates approved for Amazon Linux instances",
     kSecurityAndBugfix},
    {"AMAZON_LINUX_2", "AWS-AmazonLinux2DefaultPatchBaseline",
     "Baseline containing all Security and Bugfix updates approved for Amazon Linux 2 instances",
     kSecurityAndBugfix},
    {"AMAZON_LINUX_2022", "AWS-AmazonLinux2022DefaultPatchBaseline",
     "Default Patch Baseline for Amazon Linux 2022 Provided by AWS.", kSecurityAndBugfix},
    {"UBUNTU", "AWS-UbuntuDefaultPatchBaseline",
     "Default Patch Baseline for Ubuntu Provided by AWS.", kUbuntu},
    {"REDHAT_ENTERPRISE_LINUX", "AWS-RedHatDefaultPatchBaseline",
     "Default Patch Baseline for Redhat Enterprise Linux Provided by AWS.", kSecurityAndBugfix},
    {"SUSE", "AWS-SuseDefaultPatchBaseline", "Default Patch Baseline for Suse Provided by AWS.",
     kSecurityAndBugfix},
    {"CENTOS", "AWS-CentOSDefaultPatchBaseline",
     "Default Patch Baseline for CentOS Provided by AWS.", kSecurityAndBugfix},
    {"ORACLE_LINUX", "AWS-OracleLinuxDefaultPatchBaseline",
     "Default Patch Baseline for Oracle Linux Server Provided by AWS.", kSecurityAndBugfix},
    {"DEBIAN", "AWS-DebianDefaultPatchBaseline",
     "Default Patch Baseline for Debian Provided by AWS.", kDebian},
    {"MACOS", "AWS-MacOSDefaultPatchBaseline", "Default Patch Baseline for MacOS Provided by AWS.",
     kMacos},
    {"RASPBIAN", "AWS-RaspbianDefaultPatchBaseline",
     "Default Patch Baseline for Raspbian Provided by AWS.", kDebian},
    {"ROCKY_LINUX", "AWS-RockyLinuxDefaultPatchBaseline",
     "Default Patch Baseline for Rocky Linux Provided by AWS.", kSecurityAndBugfix},
    {"ALMA_LINUX", "AWS-AlmaLinuxDefaultPatchBaseline",
     "Default Patch Baseline for Alma Linux Provided by AWS.", kSecurityAndBugfix},
    {"AMAZON_LINUX_2023", "AWS-AmazonLinux2023DefaultPatchBaseline",
     "Default Patch Baseline for Amazon Linux 2023 Provided by AWS.", kSecurityAndBugfix},
};

struct KnownId {
  std::string_view region;
  std::string_view operating_system;
  std::string_view owner;
  std::string_view id;
};

// The ids AWS answers, where a public record shows them: us-east-1 (owner 075727635805) from
// the user guide's Quick Setup API example (ALMA_LINUX, AMAZON_LINUX_2, AMAZON_LINUX_2023,
// DEBIAN, MACOS, ORACLE_LINUX, REDHAT_ENTERPRISE_LINUX, ROCKY_LINUX), the user guide's
// get-patch-baseline example and the AWS CLI's describe-patch-baselines example (CENTOS, SUSE),
// and a public script of get-patch-baseline calls (WINDOWS, AMAZON_LINUX, UBUNTU);
// AMAZON_LINUX_2022 from a DescribePatchBaselines answer quoted in a public test; us-east-2
// (owner 733109147000) CENTOS from the RegisterDefaultPatchBaseline API reference.
constexpr KnownId kKnownIds[] = {
    {"us-east-1", "WINDOWS", "075727635805", "pb-09ca3fb51f0412ec3"},
    {"us-east-1", "AMAZON_LINUX", "075727635805", "pb-0c10e657807c7a700"},
    {"us-east-1", "AMAZON_LINUX_2", "075727635805", "pb-0be8c61cde3be63f3"},
    {"us-east-1", "AMAZON_LINUX_2022", "075727635805", "pb-0028ca011460d5eaf"},
    {"us-east-1", "AMAZON_LINUX_2023", "075727635805", "pb-05c9c9bf778d4c4d0"},
    {"us-east-1", "UBUNTU", "075727635805", "pb-0c7e89f711c3095f4"},
    {"us-east-1", "REDHAT_ENTERPRISE_LINUX", "075727635805", "pb-0cbb3a633de00f07c"},
    {"us-east-1", "SUSE", "075727635805", "pb-07d8884178197b66b"},
    {"us-east-1", "CENTOS", "075727635805", "pb-03e3f588eec25344c"},
    {"us-east-1", "ORACLE_LINUX", "075727635805", "pb-06bff38e95fe85c02"},
    {"us-east-1", "DEBIAN", "075727635805", "pb-09a5f8eb62bde80b1"},
    {"us-east-1", "MACOS", "075727635805", "pb-0ee4f94581368c0d4"},
    {"us-east-1", "ROCKY_LINUX", "075727635805", "pb-03ec98bc512aa3ac0"},
    {"us-east-1", "ALMA_LINUX", "075727635805", "pb-0cb0c4966f86b059b"},
    {"us-east-2", "CENTOS", "733109147000", "pb-0574b43a65ea646ed"},
};

// The owner account of AWS's baselines in a region without a known one: us-east-1's (README).
constexpr std::string_view kDefaultOwner = "075727635805";

// A stable id for a baseline no record shows: "pb-0" and 16 hex digits of a SHA-256 of the
// region and the operating system, so that it is the same in every nimbus.
std::string DerivedId(std::string_view region, std::string_view operating_system) {
  const std::string input = std::string(region) + "/" + std::string(operating_system);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(input.data(), input.size(), digest, &size, EVP_sha256(), nullptr);
  return "pb-0" + core::HexEncode(std::string_view(reinterpret_cast<const char*>(digest), 8));
}

}  // namespace

const std::vector<AwsPatchBaseline>& AwsPatchBaselines() { return kBaselines; }

std::string AwsPatchBaselineArn(const AwsPatchBaseline& baseline, std::string_view region) {
  std::string owner(kDefaultOwner);
  std::string id = DerivedId(region, baseline.operating_system);
  for (const KnownId& known : kKnownIds) {
    if (known.region == region && known.operating_system == baseline.operating_system) {
      owner = std::string(known.owner);
      id = std::string(known.id);
    }
  }
  return core::Arn({.account = owner, .region = std::string(region)}, "ssm", "patchbaseline/" + id);
}

const AwsPatchBaseline* FindAwsPatchBaseline(std::string_view arn, std::string_view region) {
  for (const AwsPatchBaseline& baseline : kBaselines) {
    if (AwsPatchBaselineArn(baseline, region) == arn) return &baseline;
  }
  return nullptr;
}

}  // namespace nimbus::ssm
