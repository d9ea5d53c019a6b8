"""A gRPC client for Ballast's tests: calls test.Echo through an HTTPS listener and prints one line per outcome.

Usage: grpc_client.py HOST:PORT SERVER_NAME CA_FILE CALL ARG
  CALL is unary, server-stream or bidi (ARG: the request; for bidi, messages separated by commas).
Prints "message <text>" for each response message, then "status <CODE> <details>".
"""
import sys

import grpc

address, server_name, ca_file, call, arg = sys.argv[1:6]
with open(ca_file, "rb") as f:
    credentials = grpc.ssl_channel_credentials(root_certificates=f.read())
channel = grpc.secure_channel(address, credentials, options=(("grpc.ssl_target_name_override", server_name),))


def show(messages):
    for m in messages:
        print("message " + m.decode(), flush=True)


try:
    if call == "unary":
        show([channel.unary_unary("/test.Echo/Unary")(arg.encode(), timeout=10)])
    elif call == "server-stream":
        show(channel.unary_stream("/test.Echo/ServerStream")(arg.encode(), timeout=10))
    elif call == "bidi":
        show(channel.stream_stream("/test.Echo/Bidi")(iter([m.encode() for m in arg.split(",")]), timeout=10))
    else:
        raise SystemExit("unknown call " + call)
    print("status OK ", flush=True)
except grpc.RpcError as e:
    print("status %s %s" % (e.code().name, e.details()), flush=True)
channel.close()
