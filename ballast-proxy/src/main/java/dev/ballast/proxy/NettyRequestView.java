package dev.ballast.proxy;

import dev.ballast.core.routing.HttpRequestView;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetAddress;
import java.util.List;

/**
 * Adapts a decoded Netty request to what rule conditions read. The request target is in origin-form
 * ({@link AbsoluteFormTarget} rewrote an absolute-form one before routing).
 *
 * <p>Not thread-safe: one request on one event loop.
 */
final class NettyRequestView implements HttpRequestView {
    private final HttpRequest request;
    private final InetAddress source;
    private final String path;
    private final String query;

    NettyRequestView(HttpRequest request, InetAddress source) {
        this.request = request;
        this.source = source;
        String target = request.uri();
        int q = target.indexOf('?');
        this.path = q < 0 ? target : target.substring(0, q);
        this.query = q < 0 ? null : target.substring(q + 1);
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String host() {
        return request.headers().get(HttpHeaderNames.HOST);
    }

    /** The Host header without its port, or an empty string. */
    String hostWithoutPort() {
        return withoutPort(host());
    }

    /** {@code host} (a Host header value) without its port, or an empty string when it is null. */
    static String withoutPort(String host) {
        if (host == null) {
            return "";
        }
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String rawQuery() {
        return query;
    }

    @Override
    public List<String> headers(String name) {
        return request.headers().getAll(name);
    }

    @Override
    public InetAddress sourceAddress() {
        return source;
    }
}
