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
        List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
        for (String value : connection) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (!name.isEmpty() && !isFraming(name)) {
                    headers.remove(name);
                }
            }
        }
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
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

    // A Connection header must not make us drop the headers that frame the message or route it.
    private static boolean isFraming(String name) {
        return HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.HOST.contentEqualsIgnoreCase(name);
    }
}
