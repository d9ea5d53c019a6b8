package dev.ballast.core.routing;

import java.net.InetAddress;
import java.util.List;

/**
 * One request as the matchers read it: the view plus the host without its port and the decoded query
 * parameters, each worked out at most once per request however many rules ask.
 *
 * <p>Not thread-safe: used by one thread for one request.
 */
final class MatchInput {
    private final HttpRequestView request;
    private String host;
    private boolean hostDone;
    private List<QueryParameters.Parameter> query;

    MatchInput(HttpRequestView request) {
        this.request = request;
    }

    /** The Host header without its port, or null when the request has none. */
    String host() {
        if (!hostDone) {
            host = stripPort(request.host());
            hostDone = true;
        }
        return host;
    }

    /** The path without the query; empty rather than null. */
    String path() {
        String path = request.path();
        return path == null ? "" : path;
    }

    String method() {
        return request.method();
    }

    List<String> headers(String name) {
        return request.headers(name);
    }

    /** The query parameters, percent-decoded, in order. */
    List<QueryParameters.Parameter> query() {
        if (query == null) {
            query = QueryParameters.parse(request.rawQuery());
        }
        return query;
    }

    InetAddress sourceAddress() {
        return request.sourceAddress();
    }

    /** {@code example.com:8080} → {@code example.com}; {@code [::1]:80} → {@code [::1]}. */
    static String stripPort(String host) {
        if (host == null) {
            return null;
        }
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close < 0 ? host : host.substring(0, close + 1);
        }
        int colon = host.lastIndexOf(':');
        // more than one colon is a bare IPv6 address, not host:port
        if (colon < 0 || host.indexOf(':') != colon) {
            return host;
        }
        for (int i = colon + 1; i < host.length(); i++) {
            if (!Character.isDigit(host.charAt(i))) {
                return host;
            }
        }
        return host.substring(0, colon);
    }
}
