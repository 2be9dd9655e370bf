// Request bodies of PutObject and UploadPart: their digests, computed while the server spools
// them (SpoolDigests) or, failing that, over the file or the bytes.
#include <algorithm>
#include <optional>
#include <vector>

#include "core/protocol/value.h"
#include "core/text.h"
#include "services/s3/object_files.h"
#include "services/s3/s3_checksums.h"
#include "services/s3/s3_internal.h"
#include "services/s3/s3_provider.h"

namespace nimbus::s3 {

namespace json = boost::json;
using core::RequestContext;
using core::protocol::OptString;

namespace {

// The algorithms of `in`'s checksum members and of its ChecksumAlgorithm, once each.
std::vector<const ChecksumAlgorithm*> WantedBy(const json::object& in) {
  std::vector<const ChecksumAlgorithm*> wanted;
  size_t count = 0;
  const ChecksumAlgorithm* algorithms = ChecksumAlgorithms(&count);
  for (size_t i = 0; i < count; ++i) {
    if (in.contains(algorithms[i].member)) wanted.push_back(&algorithms[i]);
  }
  if (std::optional<std::string> name = OptString(in, "ChecksumAlgorithm")) {
    const ChecksumAlgorithm* algorithm = FindChecksumAlgorithm(*name);
    if (algorithm && std::find(wanted.begin(), wanted.end(), algorithm) == wanted.end()) {
      wanted.push_back(algorithm);
    }
  }
  return wanted;
}

// Whether `header` names the checksum of `algorithm`: "x-amz-checksum-crc32" for CRC32.
bool NamesChecksum(std::string_view header, const ChecksumAlgorithm& algorithm) {
  constexpr std::string_view kPrefix = "x-amz-checksum-";
  header = core::Trim(header);
  return header.size() == kPrefix.size() + algorithm.name.size() &&
         core::EqualsIgnoreCase(header.substr(0, kPrefix.size()), kPrefix) &&
         core::EqualsIgnoreCase(header.substr(kPrefix.size()), algorithm.name);
}

}  // namespace

namespace internal {

SpoolDigests::SpoolDigests(const core::HttpRequest& head) {
  size_t count = 0;
  const ChecksumAlgorithm* algorithms = ChecksumAlgorithms(&count);
  const std::string_view named = head.Header("x-amz-sdk-checksum-algorithm");
  const std::vector<std::string_view> trailers = core::Split(head.Header("x-amz-trailer"), ',');
  for (size_t i = 0; i < count; ++i) {
    const ChecksumAlgorithm& algorithm = algorithms[i];
    bool wanted = core::EqualsIgnoreCase(named, algorithm.name) ||
                  !head.Header("x-amz-checksum-" + core::ToLower(algorithm.name)).empty();
    for (std::string_view trailer : trailers) wanted = wanted || NamesChecksum(trailer, algorithm);
    if (wanted) {
      digests_.Want(algorithm);
      algorithms_.push_back(&algorithm);
    }
  }
}

bool SpoolDigests::Covers(const std::vector<const ChecksumAlgorithm*>& wanted) const {
  for (const ChecksumAlgorithm* algorithm : wanted) {
    if (std::find(algorithms_.begin(), algorithms_.end(), algorithm) == algorithms_.end()) {
      return false;
    }
  }
  return true;
}

BodyDigests DigestsFor(const json::object& in) {
  BodyDigests digests;
  for (const ChecksumAlgorithm* algorithm : WantedBy(in)) digests.Want(*algorithm);
  return digests;
}

BodyDigests DigestFile(const json::object& in, const std::string& path) {
  BodyDigests digests = DigestsFor(in);
  ObjectFiles::ReadPieces(path, [&digests](std::string_view piece) { digests.Update(piece); });
  digests.Finish();
  return digests;
}

ReceivedBody ReceiveBody(const RequestContext& ctx, const json::object& in) {
  ReceivedBody body;
  if (ctx.http && ctx.http->spooled) {
    const core::SpooledBody& spooled = *ctx.http->spooled;
    auto* seen = dynamic_cast<SpoolDigests*>(spooled.observer.get());
    if (seen && seen->Covers(WantedBy(in))) {
      body.digests = seen->Take();  // computed as the body arrived: no second pass over the file
    } else {
      body.digests = DigestFile(in, spooled.path);
    }
    body.size = spooled.size;
    body.spooled_path = spooled.path;
    return body;
  }
  body.bytes = OptString(in, "Body").value_or("");
  body.size = static_cast<int64_t>(body.bytes.size());
  body.digests = DigestsFor(in);
  body.digests.Update(body.bytes);
  body.digests.Finish();
  return body;
}

}  // namespace internal

std::shared_ptr<core::BodyObserver> S3Provider::SpoolObserver(const core::HttpRequest& head) const {
  return std::make_shared<internal::SpoolDigests>(head);
}

}  // namespace nimbus::s3
