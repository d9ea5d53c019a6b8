package dev.ballast.server.api;

import dev.ballast.control.cluster.NodeProfile;
import dev.ballast.control.ecs.run.TaskDriver;
import dev.ballast.control.ecs.run.process.LoopbackAddressPool;
import dev.ballast.control.ecs.run.process.ProcessDriver;
import dev.ballast.etcd.EtcdCluster;
import dev.ballast.server.ClusterNode;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.hello.HelloImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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
                new ClusterNode(etcd.endpoints(), address, name, ClusterNode.DEFAULT_ETCD_TIMEOUT, leaseTtl,
                        profile));
    }
}
