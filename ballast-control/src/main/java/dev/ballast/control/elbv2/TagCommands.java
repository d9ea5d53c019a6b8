package dev.ballast.control.elbv2;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.error.AwsMessages;
import dev.ballast.core.validation.Check;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * AddTags and RemoveTags on load balancers, target groups, listeners and rules, named by ARN.
 *
 * <p>Thread-safe: every command runs through the single {@link ElbWriter}.
 */
public final class TagCommands {
    private final ElbWriter writer;

    /** Commands through {@code writer}. */
    public TagCommands(ElbWriter writer) {
        this.writer = writer;
    }

    /** Adds (or overwrites) {@code tags} on every resource; all resources must exist. */
    public void add(List<String> resourceArns, List<Tags.Tag> tags) {
        Check.list("ResourceArns", resourceArns, 1, 20);
        Check.list("Tags", tags, 1, Tags.MAX_TAGS);
        Tags.of(tags);
        writer.write(d -> {
            resourceArns.forEach(arn -> retag(d, arn, t -> t.plus(tags)));
            return null;
        });
    }

    /** Removes the tags with {@code keys} from every resource. */
    public void remove(List<String> resourceArns, List<String> keys) {
        Check.list("ResourceArns", resourceArns, 1, 20);
        Check.list("TagKeys", keys, 1, Tags.MAX_TAGS);
        writer.write(d -> {
            resourceArns.forEach(arn -> retag(d, arn, t -> t.minus(keys)));
            return null;
        });
    }

    /** The tags of the resource {@code arn} in {@code state}, or the matching NotFound error. */
    public static Tags tagsOf(ElbState state, String arn) {
        return switch (kind(arn)) {
            case LOAD_BALANCER -> found(state.loadBalancers().get(arn), AwsMessages.loadBalancerNotFound(arn)).tags();
            case TARGET_GROUP -> found(state.targetGroups().get(arn), AwsMessages.targetGroupsNotFound()).tags();
            case LISTENER -> found(state.listeners().get(arn), AwsMessages.listenersNotFound()).tags();
            case RULE -> found(state.rules().get(arn), AwsMessages.rulesNotFound()).tags();
        };
    }

    private static <T> T found(T value, AwsException notFound) {
        if (value == null) {
            throw notFound;
        }
        return value;
    }

    private static void retag(ElbDraft d, String arn, UnaryOperator<Tags> change) {
        switch (kind(arn)) {
            case LOAD_BALANCER -> {
                LoadBalancerEntry e = d.loadBalancer(arn);
                d.loadBalancers.put(arn, e.with(change.apply(e.tags())));
            }
            case TARGET_GROUP -> {
                TargetGroupEntry e = d.targetGroup(arn);
                d.targetGroups.put(arn, e.with(change.apply(e.tags())));
            }
            case LISTENER -> {
                ListenerEntry e = d.listener(arn);
                d.listeners.put(arn, e.with(change.apply(e.tags())));
            }
            case RULE -> {
                RuleEntry e = d.rule(arn);
                d.rules.put(arn, e.with(change.apply(e.tags())));
            }
        }
    }

    private enum Kind { LOAD_BALANCER, TARGET_GROUP, LISTENER, RULE }

    private static Kind kind(String arn) {
        if (arn != null && arn.startsWith("arn:")) {
            if (arn.contains(":loadbalancer/")) {
                return Kind.LOAD_BALANCER;
            }
            if (arn.contains(":targetgroup/")) {
                return Kind.TARGET_GROUP;
            }
            if (arn.contains(":listener-rule/")) {
                return Kind.RULE;
            }
            if (arn.contains(":listener/")) {
                return Kind.LISTENER;
            }
        }
        throw new AwsException(AwsError.VALIDATION_ERROR, "ResourceArns: " + arn
                + " (expected: the ARN of a load balancer, target group, listener or rule)");
    }
}
