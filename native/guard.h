// The SIGBUS guard. Reading a mapped page past the end of a file that another process truncated raises
// SIGBUS; unguarded, that kills the process. Every native read of a mapping runs inside guard::Run: the
// handler (installed once per process, chained to the previous one) sees the thread-local frame covering the
// faulting address and siglongjmps back, so Run returns false and the caller re-stats the file. Faults
// outside a guarded range (or on threads without a frame) go to the previous handler untouched.
#pragma once

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

namespace simple {
namespace guard {

struct Frame {
  sigjmp_buf jump;
  const char* lo;
  const char* hi;
  Frame* prev;
};

/** The calling thread's innermost frame (thread-local, initial-exec TLS: safe to read in the handler). */
Frame*& Current();

/** Installs the chained SIGBUS handler; idempotent, process-wide, never uninstalled. 0 or an errno. */
int Install();

/** Faults caught by guarded reads in this process (all threads). */
uint64_t FaultsCaught();

/**
 * Runs fn() with [lo, lo + len) guarded. Returns false when a SIGBUS hit that range (fn was cut short).
 * fn must not allocate, take locks or call into JS: it may be abandoned at any instruction.
 * The jump buffer does not save the signal mask (a syscall per call); the handler unblocks SIGBUS itself.
 */
template <class Fn>
bool Run(const void* lo, size_t len, Fn&& fn) {
  Frame frame;
  frame.lo = static_cast<const char*>(lo);
  frame.hi = frame.lo + len;
  frame.prev = Current();
  if (sigsetjmp(frame.jump, 0) != 0) {
    Current() = frame.prev;
    return false;
  }
  Current() = &frame;
  fn();
  Current() = frame.prev;
  return true;
}

}  // namespace guard
}  // namespace simple
