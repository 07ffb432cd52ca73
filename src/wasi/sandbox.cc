// Sandboxed path resolution (see sandbox.h): openat2 with RESOLVE_BENEATH, or a walk.
#include "wasi/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <vector>

namespace wasmrust::wasi {
namespace {

// 1: available, 2: not, 0: not probed yet.
std::atomic<int> g_openat2{0};

int sys_openat2(int dirfd, const char* path, int flags, mode_t mode) {
  struct open_how how;
  std::memset(&how, 0, sizeof how);
  how.flags = static_cast<uint64_t>(static_cast<unsigned>(flags));
  // O_TMPFILE contains O_DIRECTORY's bit, so test it whole: openat2 rejects a mode
  // (EINVAL) unless the call creates a file.
  how.mode = ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  return static_cast<int>(syscall(SYS_openat2, dirfd, path, &how, sizeof how));
}

Errno open_with_openat2(int dirfd, const std::string& path, int flags, mode_t mode, int* out) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    int fd = sys_openat2(dirfd, path.c_str(), flags, mode);
    if (fd >= 0) {
      *out = fd;
      return err::kSuccess;
    }
    if (errno == EAGAIN || errno == EINTR) continue;  // a concurrent rename raced the `..` check
    if (errno == EXDEV) return err::kNotcapable;        // the path left the directory
    return errno_from_host(errno);
  }
  return err::kAgain;
}

// Descriptors the walk holds: the current directory and every ancestor up to the base.
class WalkState {
 public:
  ~WalkState() {
    for (int fd : stack_) ::close(fd);
    if (cur_ >= 0) ::close(cur_);
  }
  Errno start(int dirfd) {
    cur_ = ::openat(dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    return cur_ < 0 ? errno_from_host(errno) : err::kSuccess;
  }
  int cur() const { return cur_; }
  void descend(int fd) {
    stack_.push_back(cur_);
    cur_ = fd;
  }
  bool ascend() {
    if (stack_.empty()) return false;
    ::close(cur_);
    cur_ = stack_.back();
    stack_.pop_back();
    return true;
  }

 private:
  int cur_ = -1;
  std::vector<int> stack_;
};

// Pushes {path}'s components onto {pending} so that the first is popped first.
void push_components(std::string_view path, std::vector<std::string>* pending) {
  size_t end = path.size();
  while (end > 0) {
    size_t slash = path.rfind('/', end - 1);
    size_t begin = slash == std::string_view::npos ? 0 : slash + 1;
    if (end > begin) pending->emplace_back(path.substr(begin, end - begin));
    if (slash == std::string_view::npos) break;
    end = slash;
  }
}

// The target of symlink {name} in {dirfd}, or false if it is not a symlink.
bool read_symlink(int dirfd, const std::string& name, std::string* target) {
  char buf[4096];
  ssize_t n = ::readlinkat(dirfd, name.c_str(), buf, sizeof buf);
  if (n < 0 || static_cast<size_t>(n) >= sizeof buf) return false;
  target->assign(buf, static_cast<size_t>(n));
  return true;
}

Errno open_with_walk(int dirfd, std::string_view path, int flags, mode_t mode, bool follow_final, int* out) {
  if (path.empty()) return err::kNoent;
  if (path[0] == '/') return err::kNotcapable;
  const bool trailing_slash = path.back() == '/';
  if (trailing_slash) {
    follow_final = true;
    if (!(flags & O_CREAT)) flags |= O_DIRECTORY;
  }
  WalkState w;
  WR_WASI_TRY(w.start(dirfd));
  std::vector<std::string> pending;
  push_components(path, &pending);
  if (pending.empty()) pending.emplace_back(".");
  int links = 0;
  while (!pending.empty()) {
    std::string c = std::move(pending.back());
    pending.pop_back();
    const bool last = pending.empty();
    if (c == "..") {
      if (!w.ascend()) return err::kNotcapable;
      if (last) c = std::string(1, '.');  // a move: GCC 12 warns falsely (-Wrestrict) on = "."
      else continue;
    } else if (c == "." && !last) {
      continue;
    }
    std::string target;
    if (!last) {
      int fd = ::openat(w.cur(), c.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd >= 0) {
        w.descend(fd);
        continue;
      }
      int e = errno;
      if ((e != ENOTDIR && e != ELOOP) || !read_symlink(w.cur(), c, &target)) return errno_from_host(e);
    } else if (!(follow_final && c != "." && read_symlink(w.cur(), c, &target))) {
      // The last component, not a symlink to follow: O_NOFOLLOW also covers a symlink put
      // there since the check (it fails with ELOOP, or O_PATH opens the link itself).
      int fd = ::openat(w.cur(), c.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
      if (fd < 0) return errno_from_host(errno);
      *out = fd;
      return err::kSuccess;
    }
    if (++links > kMaxSymlinks) return err::kLoop;
    if (target.empty()) return err::kNoent;
    if (target[0] == '/') return err::kNotcapable;
    if (last && target.back() == '/' && !(flags & O_CREAT)) flags |= O_DIRECTORY;
    push_components(target, &pending);
    if (last && pending.empty()) pending.emplace_back(".");
  }
  return err::kNoent;  // not reached: the last component always returns
}

}  // namespace

Errno errno_from_host(int e) {
  switch (e) {
    case 0: return err::kSuccess;
    case E2BIG: return err::k2Big;
    case EACCES: return err::kAcces;
    case EAGAIN: return err::kAgain;
    case EBADF: return err::kBadf;
    case EBUSY: return err::kBusy;
    case EEXIST: return err::kExist;
    case EFAULT: return err::kFault;
    case EFBIG: return err::kFbig;
    case EILSEQ: return err::kIlseq;
    case EINTR: return err::kIntr;
    case EINVAL: return err::kInval;
    case EIO: return err::kIo;
    case EISDIR: return err::kIsdir;
    case ELOOP: return err::kLoop;
    case EMFILE: return err::kMfile;
    case EMLINK: return err::kMlink;
    case ENAMETOOLONG: return err::kNametoolong;
    case ENFILE: return err::kNfile;
    case ENODEV: return err::kNodev;
    case ENOENT: return err::kNoent;
    case ENOMEM: return err::kNomem;
    case ENOSPC: return err::kNospc;
    case ENOSYS: return err::kNosys;
    case ENOTDIR: return err::kNotdir;
    case ENOTEMPTY: return err::kNotempty;
    case EOPNOTSUPP: return err::kNotsup;
    case ENOTTY: return err::kNotty;
    case ENXIO: return err::kNxio;
    case EOVERFLOW: return err::kOverflow;
    case EPERM: return err::kPerm;
    case EPIPE: return err::kPipe;
    case ERANGE: return err::kRange;
    case EROFS: return err::kRofs;
    case ESPIPE: return err::kSpipe;
    case ETXTBSY: return err::kTxtbsy;
    case EXDEV: return err::kXdev;
    default: return err::kIo;
  }
}

bool have_openat2() {
  int state = g_openat2.load(std::memory_order_relaxed);
  if (state == 0) {
    int fd = sys_openat2(AT_FDCWD, ".", O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
    state = (fd < 0 && errno == ENOSYS) ? 2 : 1;
    if (fd >= 0) ::close(fd);
    g_openat2.store(state, std::memory_order_relaxed);
  }
  return state == 1;
}

Errno open_beneath(int dirfd, std::string_view path, int flags, mode_t mode, bool follow_final, int* out,
                   ResolveMethod method) {
  if (path.find('\0') != std::string_view::npos) return err::kInval;
  if (!path.empty() && path[0] == '/') return err::kNotcapable;
  // O_CREAT | O_EXCL never follows a final symlink (POSIX: EEXIST).
  if ((flags & O_CREAT) && (flags & O_EXCL)) follow_final = false;
  if (method == ResolveMethod::kAuto) method = have_openat2() ? ResolveMethod::kOpenat2 : ResolveMethod::kWalk;
  if (method == ResolveMethod::kWalk) return open_with_walk(dirfd, path, flags, mode, follow_final, out);
  if (path.empty()) return err::kNoent;
  return open_with_openat2(dirfd, std::string(path), flags | O_CLOEXEC | (follow_final ? 0 : O_NOFOLLOW), mode, out);
}

ParentDir::~ParentDir() {
  if (fd_ >= 0) ::close(fd_);
}

Errno ParentDir::open(int dirfd, std::string_view path, ResolveMethod method) {
  if (path.empty()) return err::kNoent;
  if (path[0] == '/') return err::kNotcapable;
  size_t end = path.size();
  while (end > 0 && path[end - 1] == '/') --end;
  trailing_slash_ = end < path.size();
  if (end == 0) return err::kNotcapable;  // only slashes: the root
  size_t slash = path.rfind('/', end - 1);
  name_ = std::string(path.substr(slash == std::string_view::npos ? 0 : slash + 1,
                                  end - (slash == std::string_view::npos ? 0 : slash + 1)));
  std::string_view dir = slash == std::string_view::npos ? std::string_view(".") : path.substr(0, slash + 1);
  return open_beneath(dirfd, dir, O_PATH | O_DIRECTORY, 0, true, &fd_, method);
}

}  // namespace wasmrust::wasi
