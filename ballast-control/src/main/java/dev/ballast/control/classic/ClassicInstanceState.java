package dev.ballast.control.classic;

import dev.ballast.core.health.TargetHealth;
import dev.ballast.core.health.TargetHealthReason;
import dev.ballast.core.health.TargetHealthState;
import java.util.List;

/**
 * One row of DescribeInstanceHealth: {@code InService} or {@code OutOfService}, with the Classic API's reason
 * code ({@code ELB} or {@code Instance}) and description; {@code N/A} for both when in service.
 *
 * <p>Thread-safe (immutable).
 */
public record ClassicInstanceState(String instanceId, String state, String reasonCode, String description) {
    static final String REGISTERING = "Instance registration is still in progress.";
    static final String FAILED = "Instance has failed at least the UnhealthyThreshold number of health checks"
            + " consecutively.";
    static final String NOT_REGISTERED = "Instance is not currently registered with the LoadBalancer.";
    static final String STOPPED = "Instance is in stopped state.";

    /**
     * The state of {@code instanceId} from its health in each of the load balancer's target groups: in service when
     * every group reports it healthy (or checks are off), otherwise out of service for the first reason found.
     */
    static ClassicInstanceState of(String instanceId, List<TargetHealth> perGroup) {
        if (perGroup.isEmpty()) {
            return new ClassicInstanceState(instanceId, "OutOfService", "ELB", NOT_REGISTERED);
        }
        for (TargetHealth h : perGroup) {
            TargetHealthState s = h.state();
            if (s == TargetHealthState.UNHEALTHY) {
                return new ClassicInstanceState(instanceId, "OutOfService", "Instance", FAILED);
            }
            if (s == TargetHealthState.INITIAL) {
                return new ClassicInstanceState(instanceId, "OutOfService", "ELB", REGISTERING);
            }
            if (s == TargetHealthState.UNUSED && h.reason() == TargetHealthReason.INVALID_STATE) {
                return new ClassicInstanceState(instanceId, "OutOfService", "Instance", STOPPED); // a node that left
            }
            if (s == TargetHealthState.UNUSED || s == TargetHealthState.DRAINING) {
                return new ClassicInstanceState(instanceId, "OutOfService", "ELB", NOT_REGISTERED);
            }
        }
        return new ClassicInstanceState(instanceId, "InService", "N/A", "N/A");
    }
}
