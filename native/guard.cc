#include "guard.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <mutex>

namespace simple {
namespace guard {
namespace {

__attribute__((tls_model("initial-exec"))) thread_local Frame* tl_frame = nullptr;
struct sigaction g_previous;
std::atomic<uint64_t> g_faults{0};
std::once_flag g_once;
int g_install_error = 0;

void Forward(int sig, siginfo_t* info, void* context) {
  if (g_previous.sa_flags & SA_SIGINFO) {
    if (g_previous.sa_sigaction != nullptr) g_previous.sa_sigaction(sig, info, context);
    return;
  }
  if (g_previous.sa_handler == SIG_IGN) return;
  if (g_previous.sa_handler == SIG_DFL) {
    // Restore the default action and let the signal happen again: a real fault re-executes the faulting
    // instruction on return; a sent signal is re-raised (pending until this handler returns).
    struct sigaction dfl = {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, nullptr);
    if (info == nullptr || info->si_code <= 0) raise(sig);
    return;
  }
  g_previous.sa_handler(sig);
}

void Handler(int sig, siginfo_t* info, void* context) {
  Frame* frame = tl_frame;
  if (frame != nullptr && info != nullptr && info->si_code > 0) {
    const char* addr = static_cast<const char*>(info->si_addr);
    if (addr >= frame->lo && addr < frame->hi) {
      g_faults.fetch_add(1, std::memory_order_relaxed);
      sigset_t set;
      sigemptyset(&set);
      sigaddset(&set, SIGBUS);
      pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
      siglongjmp(frame->jump, 1);
    }
  }
  int saved = errno;
  Forward(sig, info, context);
  errno = saved;
}

}  // namespace

Frame*& Current() {
  return tl_frame;
}

int Install() {
  std::call_once(g_once, [] {
    struct sigaction action = {};
    action.sa_sigaction = Handler;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGBUS, &action, &g_previous) != 0) g_install_error = errno;
  });
  return g_install_error;
}

uint64_t FaultsCaught() {
  return g_faults.load(std::memory_order_relaxed);
}

}  // namespace guard
}  // namespace simple
