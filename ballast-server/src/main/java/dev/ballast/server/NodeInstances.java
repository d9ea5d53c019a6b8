package dev.ballast.server;

import dev.ballast.api.ec2.NodeAsInstance;
import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.elbv2.NodeInstance;
import dev.ballast.control.elbv2.RunningInstances;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.TargetAddresses;
import dev.ballast.etcd.NodeRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ballast nodes as EC2 instances: this node alone, or, once it {@link #follow follows} the cluster's membership,
 * every node whose lease is alive. On each change it replaces the running-instance table that instance targets and
 * Classic instances are checked against, and publishes the instances' addresses as a part of the data plane's
 * configuration, through which traffic and health checks reach an instance target at its node's address. It also
 * lists the instances for EC2's DescribeInstances.
 *
 * <p>Thread-safe: refreshes are serialised on this object (they run on the membership's thread); reads take the
 * latest table.
 */
final class NodeInstances {
    private static final Logger LOG = LoggerFactory.getLogger(NodeInstances.class);

    private final NodeAsInstance self;
    private final RunningInstances running;
    private final ConfigPublisher addressesPart;
    private volatile List<NodeAsInstance> listed;
    private long revision;

    /** This node ({@code self}, started at {@code started}) alone; addresses are published to {@code addressesPart}. */
    NodeInstances(NodeInstance self, Instant started, ConfigPublisher addressesPart) {
        this.self = new NodeAsInstance(self.id(), self.address(), started);
        this.running = new RunningInstances(TargetAddresses.of(Map.of(self.id(), self.address())));
        this.addressesPart = addressesPart;
        this.listed = List.of(this.self);
    }

    /** The running-instance table commands check instance ids against. */
    RunningInstances running() {
        return running;
    }

    /** When this node started (its launch time as an instance). */
    Instant started() {
        return self.launchTime();
    }

    /** The running instances, this node's first. */
    List<NodeAsInstance> list() {
        return listed;
    }

    /** From now on the instances are the live nodes of {@code membership} (this node's own stays while it runs). */
    void follow(ClusterMembership membership) {
        membership.onChange(() -> refresh(membership.live()));
        refresh(membership.live());
    }

    private synchronized void refresh(List<NodeRecord> live) {
        List<NodeAsInstance> instances = new ArrayList<>(List.of(self));
        Map<String, String> addresses = new LinkedHashMap<>(Map.of(self.id(), self.address()));
        for (NodeRecord n : live) {
            if (!n.instanceId().equals(self.id()) && n.instanceId().startsWith("i-")) {
                instances.add(new NodeAsInstance(n.instanceId(), n.address(), n.started()));
                addresses.put(n.instanceId(), n.address());
            }
        }
        TargetAddresses table = TargetAddresses.of(addresses);
        running.set(table);
        listed = List.copyOf(instances);
        try {
            addressesPart.publish(new ConfigSnapshot(++revision, List.of(), List.of(), List.of(), table));
        } catch (RuntimeException e) {
            LOG.warn("the data plane refused the instances' addresses: {}", e.getMessage());
        }
    }
}
