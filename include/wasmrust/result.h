// Errors and results for the public API: no exceptions cross it.
//
// Bad input (malformed or invalid modules, text parse errors, builder misuse, traps) comes
// back as an Error inside a [[nodiscard]] Result<T>. An Error names the place that failed:
// a byte offset into the input, a function index, a line and column for text. Bugs in the
// library itself are WR_DCHECKs (src/support/check.h), never Errors.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace wasmrust {

/// What kind of failure an Error reports.
enum class ErrorCode : uint8_t {
  kMalformed,    ///< the bytes are not a wasm binary (binary format rule broken)
  kInvalid,      ///< well-formed but fails validation (types, indexes, limits)
  kParse,        ///< a text form (.wir, .wat) failed to parse
  kVerify,       ///< WasmIR failed the verifier
  kBuilder,      ///< misuse of the builder API
  kLink,         ///< an import could not be satisfied
  kTrap,         ///< wasm code trapped
  kUnsupported,  ///< a feature this build or tier does not handle (a bailout)
  kIo,           ///< reading or writing a file failed
  kLimit,        ///< an implementation limit was exceeded
};

/// Name of an ErrorCode ("malformed", "invalid", ...).
const char* error_code_name(ErrorCode code);

inline constexpr uint64_t kNoOffset = ~uint64_t{0};
inline constexpr uint32_t kNoFunc = ~uint32_t{0};

/// One wasm frame of a trap's backtrace (innermost first).
struct TrapFrame {
  uint32_t func = kNoFunc;      ///< function index in its module
  uint64_t offset = kNoOffset;  ///< wasm byte offset of the trapping instruction or the call
  std::string name;             ///< the function's name, if the module has one
};

/// A failure with the place it happened.
struct Error {
  ErrorCode code = ErrorCode::kInvalid;
  std::string message;        ///< the rule that failed, e.g. "type mismatch: expected i32, got f64"
  uint64_t offset = kNoOffset;  ///< byte offset in the input, if any
  uint32_t func = kNoFunc;    ///< function index, if any
  uint32_t line = 0;          ///< 1-based line for text input (0 = none)
  uint32_t column = 0;        ///< 1-based column for text input
  uint8_t trap = 0;           ///< kTrap: the trap kind (wasmrust::TrapKind values; 0 = none)
  std::vector<TrapFrame> backtrace;  ///< kTrap: the wasm frames, innermost first

  /// "offset 0x1a, func 3: type mismatch: expected i32, got f64" (parts present only).
  std::string to_string() const;
};

/// Either a T or an Error. Check with ok() before value().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const Error& error() const { return std::get<1>(v_); }
  Error&& take_error() { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

/// Result of an operation that has no value.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }
  Error&& take_error() { return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace wasmrust

/// Propagate an error: `WR_TRY(expr)` returns expr's Error from the enclosing function.
#define WR_TRY(expr)                                       \
  do {                                                     \
    auto&& wr_try_result_ = (expr);                        \
    if (!wr_try_result_.ok()) return wr_try_result_.take_error(); \
  } while (0)
