package dev.ballast.proxy;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetGroupAttributes;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;

/**
 * Reads the stickiness cookies ALB issues ({@code AWSALB}, {@code AWSALBTG}) and Classic's ({@code AWSELB}) from a
 * request's Cookie headers.
 *
 * <p>Thread-safe (stateless).
 */
final class StickinessCookies {
    static final String TARGET_COOKIE = "AWSALB";
    static final String GROUP_COOKIE = "AWSALBTG";

    private StickinessCookies() {
    }

    /**
     * The value of the lb_cookie of {@code forward}'s groups: {@code AWSALB}, or the cookie a Classic load
     * balancer's group names ({@code AWSELB}; a Classic listener forwards to one group).
     */
    static String findTarget(HttpHeaders headers, ConfigSnapshot snapshot, Action.Forward forward) {
        if (!headers.contains(HttpHeaderNames.COOKIE)) {
            return null;
        }
        TargetGroup first = snapshot.targetGroup(forward.targetGroups().get(0).targetGroupArn());
        if (first == null) {
            return find(headers, TARGET_COOKIE);
        }
        TargetGroupAttributes attributes = first.attributes();
        // Classic application-cookie stickiness: "If the application cookie is explicitly removed or expires, the
        // session stops being sticky until a new application cookie is issued."
        if (attributes.classicAppCookieStickiness() && find(headers, attributes.appCookieName()) == null) {
            return null;
        }
        return find(headers, attributes.stickinessCookieName());
    }

    /** True when one of {@code response}'s Set-Cookie headers sets cookie {@code name}. */
    static boolean setsCookie(HttpHeaders response, String name) {
        for (String value : response.getAll(HttpHeaderNames.SET_COOKIE)) {
            if (value.startsWith(name) && value.length() > name.length()
                    && value.charAt(name.length()) == '=') {
                return true;
            }
        }
        return false;
    }

    /** The value of cookie {@code name}, or null. */
    static String find(HttpHeaders headers, String name) {
        if (!headers.contains(HttpHeaderNames.COOKIE)) {
            return null; // the common case for API clients: no list, no parsing
        }
        Iterator<String> values = headers.valueStringIterator(HttpHeaderNames.COOKIE);
        while (values.hasNext()) {
            String header = values.next();
            if (header.indexOf(name) < 0) {
                continue;
            }
            int from = 0;
            while (from < header.length()) {
                int end = header.indexOf(';', from);
                if (end < 0) {
                    end = header.length();
                }
                int eq = header.indexOf('=', from);
                if (eq > 0 && eq < end && isName(header, from, eq, name)) {
                    return header.substring(eq + 1, end).trim();
                }
                from = end + 1;
            }
        }
        return null;
    }

    /** True when {@code header[from, to)}, without surrounding spaces, is {@code name}. */
    private static boolean isName(String header, int from, int to, String name) {
        while (from < to && header.charAt(from) == ' ') {
            from++;
        }
        while (to > from && header.charAt(to - 1) == ' ') {
            to--;
        }
        return to - from == name.length() && header.startsWith(name, from);
    }
}
