// The WasmRust embedding API: compile WebAssembly, instantiate it with host functions,
// memories, tables and globals, and call it. In the spirit of wasmtime's C++ API, with
// Result<T> instead of exceptions.
//
//   wasmrust::Engine engine;                                  // settings, type registry
//   auto module = wasmrust::Module::compile_file(engine, "app.wasm");   // or .wat
//   wasmrust::Store store(engine);                            // owns instances and objects
//   wasmrust::Linker linker(store);
//   linker.func_wrap("env", "add", [](int32_t a, int32_t b) { return a + b; });
//   auto instance = linker.instantiate(*module);
//   auto run = instance->get_func("run");
//   auto results = run->call({wasmrust::Val::i32(7)});       // Result<std::vector<Val>>
//
// Depends on: result.h, types.h. Guarantees:
//  - No exceptions cross this API; bad input and traps come back as Errors. A trap is an
//    Error of kind kTrap with Error::trap (a TrapKind), the function, the wasm offset and a
//    backtrace of wasm frames. The process and other instances are never harmed by a trap,
//    and an instance stays usable after one.
//  - No global state beyond what traps need: the process-wide signal handlers (SIGSEGV,
//    SIGBUS, SIGILL, SIGFPE; faults outside wasm code go to the handler that was there
//    before) and the registry of compiled code. The handlers are installed, or installed
//    again if something replaced them, whenever a Store is created: an embedder that
//    changes these signals' handlers must do so before creating Stores, and chain to ours.
//  - Thread-safety: Engine and Module may be shared by threads. A Store, and every handle
//    into it (Instance, Func, Memory, Table, Global), is used by one thread at a time;
//    different stores run on different threads at once.
//  - Handles are small values pointing into their Store; they stay valid while the Store
//    lives. Everything a Store creates lives until the Store dies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "wasmrust/result.h"
#include "wasmrust/types.h"

namespace wasmrust {

/// Why wasm code trapped (Error::trap). Values match the runtime's trap codes.
enum class TrapKind : uint8_t {
  kNone = 0,
  kUnreachable,             ///< "unreachable"
  kMemoryOutOfBounds,       ///< "out of bounds memory access"
  kIntegerDivideByZero,     ///< "integer divide by zero"
  kIntegerOverflow,         ///< "integer overflow"
  kInvalidConversion,       ///< "invalid conversion to integer"
  kTableOutOfBounds,        ///< "out of bounds table access"
  kIndirectCallOutOfBounds, ///< "undefined element"
  kIndirectCallNull,        ///< "uninitialized element"
  kIndirectCallSignature,   ///< "indirect call type mismatch"
  kStackOverflow,           ///< "call stack exhausted"
  kNullReference,           ///< "null reference"
  kHostTrap,                ///< a host function returned an error
};

/// The kind of a trap Error (kNone if {e} is not a trap).
inline TrapKind trap_kind(const Error& e) {
  return e.code == ErrorCode::kTrap ? static_cast<TrapKind>(e.trap) : TrapKind::kNone;
}

/// How linear memory accesses are bounds-checked.
enum class BoundsChecks : uint8_t {
  kGuardPages,  ///< reserve 8 GiB per memory; out-of-bounds accesses fault (fast, default)
  kExplicit,    ///< compare every access with the size (hosts that cannot reserve address space)
};

/// Engine settings.
struct EngineConfig {
  BoundsChecks bounds_checks = BoundsChecks::kGuardPages;
  /// Native stack wasm may use below the point where the host first calls into a store.
  /// Deeper recursion traps with "call stack exhausted".
  size_t stack_budget = size_t{4} << 20;
  /// Threads used to compile one module (1: the calling thread, streaming as it decodes).
  unsigned compile_threads = 1;
  /// Accept the multi-memory proposal (several memories per module).
  bool multi_memory = true;
  /// Debug switch: run the WasmIR verifier on every decoded module before code generation
  /// (decodes the whole module first instead of streaming).
  bool verify_ir = false;
};

class Store;
class Func;
struct StoreImpl;
struct EngineImpl;
struct ModuleImpl;

/// Compilation settings and the engine-wide registry of function types. Cheap to copy
/// (copies share one engine).
class Engine {
 public:
  explicit Engine(EngineConfig config = {});
  const EngineConfig& config() const;
  /// Internal state (for the library's own layers).
  EngineImpl* impl() const { return impl_.get(); }
  const std::shared_ptr<EngineImpl>& shared_impl() const { return impl_; }

 private:
  std::shared_ptr<EngineImpl> impl_;
};

/// A function type.
struct FuncType {
  std::vector<Type> params;
  std::vector<Type> results;
  friend bool operator==(const FuncType&, const FuncType&) = default;
  /// "(i32, f64) -> (i64)"
  std::string to_string() const;
};

/// Limits in pages (memories) or elements (tables).
struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
};

struct MemoryType {
  Limits limits;
};

struct TableType {
  Type elem = Type::kFuncRef;
  Limits limits;
};

struct GlobalType {
  Type type = Type::kI32;
  bool mut = false;
};

/// What can be imported and exported.
enum class ExternKind : uint8_t { kFunc = 0, kTable = 1, kMemory = 2, kGlobal = 3 };

/// A 128-bit vector, little-endian lanes.
struct V128 {
  uint8_t bytes[16] = {};
  friend bool operator==(const V128& a, const V128& b) { return std::memcmp(a.bytes, b.bytes, 16) == 0; }
};

/// An externref payload: an opaque host pointer (null is the null reference).
struct ExternRef {
  void* ptr = nullptr;
  friend bool operator==(ExternRef a, ExternRef b) { return a.ptr == b.ptr; }
};

/// A function of a Store: a wasm export or a host function.
class Func {
 public:
  /// A host function from a C++ callable. Parameter types: int32_t, uint32_t, int64_t,
  /// uint64_t, float, double, V128, ExternRef, std::optional<Func> (funcref), after an
  /// optional first parameter `Caller&` (see create_with_caller). The callable
  /// returns void, one of those, a std::tuple of them (several results), or Result<T> /
  /// Status to trap with its Error. It must not throw (an exception becomes a trap).
  template <typename F>
  static Func wrap(Store& store, F&& fn);

  /// Untyped host function: reads {args}, writes exactly type.results.size() {results}.
  using Callback = std::function<Status(std::span<const class Val> args, std::span<class Val> results)>;
  static Func create(Store& store, const FuncType& type, Callback fn);
  /// Untyped host function that is also told its caller (Caller: the calling instance's
  /// exports, its memory). Func::wrap makes one when the callable's first parameter is
  /// `Caller&`. Such a function is bound to each instance that imports it, so a call through
  /// an import sees the importing instance; called from a table filled by another instance,
  /// it sees that instance; called by the host (Func::call), it has no caller instance.
  using CallerCallback =
      std::function<Status(class Caller& caller, std::span<const class Val> args, std::span<class Val> results)>;
  static Func create_with_caller(Store& store, const FuncType& type, CallerCallback fn);

  FuncType type() const;
  /// Call the function. Arguments are checked against its type (kInvalid on mismatch); a
  /// trap comes back as an Error of kind kTrap.
  Result<std::vector<Val>> call(std::span<const Val> args) const;
  Result<std::vector<Val>> call(std::initializer_list<Val> args) const;

  bool valid() const { return ref_ != nullptr; }
  friend bool operator==(const Func& a, const Func& b) { return a.ref_ == b.ref_; }
  Func() = default;
  Func(StoreImpl* store, void* ref) : store_(store), ref_(ref) {}
  void* raw() const { return ref_; }
  StoreImpl* store() const { return store_; }

 private:
  StoreImpl* store_ = nullptr;
  void* ref_ = nullptr;  // rt::VMFuncRef*
};

/// A wasm value.
class Val {
 public:
  Val() : Val(Type::kI32) {}
  static Val i32(int32_t v) { return bits(Type::kI32, static_cast<uint32_t>(v)); }
  static Val i64(int64_t v) { return bits(Type::kI64, static_cast<uint64_t>(v)); }
  static Val f32(float v) { Val r(Type::kF32); std::memcpy(r.bytes_, &v, 4); return r; }
  static Val f64(double v) { Val r(Type::kF64); std::memcpy(r.bytes_, &v, 8); return r; }
  static Val f32_bits(uint32_t v) { return bits(Type::kF32, v); }
  static Val f64_bits(uint64_t v) { return bits(Type::kF64, v); }
  static Val v128(const V128& v) { Val r(Type::kV128); std::memcpy(r.bytes_, v.bytes, 16); return r; }
  static Val funcref(std::optional<Func> f) {
    Val r(Type::kFuncRef);
    if (f) { r.set_ptr(f->raw()); r.store_ = f->store(); }
    return r;
  }
  static Val externref(ExternRef e) { Val r(Type::kExternRef); r.set_ptr(e.ptr); return r; }
  /// The null reference of {t} (kFuncRef or kExternRef).
  static Val null(Type t) { return Val(t); }
  /// A value of type {t} from its raw little-endian bytes (16 bytes; refs: a pointer).
  static Val from_raw(Type t, const void* raw16, StoreImpl* store = nullptr) {
    Val r(t);
    std::memcpy(r.bytes_, raw16, 16);
    r.store_ = store;
    return r;
  }

  Type type() const { return type_; }
  int32_t i32() const { return static_cast<int32_t>(u64() & 0xFFFFFFFFu); }
  int64_t i64() const { return static_cast<int64_t>(u64()); }
  float f32() const { float f; std::memcpy(&f, bytes_, 4); return f; }
  double f64() const { double d; std::memcpy(&d, bytes_, 8); return d; }
  uint32_t f32_bits() const { return static_cast<uint32_t>(u64() & 0xFFFFFFFFu); }
  uint64_t f64_bits() const { return u64(); }
  V128 v128() const { V128 v; std::memcpy(v.bytes, bytes_, 16); return v; }
  bool is_null() const { return ptr() == nullptr; }
  /// funcref: the function, or nullopt for null.
  std::optional<Func> funcref() const {
    if (is_null()) return std::nullopt;
    return Func(store_, ptr());
  }
  ExternRef externref() const { return {ptr()}; }
  /// The raw 16 bytes (what the ABI passes).
  const uint8_t* raw() const { return bytes_; }

 private:
  explicit Val(Type t) : type_(t) {}
  static Val bits(Type t, uint64_t v) { Val r(t); std::memcpy(r.bytes_, &v, 8); return r; }
  uint64_t u64() const { uint64_t v; std::memcpy(&v, bytes_, 8); return v; }
  void* ptr() const { void* p; std::memcpy(&p, bytes_, sizeof p); return p; }
  void set_ptr(void* p) { std::memcpy(bytes_, &p, sizeof p); }
  Type type_;
  alignas(16) uint8_t bytes_[16] = {};
  StoreImpl* store_ = nullptr;
};

/// Compile figures of a module (for the CLI and benchmarks).
struct CompileStats {
  double decode_ms = 0;   ///< decoding and validation (frontend)
  double compile_ms = 0;  ///< code generation
  double link_ms = 0;     ///< layout, W^X flip, registration
  uint32_t functions = 0;
  uint64_t wasm_bytes = 0;          ///< size of the input binary
  uint64_t wasm_code_bytes = 0;     ///< bytes of function bodies
  uint64_t machine_code_bytes = 0;
};

struct ImportType {
  std::string module, name;
  ExternKind kind;
};

struct ExportType {
  std::string name;
  ExternKind kind;
};

/// A compiled module, ready to instantiate in any Store of its Engine. Cheap to copy.
class Module {
 public:
  /// Compile a .wasm binary, or WebAssembly text (.wat) when {bytes} do not start with the
  /// wasm magic number.
  static Result<Module> compile(const Engine& engine, std::span<const uint8_t> bytes);
  /// Compile a .wasm or .wat file.
  static Result<Module> compile_file(const Engine& engine, const std::string& path);
  /// Decode and validate only.
  static Status validate(const Engine& engine, std::span<const uint8_t> bytes);

  std::vector<ImportType> imports() const;
  std::vector<ExportType> exports() const;
  const CompileStats& stats() const;
  ModuleImpl* impl() const { return impl_.get(); }
  explicit Module(std::shared_ptr<ModuleImpl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<ModuleImpl> impl_;
};

/// A linear memory of a Store.
class Memory {
 public:
  static Result<Memory> create(Store& store, const MemoryType& type);
  uint8_t* data() const;
  /// Size in bytes.
  uint64_t size() const;
  uint64_t pages() const;
  /// Grow by {delta} pages: the old size in pages, or an Error (kLimit) if it cannot.
  Result<uint64_t> grow(uint64_t delta) const;
  MemoryType type() const;
  Memory() = default;
  Memory(StoreImpl* store, void* mem) : store_(store), mem_(mem) {}
  void* raw() const { return mem_; }
  /// The store that owns this memory.
  StoreImpl* store() const { return store_; }

 private:
  StoreImpl* store_ = nullptr;
  void* mem_ = nullptr;  // rt::Memory*
};

/// A table of a Store.
class Table {
 public:
  static Result<Table> create(Store& store, const TableType& type, const Val& init);
  uint32_t size() const;
  std::optional<Val> get(uint32_t index) const;
  Status set(uint32_t index, const Val& v) const;
  /// Grow by {delta} elements set to {init}: the old size, or an Error (kLimit).
  Result<uint32_t> grow(uint32_t delta, const Val& init) const;
  TableType type() const;
  Table() = default;
  Table(StoreImpl* store, void* table) : store_(store), table_(table) {}
  void* raw() const { return table_; }

 private:
  StoreImpl* store_ = nullptr;
  void* table_ = nullptr;  // rt::Table*
};

/// A global of a Store.
class Global {
 public:
  static Result<Global> create(Store& store, const GlobalType& type, const Val& init);
  Val get() const;
  /// kInvalid for an immutable global or a value of the wrong type.
  Status set(const Val& v) const;
  GlobalType type() const;
  Global() = default;
  Global(StoreImpl* store, void* global) : store_(store), global_(global) {}
  void* raw() const { return global_; }

 private:
  StoreImpl* store_ = nullptr;
  void* global_ = nullptr;  // rt::Global*
};

/// Any importable or exportable entity.
class Extern {
 public:
  Extern(Func f) : kind_(ExternKind::kFunc), func_(f) {}  // NOLINT: implicit by design
  Extern(Memory m) : kind_(ExternKind::kMemory), memory_(m) {}  // NOLINT
  Extern(Table t) : kind_(ExternKind::kTable), table_(t) {}  // NOLINT
  Extern(Global g) : kind_(ExternKind::kGlobal), global_(g) {}  // NOLINT
  ExternKind kind() const { return kind_; }
  std::optional<Func> func() const { return kind_ == ExternKind::kFunc ? std::optional(func_) : std::nullopt; }
  std::optional<Memory> memory() const { return kind_ == ExternKind::kMemory ? std::optional(memory_) : std::nullopt; }
  std::optional<Table> table() const { return kind_ == ExternKind::kTable ? std::optional(table_) : std::nullopt; }
  std::optional<Global> global() const { return kind_ == ExternKind::kGlobal ? std::optional(global_) : std::nullopt; }

 private:
  ExternKind kind_;
  Func func_;
  Memory memory_;
  Table table_;
  Global global_;
};

/// An instance of a module in a Store.
class Instance {
 public:
  /// Instantiate {module} with {imports} given in the module's import order. Link errors
  /// are kLink ("unknown import", "incompatible import type"); a trap in a segment
  /// initializer or the start function is kTrap.
  static Result<Instance> create(Store& store, const Module& module, std::span<const Extern> imports);

  std::optional<Extern> get(std::string_view name) const;
  std::optional<Func> get_func(std::string_view name) const;
  std::optional<Memory> get_memory(std::string_view name) const;
  std::optional<Table> get_table(std::string_view name) const;
  std::optional<Global> get_global(std::string_view name) const;
  /// Every export, in the module's order.
  std::vector<std::pair<std::string, Extern>> exports() const;

  Instance(StoreImpl* store, void* inst) : store_(store), inst_(inst) {}

 private:
  StoreImpl* store_;
  void* inst_;  // rt::Instance*
};

/// What a host function made with Func::create_with_caller (or wrap with a first parameter
/// `Caller&`) knows of its call: the instance whose code called it. Valid during the call.
class Caller {
 public:
  /// The calling instance; nullopt when the host called the function through Func::call.
  std::optional<Instance> instance() const;
  /// The calling instance's export {name}.
  std::optional<Extern> get_export(std::string_view name) const;
  /// The calling instance's exported memory {name} (WASI modules export "memory").
  std::optional<Memory> get_memory(std::string_view name = "memory") const;
  /// The calling instance's identity (null if none): the same for every call from one
  /// instance for its whole life, so host functions can cache what they look up.
  const void* id() const { return inst_; }
  StoreImpl* store() const { return store_; }
  Caller(StoreImpl* store, void* inst) : store_(store), inst_(inst) {}

 private:
  StoreImpl* store_;
  void* inst_;  // rt::Instance* or null
};

/// Owns instances and the objects they use; one thread at a time.
class Store {
 public:
  explicit Store(const Engine& engine);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  const Engine& engine() const;
  StoreImpl* impl() const { return impl_.get(); }

 private:
  std::unique_ptr<StoreImpl> impl_;
};

/// Resolves imports by (module, name): host functions, objects, other instances' exports.
class Linker {
 public:
  explicit Linker(Store& store) : store_(&store) {}
  /// Define {module}.{name}; kLink if already defined.
  Status define(std::string_view module, std::string_view name, const Extern& item);
  /// Define every export of {instance} under {module} (the spec tests' "register").
  Status define_instance(std::string_view module, const Instance& instance);
  /// Define a host function with a typed C++ signature (see Func::wrap).
  template <typename F>
  Status func_wrap(std::string_view module, std::string_view name, F&& fn) {
    return define(module, name, Func::wrap(*store_, std::forward<F>(fn)));
  }
  std::optional<Extern> get(std::string_view module, std::string_view name) const;
  /// Instantiate {module}, taking each import from the definitions ("unknown import" if
  /// one is missing).
  Result<Instance> instantiate(const Module& module) const;

 private:
  Store* store_;
  struct Entry {
    std::string module, name;
    Extern item;
  };
  std::vector<Entry> defs_;
};

// ---- Func::wrap: typed host functions ----

namespace detail {

template <typename T> struct ValTraits;
template <> struct ValTraits<int32_t> {
  static constexpr Type kType = Type::kI32;
  static int32_t from(const Val& v) { return v.i32(); }
  static Val to(int32_t x) { return Val::i32(x); }
};
template <> struct ValTraits<uint32_t> {
  static constexpr Type kType = Type::kI32;
  static uint32_t from(const Val& v) { return static_cast<uint32_t>(v.i32()); }
  static Val to(uint32_t x) { return Val::i32(static_cast<int32_t>(x)); }
};
template <> struct ValTraits<int64_t> {
  static constexpr Type kType = Type::kI64;
  static int64_t from(const Val& v) { return v.i64(); }
  static Val to(int64_t x) { return Val::i64(x); }
};
template <> struct ValTraits<uint64_t> {
  static constexpr Type kType = Type::kI64;
  static uint64_t from(const Val& v) { return static_cast<uint64_t>(v.i64()); }
  static Val to(uint64_t x) { return Val::i64(static_cast<int64_t>(x)); }
};
template <> struct ValTraits<float> {
  static constexpr Type kType = Type::kF32;
  static float from(const Val& v) { return v.f32(); }
  static Val to(float x) { return Val::f32(x); }
};
template <> struct ValTraits<double> {
  static constexpr Type kType = Type::kF64;
  static double from(const Val& v) { return v.f64(); }
  static Val to(double x) { return Val::f64(x); }
};
template <> struct ValTraits<V128> {
  static constexpr Type kType = Type::kV128;
  static V128 from(const Val& v) { return v.v128(); }
  static Val to(const V128& x) { return Val::v128(x); }
};
template <> struct ValTraits<ExternRef> {
  static constexpr Type kType = Type::kExternRef;
  static ExternRef from(const Val& v) { return v.externref(); }
  static Val to(ExternRef x) { return Val::externref(x); }
};
template <> struct ValTraits<std::optional<Func>> {
  static constexpr Type kType = Type::kFuncRef;
  static std::optional<Func> from(const Val& v) { return v.funcref(); }
  static Val to(const std::optional<Func>& x) { return Val::funcref(x); }
};

// Results: void, T, std::tuple<T...>, and each of those inside Result<>.
template <typename R> struct ResultTraits {
  static std::vector<Type> types() { return {ValTraits<R>::kType}; }
  static Status store(R&& r, std::span<Val> out) { out[0] = ValTraits<R>::to(r); return {}; }
};
template <> struct ResultTraits<void> {
  static std::vector<Type> types() { return {}; }
};
template <typename... Ts> struct ResultTraits<std::tuple<Ts...>> {
  static std::vector<Type> types() { return {ValTraits<Ts>::kType...}; }
  static Status store(std::tuple<Ts...>&& r, std::span<Val> out) {
    size_t i = 0;
    std::apply([&](auto&&... x) { ((out[i++] = ValTraits<std::decay_t<decltype(x)>>::to(x)), ...); }, r);
    return {};
  }
};
template <typename T> struct ResultTraits<Result<T>> {
  static std::vector<Type> types() { return ResultTraits<T>::types(); }
  static Status store(Result<T>&& r, std::span<Val> out) {
    if (!r.ok()) return r.take_error();
    return ResultTraits<T>::store(std::move(r.value()), out);
  }
};
template <> struct ResultTraits<Status> {
  static std::vector<Type> types() { return {}; }
  static Status store(Status&& r, std::span<Val>) { return std::move(r); }
};

template <typename F> struct FnTraits : FnTraits<decltype(&F::operator())> {};
template <typename C, typename R, typename... A> struct FnTraits<R (C::*)(A...) const> {
  using Ret = R;
  using Args = std::tuple<std::decay_t<A>...>;
};
template <typename C, typename R, typename... A> struct FnTraits<R (C::*)(A...)> {
  using Ret = R;
  using Args = std::tuple<std::decay_t<A>...>;
};
template <typename R, typename... A> struct FnTraits<R (*)(A...)> {
  using Ret = R;
  using Args = std::tuple<std::decay_t<A>...>;
};

template <typename Tuple, size_t... I>
std::vector<Type> param_types(std::index_sequence<I...>) {
  return {ValTraits<std::tuple_element_t<I, Tuple>>::kType...};
}

template <typename F, typename Tuple, size_t... I>
Status invoke_typed(F& fn, std::span<const Val> args, std::span<Val> results, std::index_sequence<I...>) {
  using R = typename FnTraits<F>::Ret;
  if constexpr (std::is_void_v<R>) {
    fn(ValTraits<std::tuple_element_t<I, Tuple>>::from(args[I])...);
    return {};
  } else {
    return ResultTraits<R>::store(fn(ValTraits<std::tuple_element_t<I, Tuple>>::from(args[I])...), results);
  }
}

// Callables whose first parameter is Caller&: the wasm parameters are the rest.
template <typename Tuple> struct TakesCaller : std::false_type {
  using Params = Tuple;
};
template <typename... Rest> struct TakesCaller<std::tuple<Caller, Rest...>> : std::true_type {
  using Params = std::tuple<Rest...>;
};

template <typename F, typename Tuple, size_t... I>
Status invoke_with_caller(F& fn, Caller& caller, std::span<const Val> args, std::span<Val> results,
                          std::index_sequence<I...>) {
  using R = typename FnTraits<F>::Ret;
  if constexpr (std::is_void_v<R>) {
    fn(caller, ValTraits<std::tuple_element_t<I, Tuple>>::from(args[I])...);
    return {};
  } else {
    return ResultTraits<R>::store(fn(caller, ValTraits<std::tuple_element_t<I, Tuple>>::from(args[I])...), results);
  }
}

}  // namespace detail

template <typename F>
Func Func::wrap(Store& store, F&& fn) {
  using Fn = std::decay_t<F>;
  using Traits = detail::FnTraits<Fn>;
  using Caller_ = detail::TakesCaller<typename Traits::Args>;
  using Args = typename Caller_::Params;
  constexpr size_t n = std::tuple_size_v<Args>;
  FuncType type{detail::param_types<Args>(std::make_index_sequence<n>()),
                detail::ResultTraits<typename Traits::Ret>::types()};
  if constexpr (Caller_::value) {
    return create_with_caller(
        store, type, [f = Fn(std::forward<F>(fn))](Caller& c, std::span<const Val> args, std::span<Val> results) mutable {
          return detail::invoke_with_caller<Fn, Args>(f, c, args, results, std::make_index_sequence<n>());
        });
  } else {
    return create(store, type, [f = Fn(std::forward<F>(fn))](std::span<const Val> args, std::span<Val> results) mutable {
      return detail::invoke_typed<Fn, Args>(f, args, results, std::make_index_sequence<n>());
    });
  }
}

}  // namespace wasmrust
