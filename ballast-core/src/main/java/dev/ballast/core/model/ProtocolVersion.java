package dev.ballast.core.model;

/**
 * How an HTTP or HTTPS target group speaks to its targets: HTTP/1.1, HTTP/2, or gRPC (HTTP/2 with gRPC's health
 * checks and error mapping).
 *
 * <p>Thread-safe (enum).
 */
public enum ProtocolVersion {
    HTTP1, HTTP2, GRPC;

    /** True when requests go to targets over HTTP/2 (HTTP2 and GRPC). */
    public boolean http2() {
        return this != HTTP1;
    }

    /** Parses AWS's wire string ({@code HTTP1}, {@code HTTP2}, {@code GRPC}). */
    public static ProtocolVersion fromWire(String value) {
        return WireEnums.parse("ProtocolVersion", value, values(), ProtocolVersion::name);
    }
}
