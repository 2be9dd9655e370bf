#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/message.h"

// The bodies of the fuzz targets. tests/fuzz/fuzz_*.cc wrap them in LLVMFuzzerTestOneInput for
// libFuzzer (clang, the `fuzz` preset); tests/fuzzing/fuzz_smoke_test.cc runs them over the seed
// corpus plus a bounded number of deterministic mutations in the regular test build.
//
// Each returns 0. Client input that AWS would refuse ends in the AwsError / ValidationFailure the
// dispatcher turns into a 4xx; anything else that escapes (another exception, a sanitizer report)
// is a finding.
namespace nimbus::test {

// Input: an AWS Query form body or query string ("Action=AssumeRole&Version=2011-06-15&...").
// The operation comes from Action and Version (STS, IAM, CloudFormation); without them one of a
// fixed set of STS/CloudFormation operations is picked from the input length. Runs
// ParseQueryString, RouteRequest, DecodeQueryInput and Validate.
int FuzzQueryDecoder(const uint8_t* data, size_t size);

// Input: "<X-Amz-Target>\n<JSON body>" ("AmazonSSM.PutParameter\n{...}"); an unknown target
// picks one of a fixed set of SSM / SSO Admin operations. Runs DecodeJsonInput, Validate and
// re-encodes the decoded value by the input shape.
int FuzzJsonDecoder(const uint8_t* data, size_t size);

// Input: a raw HTTP request (see ParseFuzzRequest) for S3. Runs RouteRequest (virtual hosts),
// MatchRestOperation, DecodeRestXmlInput (XML payloads such as CreateBucketConfiguration and
// Delete), Validate, and writes the decoded value back as XML.
int FuzzRestXml(const uint8_t* data, size_t size);

// Input: a raw HTTP request (see ParseFuzzRequest). Runs auth::ParseSignature on its
// Authorization header or presigned query string, the canonical request / string to sign /
// verification when it parses, and DecodeAwsChunked on the body.
int FuzzSigV4(const uint8_t* data, size_t size);

// The lenient request form the HTTP-shaped targets take: "METHOD TARGET[ ...]\n", then
// "Name: value" lines, an empty line, and the body (CRLF or LF line ends).
core::HttpRequest ParseFuzzRequest(std::string_view text);
// The inverse, with LF line ends: how seed corpora are written from the wire fixtures.
std::string FormatFuzzRequest(const core::HttpRequest& request);

// The seed input each target gets from one wire fixture (already de-chunked), or "" if the
// fixture is of no use to that target: the form body / query string of Query requests, the
// target line and body of JSON requests, and the whole request for the HTTP-shaped targets.
enum class FuzzTarget { kQuery, kJson, kRestXml, kSigV4 };
std::string SeedFromFixture(FuzzTarget target, const core::HttpRequest& request);

}  // namespace nimbus::test
