package dev.ballast.control.elbv2;

import dev.ballast.control.BestEffortPublisher;
import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.ec2.Ec2Network;
import dev.ballast.control.ec2.Subnet;
import dev.ballast.control.store.Store;
import dev.ballast.core.health.TargetHealth;
import dev.ballast.core.health.TargetHealthReason;
import dev.ballast.core.health.TargetHealthState;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The ELBv2 control plane: the commands (through one writer) and the reads the API serves from the latest
 * committed state.
 *
 * <p>Thread-safe: commands are serialised by the writer; reads see an immutable state.
 */
public final class ElbControl {
    private final ElbWriter writer;
    private final ElbEnvironment env;
    private final LoadBalancerCommands loadBalancers;
    private volatile Ec2Network network;
    private final TargetGroupCommands targetGroups;
    private final ListenerCommands listeners;
    private final RuleCommands rules;
    private final TagCommands tags;
    private volatile TargetHealthSource health = TargetHealthSource.UNCHECKED;
    private volatile RunningInstances running;

    private ElbControl(ElbWriter writer, ElbEnvironment env) {
        this.writer = writer;
        this.env = env;
        this.loadBalancers = new LoadBalancerCommands(writer, env, () -> network);
        this.running = new RunningInstances(env.settings().targetAddresses());
        this.targetGroups = new TargetGroupCommands(writer, env, () -> running);
        this.listeners = new ListenerCommands(writer, env);
        this.rules = new RuleCommands(writer, env);
        this.tags = new TagCommands(writer);
    }

    /** Loads the configuration from {@code store}, publishes it and returns the control plane. */
    public static ElbControl open(Store store, ConfigPublisher publisher, ElbSettings settings, Clock clock,
                                  RandomGenerator random) {
        return new ElbControl(ElbWriter.open(store, publisher, settings,
                settings.targetAddresses()), ElbEnvironment.of(settings, clock, random));
    }

    /** The latest committed state. */
    public ElbState state() {
        return writer.state();
    }

    /**
     * The state of load balancer {@code lbArn}: {@code failed} naming each of its listeners that is not served and
     * why, else {@code active}.
     */
    public LoadBalancerState loadBalancerState(String lbArn) {
        ElbState current = state();
        List<String> reasons = new ArrayList<>();
        writer.listenerFailures().forEach((listenerArn, failure) -> {
            ListenerEntry listener = current.listeners().get(listenerArn);
            if (listener != null && listener.loadBalancerArn().equals(lbArn)) {
                reasons.add("listener " + listener.protocol() + ":" + listener.port() + ": " + failure.reason());
            }
        });
        return reasons.isEmpty() ? LoadBalancerState.ACTIVE : LoadBalancerState.failed(String.join("; ", reasons));
    }

    /** The stored listeners that are not served (their port or address cannot be bound). */
    public Collection<BestEffortPublisher.NotServed> listenersNotServed() {
        return writer.listenerFailures().values();
    }

    /** Takes what other nodes committed to the store since this node's state (cluster mode). */
    public void catchUp() {
        writer.catchUp();
    }

    /** Tries again to bind the stored listeners that could not be bound (e.g. their port is free again). */
    public void retryFailedListeners() {
        writer.retryFailedListeners();
    }

    /** The settings resources are created with. */
    public ElbSettings settings() {
        return env.settings();
    }

    /**
     * Resolves subnets and security groups against the EC2 resources from now on; without it (the default) subnet
     * ids are free-form and every zone of the region is assumed.
     */
    public void network(Ec2Network network) {
        this.network = network;
    }

    /** The VPC of {@code lb}: that of its subnets, or the settings' VPC when they are not EC2 subnets. */
    public String vpcOf(LoadBalancerEntry lb) {
        Ec2Network n = network;
        Subnet first = n == null || lb.subnets().isEmpty() ? null : n.subnet(lb.subnets().get(0));
        return first == null ? env.settings().vpcId() : first.vpcId();
    }

    /** The zone of {@code subnet} among {@code subnets}: the EC2 subnet's, or zone i of the region for subnet i. */
    public String zoneOf(List<String> subnets, String subnet) {
        Ec2Network n = network;
        Subnet known = n == null ? null : n.subnet(subnet);
        return known != null ? known.availabilityZone()
                : env.settings().region() + (char) ('a' + Math.min(subnets.indexOf(subnet), 25));
    }

    /** Load balancer commands. */
    public LoadBalancerCommands loadBalancers() {
        return loadBalancers;
    }

    /** Target group commands. */
    public TargetGroupCommands targetGroups() {
        return targetGroups;
    }

    /** Listener commands. */
    public ListenerCommands listeners() {
        return listeners;
    }

    /** Rule commands. */
    public RuleCommands rules() {
        return rules;
    }

    /** Tag commands. */
    public TagCommands tags() {
        return tags;
    }

    /** Checks instance targets against {@code instances} from now on (the live nodes of a cluster). */
    public void runningInstances(RunningInstances instances) {
        this.running = instances;
    }

    /** Uses {@code source} for DescribeTargetHealth from now on. */
    public void healthSource(TargetHealthSource source) {
        this.health = source;
    }

    /** One row of DescribeTargetHealth; {@code healthCheckPort} is null for a target nothing checks. */
    public record TargetHealthRow(Target target, String healthCheckPort, TargetHealth health) {}

    /**
     * The health of {@code targets} of group {@code tgArn} (every registered target when {@code targets} is empty).
     */
    public List<TargetHealthRow> describeTargetHealth(String tgArn, List<TargetGroupCommands.TargetRef> targets) {
        ElbState state = state();
        TargetGroup tg = new ElbDraft(state).targetGroup(tgArn).model();
        boolean inUse = !ElbQueries.loadBalancersUsing(state, tgArn).isEmpty();
        List<Target> wanted = new ArrayList<>();
        if (targets.isEmpty()) {
            wanted.addAll(tg.targets());
            wanted.addAll(health.draining(tgArn));
        } else {
            targets.forEach(ref -> wanted.add(TargetGroupCommands.resolve(tg, ref)));
        }
        List<TargetHealthRow> rows = new ArrayList<>();
        for (Target t : wanted) {
            Target registered = tg.targets().stream().filter(r -> r.key().equals(t.key())).findFirst().orElse(null);
            TargetHealth view;
            if (registered == null) {
                // A deregistered target is shown as draining until its delay ends, then as not registered.
                TargetHealth known = health.health(tgArn, t);
                view = known.state() == TargetHealthState.DRAINING ? known : TargetHealth.NOT_REGISTERED;
            } else if (!inUse) {
                view = TargetHealth.of(TargetHealthState.UNUSED, TargetHealthReason.NOT_IN_USE);
            } else if (!tg.healthCheck().enabled()) {
                view = TargetHealth.of(TargetHealthState.UNAVAILABLE, TargetHealthReason.HEALTH_CHECK_DISABLED);
            } else {
                view = health.health(tgArn, registered);
            }
            Target shown = registered == null ? t : registered;
            // As AWS's example shows, a target of a group no load balancer uses has no HealthCheckPort: nothing
            // checks it.
            String port = registered != null && !inUse ? null
                    : String.valueOf(tg.healthCheck().probePort(shown.port()));
            rows.add(new TargetHealthRow(shown, port, view));
        }
        return rows;
    }
}
