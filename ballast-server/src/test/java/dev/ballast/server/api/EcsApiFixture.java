package dev.ballast.server.api;

import dev.ballast.server.ControlPlane;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * A control plane on a data directory with ECS and ELBv2 SDK clients pointed at its API, which a test can restart
 * (recording what the task runner would have observed while it is down).
 *
 * <p>Not thread-safe: one per test.
 */
final class EcsApiFixture implements AutoCloseable {
    private final Path dataDir;
    private ControlPlane plane;
    private EcsClient ecs;
    private ElasticLoadBalancingV2Client elb;

    /** Starts a control plane on {@code dataDir}. */
    EcsApiFixture(Path dataDir) {
        this.dataDir = dataDir;
        open();
    }

    private void open() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        ecs = ApiTestSupport.ecsClient(plane.apiAddress(), "test", "test");
        elb = ApiTestSupport.client(plane.apiAddress(), "test", "test");
    }

    /** The ECS client of the running control plane. */
    EcsClient ecs() {
        return ecs;
    }

    /** The ELBv2 client of the running control plane. */
    ElasticLoadBalancingV2Client elb() {
        return elb;
    }

    /** The API's address. */
    InetSocketAddress api() {
        return plane.apiAddress();
    }

    /** Stops the control plane, runs {@code whileStopped} (e.g. a recorded runner change) and starts it again. */
    void restart(Runnable whileStopped) {
        close();
        whileStopped.run();
        open();
    }

    @Override
    public void close() {
        ecs.close();
        elb.close();
        plane.close();
    }
}
