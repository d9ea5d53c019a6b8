package dev.ballast.core.routing;

import dev.ballast.core.model.Condition;

/**
 * {@code host-header}: the Host without its port against the values, case-insensitively, with {@code *} and
 * {@code ?} wildcards ({@code *.example.com} needs a dot, so it does not match {@code example.com}).
 *
 * <p>Thread-safe (immutable).
 */
final class HostHeaderMatcher implements RequestMatcher {
    private final Wildcard[] hosts;

    HostHeaderMatcher(Condition.HostHeader condition) {
        this.hosts = RequestMatcher.compileAll(condition.values(), true, false);
    }

    @Override
    public boolean matches(MatchInput request) {
        return RequestMatcher.anyMatches(hosts, request.host());
    }
}
