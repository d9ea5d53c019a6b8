package dev.ballast.server;

import dev.ballast.control.ecs.TargetGroupLookup;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.elbv2.ElbQueries;
import dev.ballast.control.elbv2.ElbState;
import dev.ballast.control.elbv2.TargetGroupEntry;

/**
 * The ECS control plane's view of ELBv2 target groups, read from the ELBv2 control plane's committed state: a
 * group's target type and whether a listener or rule forwards to it.
 *
 * <p>Thread-safe: each call reads one committed state.
 */
final class ElbTargetGroupLookup implements TargetGroupLookup {
    private final ElbControl control;

    ElbTargetGroupLookup(ElbControl control) {
        this.control = control;
    }

    @Override
    public TargetGroupInfo find(String arn) {
        ElbState state = control.state();
        TargetGroupEntry group = state.targetGroups().get(arn);
        if (group == null) {
            return null;
        }
        return new TargetGroupInfo(arn, group.model().targetType().wire(),
                !ElbQueries.loadBalancersUsing(state, arn).isEmpty());
    }
}
