package dev.ballast.core.routing;

import java.net.InetAddress;
import java.util.List;

/**
 * What rule conditions read of a request; the proxy adapts its HTTP request to this view.
 *
 * <p>Implementations need not be thread-safe: a view is used by one thread for one request.
 */
public interface HttpRequestView {
    /** The request method, as sent (e.g. {@code GET}). */
    String method();

    /** The Host header (or :authority) as sent, possibly with a port; null if absent. */
    String host();

    /** The path without the query string, as sent (not decoded). */
    String path();

    /** The raw query string after {@code ?}, or null when there is none. */
    String rawQuery();

    /** Every value of header {@code name} (case-insensitive name), in order; empty if absent. */
    List<String> headers(String name);

    /** The TCP peer address of the client connection. */
    InetAddress sourceAddress();
}
