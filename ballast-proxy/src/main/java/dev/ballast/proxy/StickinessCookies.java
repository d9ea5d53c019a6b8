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
    static String findTarget(CookieSource cookies, ConfigSnapshot snapshot, Action.Forward forward) {
        if (!cookies.hasCookies()) {
            return null;
        }
        TargetGroup first = snapshot.targetGroup(forward.targetGroups().get(0).targetGroupArn());
        if (first == null) {
            return cookies.cookie(TARGET_COOKIE);
        }
        TargetGroupAttributes attributes = first.attributes();
        // Classic application-cookie stickiness: "If the application cookie is explicitly removed or expires, the
        // session stops being sticky until a new application cookie is issued."
        if (attributes.classicAppCookieStickiness() && cookies.cookie(attributes.appCookieName()) == null) {
            return null;
        }
        return cookies.cookie(attributes.stickinessCookieName());
    }

    /** The Cookie headers of a request, however the request is held. */
    interface CookieSource {
        /** True when the request has a Cookie header. */
        boolean hasCookies();

        /** The value of cookie {@code name}, or null. */
        String cookie(String name);
    }

    /** The cookies of a request decoded into Netty's headers. */
    record HeaderCookies(HttpHeaders headers) implements CookieSource {
        @Override
        public boolean hasCookies() {
            return headers.contains(HttpHeaderNames.COOKIE);
        }

        @Override
        public String cookie(String name) {
            return find(headers, name);
        }
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
            String value = findIn(values.next(), name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The value of cookie {@code name} in one Cookie header's value, or null. */
    static String findIn(CharSequence header, String name) {
        int from = 0;
        while (from < header.length()) {
            int semicolon = indexOf(header, ';', from, header.length());
            int end = semicolon < 0 ? header.length() : semicolon;
            int eq = indexOf(header, '=', from, end);
            if (eq > 0 && isName(header, from, eq, name)) {
                return header.subSequence(eq + 1, end).toString().trim();
            }
            from = end + 1;
        }
        return null;
    }

    /** Where {@code c} first is in {@code s[from, to)}, or -1. */
    private static int indexOf(CharSequence s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** True when {@code header[from, to)}, without surrounding spaces, is {@code name}. */
    private static boolean isName(CharSequence header, int from, int to, String name) {
        while (from < to && header.charAt(from) == ' ') {
            from++;
        }
        while (to > from && header.charAt(to - 1) == ' ') {
            to--;
        }
        if (to - from != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (header.charAt(from + i) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
