package dev.ballast.control.ec2;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A working copy of the EC2 resources that one command changes; the writer commits it when it differs from the
 * state it was made from.
 *
 * <p>Not thread-safe: used by the writer's single thread of the moment.
 */
public final class Ec2Draft {
    /** VPCs by id, in creation order. */
    public final Map<String, Vpc> vpcs;
    /** Subnets by id, in creation order. */
    public final Map<String, Subnet> subnets;
    /** Security groups by id, in creation order. */
    public final Map<String, SecurityGroup> groups;

    private Ec2Draft(Ec2State state) {
        this.vpcs = new LinkedHashMap<>(state.vpcs());
        this.subnets = new LinkedHashMap<>(state.subnets());
        this.groups = new LinkedHashMap<>(state.groups());
    }

    static Ec2Draft of(Ec2State state) {
        return new Ec2Draft(state);
    }

    boolean sameAs(Ec2State state) {
        return vpcs.equals(state.vpcs()) && subnets.equals(state.subnets()) && groups.equals(state.groups());
    }

    Ec2State commit(long revision) {
        return new Ec2State(revision, vpcs, subnets, groups);
    }
}
