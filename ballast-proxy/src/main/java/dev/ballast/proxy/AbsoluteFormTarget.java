package dev.ballast.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Locale;

/**
 * Turns an absolute-form request target ({@code GET http://host/path}) into origin-form with the URI's authority
 * as Host, before routing (RFC 9112 §3.2.2: the authority replaces any Host header). Rules then see the same host
 * the target will serve, and the target gets no second, conflicting authority.
 *
 * <p>Thread-safe (stateless).
 */
final class AbsoluteFormTarget {
    private AbsoluteFormTarget() {
    }

    /** Rewrites {@code request} in place; false when its target is neither origin-, absolute- nor asterisk-form. */
    static boolean toOriginForm(HttpRequest request) {
        String uri = request.uri();
        if (uri.startsWith("/") || uri.equals("*") && request.method().equals(HttpMethod.OPTIONS)
                || request.method().equals(HttpMethod.CONNECT)) {
            return true;
        }
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd <= 0) {
            return false;
        }
        String scheme = uri.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return false;
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < uri.length() && "/?#".indexOf(uri.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = uri.substring(authorityStart, authorityEnd);
        if (authority.isEmpty() || authority.indexOf('@') >= 0) {
            return false; // no host, or userinfo (RFC 9110 §4.2.4: must not be sent, a phishing vector)
        }
        String rest = uri.substring(authorityEnd);
        String origin = rest.isEmpty() || rest.startsWith("#") ? "/" : rest.startsWith("?") ? "/" + rest : rest;
        request.setUri(origin);
        request.headers().set(HttpHeaderNames.HOST, authority);
        return true;
    }
}
