#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/aws_error.h"
#include "core/http/message.h"
#include "core/model/model.h"

namespace nimbus::core::protocol {

// The operation of a REST-XML (S3) request: method, path labels and required query keys of each
// operation's requestUri are matched; the most specific match wins. `path` is the decoded-once
// path with the bucket first (virtual-host requests are rewritten by the router). Null if none.
// Operations that share a requestUri (PUT /{Bucket}/{Key+} is PutObject, CopyObject, UploadPart
// and UploadPartCopy) are told apart by their required query-string and header members: an
// operation whose required member is missing from the request is not a candidate, and the one
// with the most such members wins; then non-deprecated ones. `headers` null: none were sent.
const model::Operation* MatchRestOperation(const model::ServiceModel& model,
                                           std::string_view method, std::string_view raw_path,
                                           std::string_view raw_query,
                                           const std::vector<HttpHeader>* headers = nullptr);

// Binds the request to the input shape: URI labels, query string, headers (x-amz-meta-* into
// the "headers" map member), and the payload (raw bytes for blob payloads, XML for structures).
// `body` is the decoded body (aws-chunked framing already removed).
boost::json::object DecodeRestXmlInput(const model::Operation& op, const HttpRequest& request,
                                       std::string_view body);

// Fills status, headers and body from the output value: header members to headers, the payload
// member as the body (raw for blobs, XML for structures), else the members as an XML document.
void EncodeRestXmlOutput(const model::ServiceModel& model, const model::Operation& op,
                         const boost::json::value& output, HttpResponse* response);

// Writes the members of the error shape located in headers that the error carries as response
// headers: S3 answers a GET of a delete marker with x-amz-delete-marker, and its 405 with Allow.
void SetRestXmlErrorHeaders(const model::Shape* shape, const AwsError& error,
                            HttpResponse* response);

// <?xml ...?><Error><Code/><Message/>members<RequestId/><HostId/></Error>: the message only when
// the error has one, then the error shape's other members (S3 InvalidObjectState's StorageClass).
std::string EncodeRestXmlError(const model::Shape* shape, std::string_view code,
                               const AwsError& error, std::string_view request_id,
                               std::string_view host_id);

}  // namespace nimbus::core::protocol
