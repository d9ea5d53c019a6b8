package dev.ballast.core.routing;

import dev.ballast.core.model.Condition;

/**
 * One compiled rule condition.
 *
 * <p>Implementations are immutable and thread-safe.
 */
interface RequestMatcher {
    /** True if the request satisfies the condition. */
    boolean matches(MatchInput request);

    /** Compiles {@code condition} once, when the routing table is built. */
    static RequestMatcher compile(Condition condition) {
        if (condition instanceof Condition.HostHeader c) {
            return new HostHeaderMatcher(c);
        } else if (condition instanceof Condition.PathPattern c) {
            return new PathPatternMatcher(c);
        } else if (condition instanceof Condition.HttpHeader c) {
            return new HttpHeaderMatcher(c);
        } else if (condition instanceof Condition.HttpRequestMethod c) {
            return new HttpRequestMethodMatcher(c);
        } else if (condition instanceof Condition.QueryString c) {
            return new QueryStringMatcher(c);
        } else if (condition instanceof Condition.SourceIp c) {
            return new SourceIpMatcher(c);
        }
        throw new IllegalArgumentException("unknown condition " + condition.field());
    }

    /** Compiles each of {@code patterns} with the same options. */
    static Wildcard[] compileAll(java.util.List<String> patterns, boolean ignoreCase, boolean escapes) {
        return patterns.stream().map(p -> Wildcard.compile(p, ignoreCase, escapes)).toArray(Wildcard[]::new);
    }

    /** True if {@code text} is not null and matches one of {@code patterns}. */
    static boolean anyMatches(Wildcard[] patterns, String text) {
        if (text == null) {
            return false;
        }
        for (Wildcard w : patterns) {
            if (w.matches(text)) {
                return true;
            }
        }
        return false;
    }
}
