// Per-environment state of the addon (one per main thread and per worker thread): the Store constructor
// and the live stores, which the env cleanup hook closes (unmapping everything) at exit or worker end.
#pragma once

#include <napi.h>

#include <set>

namespace simple {

class Store;

struct AddonData {
  Napi::FunctionReference store_constructor;
  Napi::FunctionReference transport_constructor;  // to check what testing.injectRingFault is given
  std::set<Store*> stores;
};

}  // namespace simple
