// The frontend: WebAssembly binaries (and .wat/.wast text through wabt) into WasmIR.
//
// Depends on: result.h, types.h; the WasmIR module (src/wasmir/module.h) is only forward
// declared here. Guarantees:
//  - Decoding validates everything the core specification (2.0 plus SIMD) and the
//    multi-memory proposal require, and builds WasmIR in the same single pass per function.
//  - Bad input gives an Error of kind kMalformed (binary format) or kInvalid (validation)
//    with the byte offset, the function index where there is one, and the rule that failed;
//    never a crash, a hang or an allocation out of proportion to the input.
//  - Streaming: bytes may be fed in chunks of any size; each function body is handed over
//    as soon as it has arrived; the resulting module equals one-shot decoding.
//  - No global state: decoders on different threads are independent.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasmrust/result.h"

namespace wasmrust {

namespace ir {
struct Module;
class FunctionBody;
}  // namespace ir

/// What the decoder accepts and keeps.
struct FrontendOptions {
  /// The multi-memory proposal: several memories, memory indexes in memory instructions.
  /// Off gives the core 2.0 rules ("multiple memories", zero bytes after memory.size...).
  bool multi_memory = true;
  /// Keep every function's WasmIR in Module::funcs[i].body (one-shot API). When false, the
  /// bodies are only handed to the callback, reusing one FunctionBody.
  bool retain_bodies = true;
  /// Read the WasmRust custom sections (docs/custom-sections.md) into attributes.
  bool read_attributes = true;
};

/// Called for each defined function once its body has been decoded and validated. {body}
/// is reused for the next function: move out what you need (or copy) before returning.
/// {module} holds everything decoded so far (all sections before the code section). A
/// returned error stops decoding and is reported by feed()/finish().
using FunctionCallback = std::function<Status(ir::FunctionBody& body, const ir::Module& module)>;

/// Decodes a module from bytes that arrive in pieces.
///
///   ir::Module m;
///   StreamingDecoder d(&m);
///   d.set_function_callback(...);
///   while (have bytes) WR_TRY(d.feed(chunk));
///   WR_TRY(d.finish());
class StreamingDecoder {
 public:
  /// {out} receives the module; it must outlive the decoder and start empty.
  explicit StreamingDecoder(ir::Module* out, const FrontendOptions& options = {});
  ~StreamingDecoder();
  StreamingDecoder(const StreamingDecoder&) = delete;
  StreamingDecoder& operator=(const StreamingDecoder&) = delete;

  void set_function_callback(FunctionCallback cb);
  /// Feed the next {chunk} (any size, including 0). After an error every later call
  /// returns the same error.
  Status feed(std::span<const uint8_t> chunk);
  /// The input is complete: checks that nothing is missing (sections cut short, function
  /// and code counts, data count).
  Status finish();
  /// Bytes consumed so far (the module-relative offset of the next byte to decode).
  uint64_t offset() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// Decode and validate a whole binary into {out} (which should be empty).
Status decode_wasm(std::span<const uint8_t> bytes, ir::Module* out, const FrontendOptions& options = {});

/// Validate a binary; builds WasmIR for one function at a time and drops it.
Status validate_wasm(std::span<const uint8_t> bytes, const FrontendOptions& options = {});

/// True if {bytes} start with the wasm magic number "\0asm".
bool is_wasm_binary(std::span<const uint8_t> bytes);

/// Translate WebAssembly text (a .wat module, or the first module of a .wast script) to a
/// binary with wabt. {filename} is used in error messages only. Errors are kParse with
/// line and column. Fails with kUnsupported when the build has no wabt (WR_ENABLE_WAT off).
Result<std::vector<uint8_t>> wat_to_wasm(std::string_view text, std::string_view filename = "<text>",
                                         const FrontendOptions& options = {});

/// Read a file into bytes: a .wasm binary as is; text (.wat/.wast, or any file that does
/// not start with the wasm magic) translated with wat_to_wasm().
Result<std::vector<uint8_t>> load_wasm_bytes(const std::string& path, const FrontendOptions& options = {});

/// load_wasm_bytes() then decode_wasm(): "a .wasm or .wat file" into a module.
Status load_wasm_module(const std::string& path, ir::Module* out, const FrontendOptions& options = {});

}  // namespace wasmrust
