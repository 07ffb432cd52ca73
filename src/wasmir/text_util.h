// Number and string spelling shared by the WasmIR printer and parser.
//
// Depends on nothing but the standard library (std::to_chars / std::from_chars).
// Guarantees: every float bit pattern prints to text that parses back to the same bits
// (shortest round-trip decimal for finite values, `inf`, and `nan` / `nan:0xPAYLOAD` with a
// sign for NaNs, so payloads and -0 survive); strings print as ASCII with `\hh` escapes and
// parse back byte for byte. No function allocates except by appending to its output.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wasmrust::ir {

/// Append the text of the f32 with bits {bits} ("1.5", "-0", "-inf", "nan:0x200000").
void append_f32(std::string& out, uint32_t bits);
/// Append the text of the f64 with bits {bits}.
void append_f64(std::string& out, uint64_t bits);
/// Parse a float literal: decimal, hex float (0x1.8p3), inf, nan, nan:0xPAYLOAD, with an
/// optional sign. False if malformed or out of range.
bool parse_f32(std::string_view text, uint32_t* bits);
bool parse_f64(std::string_view text, uint64_t* bits);

/// Parse an unsigned integer: decimal or 0x hex, `_` allowed between digits. False on
/// overflow of 64 bits or a malformed literal.
bool parse_u64(std::string_view text, uint64_t* out);
/// Parse an integer literal for a {bits}-wide integer (32 or 64): an optional sign, then
/// parse_u64. Accepts the signed and the unsigned range (as the wasm text format does) and
/// returns the two's complement bits.
bool parse_int_bits(std::string_view text, unsigned bits, uint64_t* out);

/// Append {bytes} as a double-quoted string literal: printable ASCII as is, `"` and `\`
/// escaped, every other byte as `\hh`.
void append_quoted(std::string& out, std::string_view bytes);
/// Decode the body of a string literal (without its quotes) into {out} (appending):
/// escapes \t \n \r \" \' \\ \hh and \u{hex}. False if an escape is malformed.
bool decode_string(std::string_view body, std::string* out);

/// Append the decimal digits of {v}.
void append_u64(std::string& out, uint64_t v);
void append_i64(std::string& out, int64_t v);

}  // namespace wasmrust::ir
