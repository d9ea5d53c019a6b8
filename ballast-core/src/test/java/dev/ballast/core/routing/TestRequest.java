package dev.ballast.core.routing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A request view built field by field for routing tests. Not thread-safe. */
final class TestRequest implements HttpRequestView {
    private String method = "GET";
    private String host = "www.example.com";
    private String path = "/";
    private String rawQuery;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private InetAddress source = literal("192.0.2.10");

    static TestRequest get() {
        return new TestRequest();
    }

    TestRequest method(String value) {
        method = value;
        return this;
    }

    TestRequest host(String value) {
        host = value;
        return this;
    }

    /** Splits {@code target} into path and raw query at the first {@code ?}. */
    TestRequest target(String target) {
        int q = target.indexOf('?');
        path = q < 0 ? target : target.substring(0, q);
        rawQuery = q < 0 ? null : target.substring(q + 1);
        return this;
    }

    TestRequest header(String name, String value) {
        headers.add(Map.entry(name, value));
        return this;
    }

    TestRequest source(InetAddress value) {
        source = value;
        return this;
    }

    /** Parses an IP literal (no DNS for literals). */
    static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    @Override public String method() { return method; }
    @Override public String host() { return host; }
    @Override public String path() { return path; }
    @Override public String rawQuery() { return rawQuery; }
    @Override public InetAddress sourceAddress() { return source; }

    @Override
    public List<String> headers(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
    }
}
