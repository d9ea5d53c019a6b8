package dev.ballast.server.api;

import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * A JUnit extension giving each test a control plane on a fresh data directory, with ECS and ELBv2 SDK clients
 * pointed at its API, which the test can restart (recording what the task runner would have observed while it is
 * down); everything is closed and the directory removed after the test.
 *
 * <p>Not thread-safe: one per test class, used by one test at a time.
 */
final class EcsApiFixture implements BeforeEachCallback, AfterEachCallback {
    private Path dataDir;
    private ControlPlane plane;
    private EcsClient ecs;
    private ElasticLoadBalancingV2Client elb;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("ballast-ecs-test");
        open();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The data directory of the control plane. */
    Path dataDir() {
        return dataDir;
    }

    private void open() {
        // The API's shapes alone: no scheduler moves the tasks the tests record, or acts on the states they write.
        plane = ControlPlane.start(new ControlPlane.Options(dataDir, "127.0.0.1", 0, "127.0.0.1", Map.of(), 1)
                .withoutTaskScheduling());
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

    private void close() {
        ecs.close();
        elb.close();
        plane.close();
    }
}
