// WASI calls on paths below a directory descriptor: open, stat, create and remove
// directories, unlink, rename, links and symlinks, times.
//
// Depends on: state.h, sandbox.h. Every path goes through open_beneath() or ParentDir, so
// nothing outside the descriptor's directory is reached (see sandbox.h). Operations that
// name an entry refuse "." and ".." as that entry, as POSIX does.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string>

#include "wasi/sandbox.h"
#include "wasi/state.h"

namespace wasmrust::wasi {
namespace {

Errno host_error() { return errno_from_host(errno); }

// The directory entry of {fd} (with {needed} rights) and the guest path.
Errno dir_and_path(State& s, M m, uint32_t fd, uint64_t needed, uint32_t path, uint32_t len, FdEntry** dir,
                   std::string_view* p) {
  WR_WASI_TRY(s.lookup(fd, needed, dir));
  if (!m.string(path, len, p)) return err::kFault;
  if (p->find('\0') != std::string_view::npos) return err::kInval;
  return err::kSuccess;
}

// The parent directory of the guest path at {path} below {fd} (with {needed} rights).
Errno parent_of(State& s, M m, uint32_t fd, uint64_t needed, uint32_t path, uint32_t len, ParentDir* parent) {
  FdEntry* dir;
  std::string_view p;
  WR_WASI_TRY(dir_and_path(s, m, fd, needed, path, len, &dir, &p));
  return parent->open(dir->host_fd, p);
}

// A descriptor owned for the length of one call.
struct ScopedFd {
  int fd = -1;
  ~ScopedFd() {
    if (fd >= 0) ::close(fd);
  }
};

// A path to a descriptor's file for calls that have no form taking an O_PATH descriptor
// (following a symlink that the resolver has already checked).
std::string proc_path(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

bool times_of(uint64_t atim, uint64_t mtim, uint32_t flags, struct timespec ts[2]) {
  auto one = [flags](uint64_t t, uint16_t set, uint16_t now, struct timespec* out) {
    if ((flags & set) && (flags & now)) return false;
    out->tv_sec = (flags & set) ? static_cast<time_t>(t / 1000000000u) : 0;
    out->tv_nsec = (flags & now) ? UTIME_NOW : (flags & set) ? static_cast<long>(t % 1000000000u) : UTIME_OMIT;
    return true;
  };
  return one(atim, fstflags::kAtim, fstflags::kAtimNow, &ts[0]) && one(mtim, fstflags::kMtim, fstflags::kMtimNow, &ts[1]);
}

int open_flags(uint32_t oflags, uint64_t rights_base, uint32_t fdflags) {
  const bool read = rights_base & (rights::kFdRead | rights::kFdReaddir);
  const bool write =
      rights_base & (rights::kFdDatasync | rights::kFdWrite | rights::kFdAllocate | rights::kFdFilestatSetSize);
  int flags = O_NOCTTY | (write ? (read ? O_RDWR : O_WRONLY) : O_RDONLY);
  if (oflags & oflags::kCreat) flags |= O_CREAT;
  if (oflags & oflags::kDirectory) flags |= O_DIRECTORY;
  if (oflags & oflags::kExcl) flags |= O_EXCL;
  if (oflags & oflags::kTrunc) flags |= O_TRUNC;
  if (fdflags & fdflags::kAppend) flags |= O_APPEND;
  if (fdflags & fdflags::kDsync) flags |= O_DSYNC;
  if (fdflags & fdflags::kNonblock) flags |= O_NONBLOCK;
  if (fdflags & fdflags::kRsync) flags |= O_RSYNC;
  if (fdflags & fdflags::kSync) flags |= O_SYNC;
  return flags;
}

}  // namespace

Errno path_open(State& s, M m, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t path_len, uint32_t oflags,
                uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags, uint32_t fd_ptr) {
  uint64_t needed = rights::kPathOpen;
  if (oflags & oflags::kCreat) needed |= rights::kPathCreateFile;
  if (oflags & oflags::kTrunc) needed |= rights::kPathFilestatSetSize;
  FdEntry* dir;
  std::string_view p;
  WR_WASI_TRY(dir_and_path(s, m, fd, needed, path, path_len, &dir, &p));
  if (!m.in_bounds(fd_ptr, 4)) return err::kFault;
  // A descriptor gets at most what its directory hands down. Rights asked beyond that are
  // dropped rather than refused (as wasmtime and node do): Rust's std asks for directory
  // rights on every file, wasi-libc for all the rights it knows.
  rights_base &= dir->rights_inheriting;
  rights_inheriting &= dir->rights_inheriting;
  int flags = open_flags(oflags, rights_base, fdflags);
  auto e = std::make_unique<FdEntry>();
  WR_WASI_TRY(open_beneath(dir->host_fd, p, flags, 0666, dirflags & lookupflags::kSymlinkFollow, &e->host_fd));
  e->type = State::filetype_of(e->host_fd);
  e->rights_base = rights_base;
  e->rights_inheriting = rights_inheriting;
  uint32_t new_fd;
  WR_WASI_TRY(s.insert(std::move(e), &new_fd));
  m.write(fd_ptr, new_fd);
  return err::kSuccess;
}

Errno path_filestat_get(State& s, M m, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len, uint32_t buf) {
  FdEntry* dir;
  std::string_view p;
  WR_WASI_TRY(dir_and_path(s, m, fd, rights::kPathFilestatGet, path, path_len, &dir, &p));
  if (!m.in_bounds(buf, layout::kFilestatSize)) return err::kFault;
  // O_PATH with O_NOFOLLOW opens a final symlink itself: fstat then describes the link.
  ScopedFd target;
  WR_WASI_TRY(open_beneath(dir->host_fd, p, O_PATH, 0, flags & lookupflags::kSymlinkFollow, &target.fd));
  struct stat st;
  if (::fstat(target.fd, &st) != 0) return host_error();
  return put_filestat(m, buf, st);
}

Errno path_filestat_set_times(State& s, M m, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                              uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
  FdEntry* dir;
  std::string_view p;
  WR_WASI_TRY(dir_and_path(s, m, fd, rights::kPathFilestatSetTimes, path, path_len, &dir, &p));
  struct timespec ts[2];
  if (!times_of(atim, mtim, fst_flags, ts)) return err::kInval;
  if (!(flags & lookupflags::kSymlinkFollow)) {
    ParentDir parent;
    WR_WASI_TRY(parent.open(dir->host_fd, p));
    if (!parent.is_dot() && !parent.trailing_slash())
      return ::utimensat(parent.fd(), parent.name().c_str(), ts, AT_SYMLINK_NOFOLLOW) == 0 ? err::kSuccess : host_error();
  }
  ScopedFd target;
  WR_WASI_TRY(open_beneath(dir->host_fd, p, O_PATH, 0, true, &target.fd));
  return ::utimensat(AT_FDCWD, proc_path(target.fd).c_str(), ts, 0) == 0 ? err::kSuccess : host_error();
}

Errno path_create_directory(State& s, M m, uint32_t fd, uint32_t path, uint32_t path_len) {
  ParentDir parent;
  WR_WASI_TRY(parent_of(s, m, fd, rights::kPathCreateDirectory, path, path_len, &parent));
  if (parent.is_dot()) return err::kExist;
  return ::mkdirat(parent.fd(), parent.name().c_str(), 0777) == 0 ? err::kSuccess : host_error();
}

Errno path_remove_directory(State& s, M m, uint32_t fd, uint32_t path, uint32_t path_len) {
  ParentDir parent;
  WR_WASI_TRY(parent_of(s, m, fd, rights::kPathRemoveDirectory, path, path_len, &parent));
  if (parent.is_dot()) return parent.name() == "." ? err::kInval : err::kNotempty;
  return ::unlinkat(parent.fd(), parent.name().c_str(), AT_REMOVEDIR) == 0 ? err::kSuccess : host_error();
}

Errno path_unlink_file(State& s, M m, uint32_t fd, uint32_t path, uint32_t path_len) {
  ParentDir parent;
  WR_WASI_TRY(parent_of(s, m, fd, rights::kPathUnlinkFile, path, path_len, &parent));
  if (parent.is_dot()) return err::kIsdir;
  if (parent.trailing_slash()) {  // "name/" names a directory: never a file to unlink
    struct stat st;
    if (::fstatat(parent.fd(), parent.name().c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return host_error();
    return S_ISDIR(st.st_mode) ? err::kIsdir : err::kNotdir;
  }
  return ::unlinkat(parent.fd(), parent.name().c_str(), 0) == 0 ? err::kSuccess : host_error();
}

Errno path_rename(State& s, M m, uint32_t fd, uint32_t old_path, uint32_t old_len, uint32_t new_fd,
                  uint32_t new_path, uint32_t new_len) {
  ParentDir from, to;
  WR_WASI_TRY(parent_of(s, m, fd, rights::kPathRenameSource, old_path, old_len, &from));
  WR_WASI_TRY(parent_of(s, m, new_fd, rights::kPathRenameTarget, new_path, new_len, &to));
  if (from.is_dot() || to.is_dot()) return err::kBusy;
  if (from.trailing_slash() || to.trailing_slash()) {  // then the source must be a directory
    struct stat st;
    if (::fstatat(from.fd(), from.name().c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return host_error();
    if (!S_ISDIR(st.st_mode)) return err::kNotdir;
  }
  return ::renameat(from.fd(), from.name().c_str(), to.fd(), to.name().c_str()) == 0 ? err::kSuccess : host_error();
}

Errno path_readlink(State& s, M m, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf, uint32_t buf_len,
                    uint32_t bufused_ptr) {
  uint8_t* out = m.bytes(buf, buf_len);
  if (!out || !m.in_bounds(bufused_ptr, 4)) return err::kFault;
  ParentDir parent;
  WR_WASI_TRY(parent_of(s, m, fd, rights::kPathReadlink, path, path_len, &parent));
  if (parent.is_dot()) return err::kInval;
  char target[PATH_MAX];
  ssize_t n = ::readlinkat(parent.fd(), parent.name().c_str(), target, sizeof target);
  if (n < 0) return host_error();
  uint32_t used = std::min<uint32_t>(static_cast<uint32_t>(n), buf_len);
  std::memcpy(out, target, used);
  m.write(bufused_ptr, used);
  return err::kSuccess;
}

Errno path_symlink(State& s, M m, uint32_t old_path, uint32_t old_len, uint32_t fd, uint32_t new_path,
                   uint32_t new_len) {
  std::string_view target;
  if (!m.string(old_path, old_len, &target)) return err::kFault;
  if (target.find('\0') != std::string_view::npos) return err::kInval;
  // A link to an absolute path could only ever point outside the sandbox.
  if (!target.empty() && target[0] == '/') return err::kNotcapable;
  ParentDir parent;
  WR_WASI_TRY(parent_of(s, m, fd, rights::kPathSymlink, new_path, new_len, &parent));
  if (parent.is_dot()) return err::kExist;
  return ::symlinkat(std::string(target).c_str(), parent.fd(), parent.name().c_str()) == 0 ? err::kSuccess
                                                                                            : host_error();
}

Errno path_link(State& s, M m, uint32_t old_fd, uint32_t old_flags, uint32_t old_path, uint32_t old_len,
                uint32_t new_fd, uint32_t new_path, uint32_t new_len) {
  FdEntry *old_dir, *new_dir;
  std::string_view op, np;
  WR_WASI_TRY(dir_and_path(s, m, old_fd, rights::kPathLinkSource, old_path, old_len, &old_dir, &op));
  WR_WASI_TRY(dir_and_path(s, m, new_fd, rights::kPathLinkTarget, new_path, new_len, &new_dir, &np));
  ParentDir to;
  WR_WASI_TRY(to.open(new_dir->host_fd, np));
  if (to.is_dot()) return err::kExist;
  if (old_flags & lookupflags::kSymlinkFollow) {
    ScopedFd target;
    WR_WASI_TRY(open_beneath(old_dir->host_fd, op, O_PATH, 0, true, &target.fd));
    return ::linkat(AT_FDCWD, proc_path(target.fd).c_str(), to.fd(), to.name().c_str(), AT_SYMLINK_FOLLOW) == 0
               ? err::kSuccess
               : host_error();
  }
  ParentDir from;
  WR_WASI_TRY(from.open(old_dir->host_fd, op));
  if (from.is_dot()) return err::kPerm;
  return ::linkat(from.fd(), from.name().c_str(), to.fd(), to.name().c_str(), 0) == 0 ? err::kSuccess
                                                                                      : host_error();
}

}  // namespace wasmrust::wasi
