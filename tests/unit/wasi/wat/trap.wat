;; Traps for `wasmrust run`: unreachable in _start (via a call), divide by zero two frames
;; deep under --invoke, and --invoke of functions with i64 and float parameters and results.
(module
  (func $inner (param i32) (result i32) local.get 0 i32.const 0 i32.div_u)
  (func $boom unreachable)
  (func $div (export "div") (param i32) (result i32) local.get 0 call $inner)
  (func (export "add64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.add)
  (func (export "floats") (param f32 f64) (result f32 f64) local.get 0 local.get 1)
  (func (export "none"))
  (func (export "_start") call $boom))
