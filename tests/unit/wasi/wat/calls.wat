;; WASI calls from wasm, each returning its errno for --invoke: a path_open that climbs out
;; of the preopen (fd 3), one with an absolute path, an fd_write whose iovec array lies past
;; the end of memory, a path_open whose path does, an unsupported call (ENOSYS), and a
;; file opened inside the preopen and read back.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept" (func $sock_accept (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "../outside.txt")
  (data (i32.const 200) "/etc/passwd")
  (data (i32.const 300) "inside.txt")
  (func $open (param $path i32) (param $len i32) (result i32)
    (call $path_open (i32.const 3) (i32.const 1) (local.get $path) (local.get $len) (i32.const 0)
      (i64.const 0x1fffffff) (i64.const 0x1fffffff) (i32.const 0) (i32.const 0)))
  (func (export "escape_dotdot") (result i32) (call $open (i32.const 100) (i32.const 14)))
  (func (export "escape_absolute") (result i32) (call $open (i32.const 200) (i32.const 11)))
  (func (export "bad_iovec") (result i32)
    (call $fd_write (i32.const 1) (i32.const 65530) (i32.const 1) (i32.const 0)))
  (func (export "bad_path") (result i32) (call $open (i32.const 65530) (i32.const 100)))
  (func (export "nosys") (result i32) (call $sock_accept (i32.const 0) (i32.const 0) (i32.const 0)))
  ;; opens inside.txt, reads up to 64 bytes of it and returns the errno * 1000 + bytes read
  (func (export "read_inside") (result i32) (local $e i32)
    (local.set $e (call $open (i32.const 300) (i32.const 10)))
    (if (local.get $e) (then (return (i32.mul (local.get $e) (i32.const 1000)))))
    (i32.store (i32.const 16) (i32.const 1024))
    (i32.store (i32.const 20) (i32.const 64))
    (local.set $e (call $fd_read (i32.load (i32.const 0)) (i32.const 16) (i32.const 1) (i32.const 24)))
    (i32.add (i32.mul (local.get $e) (i32.const 1000)) (i32.load (i32.const 24)))))
