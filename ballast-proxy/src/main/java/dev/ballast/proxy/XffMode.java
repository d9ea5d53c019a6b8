package dev.ballast.proxy;

/**
 * How the load balancer treats an incoming {@code X-Forwarded-For} header
 * ({@code routing.http.xff_header_processing.mode}).
 *
 * <p>Thread-safe (enum).
 */
enum XffMode {
    /** Append the client address to the header (creating it when absent). */
    APPEND,
    /** Forward the header unchanged (absent stays absent). */
    PRESERVE,
    /** Remove the header. */
    REMOVE;

    /** Parses the attribute value ({@code append}, {@code preserve}, {@code remove}). */
    static XffMode fromAttribute(String value) {
        return switch (value) {
            case "preserve" -> PRESERVE;
            case "remove" -> REMOVE;
            default -> APPEND;
        };
    }
}
