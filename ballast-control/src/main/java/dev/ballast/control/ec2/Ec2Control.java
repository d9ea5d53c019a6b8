package dev.ballast.control.ec2;

import dev.ballast.control.store.Store;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * The EC2 resources Ballast has: VPCs, subnets and security groups, written by one {@link Ec2Writer} on their own
 * store, with the default VPC made on first start.
 *
 * <p>Thread-safe: the commands go through the single writer; {@link #users} is set once while wiring.
 */
public final class Ec2Control {
    private final Ec2Writer writer;
    private final AvailabilityZones zones;
    private final VpcCommands vpcs;
    private final SubnetCommands subnets;
    private final SecurityGroupCommands groups;
    private volatile Ec2Users users = Ec2Users.NONE;

    private Ec2Control(Ec2Writer writer, AvailabilityZones zones, Clock clock, RandomGenerator random) {
        Ec2Ids ids = new Ec2Ids(random);
        this.writer = writer;
        this.zones = zones;
        this.vpcs = new VpcCommands(writer, clock, ids);
        this.subnets = new SubnetCommands(writer, clock, ids, zones, () -> users);
        this.groups = new SecurityGroupCommands(writer, clock, ids, () -> users);
    }

    /**
     * Loads the EC2 resources from {@code store}, making the default VPC {@code defaultVpcId} with a subnet in each
     * zone of {@code region} when the store is new.
     */
    public static Ec2Control open(Store store, String region, String defaultVpcId, Clock clock,
                                  RandomGenerator random) {
        Ec2Writer writer = Ec2Writer.open(store);
        AvailabilityZones zones = AvailabilityZones.of(region);
        DefaultVpc.createIfNew(writer, defaultVpcId, zones, clock.millis());
        return new Ec2Control(writer, zones, clock, random);
    }

    /** Tells the commands what the load balancers use, so that it is not deleted. */
    public void users(Ec2Users users) {
        this.users = users;
    }

    /** The single writer (its state and subscriptions). */
    public Ec2Writer writer() {
        return writer;
    }

    /** The latest committed state. */
    public Ec2State state() {
        return writer.state();
    }

    /** The region's availability zones. */
    public AvailabilityZones zones() {
        return zones;
    }

    /** The VPC commands. */
    public VpcCommands vpcs() {
        return vpcs;
    }

    /** The subnet commands. */
    public SubnetCommands subnets() {
        return subnets;
    }

    /** The security group commands. */
    public SecurityGroupCommands groups() {
        return groups;
    }
}
