;; A WASI reactor: _initialize must run before the invoked export.
(module
  (global $g (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $g (i32.const 42)))
  (func (export "get") (result i32) (global.get $g)))
