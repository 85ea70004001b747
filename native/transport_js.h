// The NativeTransport JS class (see transport_js.cc) and the io_uring transport probe.
#pragma once

#include <napi.h>
#include <uv.h>

#include <memory>
#include <string>

#include "transport.h"

namespace simple {

class NativeTransport : public Napi::ObjectWrap<NativeTransport> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit NativeTransport(const Napi::CallbackInfo& info);
  ~NativeTransport() override;
  /** Tests: the next io_uring_submit fails as a broken ring would. */
  void InjectFault(Napi::Env env);

 private:
  Napi::Value ListenTcpJs(const Napi::CallbackInfo& info);
  Napi::Value ListenUnixJs(const Napi::CallbackInfo& info);
  Napi::Value SendJs(const Napi::CallbackInfo& info);
  Napi::Value CloseJs(const Napi::CallbackInfo& info);
  Napi::Value SetReadingJs(const Napi::CallbackInfo& info);
  Napi::Value BacklogJs(const Napi::CallbackInfo& info);
  Napi::Value StatsJs(const Napi::CallbackInfo& info);
  Napi::Value StopJs(const Napi::CallbackInfo& info);
  Napi::Value DescribeJs(const Napi::CallbackInfo& info);

  void OnReadable();
  void Dispatch();
  void ScheduleFlush();
  void StopNow();
  void CheckRunning(Napi::Env env, const char* call);

  std::unique_ptr<Core> core_;
  Napi::FunctionReference on_events_;
  std::unique_ptr<Napi::AsyncContext> context_;
  uv_poll_t* poll_ = nullptr;
  uv_prepare_t* prepare_ = nullptr;
  bool stopped_ = false;
  bool dispatching_ = false;
  // Message bodies longer than this reach JS as a Buffer of their bytes, not decoded (inlineBodyBytes):
  // decoding and parsing them is done off the JS thread.
  size_t inline_body_bytes_ = SIZE_MAX;
  bool flush_armed_ = false;
  std::string scratch_;
};

/** testing.injectRingFault(transport). */
Napi::Value InjectRingFaultJs(const Napi::CallbackInfo& info);

/** features of the io_uring transport on this machine: { ok, reason, flags }. */
Napi::Value ProbeUringTransportJs(const Napi::CallbackInfo& info);

}  // namespace simple
