package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.cluster.NodeProfile;
import dev.ballast.control.ecs.run.TaskDriver;
import dev.ballast.control.ecs.run.process.LoopbackAddressPool;
import dev.ballast.control.ecs.run.process.ProcessDriver;
import dev.ballast.etcd.EtcdCluster;
import dev.ballast.etcd.EtcdSecurity;
import dev.ballast.proxy.Await;
import dev.ballast.server.BallastProcess;
import dev.ballast.server.ClusterNode;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.Http;
import dev.ballast.server.hello.HelloImages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Starts a Ballast node of a test's etcd cluster in this JVM: listeners on its own loopback address, API and DNS
 * on free ports of 127.0.0.1, its own data directory.
 *
 * <p>Thread-safe (stateless).
 */
final class ClusterNodes {
    private ClusterNodes() {}

    /** Node {@code name} on {@code address}, with its data directory under {@code dir}. */
    static ControlPlane start(Path dir, EtcdCluster etcd, String address, String name) {
        return ControlPlane.start(new ControlPlane.Options(dir.resolve(name), "127.0.0.1", 0, "0.0.0.0", Map.of(), 1,
                "127.0.0.1", 0), new ClusterNode(etcd.endpoints(), address, name));
    }

    /** Node {@code name} on {@code address}, reaching {@code etcd} with {@code security} (TLS, user). */
    static ControlPlane start(Path dir, EtcdCluster etcd, String address, String name, EtcdSecurity security) {
        return ControlPlane.start(new ControlPlane.Options(dir.resolve(name), "127.0.0.1", 0, "0.0.0.0", Map.of(), 1,
                "127.0.0.1", 0), new ClusterNode(etcd.endpoints(), address, name, ClusterNode.DEFAULT_ETCD_TIMEOUT,
                ClusterNode.DEFAULT_LEASE_TTL, security));
    }

    /**
     * Node {@code name} on {@code address} that runs ECS tasks with the process driver (under
     * {@code <dir>/<name>/tasks}, awsvpc tasks on addresses of {@code taskRange}), registered under a lease of
     * {@code leaseTtl}.
     */
    static ControlPlane startWithTasks(Path dir, EtcdCluster etcd, String address, String name, String taskRange,
                                       Duration leaseTtl) {
        return startWithTasks(dir, etcd, address, name, taskRange, leaseTtl, NodeProfile.machine());
    }

    /** As the other overload, the node with {@code profile} (zone, attributes, capacity) for ECS placement. */
    static ControlPlane startWithTasks(Path dir, EtcdCluster etcd, String address, String name, String taskRange,
                                       Duration leaseTtl, NodeProfile profile) {
        ProcessDriver driver = new ProcessDriver(dir.resolve(name).resolve("tasks"),
                LoopbackAddressPool.of(taskRange), new HelloImages());
        return ControlPlane.start(new ControlPlane.Options(dir.resolve(name), "127.0.0.1", 0, "0.0.0.0", Map.of(), 1,
                "127.0.0.1", 0).withTaskDrivers(Map.<String, TaskDriver>of("process", driver), "process"),
                new ClusterNode(etcd.endpoints(), address, name, ClusterNode.DEFAULT_ETCD_TIMEOUT, leaseTtl)
                        .withProfile(profile));
    }

    /** The cluster's EC2 instances (its live nodes), as DescribeInstances lists them. */
    static List<Instance> instances(Ec2Client ec2) {
        return ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    /**
     * Waits (90 s: a node's JVM can take a while to start on a busy machine) until the nodes on {@code addresses}
     * are the cluster's instances; their instance ids by address, in address order.
     *
     * @param process a node started as a process, whose stderr a timeout shows
     */
    static Map<String, String> awaitInstances(Ec2Client ec2, BallastProcess process, String... addresses) {
        try {
            Await.until(addresses.length + " instances", Duration.ofSeconds(90),
                    () -> instances(ec2).size() == addresses.length);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; listed: " + instances(ec2) + "; stderr of the node process: "
                    + process.stderr(), e);
        }
        Map<String, String> idByAddress = instances(ec2).stream().collect(Collectors.toMap(
                Instance::privateIpAddress, Instance::instanceId, (a, b) -> a, TreeMap::new));
        assertThat(idByAddress.keySet()).containsExactly(addresses);
        assertThat(idByAddress.values()).allSatisfy(id -> assertThat(id).matches("i-[0-9a-f]{17}"));
        return idByAddress;
    }

    /** {@code n} different ports free on every one of {@code addresses} a moment ago. */
    static List<Integer> freePorts(int n, String... addresses) throws IOException {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < n) {
            ports.add(Http.freePortOn(addresses));
        }
        return List.copyOf(ports);
    }
}
