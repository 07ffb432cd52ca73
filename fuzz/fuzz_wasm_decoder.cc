// libFuzzer target: decode + validate + build WasmIR from arbitrary bytes (ASan+UBSan).
// Besides "no crash, no leak, no unbounded allocation", it checks an oracle: feeding the
// same bytes in chunks (sizes taken from the input) gives the same outcome as one-shot
// decoding: the same success, or the same error at the same offset.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "wasmir/module.h"
#include "wasmrust/frontend.h"

using namespace wasmrust;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  FrontendOptions options;
  options.multi_memory = (size & 1) == 0;  // both rule sets, chosen by the input
  ir::Module one_shot;
  Status a = decode_wasm(bytes, &one_shot, options);

  ir::Module streamed;
  StreamingDecoder d(&streamed, options);
  uint32_t seed = 2166136261u;
  for (size_t i = 0; i < size && i < 64; ++i) seed = (seed ^ data[i]) * 16777619u;
  size_t pos = 0;
  Status b;
  while (pos < size && b.ok()) {
    seed = seed * 1103515245u + 12345u;
    size_t n = std::min<size_t>(size - pos, (seed >> 16) % 97);
    b = d.feed(bytes.subspan(pos, n));
    pos += n;
  }
  if (b.ok()) b = d.finish();
  bool same = a.ok() == b.ok() &&
              (a.ok() || (a.error().offset == b.error().offset && a.error().code == b.error().code));
  if (!same) {
    std::fprintf(stderr, "one-shot: %s\nstreamed: %s\n", a.ok() ? "ok" : a.error().to_string().c_str(),
                 b.ok() ? "ok" : b.error().to_string().c_str());
    std::abort();
  }
  return 0;
}
