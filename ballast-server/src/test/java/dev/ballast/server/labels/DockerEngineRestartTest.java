package dev.ballast.server.labels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.docker.DockerEngine;
import dev.ballast.proxy.Await;
import dev.ballast.server.Http;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;

/**
 * The provider outlives its Docker engine: when dockerd restarts (its containers stop with it), the provider
 * reconnects by itself, deregisters what stopped, and attaches containers started on the new engine.
 */
class DockerEngineRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static DockerEngine engine;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startEngine() throws Exception {
        engine = DockerEngine.start();
    }

    @AfterAll
    static void stopEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void reconnectsAfterTheEngineRestartsAndFollowsItsContainersAgain() throws Exception {
        try (LabelsFixture server = new LabelsFixture(engine, dataDir)) {
            server.api.elb().createLoadBalancer(b -> b.name("web-lb").type(LoadBalancerTypeEnum.APPLICATION)
                    .subnets("subnet-a"));
            int port = Http.freePort();
            String label = "ballast.lb.port_80=http://web-lb:" + port;
            server.runHttpd("before", "--label", label);
            Await.until("registered before the restart", WAIT, () -> server.inState("before", "registered"));
            String tg = server.status("before").orElseThrow().targetGroupArn();

            engine.restart();

            Await.until("the container the engine stopped is deregistered", WAIT,
                    () -> server.inState("before", "stopped"));
            server.runHttpd("after", "--label", label);
            Await.until("a container of the restarted engine is registered", WAIT,
                    () -> server.inState("after", "registered"));
            String after = server.status("after").orElseThrow().target();
            assertThat(server.api.elb().describeTargetHealth(b -> b.targetGroupArn(tg)).targetHealthDescriptions())
                    .filteredOn(d -> !d.targetHealth().stateAsString().equals("draining"))
                    .extracting(d -> d.target().id() + ":" + d.target().port()).containsExactly(after);
            assertThat(server.labels.provider().engineState()).startsWith("connected");
        }
    }
}
