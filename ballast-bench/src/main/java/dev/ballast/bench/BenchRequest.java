package dev.ballast.bench;

import dev.ballast.core.routing.HttpRequestView;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A request as a proxy would present it to the routing table: fixed request line and a handful of headers
 * looked up by a linear, case-insensitive scan, like Netty's header map does for a small request.
 *
 * <p>Not thread-safe in general; the benchmarks only read it, which is safe.
 */
final class BenchRequest implements HttpRequestView {
    private final String method;
    private final String host;
    private final String path;
    private final String rawQuery;
    private final String[] headerNames;
    private final String[] headerValues;
    private final InetAddress source;

    private BenchRequest(String method, String host, String target, String[] headers, InetAddress source) {
        this.method = method;
        this.host = host;
        int q = target.indexOf('?');
        this.path = q < 0 ? target : target.substring(0, q);
        this.rawQuery = q < 0 ? null : target.substring(q + 1);
        this.headerNames = new String[headers.length / 2];
        this.headerValues = new String[headers.length / 2];
        for (int i = 0; i < headers.length / 2; i++) {
            headerNames[i] = headers[2 * i];
            headerValues[i] = headers[2 * i + 1];
        }
        this.source = source;
    }

    /** A GET for {@code target} on {@code host} with the usual browser headers plus {@code extraHeaders}. */
    static BenchRequest get(String host, String target, String... extraHeaders) {
        String[] common = {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0",
                "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Accept-Encoding", "gzip, deflate, br", "Accept-Language", "en-US,en;q=0.5",
                "Cookie", "session=0123456789abcdef; theme=dark"};
        String[] all = new String[common.length + extraHeaders.length + 2];
        all[0] = "Host";
        all[1] = host;
        System.arraycopy(common, 0, all, 2, common.length);
        System.arraycopy(extraHeaders, 0, all, 2 + common.length, extraHeaders.length);
        try {
            return new BenchRequest("GET", host, target, all, InetAddress.getByName("198.51.100.23"));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an IP literal needs no lookup", e);
        }
    }

    @Override public String method() { return method; }
    @Override public String host() { return host; }
    @Override public String path() { return path; }
    @Override public String rawQuery() { return rawQuery; }
    @Override public InetAddress sourceAddress() { return source; }

    @Override
    public List<String> headers(String name) {
        List<String> values = null;
        for (int i = 0; i < headerNames.length; i++) {
            if (headerNames[i].equalsIgnoreCase(name)) {
                if (values == null) {
                    values = new ArrayList<>(2);
                }
                values.add(headerValues[i]);
            }
        }
        return values == null ? List.of() : values;
    }
}
