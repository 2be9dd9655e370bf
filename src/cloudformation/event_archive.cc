#include "cloudformation/event_archive.h"

#include <stdexcept>
#include <unordered_map>

#include <zlib.h>

#include "core/clock.h"

namespace nimbus::cloudformation::internal {

namespace {

// Before deflating: the distinct texts (a count, then each as length and bytes), then the events
// (a count, then for each: its position's difference from the previous one, its time's
// difference (zigzag), the indexes of its texts in kTextMembers order, and its EventId: 0 when
// it is the one a resource event's logical id, status and time give, else its text's index + 1).
// Every number is a varint. The stored value is the packed size as a varint, then the deflated
// bytes.
constexpr std::string EventRecord::*kTextMembers[] = {
    &EventRecord::logical_id, &EventRecord::physical_id,          &EventRecord::type,
    &EventRecord::status,     &EventRecord::reason,               &EventRecord::properties,
    &EventRecord::operation_id, &EventRecord::client_request_token};

void PutVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

uint64_t Zigzag(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}

int64_t Unzigzag(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

[[noreturn]] void Corrupt() { throw std::runtime_error("cloudformation: corrupt event archive"); }

// Reads from the front of `in`.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  uint64_t Varint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.empty()) Corrupt();
      const auto byte = static_cast<uint8_t>(in_.front());
      in_.remove_prefix(1);
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    Corrupt();
  }
  std::string_view Bytes(uint64_t size) {
    if (size > in_.size()) Corrupt();
    const std::string_view bytes = in_.substr(0, size);
    in_.remove_prefix(size);
    return bytes;
  }
  std::string_view rest() const { return in_; }

 private:
  std::string_view in_;
};

// The EventId a resource event gets (engine/stack_events.h's ResourceEventId).
std::string ResourceEventId(const EventRecord& event) {
  return event.logical_id + "-" + event.status + "-" + core::FormatIso8601(event.timestamp_millis);
}

}  // namespace

std::string PackEvents(const std::vector<PositionedEvent>& events) {
  std::unordered_map<std::string_view, uint64_t> index;
  std::vector<std::string_view> texts;
  const auto text_index = [&](const std::string& text) {
    const auto [it, added] = index.emplace(text, texts.size());
    if (added) texts.push_back(text);
    return it->second;
  };
  std::string body;
  int64_t position = 0;
  int64_t time = 0;
  for (const auto& [at, event] : events) {
    PutVarint(body, static_cast<uint64_t>(at - position));
    PutVarint(body, Zigzag(event.timestamp_millis - time));
    position = at;
    time = event.timestamp_millis;
    for (const auto member : kTextMembers) PutVarint(body, text_index(event.*member));
    PutVarint(body, event.event_id == ResourceEventId(event) ? 0 : text_index(event.event_id) + 1);
  }
  std::string raw;
  PutVarint(raw, texts.size());
  for (const std::string_view text : texts) {
    PutVarint(raw, text.size());
    raw.append(text);
  }
  PutVarint(raw, events.size());
  raw.append(body);

  std::string packed;
  PutVarint(packed, raw.size());
  const size_t header = packed.size();
  uLongf size = compressBound(raw.size());
  packed.resize(header + size);
  if (compress2(reinterpret_cast<Bytef*>(packed.data() + header), &size,
                reinterpret_cast<const Bytef*>(raw.data()), raw.size(),
                Z_DEFAULT_COMPRESSION) != Z_OK) {
    throw std::runtime_error("cloudformation: zlib compress2 failed");
  }
  packed.resize(header + size);
  return packed;
}

std::vector<PositionedEvent> UnpackEvents(std::string_view packed) {
  Reader header(packed);
  std::string raw(header.Varint(), '\0');
  uLongf size = raw.size();
  const std::string_view deflated = header.rest();
  if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &size,
                 reinterpret_cast<const Bytef*>(deflated.data()), deflated.size()) != Z_OK ||
      size != raw.size()) {
    Corrupt();
  }
  Reader in(raw);
  // Each text takes at least a byte, each event 11: a count larger than that is not ours.
  const auto count = [&in, &raw](size_t min_bytes) {
    const uint64_t value = in.Varint();
    if (value > raw.size() / min_bytes) Corrupt();
    return value;
  };
  std::vector<std::string_view> texts(count(1));
  for (std::string_view& text : texts) text = in.Bytes(in.Varint());
  const auto text = [&](uint64_t i) {
    if (i >= texts.size()) Corrupt();
    return std::string(texts[i]);
  };
  std::vector<PositionedEvent> events(count(11));
  int64_t position = 0;
  int64_t time = 0;
  for (auto& [at, event] : events) {
    position += static_cast<int64_t>(in.Varint());
    time += Unzigzag(in.Varint());
    at = position;
    event.timestamp_millis = time;
    for (const auto member : kTextMembers) event.*member = text(in.Varint());
    const uint64_t id = in.Varint();
    event.event_id = id == 0 ? ResourceEventId(event) : text(id - 1);
  }
  return events;
}

}  // namespace nimbus::cloudformation::internal
