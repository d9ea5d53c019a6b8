package dev.ballast.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

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

    private static final byte[] XFF_LINE = "X-Forwarded-For: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROTO_LINE = "X-Forwarded-Proto: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PORT_LINE = "X-Forwarded-Port: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRACE_LINE = "X-Amzn-Trace-Id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LIST_SEPARATOR = {',', ' '};
    private static final byte[] CRLF = {'\r', '\n'};

    /**
     * Writes {@code head} to {@code out} as forwarded from {@code client} on listener {@code config}: its request
     * line and kept fields, less the ones replaced here, then the same added headers as {@link #apply}. Nothing
     * becomes a string: the values are written from the head's bytes and the connection's cached address. Returns
     * where the {@code X-Amzn-Trace-Id} value starts in {@code out}; it is the last line written.
     */
    int write(ByteBuf out, RequestHead head, HttpListenerConfig config, ClientAddress client) {
        HeadFields fields = head.fields();
        int trace = fields.find("x-amzn-trace-id", 0);
        if (config.xffMode() != XffMode.PRESERVE) {
            fields.dropAll("x-forwarded-for");
        }
        fields.dropAll("x-forwarded-proto");
        fields.dropAll("x-forwarded-port");
        fields.dropAll("x-amzn-trace-id");
        head.writeKept(out);
        if (config.xffMode() == XffMode.APPEND) {
            out.writeBytes(XFF_LINE);
            for (int f = fields.find("x-forwarded-for", 0); f >= 0; f = fields.find("x-forwarded-for", f + 1)) {
                fields.writeValue(out, f);
                out.writeBytes(LIST_SEPARATOR);
            }
            out.writeCharSequence(client.forwardedFor(config.xffClientPort()), StandardCharsets.US_ASCII);
            out.writeBytes(CRLF);
        }
        out.writeBytes(PROTO_LINE);
        out.writeCharSequence(config.protocol(), StandardCharsets.US_ASCII);
        out.writeBytes(CRLF);
        out.writeBytes(PORT_LINE);
        writeDecimal(out, config.port());
        out.writeBytes(CRLF);
        out.writeBytes(TRACE_LINE);
        int traceStart = out.writerIndex();
        traceIds.writeForward(out, trace < 0 ? null : fields.valueView(trace));
        out.writeBytes(CRLF);
        return traceStart;
    }

    private static void writeDecimal(ByteBuf out, int value) {
        int divisor = 1;
        while (divisor <= value / 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.writeByte('0' + value / divisor % 10);
        }
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
