package dev.ballast.control.elbv2;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.Condition;
import dev.ballast.core.model.Rule;
import java.util.List;

/**
 * A listener rule (not the default rule) as the API knows it.
 *
 * @param createdAt creation time, epoch milliseconds
 *
 * <p>Thread-safe (immutable).
 */
public record RuleEntry(String arn, String listenerArn, int priority, List<Condition> conditions, Action action,
                        long createdAt, Tags tags) {
    /** Validates through the model's rule and fills defaults. */
    public RuleEntry {
        conditions = List.copyOf(conditions);
        new Rule(arn, priority, conditions, action);
        tags = tags == null ? Tags.NONE : tags;
    }

    /** The data-plane rule. */
    public Rule model() {
        return new Rule(arn, priority, conditions, action);
    }

    /** This rule with another priority. */
    public RuleEntry withPriority(int newPriority) {
        return new RuleEntry(arn, listenerArn, newPriority, conditions, action, createdAt, tags);
    }

    /** This rule with other tags. */
    public RuleEntry with(Tags newTags) {
        return new RuleEntry(arn, listenerArn, priority, conditions, action, createdAt, newTags);
    }
}
