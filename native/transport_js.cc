// NativeTransport: the JS face of the native transport. Owns a Core (io_uring or epoll), a uv_poll_t on
// the core's descriptor, and a uv_prepare_t that flushes output queued outside a dispatch before the loop
// blocks. Everything that became ready in one loop turn reaches JS in one call: onEvents(flat) with
// flat = [kind, id, text, kind, id, text, ...] (kinds: see EventKind in transport.h); a message body over
// inlineBodyBytes is a Buffer of its UTF-8 bytes instead of a string.
#include <napi.h>
#include <uv.h>

#include "addon.h"
#include "errors.h"
#include "transport.h"
#include "transport_js.h"

namespace simple {

Napi::Function NativeTransport::Define(Napi::Env env) {
  return DefineClass(env, "NativeTransport",
                     {
                         InstanceMethod<&NativeTransport::ListenTcpJs>("listenTcp"),
                         InstanceMethod<&NativeTransport::ListenUnixJs>("listenUnix"),
                         InstanceMethod<&NativeTransport::SendJs>("send"),
                         InstanceMethod<&NativeTransport::CloseJs>("close"),
                         InstanceMethod<&NativeTransport::SetReadingJs>("setReading"),
                         InstanceMethod<&NativeTransport::BacklogJs>("backlog"),
                         InstanceMethod<&NativeTransport::StatsJs>("stats"),
                         InstanceMethod<&NativeTransport::StopJs>("stop"),
                         InstanceAccessor<&NativeTransport::DescribeJs>("description"),
                     });
}

NativeTransport::NativeTransport(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeTransport>(info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsString() || !info[1].IsObject() || !info[2].IsFunction())
    throw Napi::TypeError::New(env, "NativeTransport(kind, options, onEvents): bad arguments");
  std::string kind = info[0].As<Napi::String>().Utf8Value();
  Napi::Object o = info[1].As<Napi::Object>();
  TransportOptions opts;
  auto num = [&](const char* key, size_t* out) {
    Napi::Value v = o.Get(key);
    if (!v.IsNumber()) return;
    double d = v.As<Napi::Number>().DoubleValue();
    // Below 1, NaN or Infinity: the default stays.
    if (d >= 1 && d <= 9007199254740991.0) *out = static_cast<size_t>(d);
  };
  num("maxConnections", &opts.max_connections);
  num("maxMessageBytes", &opts.max_message_bytes);
  num("maxOutputBytes", &opts.max_output_bytes);
  num("maxInputBytes", &opts.max_input_bytes);
  num("inlineBodyBytes", &inline_body_bytes_);
  if (kind == "epoll") {
    core_ = MakeEpollCore(opts);
#ifdef SIMPLE_HAVE_URING
  } else if (kind == "uring") {
    core_ = MakeUringCore(opts);
#endif
  } else {
    throw Napi::Error::New(env, "NativeTransport: unknown or unavailable backend '" + kind + "'");
  }
  std::string what;
  int r = core_->Init(&what);
  if (r < 0) throw ErrnoError(env, what.c_str(), -r);
  on_events_ = Napi::Persistent(info[2].As<Napi::Function>());
  context_.reset(new Napi::AsyncContext(env, "simple-lsp:transport"));
  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(env, &loop);
  poll_ = new uv_poll_t;
  prepare_ = new uv_prepare_t;
  uv_poll_init(loop, poll_, core_->PollFd());
  uv_prepare_init(loop, prepare_);
  poll_->data = this;
  prepare_->data = this;
  uv_unref(reinterpret_cast<uv_handle_t*>(prepare_));
  uv_poll_start(poll_, UV_READABLE,
                [](uv_poll_t* h, int, int) { static_cast<NativeTransport*>(h->data)->OnReadable(); });
  Ref();  // alive while running, whatever JS holds
  env.AddCleanupHook([this] { StopNow(); });
}

NativeTransport::~NativeTransport() {
  StopNow();
}

void NativeTransport::StopNow() {
  if (stopped_) return;
  stopped_ = true;
  if (core_) core_->Shutdown();
  auto free_handle = [](uv_handle_t* h) {
    if (h->type == UV_POLL)
      delete reinterpret_cast<uv_poll_t*>(h);
    else
      delete reinterpret_cast<uv_prepare_t*>(h);
  };
  if (poll_ != nullptr) {
    uv_poll_stop(poll_);
    uv_close(reinterpret_cast<uv_handle_t*>(poll_), free_handle);
    poll_ = nullptr;
  }
  if (prepare_ != nullptr) {
    uv_prepare_stop(prepare_);
    uv_close(reinterpret_cast<uv_handle_t*>(prepare_), free_handle);
    prepare_ = nullptr;
  }
}

void NativeTransport::OnReadable() {
  if (stopped_) return;
  core_->OnReadable();
  Dispatch();
  if (!stopped_) core_->Flush();
  // A flush can itself produce events (an output cap hit, a failed ring): they go out in this turn too.
  if (!stopped_ && !core_->events().empty()) {
    Dispatch();
    if (!stopped_) core_->Flush();
  }
}

void NativeTransport::Dispatch() {
  std::vector<Event>& events = core_->events();
  if (events.empty() || stopped_) return;
  Napi::Env env = Env();
  Napi::HandleScope scope(env);
  std::vector<Event> batch;
  batch.swap(events);
  Napi::Array flat = Napi::Array::New(env, batch.size() * 3);
  uint32_t i = 0;
  for (const Event& e : batch) {
    flat.Set(i++, Napi::Number::New(env, static_cast<int>(e.kind)));
    flat.Set(i++, Napi::Number::New(env, e.id));
    if (e.kind == EventKind::kMessage && e.text.size() > inline_body_bytes_)
      flat.Set(i++, Napi::Buffer<char>::Copy(env, e.text.data(), e.text.size()));
    else
      flat.Set(i++, Napi::String::New(env, e.text.data(), e.text.size()));
  }
  core_->mutable_stats().batches++;
  dispatching_ = true;
  try {
    on_events_.MakeCallback(Value(), {flat}, *context_);
  } catch (const Napi::Error& e) {
    // An exception in the JS handler: Node's uncaughtException path decides (the server logs and serves on).
    napi_fatal_exception(env, e.Value());
  }
  dispatching_ = false;
}

void NativeTransport::ScheduleFlush() {
  if (dispatching_ || stopped_ || prepare_ == nullptr || flush_armed_) return;
  flush_armed_ = true;
  uv_prepare_start(prepare_, [](uv_prepare_t* h) {
    auto* self = static_cast<NativeTransport*>(h->data);
    uv_prepare_stop(h);
    self->flush_armed_ = false;
    if (self->stopped_) return;
    self->core_->Flush();
    self->Dispatch();  // a flush can close connections (output cap, failed ring): tell JS
  });
}

Napi::Value NativeTransport::ListenTcpJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckRunning(env, "listenTcp");
  std::string host = info[0].As<Napi::String>().Utf8Value();
  int port = info[1].As<Napi::Number>().Int32Value();
  int backlog = info.Length() > 2 && info[2].IsNumber() ? info[2].As<Napi::Number>().Int32Value() : 1024;
  std::string what;
  int bound = 0;
  int fd = ListenTcp(host, port, backlog, &bound, &what);
  if (fd < 0) throw ErrnoError(env, what.c_str(), -fd, host + ":" + std::to_string(port));
  int r = core_->AddListener(fd, &what);
  if (r < 0) throw ErrnoError(env, what.c_str(), -r);
  return Napi::Number::New(env, bound);
}

Napi::Value NativeTransport::ListenUnixJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckRunning(env, "listenUnix");
  std::string path = info[0].As<Napi::String>().Utf8Value();
  std::string what;
  int fd = ListenUnix(path, 1024, &what);
  if (fd < 0) throw ErrnoError(env, what.c_str(), -fd, path);
  int r = core_->AddListener(fd, &what);
  if (r < 0) throw ErrnoError(env, what.c_str(), -r);
  return env.Undefined();
}

/** send(id, body: string): queues one framed message; false when the connection is gone. */
Napi::Value NativeTransport::SendJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (stopped_) return Napi::Boolean::New(env, false);
  double id = info[0].As<Napi::Number>().DoubleValue();
  napi_value s = info[1];
  size_t len = 0;
  if (napi_get_value_string_utf8(env, s, nullptr, 0, &len) != napi_ok)
    throw Napi::TypeError::New(env, "send: body must be a string");
  scratch_.resize(len + 1);
  napi_get_value_string_utf8(env, s, &scratch_[0], len + 1, &len);
  bool ok = core_->Send(id, scratch_.data(), len);
  ScheduleFlush();
  return Napi::Boolean::New(env, ok);
}

/** close(id, reason, afterFlush): the closed event follows (in a later batch). */
Napi::Value NativeTransport::CloseJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (stopped_) return Napi::Boolean::New(env, false);
  double id = info[0].As<Napi::Number>().DoubleValue();
  std::string reason = info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "closed by the server";
  bool after = info[2].ToBoolean();
  bool ok = core_->Close(id, reason, after);
  ScheduleFlush();
  if (!dispatching_ && !core_->events().empty()) ScheduleFlush();
  return Napi::Boolean::New(env, ok);
}

/** setReading(id, reading): back-pressure; false when the connection is gone. */
Napi::Value NativeTransport::SetReadingJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (stopped_) return Napi::Boolean::New(env, false);
  double id = info[0].As<Napi::Number>().DoubleValue();
  bool ok = core_->SetReading(id, info[1].ToBoolean());
  ScheduleFlush();  // io_uring: a re-armed recv is submitted before the loop blocks
  return Napi::Boolean::New(env, ok);
}

/** backlog(id): { input, output } bytes held for the connection (zeros when it is gone). */
Napi::Value NativeTransport::BacklogJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  size_t input = 0, output = 0;
  if (!stopped_) core_->Backlog(info[0].As<Napi::Number>().DoubleValue(), &input, &output);
  Napi::Object o = Napi::Object::New(env);
  o.Set("input", static_cast<double>(input));
  o.Set("output", static_cast<double>(output));
  return o;
}

Napi::Value NativeTransport::StatsJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const TransportStats& s = core_->stats();
  Napi::Object o = Napi::Object::New(env);
  o.Set("connections", static_cast<double>(stopped_ ? 0 : core_->live()));
  o.Set("accepted", s.accepted);
  o.Set("refused", s.refused);
  o.Set("closed", s.closed);
  o.Set("messagesIn", s.messages_in);
  o.Set("messagesOut", s.messages_out);
  o.Set("bytesIn", s.bytes_in);
  o.Set("bytesOut", s.bytes_out);
  o.Set("batches", s.batches);
  o.Set("submits", s.submits);
  return o;
}

Napi::Value NativeTransport::StopJs(const Napi::CallbackInfo& info) {
  if (!stopped_) {
    StopNow();
    Unref();
  }
  return info.Env().Undefined();
}

void NativeTransport::InjectFault(Napi::Env env) {
  CheckRunning(env, "injectRingFault");
  core_->InjectFault();
}

/** testing.injectRingFault(transport): the transport's next io_uring_submit fails as a broken ring would. */
Napi::Value InjectRingFaultJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject())
    throw Napi::TypeError::New(env, "injectRingFault(transport): a NativeTransport is required");
  Napi::Object o = info[0].As<Napi::Object>();
  AddonData* data = env.GetInstanceData<AddonData>();
  if (data == nullptr || !o.InstanceOf(data->transport_constructor.Value()))
    throw Napi::TypeError::New(env, "injectRingFault(transport): not a NativeTransport");
  NativeTransport::Unwrap(o)->InjectFault(env);
  return env.Undefined();
}

Napi::Value NativeTransport::DescribeJs(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), core_->Describe());
}

void NativeTransport::CheckRunning(Napi::Env env, const char* call) {
  if (stopped_) throw Napi::Error::New(env, std::string(call) + ": the transport is stopped");
}

Napi::Value ProbeUringTransportJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
#ifdef SIMPLE_HAVE_URING
  std::string reason, flags;
  bool ok = ProbeUringTransport(&reason, &flags);
  o.Set("ok", ok);
  o.Set("reason", reason);
  o.Set("flags", flags);
#else
  o.Set("ok", false);
  o.Set("reason", "the addon was built without liburing (install liburing-dev and rebuild)");
  o.Set("flags", "");
#endif
  return o;
}

}  // namespace simple
