"""A gRPC target for Ballast's tests: service test.Echo with raw-bytes messages (generic handlers, no protoc).

Usage: grpc_target.py NAME HEALTH_FILE [CERT KEY]
Prints "port N" once serving on 127.0.0.1 (h2c, or TLS with CERT and KEY), then serves until stdin closes.
  Unary         answers NAME + ":" + request; a request "fail" ends with NOT_FOUND "no such thing"
  ServerStream  answers int(request) messages "NAME:0", "NAME:1", ...
  Bidi          answers each message with NAME + ":" + message, until the client ends
  Health        OK while HEALTH_FILE exists, else UNAVAILABLE
"""
import os
import sys
from concurrent import futures

import grpc

name = sys.argv[1]
health_file = sys.argv[2]


def unary(request, context):
    if request == b"fail":
        context.abort(grpc.StatusCode.NOT_FOUND, "no such thing")
    return name.encode() + b":" + request


def server_stream(request, context):
    for i in range(int(request.decode())):
        yield ("%s:%d" % (name, i)).encode()


def bidi(requests, context):
    for message in requests:
        yield name.encode() + b":" + message


def health(request, context):
    if not os.path.exists(health_file):
        context.abort(grpc.StatusCode.UNAVAILABLE, "not serving")
    return b""


handlers = grpc.method_handlers_generic_handler("test.Echo", {
    "Unary": grpc.unary_unary_rpc_method_handler(unary),
    "ServerStream": grpc.unary_stream_rpc_method_handler(server_stream),
    "Bidi": grpc.stream_stream_rpc_method_handler(bidi),
    "Health": grpc.unary_unary_rpc_method_handler(health),
})
server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
server.add_generic_rpc_handlers((handlers,))
if len(sys.argv) > 4:
    with open(sys.argv[3], "rb") as c, open(sys.argv[4], "rb") as k:
        port = server.add_secure_port("127.0.0.1:0", grpc.ssl_server_credentials([(k.read(), c.read())]))
else:
    port = server.add_insecure_port("127.0.0.1:0")
server.start()
print("port %d" % port, flush=True)
sys.stdin.read()
server.stop(0)
