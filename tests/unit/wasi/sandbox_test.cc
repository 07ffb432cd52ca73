// The WASI sandbox: every way out of a preopened directory (`..`, absolute paths, symlinks
// to absolute or climbing targets, intermediate or final, rename/link/symlink/mkdir/unlink
// out) fails with ENOTCAPABLE, through both resolvers (openat2 and the component walk),
// both at the resolver and through the WASI calls themselves; what stays inside works.
//
// Fixture: a temporary root holding `box/` (the preopen, with a.txt, sub/b.txt and links)
// and `outside.txt` / `secret/` next to it that nothing may reach.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "wasi/sandbox.h"
#include "wasi/state.h"

using namespace wasmrust::wasi;

namespace {

void write_file(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  ::close(fd);
}

bool exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

// A fresh tree per test; removed at the end.
struct Tree {
  std::string root;
  std::string box;
  int box_fd = -1;
  Tree() {
    char tmpl[] = "/tmp/wr-sandbox-XXXXXX";
    REQUIRE(::mkdtemp(tmpl));
    root = tmpl;
    box = root + "/box";
    REQUIRE(::mkdir(box.c_str(), 0755) == 0);
    REQUIRE(::mkdir((box + "/sub").c_str(), 0755) == 0);
    REQUIRE(::mkdir((root + "/secret").c_str(), 0755) == 0);
    write_file(box + "/a.txt", "inside");
    write_file(box + "/sub/b.txt", "deeper");
    write_file(root + "/outside.txt", "outside");
    write_file(root + "/secret/key", "key");
    REQUIRE(::symlink("/etc", (box + "/abs").c_str()) == 0);             // absolute target
    REQUIRE(::symlink("../secret", (box + "/up").c_str()) == 0);         // climbs out
    REQUIRE(::symlink("../../outside.txt", (box + "/sub/up2").c_str()) == 0);
    REQUIRE(::symlink("sub/b.txt", (box + "/in").c_str()) == 0);          // stays inside
    REQUIRE(::symlink("../a.txt", (box + "/sub/back").c_str()) == 0);     // `..` but inside
    REQUIRE(::symlink("loop2", (box + "/loop1").c_str()) == 0);
    REQUIRE(::symlink("loop1", (box + "/loop2").c_str()) == 0);
    box_fd = ::open(box.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    REQUIRE(box_fd >= 0);
  }
  ~Tree() {
    ::close(box_fd);
    std::string cmd = "rm -rf '" + root + "'";
    if (std::system(cmd.c_str()) != 0) WARN("could not remove " << root);
  }
};

std::vector<ResolveMethod> methods() {
  std::vector<ResolveMethod> m{ResolveMethod::kWalk};
  if (have_openat2()) m.push_back(ResolveMethod::kOpenat2);
  else WARN("this kernel has no openat2: only the component walk is tested");
  return m;
}

Errno open_at(const Tree& t, const std::string& path, ResolveMethod method, bool follow = true,
              int flags = O_RDONLY) {
  int fd = -1;
  Errno e = open_beneath(t.box_fd, path, flags, 0644, follow, &fd, method);
  if (fd >= 0) ::close(fd);
  return e;
}

// A State with stdio and one preopen (fd 3), and a guest memory of 64 KiB.
struct Host {
  State s;
  std::vector<uint8_t> bytes = std::vector<uint8_t>(65536);
  GuestMemory m{bytes.data(), bytes.size()};
  explicit Host(const Tree& t) {
    for (int i = 0; i < 3; ++i) {  // stdio placeholders without any rights
      s.fds.push_back(std::make_unique<FdEntry>());
      s.fds.back()->owned = false;
    }
    auto e = std::make_unique<FdEntry>();
    e->host_fd = ::dup(t.box_fd);
    e->type = Filetype::kDirectory;
    e->rights_base = rights::kDirectory;
    e->rights_inheriting = rights::kDirectory | rights::kFile;
    e->preopen = "/box";
    s.fds.push_back(std::move(e));
  }
  // Puts {text} at {at} in guest memory; returns its length.
  uint32_t put(uint32_t at, const std::string& text) {
    std::memcpy(bytes.data() + at, text.data(), text.size());
    return static_cast<uint32_t>(text.size());
  }
  Errno open(const std::string& path, uint32_t dirflags = lookupflags::kSymlinkFollow, uint32_t oflags = 0) {
    uint32_t len = put(1024, path);
    return path_open(s, m, 3, dirflags, 1024, len, oflags, rights::kFile, 0, 0, 16);
  }
  Errno rename(const std::string& from, const std::string& to) {
    uint32_t a = put(1024, from), b = put(2048, to);
    return path_rename(s, m, 3, 1024, a, 3, 2048, b);
  }
};

}  // namespace

TEST_CASE("resolver: paths inside the preopen open", "[sandbox]") {
  Tree t;
  for (ResolveMethod method : methods()) {
    CAPTURE(static_cast<int>(method));
    CHECK(open_at(t, "a.txt", method) == err::kSuccess);
    CHECK(open_at(t, "sub/b.txt", method) == err::kSuccess);
    CHECK(open_at(t, "sub/../a.txt", method) == err::kSuccess);
    CHECK(open_at(t, "./sub/./b.txt", method) == err::kSuccess);
    CHECK(open_at(t, "in", method) == err::kSuccess);          // symlink inside
    CHECK(open_at(t, "sub/back", method) == err::kSuccess);    // `..` in a link, still inside
    CHECK(open_at(t, ".", method, true, O_RDONLY | O_DIRECTORY) == err::kSuccess);
    CHECK(open_at(t, "sub/", method, true, O_RDONLY | O_DIRECTORY) == err::kSuccess);
    CHECK(open_at(t, "missing", method) == err::kNoent);
    CHECK(open_at(t, "a.txt/x", method) == err::kNotdir);
  }
}

TEST_CASE("resolver: every escape fails with ENOTCAPABLE", "[sandbox]") {
  Tree t;
  for (ResolveMethod method : methods()) {
    CAPTURE(static_cast<int>(method));
    CHECK(open_at(t, "..", method, true, O_RDONLY | O_DIRECTORY) == err::kNotcapable);
    CHECK(open_at(t, "../outside.txt", method) == err::kNotcapable);
    CHECK(open_at(t, "sub/../../outside.txt", method) == err::kNotcapable);
    CHECK(open_at(t, "sub/../sub/../../secret/key", method) == err::kNotcapable);
    CHECK(open_at(t, "/etc/passwd", method) == err::kNotcapable);
    CHECK(open_at(t, t.root + "/outside.txt", method) == err::kNotcapable);
    CHECK(open_at(t, "abs/passwd", method) == err::kNotcapable);   // intermediate absolute link
    CHECK(open_at(t, "abs", method, true, O_RDONLY | O_DIRECTORY) == err::kNotcapable);  // final
    CHECK(open_at(t, "up/key", method) == err::kNotcapable);       // intermediate climbing link
    CHECK(open_at(t, "sub/up2", method) == err::kNotcapable);      // final climbing link
    CHECK(open_at(t, "loop1", method) == err::kLoop);
    // Creating through an escaping link must not create anything outside.
    CHECK(open_at(t, "up/new", method, true, O_WRONLY | O_CREAT) == err::kNotcapable);
    CHECK_FALSE(exists(t.root + "/secret/new"));
  }
}

TEST_CASE("resolver: a final symlink is not followed without follow_final", "[sandbox]") {
  Tree t;
  for (ResolveMethod method : methods()) {
    CAPTURE(static_cast<int>(method));
    int fd = -1;
    // O_PATH | O_NOFOLLOW opens the link itself, which is harmless: it names no target.
    REQUIRE(open_beneath(t.box_fd, "abs", O_PATH, 0, false, &fd, method) == err::kSuccess);
    struct stat st;
    REQUIRE(::fstat(fd, &st) == 0);
    CHECK(S_ISLNK(st.st_mode));
    ::close(fd);
    CHECK(open_at(t, "abs", method, false) == err::kLoop);  // O_NOFOLLOW on a link: ELOOP
  }
}

TEST_CASE("path_open refuses escapes and opens what is inside", "[sandbox][wasi]") {
  Tree t;
  Host h(t);
  CHECK(h.open("../outside.txt") == err::kNotcapable);
  CHECK(h.open("/etc/passwd") == err::kNotcapable);
  CHECK(h.open("abs/passwd") == err::kNotcapable);
  CHECK(h.open("up/key") == err::kNotcapable);
  CHECK(h.open("sub/up2") == err::kNotcapable);
  CHECK(h.open("up/made", lookupflags::kSymlinkFollow, oflags::kCreat) == err::kNotcapable);
  CHECK_FALSE(exists(t.root + "/secret/made"));
  REQUIRE(h.open("sub/../a.txt") == err::kSuccess);
  uint32_t fd = 0;
  std::memcpy(&fd, h.bytes.data() + 16, 4);
  CHECK(fd == 4);  // the lowest free descriptor after the preopen
  // Without SYMLINK_FOLLOW a final link is refused rather than opened.
  CHECK(h.open("in", 0) == err::kLoop);
  CHECK(h.open("in") == err::kSuccess);
  CHECK(h.open("a.txt", 0, oflags::kCreat | oflags::kExcl) == err::kExist);
}

TEST_CASE("path calls cannot act outside the preopen", "[sandbox][wasi]") {
  Tree t;
  Host h(t);
  // rename out, and in from outside
  CHECK(h.rename("a.txt", "../stolen.txt") == err::kNotcapable);
  CHECK(h.rename("a.txt", "up/stolen.txt") == err::kNotcapable);
  CHECK(h.rename("../outside.txt", "got.txt") == err::kNotcapable);
  CHECK(h.rename("/etc/hostname", "got.txt") == err::kNotcapable);
  CHECK(exists(t.box + "/a.txt"));
  CHECK_FALSE(exists(t.root + "/stolen.txt"));
  CHECK_FALSE(exists(t.root + "/secret/stolen.txt"));
  CHECK(h.rename("a.txt", "sub/moved.txt") == err::kSuccess);
  CHECK(exists(t.box + "/sub/moved.txt"));
  // a rename of a symlink moves the link, never its target
  CHECK(h.rename("up", "sub/up-moved") == err::kSuccess);
  CHECK(exists(t.root + "/secret/key"));

  uint32_t n = h.put(1024, "../evil");
  CHECK(path_create_directory(h.s, h.m, 3, 1024, n) == err::kNotcapable);
  CHECK_FALSE(exists(t.root + "/evil"));
  n = h.put(1024, "abs/evil");
  CHECK(path_create_directory(h.s, h.m, 3, 1024, n) == err::kNotcapable);
  n = h.put(1024, "newdir");
  CHECK(path_create_directory(h.s, h.m, 3, 1024, n) == err::kSuccess);
  CHECK(path_remove_directory(h.s, h.m, 3, 1024, n) == err::kSuccess);
  n = h.put(1024, "../secret");
  CHECK(path_remove_directory(h.s, h.m, 3, 1024, n) == err::kNotcapable);
  n = h.put(1024, "../outside.txt");
  CHECK(path_unlink_file(h.s, h.m, 3, 1024, n) == err::kNotcapable);
  n = h.put(1024, "sub/up2/x");
  CHECK(path_unlink_file(h.s, h.m, 3, 1024, n) == err::kNotcapable);  // through an escaping link
  CHECK(exists(t.root + "/outside.txt"));
  // symlinks: an absolute target is refused outright
  uint32_t a = h.put(1024, "/etc/passwd"), b = h.put(2048, "newlink");
  CHECK(path_symlink(h.s, h.m, 1024, a, 3, 2048, b) == err::kNotcapable);
  a = h.put(1024, "../outside.txt");
  b = h.put(2048, "../newlink");
  CHECK(path_symlink(h.s, h.m, 1024, a, 3, 2048, b) == err::kNotcapable);
  // link from outside
  a = h.put(1024, "../outside.txt");
  b = h.put(2048, "hard");
  CHECK(path_link(h.s, h.m, 3, 0, 1024, a, 3, 2048, b) == err::kNotcapable);
  a = h.put(1024, "sub/up2");
  CHECK(path_link(h.s, h.m, 3, lookupflags::kSymlinkFollow, 1024, a, 3, 2048, b) == err::kNotcapable);
  CHECK_FALSE(exists(t.box + "/hard"));
  // stat of something outside
  n = h.put(1024, "../outside.txt");
  CHECK(path_filestat_get(h.s, h.m, 3, lookupflags::kSymlinkFollow, 1024, n, 4096) == err::kNotcapable);
  n = h.put(1024, "sub/up2");
  CHECK(path_filestat_get(h.s, h.m, 3, lookupflags::kSymlinkFollow, 1024, n, 4096) == err::kNotcapable);
  CHECK(path_filestat_get(h.s, h.m, 3, 0, 1024, n, 4096) == err::kSuccess);  // the link itself
  CHECK(h.bytes[4096 + 16] == static_cast<uint8_t>(Filetype::kSymbolicLink));
}

TEST_CASE("guest pointers are bounds-checked: EFAULT, never a host access", "[wasi]") {
  Tree t;
  Host h(t);
  const uint32_t end = static_cast<uint32_t>(h.bytes.size());
  uint32_t n = h.put(1024, "a.txt");
  // the path itself, and the result pointer, past the end (and wrapping around 2^32)
  CHECK(path_open(h.s, h.m, 3, 0, end - 2, n, 0, rights::kFile, 0, 0, 16) == err::kFault);
  CHECK(path_open(h.s, h.m, 3, 0, 0xFFFFFFF0u, 0x20, 0, rights::kFile, 0, 0, 16) == err::kFault);
  CHECK(path_open(h.s, h.m, 3, 0, 1024, n, 0, rights::kFile, 0, 0, end - 3) == err::kFault);
  // an iovec array out of bounds, and an iovec pointing out of bounds
  REQUIRE(h.open("a.txt") == err::kSuccess);
  CHECK(fd_write(h.s, h.m, 4, end - 4, 1, 0) == err::kFault);
  uint32_t iov[2] = {end - 8, 16};
  std::memcpy(h.bytes.data() + 512, iov, 8);
  CHECK(fd_read(h.s, h.m, 4, 512, 1, 600) == err::kFault);
  iov[0] = 0xFFFFFFF8u;
  std::memcpy(h.bytes.data() + 512, iov, 8);
  CHECK(fd_read(h.s, h.m, 4, 512, 1, 600) == err::kFault);
  iov[0] = 700;
  iov[1] = 6;
  std::memcpy(h.bytes.data() + 512, iov, 8);
  REQUIRE(fd_read(h.s, h.m, 4, 512, 1, 600) == err::kSuccess);
  CHECK(std::string(reinterpret_cast<char*>(h.bytes.data() + 700), 6) == "inside");
  // everything else that writes to the guest
  CHECK(random_get(h.s, h.m, end - 4, 8) == err::kFault);
  CHECK(clock_time_get(h.s, h.m, 0, 0, end - 4) == err::kFault);
  CHECK(fd_fdstat_get(h.s, h.m, 3, end - 8) == err::kFault);
  CHECK(fd_prestat_get(h.s, h.m, 3, end - 4) == err::kFault);
  CHECK(fd_prestat_dir_name(h.s, h.m, 3, end - 2, 4) == err::kFault);
  CHECK(fd_readdir(h.s, h.m, 3, end - 10, 100, 0, 0) == err::kFault);
  CHECK(args_get(h.s, h.m, end, 0) == err::kSuccess);  // no arguments: nothing to write
  h.s.args = {"prog", "x"};
  CHECK(args_get(h.s, h.m, end - 4, 0) == err::kFault);
  CHECK(args_sizes_get(h.s, h.m, end, 0) == err::kFault);
  CHECK(poll_oneoff(h.s, h.m, end - 8, 0, 1, 100) == err::kFault);
}

TEST_CASE("descriptors: bad fds, rights, readdir, prestat", "[wasi]") {
  Tree t;
  Host h(t);
  CHECK(fd_close(h.s, h.m, 99) == err::kBadf);
  CHECK(fd_write(h.s, h.m, 0, 0, 0, 0) == err::kNotcapable);  // the placeholder has no rights
  CHECK(fd_read(h.s, h.m, 3, 0, 0, 0) == err::kNotcapable);  // a directory has no fd_read right
  REQUIRE(fd_prestat_get(h.s, h.m, 3, 100) == err::kSuccess);
  CHECK(h.bytes[100] == kPreopenTypeDir);
  uint32_t len = 0;
  std::memcpy(&len, h.bytes.data() + 104, 4);
  CHECK(len == 4);
  CHECK(fd_prestat_dir_name(h.s, h.m, 3, 200, 2) == err::kNametoolong);
  REQUIRE(fd_prestat_dir_name(h.s, h.m, 3, 200, 4) == err::kSuccess);
  CHECK(std::string(reinterpret_cast<char*>(h.bytes.data() + 200), 4) == "/box");
  // readdir: every entry once, names after 24-byte headers, resumable from any cookie
  REQUIRE(fd_readdir(h.s, h.m, 3, 8192, 4096, 0, 300) == err::kSuccess);
  uint32_t used = 0;
  std::memcpy(&used, h.bytes.data() + 300, 4);
  std::vector<std::string> names;
  for (uint32_t at = 0; at + layout::kDirentSize <= used;) {
    uint32_t namlen = 0;
    std::memcpy(&namlen, h.bytes.data() + 8192 + at + 16, 4);
    names.emplace_back(reinterpret_cast<char*>(h.bytes.data() + 8192 + at + layout::kDirentSize), namlen);
    at += layout::kDirentSize + namlen;
  }
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{".", "..", "a.txt", "abs", "in", "loop1", "loop2", "sub", "up"});
  // a small buffer is filled completely (the guest then retries with a bigger one)
  REQUIRE(fd_readdir(h.s, h.m, 3, 8192, 30, 0, 300) == err::kSuccess);
  std::memcpy(&used, h.bytes.data() + 300, 4);
  CHECK(used == 30);
  REQUIRE(h.open("a.txt") == err::kSuccess);
  CHECK(fd_readdir(h.s, h.m, 4, 8192, 100, 0, 300) == err::kNotcapable);  // a file
  CHECK(fd_seek(h.s, h.m, 4, 2, 0, 400) == err::kSuccess);
  uint64_t pos = 0;
  std::memcpy(&pos, h.bytes.data() + 400, 8);
  CHECK(pos == 2);
  CHECK(fd_tell(h.s, h.m, 4, 408) == err::kSuccess);
  CHECK(fd_close(h.s, h.m, 4) == err::kSuccess);
  CHECK(fd_close(h.s, h.m, 4) == err::kBadf);
}

TEST_CASE("clocks, random_get, poll_oneoff on a clock", "[wasi]") {
  Tree t;
  Host h(t);
  REQUIRE(clock_time_get(h.s, h.m, static_cast<uint32_t>(ClockId::kMonotonic), 0, 100) == err::kSuccess);
  uint64_t t0 = 0;
  std::memcpy(&t0, h.bytes.data() + 100, 8);
  CHECK(t0 > 0);
  CHECK(clock_time_get(h.s, h.m, 99, 0, 100) == err::kInval);
  REQUIRE(clock_res_get(h.s, h.m, static_cast<uint32_t>(ClockId::kRealtime), 108) == err::kSuccess);
  REQUIRE(random_get(h.s, h.m, 200, 64) == err::kSuccess);
  CHECK(std::count(h.bytes.begin() + 200, h.bytes.begin() + 264, 0) < 16);
  // one relative clock subscription of 2 ms: one event, its userdata, no error
  uint8_t* sub = h.bytes.data() + 1000;
  uint64_t userdata = 0x1234, timeout = 2000000;
  std::memcpy(sub, &userdata, 8);
  sub[8] = static_cast<uint8_t>(EventType::kClock);
  uint32_t clock = static_cast<uint32_t>(ClockId::kMonotonic);
  std::memcpy(sub + 16, &clock, 4);
  std::memcpy(sub + 24, &timeout, 8);
  REQUIRE(poll_oneoff(h.s, h.m, 1000, 2000, 1, 3000) == err::kSuccess);
  uint32_t nevents = 0;
  std::memcpy(&nevents, h.bytes.data() + 3000, 4);
  CHECK(nevents == 1);
  uint64_t got = 0;
  std::memcpy(&got, h.bytes.data() + 2000, 8);
  CHECK(got == userdata);
  CHECK(h.bytes[2000 + 8] == 0);  // error: success
  uint64_t t1 = 0;
  REQUIRE(clock_time_get(h.s, h.m, clock, 0, 100) == err::kSuccess);
  std::memcpy(&t1, h.bytes.data() + 100, 8);
  CHECK(t1 - t0 >= timeout);
  CHECK(poll_oneoff(h.s, h.m, 1000, 2000, 0, 3000) == err::kInval);
}
