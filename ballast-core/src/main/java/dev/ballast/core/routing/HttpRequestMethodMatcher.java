package dev.ballast.core.routing;

import dev.ballast.core.model.Condition;
import java.util.List;

/**
 * {@code http-request-method}: the method equals one of the values exactly (case-sensitive, no wildcards).
 *
 * <p>Thread-safe (immutable).
 */
final class HttpRequestMethodMatcher implements RequestMatcher {
    private final List<String> methods;

    HttpRequestMethodMatcher(Condition.HttpRequestMethod condition) {
        this.methods = condition.values();
    }

    @Override
    public boolean matches(MatchInput request) {
        return methods.contains(request.method());
    }
}
