package dev.ballast.core.routing;

import dev.ballast.core.model.Condition;

/**
 * {@code http-header}: any occurrence of the named header whose value matches one of the values,
 * case-insensitively, with {@code *} and {@code ?} wildcards.
 *
 * <p>Thread-safe (immutable).
 */
final class HttpHeaderMatcher implements RequestMatcher {
    private final String name;
    private final Wildcard[] values;

    HttpHeaderMatcher(Condition.HttpHeader condition) {
        this.name = condition.name();
        this.values = RequestMatcher.compileAll(condition.values(), true, false);
    }

    @Override
    public boolean matches(MatchInput request) {
        for (String value : request.headers(name)) {
            if (RequestMatcher.anyMatches(values, value)) {
                return true;
            }
        }
        return false;
    }
}
