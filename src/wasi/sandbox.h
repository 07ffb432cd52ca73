// Path resolution that never leaves a preopened directory: every WASI path operation opens
// its target, or the target's parent directory, through open_beneath().
//
// Depends on: abi.h (errno values). Guarantees, whichever method runs:
//  - an absolute path, a `..` that would climb above {dirfd}, and a symlink (final or in an
//    intermediate component) whose target is absolute or climbs above {dirfd} all fail with
//    ENOTCAPABLE; nothing outside {dirfd} is opened, created, or even looked up by name;
//  - /proc-style "magic" links are never followed;
//  - at most kMaxSymlinks symlinks are expanded per resolution (then ELOOP).
// Methods: openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) where the kernel has it (Linux
// 5.6+); otherwise a walk that opens one component at a time with O_NOFOLLOW, keeps a
// descriptor for every level (so `..` is the descriptor it came from, never a lookup of
// ".."), and expands symlinks itself.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "wasi/abi.h"

namespace wasmrust::wasi {

enum class ResolveMethod : uint8_t {
  kAuto,     ///< openat2 if the kernel has it, else the walk
  kOpenat2,  ///< openat2 only (ENOSYS if the kernel lacks it)
  kWalk,     ///< the component-by-component walk
};

inline constexpr int kMaxSymlinks = 40;

/// Opens {path} (relative) beneath directory {dirfd} with open(2) {flags} and {mode}.
/// {follow_final}: whether a symlink in the last component is followed (intermediate ones
/// always are, within the sandbox). On success stores the new descriptor in {*out}.
Errno open_beneath(int dirfd, std::string_view path, int flags, mode_t mode, bool follow_final, int* out,
                   ResolveMethod method = ResolveMethod::kAuto);

/// A path split into its parent directory (opened beneath the base with O_PATH) and its
/// last component, for the *at() calls that act on a name (mkdirat, unlinkat, renameat,
/// symlinkat, readlinkat, fstatat with AT_SYMLINK_NOFOLLOW).
class ParentDir {
 public:
  ParentDir() = default;
  ~ParentDir();
  ParentDir(const ParentDir&) = delete;
  ParentDir& operator=(const ParentDir&) = delete;

  /// Opens the parent of {path} beneath {dirfd}. Trailing slashes are taken off the last
  /// component (trailing_slash() tells they were there): acting on "link/" would make the
  /// kernel follow the link, outside this resolver's control.
  Errno open(int dirfd, std::string_view path, ResolveMethod method = ResolveMethod::kAuto);
  int fd() const { return fd_; }
  /// The last component: never empty, never contains '/'.
  const std::string& name() const { return name_; }
  bool trailing_slash() const { return trailing_slash_; }
  /// "." or "..": the name is a directory's own link, not an entry one can create, remove
  /// or rename; callers refuse those operations and resolve stats through open_beneath.
  bool is_dot() const { return name_ == "." || name_ == ".."; }

 private:
  int fd_ = -1;
  std::string name_;
  bool trailing_slash_ = false;
};

/// WASI errno for a host errno value.
Errno errno_from_host(int e);
/// Whether the running kernel has openat2 (probed once).
bool have_openat2();

}  // namespace wasmrust::wasi
