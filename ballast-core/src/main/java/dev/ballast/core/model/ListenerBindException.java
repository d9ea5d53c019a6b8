package dev.ballast.core.model;

/**
 * A listener's socket could not be bound: which transport, address and port, and, when the port is taken and the
 * holder could be found, which process holds it. Thrown by a {@link SnapshotConsumer} that binds sockets; callers
 * add what the user can change (an option, a listener's port).
 *
 * <p>Thread-safe (immutable).
 */
public final class ListenerBindException extends IllegalStateException {
    private final String transport;
    private final String address;
    private final int port;

    /**
     * The failure to bind {@code transport} ({@code tcp}/{@code udp}) socket {@code address:port}.
     *
     * @param holder who holds the port, e.g. {@code PID 4242 (nginx)}, or null if unknown
     * @param cause the socket error
     */
    public ListenerBindException(String transport, String address, int port, String holder, Throwable cause) {
        super(describe(transport, address, port, holder, cause), cause);
        this.transport = transport;
        this.address = address;
        this.port = port;
    }

    private static String describe(String transport, String address, int port, String holder, Throwable cause) {
        String where = "port " + port + (transport.equals("udp") ? "/udp" : "") + " on " + address;
        if (holder != null) {
            return where + " is in use by " + holder;
        }
        String reason = cause == null || cause.getMessage() == null ? "unknown error" : cause.getMessage();
        return where + " cannot be bound: " + reason;
    }

    /** {@code tcp} or {@code udp}. */
    public String transport() {
        return transport;
    }

    /** The address that was to be bound. */
    public String address() {
        return address;
    }

    /** The port that was to be bound. */
    public int port() {
        return port;
    }
}
