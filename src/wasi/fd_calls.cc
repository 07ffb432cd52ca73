// WASI calls on descriptors: reads, writes, seeks, stats, flags, directory listings, the
// descriptor table itself and preopen queries.
//
// Depends on: state.h. Every guest pointer goes through GuestMemory (EFAULT); every call
// checks the descriptor's rights first (EBADF / ENOTCAPABLE).
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "wasi/sandbox.h"
#include "wasi/state.h"

namespace wasmrust::wasi {
namespace {

constexpr uint32_t kMaxFds = 1u << 16;
constexpr uint64_t kMaxOffset = static_cast<uint64_t>(INT64_MAX);

Errno host_error() { return errno_from_host(errno); }

Filetype dirent_type(int dirfd, const struct dirent& d) {
  switch (d.d_type) {
    case DT_DIR: return Filetype::kDirectory;
    case DT_REG: return Filetype::kRegularFile;
    case DT_LNK: return Filetype::kSymbolicLink;
    case DT_CHR: return Filetype::kCharacterDevice;
    case DT_BLK: return Filetype::kBlockDevice;
    case DT_SOCK: return Filetype::kSocketStream;
    case DT_FIFO: return Filetype::kUnknown;
    default: break;
  }
  struct stat st;
  if (::fstatat(dirfd, d.d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) return Filetype::kUnknown;
  return filetype_from_mode(st.st_mode);
}

// Reads every entry of {e}'s directory, through a descriptor of its own so the guest's
// descriptor (and its offset) is untouched.
Errno load_dir(FdEntry& e) {
  int dfd = ::openat(e.host_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return host_error();
  DIR* d = ::fdopendir(dfd);
  if (!d) {
    Errno r = host_error();
    ::close(dfd);
    return r;
  }
  e.dir_entries.clear();
  errno = 0;
  while (struct dirent* de = ::readdir(d)) {
    e.dir_entries.push_back({de->d_name, de->d_ino, dirent_type(dfd, *de)});
    errno = 0;
  }
  Errno r = errno ? host_error() : err::kSuccess;
  ::closedir(d);
  e.dir_loaded = r == err::kSuccess;
  return r;
}

uint16_t fdflags_of(int host_fd) {
  int fl = ::fcntl(host_fd, F_GETFL);
  if (fl < 0) return 0;
  uint16_t out = 0;
  if (fl & O_APPEND) out |= fdflags::kAppend;
  if (fl & O_NONBLOCK) out |= fdflags::kNonblock;
  if ((fl & O_SYNC) == O_SYNC) out |= fdflags::kSync | fdflags::kRsync;
  else if (fl & O_DSYNC) out |= fdflags::kDsync;
  return out;
}

bool to_timespec(uint64_t t, uint32_t flags, uint16_t set, uint16_t now, struct timespec* ts) {
  if ((flags & set) && (flags & now)) return false;
  if (flags & now) {
    ts->tv_sec = 0;
    ts->tv_nsec = UTIME_NOW;
  } else if (flags & set) {
    ts->tv_sec = static_cast<time_t>(t / 1000000000u);
    ts->tv_nsec = static_cast<long>(t % 1000000000u);
  } else {
    ts->tv_sec = 0;
    ts->tv_nsec = UTIME_OMIT;
  }
  return true;
}

}  // namespace

// ---- state helpers ----

FdEntry::~FdEntry() {
  if (owned && host_fd >= 0) ::close(host_fd);
}

Errno State::lookup(uint32_t fd, uint64_t needed, FdEntry** out) {
  if (fd >= fds.size() || !fds[fd]) return err::kBadf;
  if ((fds[fd]->rights_base & needed) != needed) return err::kNotcapable;
  *out = fds[fd].get();
  return err::kSuccess;
}

Errno State::insert(std::unique_ptr<FdEntry> e, uint32_t* fd) {
  for (uint32_t i = 0; i < fds.size(); ++i) {
    if (!fds[i]) {
      fds[i] = std::move(e);
      *fd = i;
      return err::kSuccess;
    }
  }
  if (fds.size() >= kMaxFds) return err::kMfile;
  fds.push_back(std::move(e));
  *fd = static_cast<uint32_t>(fds.size() - 1);
  return err::kSuccess;
}

Filetype filetype_from_mode(mode_t mode) {
  if (S_ISREG(mode)) return Filetype::kRegularFile;
  if (S_ISDIR(mode)) return Filetype::kDirectory;
  if (S_ISCHR(mode)) return Filetype::kCharacterDevice;
  if (S_ISBLK(mode)) return Filetype::kBlockDevice;
  if (S_ISLNK(mode)) return Filetype::kSymbolicLink;
  if (S_ISSOCK(mode)) return Filetype::kSocketStream;
  return Filetype::kUnknown;
}

Filetype State::filetype_of(int host_fd) {
  struct stat st;
  if (::fstat(host_fd, &st) != 0) return Filetype::kUnknown;
  if (S_ISSOCK(st.st_mode)) {
    int type = 0;
    socklen_t len = sizeof type;
    if (::getsockopt(host_fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_DGRAM)
      return Filetype::kSocketDgram;
  }
  return filetype_from_mode(st.st_mode);
}

Errno put_filestat(const GuestMemory& m, uint32_t buf, const struct stat& st) {
  uint8_t* p = m.bytes(buf, layout::kFilestatSize);
  if (!p) return err::kFault;
  auto put64 = [p](uint32_t off, uint64_t v) { std::memcpy(p + off, &v, 8); };
  auto ns = [](const struct timespec& t) {
    return static_cast<uint64_t>(t.tv_sec) * 1000000000u + static_cast<uint64_t>(t.tv_nsec);
  };
  std::memset(p, 0, layout::kFilestatSize);
  put64(0, st.st_dev);
  put64(8, st.st_ino);
  p[16] = static_cast<uint8_t>(filetype_from_mode(st.st_mode));
  put64(24, st.st_nlink);
  put64(32, static_cast<uint64_t>(st.st_size));
  put64(40, ns(st.st_atim));
  put64(48, ns(st.st_mtim));
  put64(56, ns(st.st_ctim));
  return err::kSuccess;
}

Errno guest_iovecs(State& s, const GuestMemory& m, uint32_t iovs, uint32_t count) {
  if (count > IOV_MAX) count = IOV_MAX;  // a shorter transfer, as POSIX allows
  if (!m.in_bounds(iovs, uint64_t{count} * layout::kIovecSize)) return err::kFault;
  s.iov_scratch.resize(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t buf = 0, len = 0;
    m.read(iovs + i * layout::kIovecSize, &buf);
    m.read(iovs + i * layout::kIovecSize + 4, &len);
    uint8_t* p = m.bytes(buf, len);
    if (!p) return err::kFault;
    s.iov_scratch[i] = {p, len};
  }
  return err::kSuccess;
}

// ---- reads and writes ----

namespace {

// One read or write: checks {fd}'s rights and the guest's iovecs, runs {io} on the host
// descriptor and the host iovecs, and stores the byte count at {n_ptr}.
template <typename Io>
Errno transfer(State& s, M m, uint32_t fd, uint64_t needed, uint32_t iovs, uint32_t iovs_len, uint32_t n_ptr,
               Io io) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, needed, &e));
  WR_WASI_TRY(guest_iovecs(s, m, iovs, iovs_len));
  if (!m.in_bounds(n_ptr, 4)) return err::kFault;
  ssize_t n = io(e->host_fd, s.iov_scratch.data(), static_cast<int>(s.iov_scratch.size()));
  if (n < 0) return host_error();
  m.write(n_ptr, static_cast<uint32_t>(n));
  return err::kSuccess;
}

}  // namespace

Errno fd_read(State& s, M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nread_ptr) {
  return transfer(s, m, fd, rights::kFdRead, iovs, iovs_len, nread_ptr, ::readv);
}

Errno fd_write(State& s, M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nwritten_ptr) {
  return transfer(s, m, fd, rights::kFdWrite, iovs, iovs_len, nwritten_ptr, ::writev);
}

Errno fd_pread(State& s, M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset, uint32_t nread_ptr) {
  if (offset > kMaxOffset) return err::kInval;
  return transfer(s, m, fd, rights::kFdRead | rights::kFdSeek, iovs, iovs_len, nread_ptr,
                  [offset](int host, const iovec* iov, int n) { return ::preadv(host, iov, n, static_cast<off_t>(offset)); });
}

Errno fd_pwrite(State& s, M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset,
                uint32_t nwritten_ptr) {
  if (offset > kMaxOffset) return err::kInval;
  return transfer(s, m, fd, rights::kFdWrite | rights::kFdSeek, iovs, iovs_len, nwritten_ptr,
                  [offset](int host, const iovec* iov, int n) { return ::pwritev(host, iov, n, static_cast<off_t>(offset)); });
}

Errno fd_seek(State& s, M m, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoffset_ptr) {
  FdEntry* e;
  bool tell_only = offset == 0 && whence == static_cast<uint32_t>(Whence::kCur);
  WR_WASI_TRY(s.lookup(fd, tell_only ? rights::kFdTell : rights::kFdSeek, &e));
  int how;
  switch (static_cast<Whence>(whence)) {
    case Whence::kSet: how = SEEK_SET; break;
    case Whence::kCur: how = SEEK_CUR; break;
    case Whence::kEnd: how = SEEK_END; break;
    default: return err::kInval;
  }
  if (!m.in_bounds(newoffset_ptr, 8)) return err::kFault;
  if (e->type == Filetype::kDirectory) return err::kBadf;
  off_t r = ::lseek(e->host_fd, static_cast<off_t>(static_cast<int64_t>(offset)), how);
  if (r < 0) return host_error();
  m.write(newoffset_ptr, static_cast<uint64_t>(r));
  return err::kSuccess;
}

Errno fd_tell(State& s, M m, uint32_t fd, uint32_t offset_ptr) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, rights::kFdTell, &e));
  if (!m.in_bounds(offset_ptr, 8)) return err::kFault;
  off_t r = ::lseek(e->host_fd, 0, SEEK_CUR);
  if (r < 0) return host_error();
  m.write(offset_ptr, static_cast<uint64_t>(r));
  return err::kSuccess;
}

// ---- hints, sync, size ----

Errno fd_advise(State& s, M, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, rights::kFdAdvise, &e));
  static const int kAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  if (advice >= 6 || offset > kMaxOffset || len > kMaxOffset) return err::kInval;
  int r = ::posix_fadvise(e->host_fd, static_cast<off_t>(offset), static_cast<off_t>(len), kAdvice[advice]);
  return errno_from_host(r);
}

Errno fd_allocate(State& s, M, uint32_t fd, uint64_t offset, uint64_t len) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, rights::kFdAllocate, &e));
  if (offset > kMaxOffset || len > kMaxOffset || offset + len > kMaxOffset) return err::kInval;
  if (len == 0) return err::kInval;
  int r = ::posix_fallocate(e->host_fd, static_cast<off_t>(offset), static_cast<off_t>(len));
  return errno_from_host(r);
}

Errno fd_datasync(State& s, M, uint32_t fd) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, rights::kFdDatasync, &e));
  return ::fdatasync(e->host_fd) == 0 ? err::kSuccess : host_error();
}

Errno fd_sync(State& s, M, uint32_t fd) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, rights::kFdSync, &e));
  return ::fsync(e->host_fd) == 0 ? err::kSuccess : host_error();
}

Errno fd_filestat_set_size(State& s, M, uint32_t fd, uint64_t size) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, rights::kFdFilestatSetSize, &e));
  if (size > kMaxOffset) return err::kInval;
  return ::ftruncate(e->host_fd, static_cast<off_t>(size)) == 0 ? err::kSuccess : host_error();
}

Errno fd_filestat_set_times(State& s, M, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, rights::kFdFilestatSetTimes, &e));
  struct timespec ts[2];
  if (!to_timespec(atim, fst_flags, fstflags::kAtim, fstflags::kAtimNow, &ts[0]) ||
      !to_timespec(mtim, fst_flags, fstflags::kMtim, fstflags::kMtimNow, &ts[1]))
    return err::kInval;
  return ::futimens(e->host_fd, ts) == 0 ? err::kSuccess : host_error();
}

// ---- status ----

Errno fd_fdstat_get(State& s, M m, uint32_t fd, uint32_t buf) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, 0, &e));
  uint8_t* p = m.bytes(buf, layout::kFdstatSize);
  if (!p) return err::kFault;
  std::memset(p, 0, layout::kFdstatSize);
  p[0] = static_cast<uint8_t>(e->type);
  uint16_t flags = fdflags_of(e->host_fd);
  std::memcpy(p + 2, &flags, 2);
  std::memcpy(p + 8, &e->rights_base, 8);
  std::memcpy(p + 16, &e->rights_inheriting, 8);
  return err::kSuccess;
}

Errno fd_fdstat_set_flags(State& s, M, uint32_t fd, uint32_t flags) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, rights::kFdFdstatSetFlags, &e));
  if (flags & ~uint32_t{fdflags::kAppend | fdflags::kNonblock}) return err::kNotsup;  // Linux cannot change sync modes
  int fl = ::fcntl(e->host_fd, F_GETFL);
  if (fl < 0) return host_error();
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & fdflags::kAppend) fl |= O_APPEND;
  if (flags & fdflags::kNonblock) fl |= O_NONBLOCK;
  return ::fcntl(e->host_fd, F_SETFL, fl) == 0 ? err::kSuccess : host_error();
}

Errno fd_fdstat_set_rights(State& s, M, uint32_t fd, uint64_t base, uint64_t inheriting) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, 0, &e));
  // Rights can only be dropped.
  if ((base & ~e->rights_base) || (inheriting & ~e->rights_inheriting)) return err::kNotcapable;
  e->rights_base = base;
  e->rights_inheriting = inheriting;
  return err::kSuccess;
}

Errno fd_filestat_get(State& s, M m, uint32_t fd, uint32_t buf) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, rights::kFdFilestatGet, &e));
  struct stat st;
  if (::fstat(e->host_fd, &st) != 0) return host_error();
  return put_filestat(m, buf, st);
}

// ---- the descriptor table ----

Errno fd_close(State& s, M, uint32_t fd) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, 0, &e));
  s.fds[fd].reset();
  return err::kSuccess;
}

Errno fd_renumber(State& s, M, uint32_t fd, uint32_t to) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, 0, &e));
  WR_WASI_TRY(s.lookup(to, 0, &e));
  if (fd != to) s.fds[to] = std::move(s.fds[fd]);
  return err::kSuccess;
}

Errno fd_prestat_get(State& s, M m, uint32_t fd, uint32_t buf) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, 0, &e));
  if (!e->preopen) return err::kBadf;
  uint8_t* p = m.bytes(buf, layout::kPrestatSize);
  if (!p) return err::kFault;
  std::memset(p, 0, layout::kPrestatSize);
  p[0] = kPreopenTypeDir;
  uint32_t len = static_cast<uint32_t>(e->preopen->size());
  std::memcpy(p + 4, &len, 4);
  return err::kSuccess;
}

Errno fd_prestat_dir_name(State& s, M m, uint32_t fd, uint32_t path, uint32_t path_len) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, 0, &e));
  if (!e->preopen) return err::kBadf;
  if (path_len < e->preopen->size()) return err::kNametoolong;
  uint8_t* p = m.bytes(path, e->preopen->size());
  if (!p) return err::kFault;
  std::memcpy(p, e->preopen->data(), e->preopen->size());
  return err::kSuccess;
}

// Entries from {cookie} on, each a 24-byte dirent and its name, the last one cut off where
// the buffer ends (a full buffer tells the guest to ask again with a bigger one).
Errno fd_readdir(State& s, M m, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie, uint32_t bufused_ptr) {
  FdEntry* e;
  WR_WASI_TRY(s.lookup(fd, rights::kFdReaddir, &e));
  if (e->type != Filetype::kDirectory) return err::kNotdir;
  uint8_t* out = m.bytes(buf, buf_len);
  if (!out || !m.in_bounds(bufused_ptr, 4)) return err::kFault;
  if (cookie == 0 || !e->dir_loaded) WR_WASI_TRY(load_dir(*e));
  uint32_t used = 0;
  for (uint64_t i = cookie; i < e->dir_entries.size() && used < buf_len; ++i) {
    const DirEntry& d = e->dir_entries[i];
    uint8_t head[layout::kDirentSize] = {};
    uint64_t next = i + 1;
    uint32_t namlen = static_cast<uint32_t>(d.name.size());
    std::memcpy(head, &next, 8);
    std::memcpy(head + 8, &d.ino, 8);
    std::memcpy(head + 16, &namlen, 4);
    head[20] = static_cast<uint8_t>(d.type);
    uint32_t n = std::min<uint32_t>(layout::kDirentSize, buf_len - used);
    std::memcpy(out + used, head, n);
    used += n;
    n = std::min<uint32_t>(namlen, buf_len - used);
    std::memcpy(out + used, d.name.data(), n);
    used += n;
  }
  m.write(bufused_ptr, used);
  return err::kSuccess;
}

}  // namespace wasmrust::wasi
