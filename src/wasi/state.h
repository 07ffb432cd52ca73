// The WASI state behind a WasiCtx: arguments, environment, the descriptor table, the exit
// code, and the declarations of the preview1 calls (fd_calls.cc, path_calls.cc,
// misc_calls.cc), each a function of the state and the caller's memory returning an errno.
//
// Depends on: abi.h, guest_memory.h, wasi.h. Guest descriptors are indexes into {fds};
// host descriptors the guest opened are owned by their entry and closed with it.
#pragma once

#include <sys/stat.h>
#include <sys/uio.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wasi/abi.h"
#include "wasi/guest_memory.h"
#include "wasmrust/wasi.h"

namespace wasmrust::wasi {

/// One directory entry of an fd_readdir snapshot.
struct DirEntry {
  std::string name;
  uint64_t ino = 0;
  Filetype type = Filetype::kUnknown;
};

struct FdEntry {
  int host_fd = -1;
  bool owned = true;  ///< close host_fd with the entry (false for the host's stdio)
  Filetype type = Filetype::kUnknown;
  uint64_t rights_base = 0;
  uint64_t rights_inheriting = 0;
  std::optional<std::string> preopen;  ///< the guest name of a preopened directory
  /// fd_readdir: the directory's entries, read when a listing starts at cookie 0 (the
  /// cookie of an entry is its index + 1, so any cookie resumes the same snapshot).
  std::vector<DirEntry> dir_entries;
  bool dir_loaded = false;
  ~FdEntry();
};

struct State {
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::vector<std::unique_ptr<FdEntry>> fds;  ///< index: guest fd; null: free
  std::optional<int> exit_code;
  std::vector<iovec> iov_scratch;             ///< reused by reads and writes

  // The memory of the last caller (instances keep their identity for their whole life).
  const void* memory_owner = nullptr;
  Memory memory;

  /// The entry of {fd} if it has every right in {needed}: EBADF / ENOTCAPABLE otherwise.
  Errno lookup(uint32_t fd, uint64_t needed, FdEntry** out);
  /// Puts {e} at the lowest free descriptor; EMFILE past the table's limit.
  Errno insert(std::unique_ptr<FdEntry> e, uint32_t* fd);
  /// The host descriptor's WASI file type.
  static Filetype filetype_of(int host_fd);
};

/// The WASI file type of a host st_mode.
Filetype filetype_from_mode(mode_t mode);
/// Writes a filestat for {st} at {buf}.
Errno put_filestat(const GuestMemory& m, uint32_t buf, const struct stat& st);

/// Builds host iovecs for the guest's {iovs}[{count}] in {s}.iov_scratch (EFAULT if any is
/// out of bounds); the total length is capped so it fits a ssize_t result.
Errno guest_iovecs(State& s, const GuestMemory& m, uint32_t iovs, uint32_t count);

// ---- the calls: parameters as in the witx, pointers as u32 ----
using M = const GuestMemory&;

Errno args_sizes_get(State& s, M m, uint32_t argc_ptr, uint32_t buf_size_ptr);
Errno args_get(State& s, M m, uint32_t argv, uint32_t argv_buf);
Errno environ_sizes_get(State& s, M m, uint32_t count_ptr, uint32_t buf_size_ptr);
Errno environ_get(State& s, M m, uint32_t environ, uint32_t environ_buf);
Errno clock_res_get(State& s, M m, uint32_t id, uint32_t res_ptr);
Errno clock_time_get(State& s, M m, uint32_t id, uint64_t precision, uint32_t time_ptr);
Errno random_get(State& s, M m, uint32_t buf, uint32_t len);
Errno sched_yield(State& s, M m);
Errno poll_oneoff(State& s, M m, uint32_t in, uint32_t out, uint32_t nsubs, uint32_t nevents_ptr);

Errno fd_advise(State& s, M m, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice);
Errno fd_allocate(State& s, M m, uint32_t fd, uint64_t offset, uint64_t len);
Errno fd_close(State& s, M m, uint32_t fd);
Errno fd_datasync(State& s, M m, uint32_t fd);
Errno fd_sync(State& s, M m, uint32_t fd);
Errno fd_fdstat_get(State& s, M m, uint32_t fd, uint32_t buf);
Errno fd_fdstat_set_flags(State& s, M m, uint32_t fd, uint32_t flags);
Errno fd_fdstat_set_rights(State& s, M m, uint32_t fd, uint64_t base, uint64_t inheriting);
Errno fd_filestat_get(State& s, M m, uint32_t fd, uint32_t buf);
Errno fd_filestat_set_size(State& s, M m, uint32_t fd, uint64_t size);
Errno fd_filestat_set_times(State& s, M m, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst_flags);
Errno fd_pread(State& s, M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset, uint32_t nread_ptr);
Errno fd_pwrite(State& s, M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset, uint32_t nwritten_ptr);
Errno fd_read(State& s, M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nread_ptr);
Errno fd_write(State& s, M m, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nwritten_ptr);
Errno fd_prestat_get(State& s, M m, uint32_t fd, uint32_t buf);
Errno fd_prestat_dir_name(State& s, M m, uint32_t fd, uint32_t path, uint32_t path_len);
Errno fd_readdir(State& s, M m, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie, uint32_t bufused_ptr);
Errno fd_renumber(State& s, M m, uint32_t fd, uint32_t to);
Errno fd_seek(State& s, M m, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoffset_ptr);
Errno fd_tell(State& s, M m, uint32_t fd, uint32_t offset_ptr);

Errno path_create_directory(State& s, M m, uint32_t fd, uint32_t path, uint32_t path_len);
Errno path_filestat_get(State& s, M m, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len, uint32_t buf);
Errno path_filestat_set_times(State& s, M m, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                              uint64_t atim, uint64_t mtim, uint32_t fst_flags);
Errno path_link(State& s, M m, uint32_t old_fd, uint32_t old_flags, uint32_t old_path, uint32_t old_len,
                uint32_t new_fd, uint32_t new_path, uint32_t new_len);
Errno path_open(State& s, M m, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t path_len, uint32_t oflags,
                uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags, uint32_t fd_ptr);
Errno path_readlink(State& s, M m, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf, uint32_t buf_len,
                    uint32_t bufused_ptr);
Errno path_remove_directory(State& s, M m, uint32_t fd, uint32_t path, uint32_t path_len);
Errno path_rename(State& s, M m, uint32_t fd, uint32_t old_path, uint32_t old_len, uint32_t new_fd,
                  uint32_t new_path, uint32_t new_len);
Errno path_symlink(State& s, M m, uint32_t old_path, uint32_t old_len, uint32_t fd, uint32_t new_path,
                   uint32_t new_len);
Errno path_unlink_file(State& s, M m, uint32_t fd, uint32_t path, uint32_t path_len);

}  // namespace wasmrust::wasi
