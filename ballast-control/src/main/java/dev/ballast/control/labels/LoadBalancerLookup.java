package dev.ballast.control.labels;

import dev.ballast.control.elbv2.ElbState;
import dev.ballast.control.elbv2.LoadBalancerEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the load balancer a label names: by name, ARN, id (the ARN's last segment) or {@code Name} tag. A reference
 * that matches more than one load balancer is ambiguous and matches none: the provider reports it, never guesses.
 *
 * <p>Thread-safe (stateless).
 */
final class LoadBalancerLookup {
    private LoadBalancerLookup() {}

    /** The load balancers {@code ref} names in {@code state}: none, one, or several (ambiguous). */
    static List<LoadBalancerEntry> find(ElbState state, String ref) {
        List<LoadBalancerEntry> found = new ArrayList<>();
        for (LoadBalancerEntry lb : state.loadBalancers().values()) {
            String arn = lb.arn();
            if (arn.equals(ref) || lb.model().name().equals(ref) || arn.substring(arn.lastIndexOf('/') + 1).equals(ref)
                    || ref.equals(lb.tags().values().get("Name"))) {
                found.add(lb);
            }
        }
        return found;
    }
}
