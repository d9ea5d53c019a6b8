package dev.ballast.server.labels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.docker.DockerEngineExtension;
import dev.ballast.proxy.Await;
import dev.ballast.server.Http;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;

/**
 * The provider outlives its Docker engine: when dockerd restarts (its containers stop with it), the provider
 * reconnects by itself, deregisters what stopped, and attaches containers started on the new engine.
 */
class DockerEngineRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    @RegisterExtension
    static final DockerEngineExtension DOCKER = new DockerEngineExtension();

    @TempDir
    Path dataDir;

    @Test
    void reconnectsAfterTheEngineRestartsAndFollowsItsContainersAgain() throws Exception {
        try (LabelsFixture server = new LabelsFixture(DOCKER.engine(), dataDir)) {
            server.api.elb().createLoadBalancer(b -> b.name("web-lb").type(LoadBalancerTypeEnum.APPLICATION)
                    .subnets("subnet-0ba11a5700000000a"));
            int port = Http.freePort();
            String label = "ballast.lb.port_80=http://web-lb:" + port;
            server.runHttpd("before", "--label", label);
            Await.until("registered before the restart", WAIT, () -> server.inState("before", "registered"));
            String tg = server.status("before").orElseThrow().targetGroupArn();

            DOCKER.engine().restart();

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
