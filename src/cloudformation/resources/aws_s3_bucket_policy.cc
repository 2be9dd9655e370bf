// AWS::S3::BucketPolicy
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-s3-policy.html).
// PutBucketPolicy through ServiceClient: S3 checks the document (MalformedPolicy and its
// messages are the resource's failure), and the policy is what GetBucketPolicy answers.
#include <array>
#include <string>
#include <vector>

#include <boost/json/serialize.hpp>

#include "cloudformation/resources/native.h"
#include "cloudformation/resources/property_checks.h"
#include "cloudformation/resources/service_calls.h"

namespace nimbus::cloudformation {

namespace json = boost::json;
using internal::PropertyKind;
using internal::PropertySpec;

namespace {

constexpr std::array<PropertySpec, 2> kProperties = {{
    {.name = "Bucket", .required = true},
    {.name = "PolicyDocument", .kind = PropertyKind::kJson, .required = true},
}};

class S3BucketPolicy final : public Resource {
 public:
  std::string_view Type() const override { return "AWS::S3::BucketPolicy"; }

  void Validate(const json::object& props) const override {
    internal::CheckProperties(props, kProperties);
  }

  ResourceResult Create(const ResourceRequest& req) override {
    const std::string bucket = internal::StringProperty(req.props, "Bucket").value_or("");
    Put(req, bucket);
    return {.physical_id = bucket};  // Ref returns the bucket's name
  }

  // PolicyDocument changes in place; Bucket replaces (the schema's createOnlyProperties).
  ResourceResult Update(const ResourceRequest& req, std::string_view physical_id,
                        const json::object& previous) override {
    (void)previous;
    Put(req, std::string(physical_id));
    return {.physical_id = std::string(physical_id)};
  }

  void Delete(const ResourceRequest& req, std::string_view physical_id) override {
    internal::DeleteUnlessGone(req, "s3", "DeleteBucketPolicy", {{"Bucket", physical_id}},
                               {"NoSuchBucket"});
  }

  std::vector<std::string> Identifiers() const override { return {"Bucket"}; }

 private:
  // The document as S3 takes it: an object is serialized, a string is the policy's text.
  static void Put(const ResourceRequest& req, const std::string& bucket) {
    const json::value& document = req.props.at("PolicyDocument");
    const std::string policy =
        document.is_string() ? std::string(document.get_string()) : json::serialize(document);
    req.services.Call(req.ctx, "s3", "PutBucketPolicy", {{"Bucket", bucket}, {"Policy", policy}});
  }
};

}  // namespace

std::unique_ptr<Resource> internal::MakeS3BucketPolicy() {
  return std::make_unique<S3BucketPolicy>();
}

}  // namespace nimbus::cloudformation
