// The WASI preview1 ABI as the witx files define it: errno values, rights, file types, flags
// and the byte layout of the structures the guest and the host exchange in linear memory.
//
// Depends on nothing. Values are the spec's; layouts are little-endian with the offsets
// given (wasm32: pointers and sizes are 32-bit).
#pragma once

#include <cstdint>

namespace wasmrust::wasi {

using Errno = uint16_t;

namespace err {
inline constexpr Errno kSuccess = 0, k2Big = 1, kAcces = 2, kAgain = 6, kBadf = 8, kBusy = 10, kExist = 20,
                       kFault = 21, kFbig = 22, kIlseq = 25, kIntr = 27, kInval = 28, kIo = 29, kIsdir = 31,
                       kLoop = 32, kMfile = 33, kMlink = 34, kNametoolong = 37, kNfile = 41, kNodev = 43,
                       kNoent = 44, kNomem = 48, kNospc = 51, kNosys = 52, kNotdir = 54, kNotempty = 55,
                       kNotsup = 58, kNotty = 59, kNxio = 60, kOverflow = 61, kPerm = 63, kPipe = 64,
                       kRange = 68, kRofs = 69, kSpipe = 70, kTxtbsy = 74, kXdev = 75, kNotcapable = 76;
}  // namespace err

enum class Filetype : uint8_t {
  kUnknown = 0,
  kBlockDevice = 1,
  kCharacterDevice = 2,
  kDirectory = 3,
  kRegularFile = 4,
  kSocketDgram = 5,
  kSocketStream = 6,
  kSymbolicLink = 7,
};

namespace rights {
inline constexpr uint64_t kFdDatasync = 1ull << 0, kFdRead = 1ull << 1, kFdSeek = 1ull << 2,
                          kFdFdstatSetFlags = 1ull << 3, kFdSync = 1ull << 4, kFdTell = 1ull << 5,
                          kFdWrite = 1ull << 6, kFdAdvise = 1ull << 7, kFdAllocate = 1ull << 8,
                          kPathCreateDirectory = 1ull << 9, kPathCreateFile = 1ull << 10,
                          kPathLinkSource = 1ull << 11, kPathLinkTarget = 1ull << 12, kPathOpen = 1ull << 13,
                          kFdReaddir = 1ull << 14, kPathReadlink = 1ull << 15, kPathRenameSource = 1ull << 16,
                          kPathRenameTarget = 1ull << 17, kPathFilestatGet = 1ull << 18,
                          kPathFilestatSetSize = 1ull << 19, kPathFilestatSetTimes = 1ull << 20,
                          kFdFilestatGet = 1ull << 21, kFdFilestatSetSize = 1ull << 22,
                          kFdFilestatSetTimes = 1ull << 23, kPathSymlink = 1ull << 24,
                          kPathRemoveDirectory = 1ull << 25, kPathUnlinkFile = 1ull << 26,
                          kPollFdReadwrite = 1ull << 27, kSockShutdown = 1ull << 28, kSockAccept = 1ull << 29;
inline constexpr uint64_t kAll = (1ull << 30) - 1;
/// What a regular file or a character device can do.
inline constexpr uint64_t kFile = kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync | kFdTell |
                                  kFdWrite | kFdAdvise | kFdAllocate | kFdFilestatGet | kFdFilestatSetSize |
                                  kFdFilestatSetTimes | kPollFdReadwrite;
/// What a directory can do (path operations below it included).
inline constexpr uint64_t kDirectory =
    kFdFdstatSetFlags | kFdSync | kPathCreateDirectory | kPathCreateFile | kPathLinkSource | kPathLinkTarget |
    kPathOpen | kFdReaddir | kPathReadlink | kPathRenameSource | kPathRenameTarget | kPathFilestatGet |
    kPathFilestatSetSize | kPathFilestatSetTimes | kFdFilestatGet | kFdFilestatSetTimes | kPathSymlink |
    kPathRemoveDirectory | kPathUnlinkFile;
}  // namespace rights

namespace fdflags {
inline constexpr uint16_t kAppend = 1, kDsync = 2, kNonblock = 4, kRsync = 8, kSync = 16;
}
namespace oflags {
inline constexpr uint16_t kCreat = 1, kDirectory = 2, kExcl = 4, kTrunc = 8;
}
namespace lookupflags {
inline constexpr uint32_t kSymlinkFollow = 1;
}
namespace fstflags {
inline constexpr uint16_t kAtim = 1, kAtimNow = 2, kMtim = 4, kMtimNow = 8;
}

enum class Whence : uint8_t { kSet = 0, kCur = 1, kEnd = 2 };
enum class ClockId : uint32_t { kRealtime = 0, kMonotonic = 1, kProcessCputime = 2, kThreadCputime = 3 };
enum class EventType : uint8_t { kClock = 0, kFdRead = 1, kFdWrite = 2 };
inline constexpr uint16_t kSubclockAbstime = 1;
inline constexpr uint16_t kEventFdReadwriteHangup = 1;
inline constexpr uint8_t kPreopenTypeDir = 0;

/// Byte layouts (offsets) of the structures in linear memory.
namespace layout {
// iovec / ciovec: { buf: u32, buf_len: u32 }
inline constexpr uint32_t kIovecSize = 8;
// fdstat: { fs_filetype: u8 @0, fs_flags: u16 @2, fs_rights_base: u64 @8, fs_rights_inheriting: u64 @16 }
inline constexpr uint32_t kFdstatSize = 24;
// filestat: { dev @0, ino @8, filetype: u8 @16, nlink @24, size @32, atim @40, mtim @48, ctim @56 }
inline constexpr uint32_t kFilestatSize = 64;
// prestat: { tag: u8 @0, pr_name_len: u32 @4 }
inline constexpr uint32_t kPrestatSize = 8;
// dirent: { d_next: u64 @0, d_ino: u64 @8, d_namlen: u32 @16, d_type: u8 @20 }, then the name
inline constexpr uint32_t kDirentSize = 24;
// subscription: { userdata: u64 @0, tag: u8 @8, clock: { id: u32 @16, timeout: u64 @24,
//   precision: u64 @32, flags: u16 @40 } | fd_readwrite: { fd: u32 @16 } }
inline constexpr uint32_t kSubscriptionSize = 48;
// event: { userdata: u64 @0, error: u16 @8, type: u8 @10, fd_readwrite: { nbytes: u64 @16, flags: u16 @24 } }
inline constexpr uint32_t kEventSize = 32;
}  // namespace layout

}  // namespace wasmrust::wasi

/// Return {expr}'s errno from the enclosing function unless it is success.
#define WR_WASI_TRY(expr)                                  \
  do {                                                     \
    ::wasmrust::wasi::Errno wr_wasi_e_ = (expr);           \
    if (wr_wasi_e_ != ::wasmrust::wasi::err::kSuccess) return wr_wasi_e_; \
  } while (0)
