;; The module examples/embed loads: it imports a host function `host.log_sum` that reads a
;; slice of the module's memory, exports a function that fills that memory and calls it,
;; and one that traps (division by zero).
(module
  (import "host" "log_sum" (func $log_sum (param i32 i32) (result i64)))
  (memory (export "memory") 1)
  ;; Writes 1..n as i32s at 0 and asks the host for their sum.
  (func (export "sum_to") (param $n i32) (result i64) (local $i i32)
    (block $done
      (loop $fill
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.add (local.get $i) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    (call $log_sum (i32.const 0) (local.get $n)))
  (func $divide (export "divide") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1))))
