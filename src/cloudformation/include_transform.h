#pragma once

#include <boost/json/object.hpp>

#include "core/request_context.h"
#include "core/service_client.h"

// The AWS::Include transform: template snippets read from nimbus's S3 and inserted where the
// template names them, before anything else reads the template.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/create-reusable-transform-function-snippets-and-add-to-your-template-with-aws-include-transform.html
namespace nimbus::cloudformation {

// Whether `tmpl` uses AWS::Include: a top-level Transform entry {Name: AWS::Include, ...} or an
// Fn::Transform named AWS::Include in any section.
bool UsesInclude(const boost::json::object& tmpl);

// `tmpl` with every AWS::Include expanded, each snippet (JSON or YAML, a Location s3://<bucket>/
// <key> or an S3 URL) read as ctx's caller:
// - {"Fn::Transform": {Name: AWS::Include, ...}} as an object's only member is replaced by the
//   snippet; beside other members, the snippet's members are added to that object;
// - a top-level Transform entry named AWS::Include adds the snippet's sections to the template
//   (members of a section both have are added to the template's) and leaves the Transform list.
// Snippets are not expanded in turn ("You can't use AWS::Include to reference a template snippet
// that also uses AWS::Include"), nor is the Parameters section. Throws core::AwsError
// ValidationError "Transform AWS::Include failed with: ..." (AWS's wording where recorded:
// "S3 bucket [x] does not exist.", "The location parameter is not a valid S3 uri.", "The
// specified S3 object's content should be valid Yaml/JSON.").
boost::json::object ExpandIncludes(const core::ServiceClient& services,
                                   const core::RequestContext& ctx,
                                   const boost::json::object& tmpl);

}  // namespace nimbus::cloudformation
