package dev.ballast.control.elbv2;

import dev.ballast.core.model.Action;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Derived relations between resources that both the writer (invariants) and readers (Describe calls) need.
 *
 * <p>Thread-safe (stateless).
 */
public final class ElbQueries {
    private ElbQueries() {}

    /** The target groups a forward action sends to (empty for other actions). */
    public static Set<String> forwardedGroups(Action action) {
        Set<String> out = new TreeSet<>();
        if (action instanceof Action.Forward f) {
            f.targetGroups().forEach(g -> out.add(g.targetGroupArn()));
        }
        return out;
    }

    /** The load balancers whose listener default actions or rules forward to {@code tgArn}, sorted. */
    public static Set<String> loadBalancersUsing(String tgArn, Collection<ListenerEntry> listeners,
                                                 Collection<RuleEntry> rules, Map<String, ListenerEntry> byArn) {
        Set<String> out = new TreeSet<>();
        for (ListenerEntry l : listeners) {
            if (forwardedGroups(l.defaultAction()).contains(tgArn)) {
                out.add(l.loadBalancerArn());
            }
        }
        for (RuleEntry r : rules) {
            ListenerEntry l = byArn.get(r.listenerArn());
            if (l != null && forwardedGroups(r.action()).contains(tgArn)) {
                out.add(l.loadBalancerArn());
            }
        }
        return out;
    }

    /** The load balancers using {@code tgArn} in {@code state}. */
    public static Set<String> loadBalancersUsing(ElbState state, String tgArn) {
        return loadBalancersUsing(tgArn, state.listeners().values(), state.rules().values(), state.listeners());
    }

    /** The ARNs of the listeners that present certificate {@code certificateArn} (ACM's InUseBy). */
    public static java.util.List<String> listenersUsingCertificate(ElbState state, String certificateArn) {
        return state.listeners().values().stream().filter(l -> l.certificates().contains(certificateArn))
                .map(ListenerEntry::arn).toList();
    }
}
