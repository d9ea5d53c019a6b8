"""A keep-alive HTTP/1.1 target process for Ballast's tests.

Usage: python3 keepalive_target.py <name>
Binds 127.0.0.1 on a free port and prints "PORT <port>" once listening; then prints the path of every request
whose path starts with /work (so the test can tell which requests reached this target) and answers every GET with
200 and <name> as the body, keeping the connection open.
"""
import http.server
import socketserver
import sys
import threading

NAME = sys.argv[1].encode()
OUTPUT = threading.Lock()  # one whole line per request: the handler threads print concurrently


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self):
        if self.path.startswith("/work"):
            with OUTPUT:
                sys.stdout.write(self.path + "\n")
                sys.stdout.flush()
        # Head and body in one write: a SIGKILL then lands between two responses, never between a head and its
        # body (a response cut in the middle fails its request behind any proxy, which is not what the test asks).
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(NAME), NAME))

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
print("PORT", server.server_address[1], flush=True)
server.serve_forever()
