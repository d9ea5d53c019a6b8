package dev.ballast.control.labels;

import dev.ballast.control.classic.ClassicLoadBalancer;
import dev.ballast.control.classic.ClassicState;
import dev.ballast.control.elbv2.ElbState;
import dev.ballast.control.elbv2.LoadBalancerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Finds the load balancer a label names among the ELBv2 and Classic ones: by name, ARN, id (an ELBv2 ARN's last
 * segment) or {@code Name} tag. A reference that matches more than one load balancer is ambiguous and matches none:
 * the provider reports it, never guesses.
 *
 * <p>Thread-safe (stateless).
 */
final class LoadBalancerLookup {
    private LoadBalancerLookup() {}

    /** A load balancer a label may name: an ELBv2 one or a Classic one (the other is null). */
    record Found(LoadBalancerEntry elbv2, ClassicLoadBalancer classic, String arn) {
        /** Its name. */
        String name() {
            return elbv2 != null ? elbv2.model().name() : classic.name();
        }
    }

    /**
     * The load balancers {@code ref} names: none, one, or several (ambiguous).
     *
     * @param classicArn the ARN of a Classic load balancer by name
     */
    static List<Found> find(ElbState elbv2, ClassicState classic, UnaryOperator<String> classicArn, String ref) {
        List<Found> found = new ArrayList<>();
        for (LoadBalancerEntry lb : elbv2.loadBalancers().values()) {
            String arn = lb.arn();
            if (arn.equals(ref) || lb.model().name().equals(ref) || arn.substring(arn.lastIndexOf('/') + 1).equals(ref)
                    || ref.equals(lb.tags().values().get("Name"))) {
                found.add(new Found(lb, null, arn));
            }
        }
        for (ClassicLoadBalancer lb : classic.loadBalancers().values()) {
            String arn = classicArn.apply(lb.name());
            if (arn.equals(ref) || lb.name().equals(ref) || ref.equals(lb.tags().values().get("Name"))) {
                found.add(new Found(null, lb, arn));
            }
        }
        return found;
    }
}
