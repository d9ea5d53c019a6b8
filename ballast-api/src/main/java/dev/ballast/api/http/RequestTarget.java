package dev.ballast.api.http;

import java.util.Locale;

/**
 * The request target as the API reads it: the absolute form ({@code http://host:port/path?query}), which a server
 * must accept (RFC 9112 section 3.2.2) and which a client sends when told to use the API endpoint as its HTTP proxy,
 * is reduced to its origin form ({@code /path?query}). That is how AWS CLI versions without
 * {@code AWS_DISABLE_HOST_PREFIX_INJECTION} reach DiscoverInstances, whose host prefix {@code data-} turns
 * {@code 127.0.0.1} into a name that does not resolve.
 *
 * <p>Thread-safe (stateless).
 */
final class RequestTarget {
    private RequestTarget() {}

    /** {@code target} in origin form: unchanged unless absolute, then its path (at least {@code /}) and query. */
    static String originForm(String target) {
        String lower = target.length() < 8 ? target.toLowerCase(Locale.ROOT) : target.substring(0, 8)
                .toLowerCase(Locale.ROOT);
        int schemeEnd = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
        if (schemeEnd < 0) {
            return target;
        }
        int slash = target.indexOf('/', schemeEnd);
        int query = target.indexOf('?', schemeEnd);
        if (slash < 0 || (query >= 0 && query < slash)) {
            return query < 0 ? "/" : "/" + target.substring(query);
        }
        return target.substring(slash);
    }
}
