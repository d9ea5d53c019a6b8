package dev.ballast.proxy;

import dev.ballast.core.routing.HttpRequestView;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A view over one raw HTTP/1.1 request head that {@link RequestHeadClassifier} found Compliant: the method, the
 * request target and the field lines as offsets into the head's bytes. Routing reads it lazily (a rule that never
 * asks for the path or a header costs no string), and it is forwarded as the client's bytes with only ALB's edits
 * ({@link #writeKept}: hop-by-hop and replaced fields left out). A target that needs the request as Netty objects (an
 * HTTP/2 target) gets {@link #toHttpRequest()}.
 *
 * <p>Not thread-safe: the framing guard of a connection reuses one for each head on its event loop, so it is valid
 * only while that head is being handled; {@link #detached()} makes a copy to keep.
 */
final class RequestHead implements HttpRequestView, StickinessCookies.CookieSource {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final HttpMethod[] KNOWN = {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.PATCH, HttpMethod.TRACE, HttpMethod.CONNECT};

    private final HeadFields fields = new HeadFields();
    private byte[] bytes;
    private int length;
    private HeadVerdict verdict;
    private int methodEnd;
    private int targetStart;
    private int targetEnd;
    /** Where the request line ends (before its CR LF). */
    private int requestLineEnd;
    private HttpMethod method;
    private InetAddress source;
    private String host;
    private boolean hostRead;
    private String path;
    private String query;
    private boolean targetRead;

    /**
     * Reads {@code head[0, length)}, a request head the classifier accepted as Compliant ({@code verdict}): CR LF
     * line ends, one space on each side of the target, token field names followed by a colon, no folded lines.
     */
    void parse(byte[] head, int length, HeadVerdict verdict) {
        this.bytes = head;
        this.length = length;
        this.verdict = verdict;
        fields.reset(head);
        host = null;
        hostRead = false;
        path = null;
        query = null;
        targetRead = false;
        source = null;
        int lf = fields.indexOf(0, length, '\n');
        requestLineEnd = lf - 1;
        methodEnd = fields.indexOf(0, requestLineEnd, ' ');
        targetStart = methodEnd + 1;
        targetEnd = fields.indexOf(targetStart, requestLineEnd, ' ');
        method = knownMethod();
        int pos = lf + 1;
        while (true) {
            lf = fields.indexOf(pos, length, '\n');
            int end = lf - 1;
            if (end == pos) {
                return; // the empty line
            }
            fields.add(pos, fields.indexOf(pos, end, ':'), end);
            pos = lf + 1;
        }
    }

    /** A copy that stays valid after the guard reads the next head (for a request that has to wait its turn). */
    RequestHead detached() {
        RequestHead copy = new RequestHead();
        copy.parse(Arrays.copyOf(bytes, length), length, verdict);
        return copy;
    }

    /** What the classifier found in this head. */
    HeadVerdict verdict() {
        return verdict;
    }

    /** The method (Netty's constant for the standard ones, so that no object is made for them). */
    HttpMethod httpMethod() {
        return method;
    }

    /** The request target as sent. */
    String uri() {
        return fields.latin1(targetStart, targetEnd);
    }

    /** True when the request target is in origin-form ({@code /path?query}). */
    boolean originForm() {
        return bytes[targetStart] == '/';
    }

    /** True when the client keeps the connection open after this request (HTTP/1.1 unless Connection: close). */
    boolean keepAlive() {
        fields.readConnection(false);
        return !fields.connectionClose();
    }

    /** True when the request is a gRPC call ({@code content-type: application/grpc[+proto...]}). */
    boolean isGrpc() {
        int f = fields.find("content-type", 0);
        return f >= 0 && fields.valueStartsWith(f, GrpcLocalResponses.GRPC_CONTENT_TYPE);
    }

    /** The value of the first field named {@code lowerCaseName}, or null. */
    String first(String lowerCaseName) {
        int f = fields.find(lowerCaseName, 0);
        return f < 0 ? null : fields.value(f);
    }

    /** The field lines, for the edits made while forwarding. */
    HeadFields fields() {
        return fields;
    }

    /** Sets the TCP peer that sent this request (rules on {@code source-ip} read it). */
    void source(InetAddress address) {
        this.source = address;
    }

    // ---- what rules read (HttpRequestView), each worked out on first use ----

    @Override
    public String method() {
        return method.name();
    }

    @Override
    public String host() {
        if (!hostRead) {
            host = first("host");
            hostRead = true;
        }
        return host;
    }

    /** The Host header without its port, or an empty string. */
    String hostWithoutPort() {
        return NettyRequestView.withoutPort(host());
    }

    @Override
    public String path() {
        readTarget();
        return path;
    }

    @Override
    public String rawQuery() {
        readTarget();
        return query;
    }

    private void readTarget() {
        if (!targetRead) {
            int q = fields.indexOf(targetStart, targetEnd, '?');
            path = fields.latin1(targetStart, q < 0 ? targetEnd : q);
            query = q < 0 ? null : fields.latin1(q + 1, targetEnd);
            targetRead = true;
        }
    }

    @Override
    public List<String> headers(String name) {
        String lowerCase = name.toLowerCase(java.util.Locale.ROOT);
        List<String> values = null;
        for (int f = fields.find(lowerCase, 0); f >= 0; f = fields.find(lowerCase, f + 1)) {
            if (values == null) {
                values = new ArrayList<>(2);
            }
            values.add(fields.value(f));
        }
        return values == null ? List.of() : values;
    }

    @Override
    public InetAddress sourceAddress() {
        return source;
    }

    // ---- stickiness ----

    @Override
    public boolean hasCookies() {
        return fields.find("cookie", 0) >= 0;
    }

    @Override
    public String cookie(String name) {
        for (int f = fields.find("cookie", 0); f >= 0; f = fields.find("cookie", f + 1)) {
            String value = StickinessCookies.findIn(fields.valueView(f), name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    // ---- forwarding ----

    /** Writes the request line and every field line not marked as dropped, as the client sent them. */
    void writeKept(ByteBuf out) {
        out.writeBytes(bytes, 0, requestLineEnd);
        out.writeBytes(CRLF);
        fields.writeKept(out);
    }

    /** An upper bound of {@link #writeKept}'s size. */
    int size() {
        return length;
    }

    /**
     * The head as Netty's decoder would have delivered it, for a target that takes objects: every field, the
     * hop-by-hop ones included for the caller to strip.
     */
    HttpRequest toHttpRequest() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri());
        for (int f = 0; f < fields.count(); f++) {
            request.headers().add(fields.name(f), fields.value(f));
        }
        return request;
    }

    /** What the guard's tests compare: the verdict (the view itself is reused, its bytes are not kept). */
    @Override
    public String toString() {
        return "RequestHead[" + verdict + "]";
    }

    private HttpMethod knownMethod() {
        for (HttpMethod known : KNOWN) {
            String name = known.name();
            if (methodEnd == name.length() && startsWith(name)) {
                return known;
            }
        }
        return HttpMethod.valueOf(fields.latin1(0, methodEnd));
    }

    private boolean startsWith(String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
