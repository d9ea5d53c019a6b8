#!/usr/bin/env python3
"""A client that finds a server by name through Ballast's DNS, then calls it: sends an A query for the URL's host
to the given DNS server (UDP, retrying over TCP when the answer is truncated), follows the CNAMEs in the answer,
connects to the first address and GETs the URL with its own Host header. Prints the resolved address on stderr and
the response body on stdout; exits non-zero when the name does not resolve or the call fails.

Usage: resolve-and-get.py <dns-address> <dns-port> <url>
"""
import http.client
import random
import socket
import struct
import sys
import urllib.parse


def query(name):
    qid = random.randrange(65536)
    header = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)  # RD, one question
    labels = b"".join(bytes([len(p)]) + p.encode("ascii") for p in name.rstrip(".").split("."))
    return qid, header + labels + b"\x00" + struct.pack(">HH", 1, 1)  # A, IN


def read_name(msg, pos):
    labels, jumped, end = [], False, pos
    for _ in range(128):
        length = msg[pos]
        if length & 0xC0 == 0xC0:
            if not jumped:
                end = pos + 2
            pos, jumped = ((length & 0x3F) << 8) | msg[pos + 1], True
            continue
        if length == 0:
            return ".".join(labels).lower() + ".", (end if jumped else pos + 1)
        labels.append(msg[pos + 1:pos + 1 + length].decode("ascii"))
        pos += 1 + length
    raise ValueError("name compression loop")


def resolve(server, port, name):
    qid, packet = query(name)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.settimeout(5)
        udp.sendto(packet, (server, port))
        msg = udp.recv(65535)
    if msg[2] & 0x02:  # TC: ask again over TCP
        with socket.create_connection((server, port), timeout=5) as tcp:
            tcp.sendall(struct.pack(">H", len(packet)) + packet)
            length = struct.unpack(">H", tcp.recv(2))[0]
            msg = b""
            while len(msg) < length:
                msg += tcp.recv(length - len(msg))
    rid, flags, qd, an, _, _ = struct.unpack(">HHHHHH", msg[:12])
    if rid != qid or flags & 0x000F != 0:
        raise SystemExit(f"resolve {name}: rcode {flags & 0x000F}")
    pos = 12
    for _ in range(qd):
        _, pos = read_name(msg, pos)
        pos += 4
    wanted = name.lower().rstrip(".") + "."
    for _ in range(an):
        owner, pos = read_name(msg, pos)
        rtype, _, ttl, rdlength = struct.unpack(">HHIH", msg[pos:pos + 10])
        pos += 10
        if owner == wanted and rtype == 5:  # CNAME: keep following
            wanted, _ = read_name(msg, pos)
            print(f"{owner} CNAME {wanted} (TTL {ttl})", file=sys.stderr)
        elif owner == wanted and rtype == 1:
            address = socket.inet_ntoa(msg[pos:pos + 4])
            print(f"{owner} A {address} (TTL {ttl})", file=sys.stderr)
            return address
        pos += rdlength
    raise SystemExit(f"resolve {name}: no address in the answer")


def main():
    server, port, url = sys.argv[1], int(sys.argv[2]), urllib.parse.urlsplit(sys.argv[3])
    address = resolve(server, port, url.hostname)
    conn = http.client.HTTPConnection(address, url.port or 80, timeout=10)
    conn.request("GET", url.path or "/", headers={"Host": url.netloc})
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    if response.status != 200:
        raise SystemExit(f"GET {sys.argv[3]} via {address}: HTTP {response.status}")
    print(body)


if __name__ == "__main__":
    main()
