#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

// The content of an SSM document: read from JSON or YAML, written back in either (GetDocument's
// DocumentFormat), checked against its DocumentType, and what DescribeDocument reports of it.
namespace nimbus::ssm {

// `content` read as `format` ("JSON", "YAML"), or nullopt when it is not well-formed. "TEXT"
// content is the string itself. YAML tags of CloudFormation's short form become the long form
// (!Ref x -> {"Ref": "x"}, !Sub y -> {"Fn::Sub": "y"}), as CloudFormation reads them.
std::optional<boost::json::value> ParseDocumentContent(std::string_view content,
                                                       std::string_view format);

// `tree` written as `format`: JSON indented by four spaces, block-style YAML; TEXT content (a
// string) as it is.
std::string WriteDocumentContent(const boost::json::value& tree, std::string_view format);

// Throws core::AwsError InvalidDocumentContent or InvalidDocumentSchemaVersion unless `tree`
// is content a document of `document_type` can have: an object, with a supported schemaVersion
// and its steps for Command, Automation and Session documents, a template (with Resources) for
// CloudFormation documents.
void ValidateDocumentContent(const boost::json::value& tree, std::string_view document_type);

// What DescribeDocument and ListDocuments report from a document's content.
struct DocumentFacts {
  std::string schema_version;
  std::string description;
  boost::json::array parameters;            // DocumentParameter objects, in content order
  std::vector<std::string> platform_types;  // Windows, Linux, MacOS, in that order
};
DocumentFacts FactsOf(const boost::json::value& tree, std::string_view document_type);

}  // namespace nimbus::ssm
