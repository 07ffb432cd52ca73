// Values in spec scripts: wabt constants to API values (arguments) and the assert_return
// comparison rules (bit equality, nan:canonical / nan:arithmetic per float or v128 lane,
// null and non-null references, externref identity).
//
// Depends on: wabt/ir.h, wasmrust.h.
#pragma once

#include <wabt/ir.h>

#include <optional>
#include <string>

#include "wasmrust/wasmrust.h"

namespace wasmrust::wast {

/// The API value for an argument constant, or nullopt if it has no host form.
std::optional<Val> to_val(const wabt::Const& c);
/// True if {v} satisfies the expectation {e}.
bool matches(const wabt::Const& e, const Val& v);
/// "i32:5", "f32:nan:canonical", "v128:i32x4 1 2 3 4", "externref:3", "funcref:null".
std::string describe(const wabt::Const& e);
std::string describe(const Val& v);

}  // namespace wasmrust::wast
