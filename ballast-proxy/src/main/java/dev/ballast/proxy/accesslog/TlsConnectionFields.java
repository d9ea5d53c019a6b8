package dev.ballast.proxy.accesslog;

/**
 * What a network load balancer's TLS connection adds to its {@link AccessLogRecord}: the listener, the handshake's
 * outcome and when the connection ended. A null field is unknown and logged as {@code -}.
 *
 * <p>Not thread-safe: filled in on the connection's event loop, then handed over with its record.
 */
public final class TlsConnectionFields {
    /** The last part of the listener's ARN. */
    public String listenerId;
    /** When the handshake completed ({@link System#nanoTime}); 0 when it did not. */
    public long handshakeDoneNanos;
    /** When the connection closed ({@link System#nanoTime}). */
    public long closedNanos;
    /** The serial number of the certificate the handshake presented, in hex. */
    public String certificateSerial;
    /** The negotiated cipher suite by its OpenSSL name. */
    public String cipher;
    /** {@code tlsv12}, {@code tlsv13}, ... */
    public String protocolVersion;
    /** The server name the client sent (SNI). */
    public String domainName;
    /** The application protocol ALPN chose with the client. */
    public String alpnFrontend;
}
