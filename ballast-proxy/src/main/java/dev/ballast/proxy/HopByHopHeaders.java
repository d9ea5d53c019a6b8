package dev.ballast.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Removes the headers that describe one connection only (RFC 9110 §7.6.1): {@code Connection}, the headers it
 * names, {@code Keep-Alive}, {@code Proxy-Connection}, {@code TE} and {@code Upgrade}. A WebSocket upgrade keeps
 * {@code Connection: upgrade} and its {@code Upgrade} header so the next hop can switch protocols too.
 * {@code Transfer-Encoding} stays: the codec re-frames bodies from it.
 *
 * <p>Thread-safe (stateless).
 */
final class HopByHopHeaders {
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final AsciiString WEBSOCKET = AsciiString.cached("websocket");

    private HopByHopHeaders() {
    }

    /** True when {@code headers} ask to switch to WebSocket. */
    static boolean isWebSocketUpgrade(HttpHeaders headers) {
        return headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && headers.contains(HttpHeaderNames.UPGRADE, WEBSOCKET, true);
    }

    /** Strips the hop-by-hop headers; keeps the upgrade pair when {@code keepUpgrade}. */
    static void strip(HttpHeaders headers, boolean keepUpgrade) {
        if (!headers.contains(HttpHeaderNames.CONNECTION) && !headers.contains(HttpHeaderNames.KEEP_ALIVE)
                && !headers.contains(PROXY_CONNECTION) && !headers.contains(HttpHeaderNames.TE)
                && !headers.contains(HttpHeaderNames.UPGRADE)) {
            return; // nothing to strip: most requests and responses (no list, no rewrite)
        }
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
        List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
        for (String value : connection) {
            int from = 0;
            while (from <= value.length()) {
                int comma = value.indexOf(',', from);
                int end = comma < 0 ? value.length() : comma;
                removeNamed(headers, value, from, end);
                from = end + 1;
            }
        }
        headers.remove(HttpHeaderNames.CONNECTION)
                .remove(HttpHeaderNames.KEEP_ALIVE)
                .remove(PROXY_CONNECTION)
                .remove(HttpHeaderNames.TE)
                .remove(HttpHeaderNames.UPGRADE);
        if (keepUpgrade && upgrade != null) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            headers.set(HttpHeaderNames.UPGRADE, upgrade);
        }
    }

    /** Removes the header named by {@code value[from, to)} (a Connection token), unless it frames the message. */
    private static void removeNamed(HttpHeaders headers, String value, int from, int to) {
        while (from < to && Character.isWhitespace(value.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(value.charAt(to - 1))) {
            to--;
        }
        int length = to - from;
        if (length == 0 || length == 10 && value.regionMatches(true, from, "keep-alive", 0, 10)) {
            return; // Keep-Alive is removed with the other hop-by-hop headers
        }
        // the common token "close" needs no string of its own
        String name = length == 5 && value.regionMatches(true, from, "close", 0, 5) ? "close"
                : value.substring(from, to);
        if (!isFraming(name)) {
            headers.remove(name);
        }
    }

    // A Connection header must not make us drop the headers that frame the message or route it.
    private static boolean isFraming(String name) {
        return HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.HOST.contentEqualsIgnoreCase(name);
    }
}
