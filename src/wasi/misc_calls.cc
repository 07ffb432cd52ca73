// WASI calls that are not about files: arguments and environment, clocks, randomness,
// yielding, and poll_oneoff (clock subscriptions, which wasi-libc's sleep uses, and fd
// readiness through ppoll).
//
// Depends on: state.h.
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "wasi/sandbox.h"
#include "wasi/state.h"

namespace wasmrust::wasi {
namespace {

// Writes {strings} as a pointer array at {ptrs} and NUL-terminated bytes at {buf}.
Errno put_strings(M m, const std::vector<std::string>& strings, uint32_t ptrs, uint32_t buf) {
  uint64_t total = 0;
  for (const std::string& str : strings) total += str.size() + 1;
  if (!m.in_bounds(ptrs, uint64_t{4} * strings.size()) || !m.in_bounds(buf, total)) return err::kFault;
  uint32_t at = buf;
  for (size_t i = 0; i < strings.size(); ++i) {
    m.write(ptrs + static_cast<uint32_t>(4 * i), at);
    uint8_t* p = m.bytes(at, strings[i].size() + 1);
    std::memcpy(p, strings[i].c_str(), strings[i].size() + 1);
    at += static_cast<uint32_t>(strings[i].size() + 1);
  }
  return err::kSuccess;
}

Errno put_sizes(M m, const std::vector<std::string>& strings, uint32_t count_ptr, uint32_t size_ptr) {
  uint64_t total = 0;
  for (const std::string& str : strings) total += str.size() + 1;
  if (!m.in_bounds(count_ptr, 4) || !m.in_bounds(size_ptr, 4)) return err::kFault;
  if (total > UINT32_MAX) return err::kOverflow;
  m.write(count_ptr, static_cast<uint32_t>(strings.size()));
  m.write(size_ptr, static_cast<uint32_t>(total));
  return err::kSuccess;
}

bool host_clock(uint32_t id, clockid_t* out) {
  switch (static_cast<ClockId>(id)) {
    case ClockId::kRealtime: *out = CLOCK_REALTIME; return true;
    case ClockId::kMonotonic: *out = CLOCK_MONOTONIC; return true;
    case ClockId::kProcessCputime: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case ClockId::kThreadCputime: *out = CLOCK_THREAD_CPUTIME_ID; return true;
  }
  return false;
}

uint64_t to_ns(const struct timespec& t) {
  return static_cast<uint64_t>(t.tv_sec) * 1000000000u + static_cast<uint64_t>(t.tv_nsec);
}

uint64_t now_ns(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return to_ns(t);
}

// One subscription, read from guest memory, with what poll_oneoff learned about it.
struct Sub {
  uint64_t userdata = 0;
  EventType type = EventType::kClock;
  Errno error = err::kSuccess;
  uint64_t deadline = 0;  ///< clock: CLOCK_MONOTONIC time at which it fires
  int host_fd = -1;       ///< fd_read / fd_write
  bool fired = false;
  uint64_t nbytes = 0;
  uint16_t flags = 0;
};

Sub read_sub(State& s, M m, uint32_t at, uint64_t start) {
  Sub sub;
  m.read(at, &sub.userdata);
  uint8_t tag = 0;
  m.read(at + 8, &tag);
  sub.type = static_cast<EventType>(tag);
  if (sub.type == EventType::kClock) {
    uint32_t id = 0;
    uint64_t timeout = 0;
    uint16_t flags = 0;
    m.read(at + 16, &id);
    m.read(at + 24, &timeout);
    m.read(at + 40, &flags);
    clockid_t c;
    if (!host_clock(id, &c)) {
      sub.error = err::kInval;
    } else if (flags & kSubclockAbstime) {
      uint64_t now = now_ns(c);  // time left on that clock, waited on the monotonic one
      sub.deadline = start + (timeout > now ? timeout - now : 0);
    } else {
      sub.deadline = start + timeout;
    }
    if (sub.deadline < start) sub.deadline = UINT64_MAX;  // overflow: never
  } else if (sub.type == EventType::kFdRead || sub.type == EventType::kFdWrite) {
    uint32_t fd = 0;
    m.read(at + 16, &fd);
    FdEntry* e;
    sub.error = s.lookup(fd, rights::kPollFdReadwrite, &e);
    if (sub.error == err::kSuccess) sub.host_fd = e->host_fd;
  } else {
    sub.error = err::kInval;
  }
  if (sub.error != err::kSuccess) sub.fired = true;
  return sub;
}

// Bytes available to read on {fd}: what is left of a regular file, else FIONREAD's count.
uint64_t readable_bytes(int fd) {
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    off_t pos = ::lseek(fd, 0, SEEK_CUR);
    return pos >= 0 && st.st_size > pos ? static_cast<uint64_t>(st.st_size - pos) : 0;
  }
  int n = 0;
  return ::ioctl(fd, FIONREAD, &n) == 0 && n > 0 ? static_cast<uint64_t>(n) : 0;
}

// Waits until a subscription fires: ppoll on the fds with the nearest clock as timeout.
void wait_for_events(std::vector<Sub>& subs) {
  std::vector<struct pollfd> pfds;
  std::vector<size_t> owner;
  bool any = false;
  for (size_t i = 0; i < subs.size(); ++i) {
    any = any || subs[i].fired;
    if (subs[i].fired || subs[i].host_fd < 0) continue;
    pfds.push_back({subs[i].host_fd, static_cast<short>(subs[i].type == EventType::kFdRead ? POLLIN : POLLOUT), 0});
    owner.push_back(i);
  }
  for (;;) {
    uint64_t now = now_ns(CLOCK_MONOTONIC), nearest = UINT64_MAX;
    for (Sub& sub : subs) {
      if (sub.type != EventType::kClock || sub.error != err::kSuccess) continue;
      if (sub.deadline <= now) sub.fired = any = true;
      else nearest = std::min(nearest, sub.deadline - now);
    }
    if (any) nearest = 0;  // report what is ready without waiting
    if (nearest == UINT64_MAX && pfds.empty()) return;
    struct timespec ts = {static_cast<time_t>(nearest / 1000000000u), static_cast<long>(nearest % 1000000000u)};
    int n = ::ppoll(pfds.data(), pfds.size(), nearest == UINT64_MAX ? nullptr : &ts, nullptr);
    if (n < 0 && errno != EINTR) return;
    for (size_t k = 0; n > 0 && k < pfds.size(); ++k) {
      if (!pfds[k].revents) continue;
      Sub& sub = subs[owner[k]];
      sub.fired = any = true;
      if (pfds[k].revents & POLLNVAL) sub.error = err::kBadf;
      else if (pfds[k].revents & POLLERR) sub.error = err::kIo;
      if (pfds[k].revents & POLLHUP) sub.flags |= kEventFdReadwriteHangup;
      if (sub.type == EventType::kFdRead && sub.error == err::kSuccess) sub.nbytes = readable_bytes(sub.host_fd);
    }
    if (any) {  // clocks that expired meanwhile fire too
      uint64_t t = now_ns(CLOCK_MONOTONIC);
      for (Sub& sub : subs)
        if (sub.type == EventType::kClock && sub.error == err::kSuccess && sub.deadline <= t) sub.fired = true;
      return;
    }
  }
}

}  // namespace

Errno args_sizes_get(State& s, M m, uint32_t argc_ptr, uint32_t buf_size_ptr) {
  return put_sizes(m, s.args, argc_ptr, buf_size_ptr);
}
Errno args_get(State& s, M m, uint32_t argv, uint32_t argv_buf) { return put_strings(m, s.args, argv, argv_buf); }
Errno environ_sizes_get(State& s, M m, uint32_t count_ptr, uint32_t buf_size_ptr) {
  return put_sizes(m, s.env, count_ptr, buf_size_ptr);
}
Errno environ_get(State& s, M m, uint32_t environ, uint32_t environ_buf) {
  return put_strings(m, s.env, environ, environ_buf);
}

// Writes {query}(clock {id}) in nanoseconds at {out}: clock_getres or clock_gettime.
static Errno clock_query(M m, uint32_t id, uint32_t out, int (*query)(clockid_t, struct timespec*)) {
  clockid_t c;
  if (!host_clock(id, &c)) return err::kInval;
  if (!m.in_bounds(out, 8)) return err::kFault;
  struct timespec t;
  if (query(c, &t) != 0) return errno_from_host(errno);
  m.write(out, to_ns(t));
  return err::kSuccess;
}

Errno clock_res_get(State&, M m, uint32_t id, uint32_t res_ptr) { return clock_query(m, id, res_ptr, ::clock_getres); }

// {precision} is a hint the host clocks need not take.
Errno clock_time_get(State&, M m, uint32_t id, uint64_t, uint32_t time_ptr) {
  return clock_query(m, id, time_ptr, ::clock_gettime);
}

Errno random_get(State&, M m, uint32_t buf, uint32_t len) {
  uint8_t* p = m.bytes(buf, len);
  if (!p) return err::kFault;
  for (uint32_t done = 0; done < len;) {
    ssize_t n = ::getrandom(p + done, len - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_from_host(errno);
    }
    done += static_cast<uint32_t>(n);
  }
  return err::kSuccess;
}

Errno sched_yield(State&, M) {
  ::sched_yield();
  return err::kSuccess;
}

Errno poll_oneoff(State& s, M m, uint32_t in, uint32_t out, uint32_t nsubs, uint32_t nevents_ptr) {
  if (nsubs == 0) return err::kInval;
  if (!m.in_bounds(in, uint64_t{nsubs} * layout::kSubscriptionSize) ||
      !m.in_bounds(out, uint64_t{nsubs} * layout::kEventSize) || !m.in_bounds(nevents_ptr, 4))
    return err::kFault;
  uint64_t start = now_ns(CLOCK_MONOTONIC);
  std::vector<Sub> subs;
  subs.reserve(nsubs);
  for (uint32_t i = 0; i < nsubs; ++i) subs.push_back(read_sub(s, m, in + i * layout::kSubscriptionSize, start));
  wait_for_events(subs);
  uint32_t n = 0;
  for (const Sub& sub : subs) {
    if (!sub.fired) continue;
    uint8_t* ev = m.bytes(out + n * layout::kEventSize, layout::kEventSize);
    std::memset(ev, 0, layout::kEventSize);
    std::memcpy(ev, &sub.userdata, 8);
    std::memcpy(ev + 8, &sub.error, 2);
    ev[10] = static_cast<uint8_t>(sub.type);
    if (sub.type != EventType::kClock) {
      std::memcpy(ev + 16, &sub.nbytes, 8);
      std::memcpy(ev + 24, &sub.flags, 2);
    }
    ++n;
  }
  m.write(nevents_ptr, n);
  return err::kSuccess;
}

}  // namespace wasmrust::wasi
