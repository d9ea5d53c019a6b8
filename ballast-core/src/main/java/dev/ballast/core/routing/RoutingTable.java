package dev.ballast.core.routing;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.Rule;
import java.util.Comparator;
import java.util.List;

/**
 * A listener's rules compiled into a matcher: lowest priority first, first full match wins, the default
 * action last.
 *
 * <p>Thread-safe (immutable once compiled).
 */
public final class RoutingTable {
    /**
     * The outcome of routing one request: the action, the priority of the rule that chose it (0 for the default
     * action, as ALB's access log writes it) and how many rules were evaluated (ALB's RuleEvaluations: the default
     * action is not a rule evaluation).
     */
    public record Match(Action action, int priority, int rulesEvaluated) {
    }

    /** One rule: all of its matchers must match; {@code match} is its precomputed outcome. */
    private record CompiledRule(RequestMatcher[] matchers, Match match) {
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
    private final Match defaultMatch;

    private RoutingTable(CompiledRule[] rules, Action defaultAction) {
        this.rules = rules;
        this.defaultMatch = new Match(defaultAction, 0, rules.length);
    }

    /** Compiles {@code listener}'s rules once. */
    public static RoutingTable compile(Listener listener) {
        List<Rule> sorted = listener.rules().stream().sorted(Comparator.comparingInt(Rule::priority)).toList();
        CompiledRule[] rules = new CompiledRule[sorted.size()];
        for (int i = 0; i < rules.length; i++) {
            Rule r = sorted.get(i);
            rules[i] = new CompiledRule(r.conditions().stream().map(RequestMatcher::compile)
                    .toArray(RequestMatcher[]::new), new Match(r.action(), r.priority(), i + 1));
        }
        return new RoutingTable(rules, listener.defaultAction());
    }

    /** The action for {@code request}; never null. */
    public Action route(HttpRequestView request) {
        return match(request).action();
    }

    /** The action for {@code request} with the rule that chose it; never null (the outcomes are built once). */
    public Match match(HttpRequestView request) {
        if (rules.length == 0) {
            return defaultMatch;
        }
        MatchInput input = new MatchInput(request);
        for (CompiledRule rule : rules) {
            if (rule.matches(input)) {
                return rule.match();
            }
        }
        return defaultMatch;
    }
}
