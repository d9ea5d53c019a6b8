package dev.ballast.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.cluster.Membership;
import dev.ballast.etcd.EtcdStores;
import dev.ballast.etcd.NodeMembership;
import dev.ballast.etcd.NodeRecord;
import dev.ballast.etcd.NodeRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * This node's part in the cluster's membership: registered in etcd under a lease ({@link NodeRegistry}), the live
 * nodes listed at {@code GET /ballast/nodes} (what {@code ballast nodes} prints) and answered by every load
 * balancer's DNS name (the routing mesh: each node serves every listener).
 *
 * <p>Thread-safe (the registry is).
 */
final class ClusterMembership implements AutoCloseable {
    /** Where the API answers the live nodes as JSON. */
    static final String PATH = "/ballast/nodes";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final NodeRegistry registry;
    private final Duration leaseTtl;

    private ClusterMembership(NodeRegistry registry, Duration leaseTtl) {
        this.registry = registry;
        this.leaseTtl = leaseTtl;
    }

    /**
     * Registers {@code node} (instance {@code instanceId}, API on {@code api}, started at {@code started}) in the
     * cluster of {@code stores}.
     */
    static ClusterMembership join(EtcdStores stores, ClusterNode node, String instanceId, InetSocketAddress api,
                                  Instant started) {
        NodeRecord self = new NodeRecord(node.name(), node.address(), instanceId,
                api.getAddress().getHostAddress() + ":" + api.getPort(), started, node.profile());
        return new ClusterMembership(NodeRegistry.join(stores.client(), self, node.leaseTtl(), node.etcdTimeout()),
                node.leaseTtl());
    }

    /** The live nodes' addresses (this node's own when the view is empty, e.g. before the first read). */
    List<InetAddress> addresses() {
        List<InetAddress> addresses = new ArrayList<>();
        for (NodeRecord n : registry.live()) {
            try {
                addresses.add(InetAddress.getByName(n.address())); // an IP literal: no lookup
            } catch (UnknownHostException e) {
                // a record written by hand; not an address to answer with
            }
        }
        if (addresses.isEmpty()) {
            try {
                addresses.add(InetAddress.getByName(registry.self().address()));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return addresses;
    }

    /** The live nodes, by name. */
    List<NodeRecord> live() {
        return registry.live();
    }

    /** The live nodes as the ECS scheduler places tasks on them. */
    Membership members() {
        return new NodeMembership(registry);
    }

    /** This node's lease TTL: how long after its last renewal a node that stopped renewing leaves the view. */
    Duration leaseTtl() {
        return leaseTtl;
    }

    /** Runs {@code listener} whenever a node joins or leaves. */
    void onChange(Runnable listener) {
        registry.onChange(listener);
    }

    /** The live nodes as the API answers them: {@code {"self":"n1","nodes":[{name,address,instanceId,api,zone}...]}}. */
    String json() {
        ObjectNode page = JSON.createObjectNode().put("self", registry.self().name());
        ArrayNode nodes = page.putArray("nodes");
        for (NodeRecord n : registry.live()) {
            nodes.addObject().put("name", n.name()).put("address", n.address()).put("instanceId", n.instanceId())
                    .put("api", n.api()).put("zone", n.profile().availabilityZone());
        }
        return page.toString();
    }

    /** Leaves the cluster at once (the lease is revoked). */
    @Override
    public void close() {
        registry.close();
    }
}
