package dev.ballast.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * Adds the headers ALB adds to a forwarded request: {@code X-Forwarded-For} (by the load balancer's
 * {@code routing.http.xff_header_processing.mode} and {@code xff_client_port}), {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Port} and {@code X-Amzn-Trace-Id}.
 *
 * <p>Thread-safe (stateless apart from the trace id source).
 */
final class ForwardedHeaders {
    static final AsciiString X_FORWARDED_FOR = HeaderNames.X_FORWARDED_FOR;
    static final AsciiString X_FORWARDED_PROTO = HeaderNames.X_FORWARDED_PROTO;
    static final AsciiString X_FORWARDED_PORT = HeaderNames.X_FORWARDED_PORT;
    static final AsciiString X_AMZN_TRACE_ID = HeaderNames.X_AMZN_TRACE_ID;

    private final TraceIds traceIds;

    ForwardedHeaders(TraceIds traceIds) {
        this.traceIds = traceIds;
    }

    /** Rewrites {@code headers} of a request from {@code client} arriving on listener {@code config}. */
    void apply(HttpHeaders headers, HttpListenerConfig config, ClientAddress client) {
        switch (config.xffMode()) {
            case APPEND -> {
                String address = client.forwardedFor(config.xffClientPort());
                String existing = joined(headers, X_FORWARDED_FOR);
                headers.set(X_FORWARDED_FOR, existing == null ? address : existing + ", " + address);
            }
            case REMOVE -> headers.remove(X_FORWARDED_FOR);
            case PRESERVE -> { }
        }
        headers.set(X_FORWARDED_PROTO, config.protocol());
        headers.set(X_FORWARDED_PORT, config.port());
        headers.set(X_AMZN_TRACE_ID, traceIds.forward(headers.get(X_AMZN_TRACE_ID)));
    }

    // Several X-Forwarded-For lines are one comma-separated list.
    private static String joined(HttpHeaders headers, CharSequence name) {
        if (!headers.contains(name)) {
            return null;
        }
        var all = headers.getAll(name);
        return all.isEmpty() ? null : String.join(", ", all);
    }
}
