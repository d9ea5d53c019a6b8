package dev.ballast.control.elbv2;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.error.AwsMessages;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.Condition;
import dev.ballast.core.validation.Check;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Commands on listener rules: create, modify (the default rule's actions too), delete and the atomic
 * SetRulePriorities.
 *
 * <p>Thread-safe: every command runs through the single {@link ElbWriter}.
 */
public final class RuleCommands {
    private final ElbWriter writer;
    private final ElbEnvironment env;

    /** Commands through {@code writer}. */
    public RuleCommands(ElbWriter writer, ElbEnvironment env) {
        this.writer = writer;
        this.env = env;
    }

    /** Creates a rule on an HTTP or HTTPS listener. */
    public RuleEntry create(String listenerArn, int priority, List<Condition> conditions, Action action,
                            List<Tags.Tag> tagList) {
        Check.range("Priority", priority, 1, 50000);
        Tags tags = Tags.of(tagList == null ? List.of() : tagList);
        return writer.write(d -> {
            ListenerEntry l = d.listener(listenerArn);
            LoadBalancerEntry lb = d.loadBalancer(l.loadBalancerArn());
            if (!l.protocol().isHttp()) {
                throw new AwsException(AwsError.VALIDATION_ERROR, "ListenerArn: " + listenerArn
                        + " (expected: an HTTP or HTTPS listener; " + l.protocol() + " listeners have no rules)");
            }
            if (d.rulesOf(listenerArn).stream().anyMatch(r -> r.priority() == priority)) {
                throw AwsMessages.priorityInUse(priority);
            }
            int limit = env.settings().limits().get("rules-per-application-load-balancer");
            long count = d.listenersOf(lb.arn()).stream().mapToLong(o -> d.rulesOf(o.arn()).size()).sum();
            if (count >= limit) {
                throw new AwsException(AwsError.TOO_MANY_RULES, "The quota of rules-per-application-load-balancer ("
                        + limit + ") is reached");
            }
            ActionChecks.check(d, lb, l.protocol(), action);
            RuleEntry rule = new RuleEntry(env.arns().rule(listenerArn), listenerArn, priority, conditions, action,
                    env.now(), tags);
            d.rules.put(rule.arn(), rule);
            return rule;
        });
    }

    /**
     * Replaces a rule's conditions and/or action (null keeps them). On a default rule only the action may change;
     * returns the rule ARN.
     */
    public String modify(String ruleArn, List<Condition> conditions, Action action) {
        return writer.write(d -> {
            ListenerEntry owner = d.listenerOfDefaultRule(ruleArn);
            if (owner != null) {
                if (conditions != null && !conditions.isEmpty()) {
                    throw new AwsException(AwsError.OPERATION_NOT_PERMITTED,
                            "The conditions of a default rule cannot be modified");
                }
                if (action != null) {
                    ActionChecks.check(d, d.loadBalancer(owner.loadBalancerArn()), owner.protocol(), action);
                    d.listeners.put(owner.arn(), owner.withDefaultAction(action));
                }
                return ruleArn;
            }
            RuleEntry r = d.rule(ruleArn);
            ListenerEntry l = d.listener(r.listenerArn());
            Action nextAction = action == null ? r.action() : action;
            ActionChecks.check(d, d.loadBalancer(l.loadBalancerArn()), l.protocol(), nextAction);
            d.rules.put(ruleArn, new RuleEntry(r.arn(), r.listenerArn(), r.priority(),
                    conditions == null || conditions.isEmpty() ? r.conditions() : conditions, nextAction,
                    r.createdAt(), r.tags()));
            return ruleArn;
        });
    }

    /** Deletes a rule; a default rule cannot be deleted. */
    public void delete(String ruleArn) {
        writer.write(d -> {
            if (d.listenerOfDefaultRule(ruleArn) != null) {
                throw new AwsException(AwsError.OPERATION_NOT_PERMITTED, "Default rule '" + ruleArn
                        + "' cannot be deleted");
            }
            d.rule(ruleArn);
            d.rules.remove(ruleArn);
            return null;
        });
    }

    /** Sets the priorities of several rules at once; returns the changed rules. */
    public List<RuleEntry> setPriorities(Map<String, Integer> priorities) {
        Check.that(!priorities.isEmpty(), "RulePriorities", "missing", "at least one rule and priority");
        priorities.forEach((arn, p) -> Check.range("RulePriorities.Priority", p, 1, 50000));
        Set<Integer> given = new HashSet<>();
        for (int p : priorities.values()) {
            if (!given.add(p)) {
                throw AwsMessages.priorityGivenTwice(p);
            }
        }
        return writer.write(d -> {
            Map<String, RuleEntry> changed = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> e : priorities.entrySet()) {
                if (d.listenerOfDefaultRule(e.getKey()) != null) {
                    throw new AwsException(AwsError.OPERATION_NOT_PERMITTED, "The priority of default rule '"
                            + e.getKey() + "' cannot be changed");
                }
                changed.put(e.getKey(), d.rule(e.getKey()).withPriority(e.getValue()));
            }
            changed.values().forEach(r -> d.rules.put(r.arn(), r));
            for (RuleEntry r : changed.values()) {
                Map<Integer, String> seen = new HashMap<>();
                for (RuleEntry o : d.rulesOf(r.listenerArn())) {
                    String other = seen.putIfAbsent(o.priority(), o.arn());
                    if (other != null) {
                        throw AwsMessages.priorityInUse(o.priority());
                    }
                }
            }
            return List.copyOf(changed.values());
        });
    }
}
