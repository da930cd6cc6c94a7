/* Non-Linux platforms: no native sweep; the JavaScript path in src/net is used instead. */
#include <node_api.h>
static napi_value init(napi_env env, napi_value exports) { (void)env; return exports; }
NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
