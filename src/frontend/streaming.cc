// StreamingDecoder: cuts bytes that arrive in chunks of any size into the complete units
// the ModuleDecoder works on (header, one whole section, the code section's count, one
// function body), and the one-shot entry points built on it.
//
// Depends on: module_decoder.h. Guarantees: bytes are decoded straight from the caller's
// chunk when a unit lies wholly inside it; only an incomplete unit's bytes are copied into
// the pending buffer, which therefore never holds more than one unit plus one chunk.
#include <cstring>

#include "frontend/custom_sections.h"
#include "frontend/module_decoder.h"
#include "wasmir/module.h"
#include "wasmrust/frontend.h"

namespace wasmrust {

using frontend::ModuleDecoder;
using frontend::Reader;

namespace {
constexpr const char* kEofTop = "unexpected end";
constexpr const char* kEofSection = "unexpected end of section or function";

/// Length of the LEB128 at {q} if it ends within {avail} bytes (or is already too long to
/// be valid, which the Reader then reports); 0 if more bytes are needed.
size_t leb_length(const uint8_t* q, size_t avail) {
  size_t n = avail < 5 ? avail : 5;
  for (size_t i = 0; i < n; ++i)
    if (!(q[i] & 0x80)) return i + 1;
  return avail >= 5 ? 5 : 0;
}
}  // namespace

struct StreamingDecoder::Impl {
  enum class State : uint8_t { kHeader, kSectionHeader, kSection, kCodeCount, kBodySize, kBody, kFailed };

  Impl(ir::Module* m, const FrontendOptions& o) : dec(m, o) {}

  ModuleDecoder dec;
  State state = State::kHeader;
  std::vector<uint8_t> pending;  // bytes of an incomplete unit: pending[head..)
  size_t head = 0;
  uint64_t offset = 0;           // module offset of the next byte to decode
  uint8_t section_id = 0;
  uint32_t unit_size = 0;        // size of the section or body being waited for
  uint64_t section_start = 0;    // offset of the current section's id byte
  uint64_t code_end = 0;         // offset just past the code section
  uint32_t bodies_left = 0;

  Status error() { return dec.sink().error; }
  bool fail(uint64_t at, const char* message) { return dec.sink().fail(ErrorCode::kMalformed, at, message); }
  bool step(const uint8_t* p, size_t n, size_t* used);
  bool code_unit(const uint8_t* q, size_t avail, size_t* advance);
};

bool StreamingDecoder::Impl::step(const uint8_t* p, size_t n, size_t* used) {
  size_t pos = 0;
  auto& sink = dec.sink();
  for (;;) {
    const uint8_t* q = p + pos;
    size_t avail = n - pos;
    size_t advance = 0;
    switch (state) {
      case State::kHeader: {
        if (avail < 8) break;
        Reader r(q, q + 8, offset, &sink, kEofTop);
        if (!dec.header(r)) return false;
        advance = 8;
        state = State::kSectionHeader;
        break;
      }
      case State::kSectionHeader: {
        if (avail == 0) break;
        size_t len = leb_length(q + 1, avail - 1);
        if (len == 0) break;
        Reader r(q + 1, q + 1 + len, offset + 1, &sink, kEofTop);
        uint32_t size = 0;
        if (!r.read_u32(&size)) return false;
        section_id = q[0];
        section_start = offset;
        if (!dec.begin_section(section_id, offset)) return false;
        advance = 1 + len;
        unit_size = size;
        if (section_id == frontend::kCodeSection) {
          code_end = offset + advance + size;
          state = State::kCodeCount;
        } else {
          state = State::kSection;
        }
        break;
      }
      case State::kSection: {
        if (avail < unit_size) break;
        Reader r(q, q + unit_size, offset, &sink, kEofSection);
        if (!dec.section(section_id, r)) return false;
        advance = unit_size;
        state = State::kSectionHeader;
        break;
      }
      default:
        if (!code_unit(q, avail, &advance)) return false;
        break;
    }
    if (advance == 0) break;
    pos += advance;
    offset += advance;
  }
  *used = pos;
  return true;
}

bool StreamingDecoder::Impl::code_unit(const uint8_t* q, size_t avail, size_t* advance) {
  auto& sink = dec.sink();
  uint64_t section_left = code_end - offset;
  size_t in_section = avail < section_left ? avail : static_cast<size_t>(section_left);
  if (state == State::kBody) {
    if (avail < unit_size) return true;
    if (!dec.function_body(q, q + unit_size, offset)) return false;
    *advance = unit_size;
    if (--bodies_left == 0) {
      if (offset + unit_size != code_end) return fail(offset + unit_size, "section size mismatch");
      state = State::kSectionHeader;
    } else {
      state = State::kBodySize;
    }
    return true;
  }
  // The code section's count or a body size: a LEB that must end inside the section.
  size_t len = leb_length(q, in_section);
  if (len == 0) {
    if (in_section == section_left) return fail(offset + in_section, kEofSection);
    return true;
  }
  Reader r(q, q + len, offset, &sink, kEofSection);
  uint32_t value = 0;
  if (!r.read_u32(&value)) return false;
  *advance = len;
  if (state == State::kCodeCount) {
    if (!dec.code_count(value, offset)) return false;
    bodies_left = value;
    if (bodies_left > 0) {
      state = State::kBodySize;
    } else {
      if (offset + len != code_end) return fail(offset + len, "section size mismatch");
      state = State::kSectionHeader;
    }
    return true;
  }
  if (value > section_left - len) return fail(offset, "section size mismatch: function body extends past the code section");
  unit_size = value;
  state = State::kBody;
  return true;
}

StreamingDecoder::StreamingDecoder(ir::Module* out, const FrontendOptions& options)
    : impl_(std::make_unique<Impl>(out, options)) {}

StreamingDecoder::~StreamingDecoder() = default;

void StreamingDecoder::set_function_callback(FunctionCallback cb) { impl_->dec.set_function_callback(std::move(cb)); }

uint64_t StreamingDecoder::offset() const { return impl_->offset; }

Status StreamingDecoder::feed(std::span<const uint8_t> chunk) {
  Impl& s = *impl_;
  if (s.state == Impl::State::kFailed) return s.error();
  size_t used = 0;
  bool ok;
  if (s.head == s.pending.size()) {
    // Nothing pending: decode from the caller's bytes, keep only an incomplete tail.
    s.pending.clear();
    s.head = 0;
    ok = s.step(chunk.data(), chunk.size(), &used);
    if (ok) s.pending.assign(chunk.begin() + static_cast<ptrdiff_t>(used), chunk.end());
  } else {
    s.pending.insert(s.pending.end(), chunk.begin(), chunk.end());
    ok = s.step(s.pending.data() + s.head, s.pending.size() - s.head, &used);
    s.head += used;
    if (s.head > s.pending.size() / 2) {
      s.pending.erase(s.pending.begin(), s.pending.begin() + static_cast<ptrdiff_t>(s.head));
      s.head = 0;
    }
  }
  if (!ok) {
    s.state = Impl::State::kFailed;
    return s.error();
  }
  return Status();
}

Status StreamingDecoder::finish() {
  Impl& s = *impl_;
  if (s.state == Impl::State::kFailed) return s.error();
  size_t left = s.pending.size() - s.head;
  bool ok = true;
  switch (s.state) {
    case Impl::State::kHeader: {
      // Fewer than 8 bytes: a wrong magic still says so, a short one is cut off.
      Reader r(s.pending.data() + s.head, s.pending.data() + s.pending.size(), s.offset, &s.dec.sink(), kEofTop);
      ok = s.dec.header(r);
      break;
    }
    case Impl::State::kSectionHeader:
      ok = left == 0 ? s.dec.finish(s.offset) : s.fail(s.offset + left, kEofTop);
      break;
    default:
      // A section (or the code section) announced more bytes than the input has.
      ok = s.fail(s.section_start, "length out of bounds");
      break;
  }
  if (!ok) {
    s.state = Impl::State::kFailed;
    return s.error();
  }
  return Status();
}

// ---- one-shot entry points ----

Status decode_wasm(std::span<const uint8_t> bytes, ir::Module* out, const FrontendOptions& options) {
  StreamingDecoder d(out, options);
  Status s = d.feed(bytes);
  if (s.ok()) s = d.finish();
  if (!s.ok() && s.error().func != kNoFunc && s.error().message.find("(in function $") == std::string::npos) {
    // The name section usually follows the code: look the failing function's name up.
    std::string name = frontend::find_function_name(bytes, s.error().func);
    if (!name.empty()) {
      Error e = s.take_error();
      e.message += " (in function $" + name + ")";
      return e;
    }
  }
  return s;
}

Status validate_wasm(std::span<const uint8_t> bytes, const FrontendOptions& options) {
  ir::Module m;
  FrontendOptions o = options;
  o.retain_bodies = false;
  return decode_wasm(bytes, &m, o);
}

bool is_wasm_binary(std::span<const uint8_t> bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), "\0asm", 4) == 0;
}

}  // namespace wasmrust
