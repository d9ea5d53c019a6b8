package dev.ballast.control.elbv2;

import dev.ballast.control.error.AwsMessages;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A working copy of {@link ElbState} that one command changes; the writer turns it into the next state only if
 * the whole command succeeded, so a failed command changes nothing.
 *
 * <p>Not thread-safe: used by the single writer for one command.
 */
public final class ElbDraft {
    private final ElbState base;
    final Map<String, LoadBalancerEntry> loadBalancers;
    final Map<String, ListenerEntry> listeners;
    final Map<String, RuleEntry> rules;
    final Map<String, TargetGroupEntry> targetGroups;

    /** A draft starting from {@code base}. */
    public ElbDraft(ElbState base) {
        this.base = base;
        this.loadBalancers = new LinkedHashMap<>(base.loadBalancers());
        this.listeners = new LinkedHashMap<>(base.listeners());
        this.rules = new LinkedHashMap<>(base.rules());
        this.targetGroups = new LinkedHashMap<>(base.targetGroups());
    }

    /** The state this draft started from. */
    public ElbState base() {
        return base;
    }

    /** The draft as the state of {@code revision}. */
    public ElbState toState(long revision) {
        return new ElbState(revision, loadBalancers, listeners, rules, targetGroups);
    }

    /** True if any entry was added, replaced or removed. */
    public boolean changed() {
        return !sameEntries(base.loadBalancers(), loadBalancers) || !sameEntries(base.listeners(), listeners)
                || !sameEntries(base.rules(), rules) || !sameEntries(base.targetGroups(), targetGroups);
    }

    private static boolean sameEntries(Map<String, ?> a, Map<String, ?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, ?> e : a.entrySet()) {
            if (!Objects.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The load balancer with {@code arn}, or LoadBalancerNotFound. */
    public LoadBalancerEntry loadBalancer(String arn) {
        LoadBalancerEntry lb = loadBalancers.get(arn);
        if (lb == null) {
            throw AwsMessages.loadBalancerNotFound(arn);
        }
        return lb;
    }

    /** The target group with {@code arn}, or TargetGroupNotFound. */
    public TargetGroupEntry targetGroup(String arn) {
        TargetGroupEntry tg = targetGroups.get(arn);
        if (tg == null) {
            throw AwsMessages.targetGroupsNotFound();
        }
        return tg;
    }

    /** The listener with {@code arn}, or ListenerNotFound. */
    public ListenerEntry listener(String arn) {
        ListenerEntry l = listeners.get(arn);
        if (l == null) {
            throw AwsMessages.listenersNotFound();
        }
        return l;
    }

    /** The rule with {@code arn} (not a default rule), or RuleNotFound. */
    public RuleEntry rule(String arn) {
        RuleEntry r = rules.get(arn);
        if (r == null) {
            throw AwsMessages.rulesNotFound();
        }
        return r;
    }

    /** The listener whose default rule is {@code ruleArn}, or null. */
    public ListenerEntry listenerOfDefaultRule(String ruleArn) {
        return listeners.values().stream().filter(l -> l.defaultRuleArn().equals(ruleArn)).findFirst().orElse(null);
    }

    /** The listeners of load balancer {@code lbArn}, in creation order. */
    public List<ListenerEntry> listenersOf(String lbArn) {
        return listeners.values().stream().filter(l -> l.loadBalancerArn().equals(lbArn)).toList();
    }

    /** The rules of listener {@code listenerArn}, by priority. */
    public List<RuleEntry> rulesOf(String listenerArn) {
        return rules.values().stream().filter(r -> r.listenerArn().equals(listenerArn))
                .sorted(Comparator.comparingInt(RuleEntry::priority)).toList();
    }

    /** The load balancers whose listeners or rules forward to target group {@code tgArn}. */
    public Set<String> loadBalancersUsing(String tgArn) {
        return ElbQueries.loadBalancersUsing(tgArn, listeners.values(), rules.values(), listeners);
    }

    /** True if any listener default action or rule forwards to {@code tgArn}. */
    public boolean targetGroupInUse(String tgArn) {
        return !loadBalancersUsing(tgArn).isEmpty();
    }
}
