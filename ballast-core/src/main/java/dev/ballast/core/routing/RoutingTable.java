package dev.ballast.core.routing;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.Rule;
import java.util.Comparator;

/**
 * A listener's rules compiled into a matcher: lowest priority first, first full match wins, the default
 * action last.
 *
 * <p>Thread-safe (immutable once compiled).
 */
public final class RoutingTable {
    /** One rule: all of its matchers must match. */
    private record CompiledRule(RequestMatcher[] matchers, Action action) {
        boolean matches(MatchInput request) {
            for (RequestMatcher m : matchers) {
                if (!m.matches(request)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final CompiledRule[] rules;
    private final Action defaultAction;

    private RoutingTable(CompiledRule[] rules, Action defaultAction) {
        this.rules = rules;
        this.defaultAction = defaultAction;
    }

    /** Compiles {@code listener}'s rules once. */
    public static RoutingTable compile(Listener listener) {
        CompiledRule[] rules = listener.rules().stream()
                .sorted(Comparator.comparingInt(Rule::priority))
                .map(r -> new CompiledRule(r.conditions().stream().map(RequestMatcher::compile)
                        .toArray(RequestMatcher[]::new), r.action()))
                .toArray(CompiledRule[]::new);
        return new RoutingTable(rules, listener.defaultAction());
    }

    /** The action for {@code request}; never null. */
    public Action route(HttpRequestView request) {
        if (rules.length == 0) {
            return defaultAction;
        }
        MatchInput input = new MatchInput(request);
        for (CompiledRule rule : rules) {
            if (rule.matches(input)) {
                return rule.action();
            }
        }
        return defaultAction;
    }
}
