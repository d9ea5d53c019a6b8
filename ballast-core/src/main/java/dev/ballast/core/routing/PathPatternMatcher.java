package dev.ballast.core.routing;

import dev.ballast.core.model.Condition;

/**
 * {@code path-pattern}: the path (never the query) against the values, case-sensitively, with {@code *} and
 * {@code ?} wildcards.
 *
 * <p>Thread-safe (immutable).
 */
final class PathPatternMatcher implements RequestMatcher {
    private final Wildcard[] paths;

    PathPatternMatcher(Condition.PathPattern condition) {
        this.paths = RequestMatcher.compileAll(condition.values(), false, false);
    }

    @Override
    public boolean matches(MatchInput request) {
        return RequestMatcher.anyMatches(paths, request.path());
    }
}
