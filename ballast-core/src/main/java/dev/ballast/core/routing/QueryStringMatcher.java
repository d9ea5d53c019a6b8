package dev.ballast.core.routing;

import dev.ballast.core.model.Condition;
import java.util.List;

/**
 * {@code query-string}: some decoded query parameter matches one of the key/value pairs (a pair without a
 * key matches the value of any parameter); case-insensitive, {@code *} and {@code ?} wildcards, {@code \}
 * escaping a literal {@code *}, {@code ?} or {@code \}.
 *
 * <p>Thread-safe (immutable).
 */
final class QueryStringMatcher implements RequestMatcher {
    /** One compiled pair; {@code key} is null for "any key". */
    private record Pair(Wildcard key, Wildcard value) {
        boolean matches(QueryParameters.Parameter p) {
            return (key == null || key.matches(p.key())) && value.matches(p.value());
        }
    }

    private final Pair[] pairs;

    QueryStringMatcher(Condition.QueryString condition) {
        this.pairs = condition.values().stream()
                .map(kv -> new Pair(kv.key() == null ? null : Wildcard.compile(kv.key(), true, true),
                        Wildcard.compile(kv.value(), true, true)))
                .toArray(Pair[]::new);
    }

    @Override
    public boolean matches(MatchInput request) {
        List<QueryParameters.Parameter> parameters = request.query();
        for (QueryParameters.Parameter parameter : parameters) {
            for (Pair pair : pairs) {
                if (pair.matches(parameter)) {
                    return true;
                }
            }
        }
        return false;
    }
}
