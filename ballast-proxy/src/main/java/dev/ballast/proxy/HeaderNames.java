package dev.ballast.proxy;

import io.netty.util.AsciiString;

/**
 * Header names in the capitalisation ALB writes them. Lookups are case-insensitive either way; these exist so that
 * headers Ballast itself adds look on the wire as they do behind AWS (Netty's own constants are lower case).
 *
 * <p>Thread-safe (constants).
 */
final class HeaderNames {
    static final AsciiString SERVER = AsciiString.cached("Server");
    static final AsciiString DATE = AsciiString.cached("Date");
    static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
    static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    static final AsciiString CONNECTION = AsciiString.cached("Connection");
    static final AsciiString LOCATION = AsciiString.cached("Location");
    static final AsciiString SET_COOKIE = AsciiString.cached("Set-Cookie");
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("X-Forwarded-Port");
    static final AsciiString X_AMZN_TRACE_ID = AsciiString.cached("X-Amzn-Trace-Id");

    private HeaderNames() {}
}
