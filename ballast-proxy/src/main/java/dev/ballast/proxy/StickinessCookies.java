package dev.ballast.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Reads the stickiness cookies ALB issues ({@code AWSALB}, {@code AWSALBTG}) from a request's Cookie headers.
 *
 * <p>Thread-safe (stateless).
 */
final class StickinessCookies {
    static final String TARGET_COOKIE = "AWSALB";
    static final String GROUP_COOKIE = "AWSALBTG";

    private StickinessCookies() {
    }

    /** The value of cookie {@code name}, or null. */
    static String find(HttpHeaders headers, String name) {
        for (String header : headers.getAll(HttpHeaderNames.COOKIE)) {
            int from = 0;
            while (from < header.length()) {
                int end = header.indexOf(';', from);
                if (end < 0) {
                    end = header.length();
                }
                int eq = header.indexOf('=', from);
                if (eq > 0 && eq < end && header.substring(from, eq).trim().equals(name)) {
                    return header.substring(eq + 1, end).trim();
                }
                from = end + 1;
            }
        }
        return null;
    }
}
