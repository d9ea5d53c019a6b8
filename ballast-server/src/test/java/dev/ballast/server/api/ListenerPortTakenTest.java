package dev.ballast.server.api;

import static dev.ballast.server.api.ApiTestSupport.freePort;
import static dev.ballast.server.api.ApiTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.server.BallastProcess;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.PortHolder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidConfigurationRequestException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * A stored listener whose port another program took while the server was down: the server starts, serves every
 * other listener, shows the load balancer {@code failed} with the reason, and serves it once the port is free. A
 * listener created through the API on a taken port is refused and nothing is stored.
 */
class ListenerPortTakenTest {
    @TempDir
    Path dataDir;

    private final HttpServer target = ApiTestSupport.target("served");
    private ControlPlane plane;
    private ElasticLoadBalancingV2Client elb;

    @AfterEach
    void stop() {
        if (elb != null) {
            elb.close();
        }
        if (plane != null) {
            plane.close();
        }
        target.stop(0);
    }

    private void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        elb = ApiTestSupport.client(plane.apiAddress(), "any", "any");
    }

    private void restart() {
        elb.close();
        plane.close();
        start();
    }

    private String loadBalancerWithListener(String name, int port) {
        String lbArn = elb.createLoadBalancer(r -> r.name(name)).loadBalancers().get(0).loadBalancerArn();
        String tgArn = elb.createTargetGroup(r -> r.name(name + "-tg").protocol(ProtocolEnum.HTTP).port(80)
                .targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
        elb.registerTargets(r -> r.targetGroupArn(tgArn).targets(t -> t.id("127.0.0.1")
                .port(target.getAddress().getPort())));
        elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(port).defaultActions(
                Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tgArn).build()));
        return lbArn;
    }

    private LoadBalancer describe(String name) {
        return elb.describeLoadBalancers(r -> r.names(name)).loadBalancers().get(0);
    }

    @Test
    void aStoredListenerOnATakenPortFailsAloneAndRecoversWhenThePortIsFree() throws Exception {
        start();
        int takenLater = freePort();
        int free = freePort();
        loadBalancerWithListener("blocked", takenLater);
        loadBalancerWithListener("fine", free);
        plane.close();
        plane = null;

        try (PortHolder holder = PortHolder.start(takenLater)) {
            start();
            String blockedListener = elb.describeListeners(r -> r.loadBalancerArn(describe("blocked")
                    .loadBalancerArn())).listeners().get(0).listenerArn();
            LoadBalancer blocked = describe("blocked");
            assertThat(blocked.state().code()).isEqualTo(LoadBalancerStateEnum.FAILED);
            assertThat(blocked.state().reason()).startsWith("listener HTTP:" + holder.port() + ": port "
                    + holder.port() + " on 127.0.0.1 is in use by PID " + holder.pid() + " (" + PortHolder.COMMAND);
            assertThat(describe("fine").state().code()).isEqualTo(LoadBalancerStateEnum.ACTIVE);
            assertThat(describe("fine").state().reason()).isNull();
            assertThat(get("127.0.0.1", free, "x", "/").body()).isEqualTo("served");
            assertThat(plane.boundAddress(blockedListener)).isNull();
        }
        // The holder is gone: the retry binds the listener.
        long deadline = System.nanoTime() + ControlPlane.LISTENER_RETRY_INTERVAL.plus(Duration.ofSeconds(20)).toNanos();
        while (describe("blocked").state().code() != LoadBalancerStateEnum.ACTIVE && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        LoadBalancer recovered = describe("blocked");
        assertThat(recovered.state().code()).isEqualTo(LoadBalancerStateEnum.ACTIVE);
        assertThat(recovered.state().reason()).isNull();
        assertThat(get("127.0.0.1", takenLater, "x", "/").body()).isEqualTo("served");
    }

    @Test
    void aListenerCreatedOnATakenPortIsRefusedAndNothingIsStored() throws Exception {
        start();
        String lbArn = loadBalancerWithListener("lb", freePort());
        String tgArn = elb.describeTargetGroups(r -> r.names("lb-tg")).targetGroups().get(0).targetGroupArn();
        try (PortHolder holder = PortHolder.start()) {
            assertThatThrownBy(() -> elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP)
                    .port(holder.port()).defaultActions(Action.builder().type(ActionTypeEnum.FORWARD)
                            .targetGroupArn(tgArn).build())))
                    .isInstanceOf(InvalidConfigurationRequestException.class)
                    .hasMessageContaining("The configuration cannot be applied: port " + holder.port()
                            + " on 127.0.0.1 is in use by PID " + holder.pid())
                    .hasMessageContaining("; choose another Port");
            assertThat(elb.describeListeners(r -> r.loadBalancerArn(lbArn)).listeners()).hasSize(1);
            assertThat(describe("lb").state().code()).isEqualTo(LoadBalancerStateEnum.ACTIVE);
            restart();
            assertThat(elb.describeListeners(r -> r.loadBalancerArn(lbArn)).listeners()).hasSize(1);
        }
    }

    @Test
    void theServerProcessSaysWhichStoredListenerItDoesNotServeAndWhy(@TempDir Path logs) throws Exception {
        int apiPort = freePort();
        int port = freePort();
        String[] args = {"server", "--data-dir", dataDir.toString(), "--api-port", String.valueOf(apiPort),
            "--public-address", "127.0.0.1", "--dns-port", "0"};
        try (BallastProcess first = BallastProcess.start(logs, "first", args)) {
            first.awaitPort(apiPort);
            try (ElasticLoadBalancingV2Client client = ApiTestSupport.client(
                    new InetSocketAddress("127.0.0.1", apiPort), "any", "any")) {
                String lbArn = client.createLoadBalancer(r -> r.name("blocked")).loadBalancers().get(0)
                        .loadBalancerArn();
                client.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(port)
                        .defaultActions(Action.builder().type(ActionTypeEnum.FIXED_RESPONSE)
                                .fixedResponseConfig(f -> f.statusCode("204")).build()));
            }
        }
        try (PortHolder holder = PortHolder.start(port);
             BallastProcess second = BallastProcess.start(logs, "second", args)) {
            second.awaitStdout(line -> line.startsWith("AWS API:"));
            String reason = "port " + port + " on 127.0.0.1 is in use by PID " + holder.pid() + " ("
                    + PortHolder.COMMAND;
            assertThat(second.stdout().lines().filter(l -> l.contains("NOT SERVED")).toList()).singleElement()
                    .asString().startsWith("  NOT SERVED: listener HTTP:" + port + " of load balancer blocked: "
                            + reason).endsWith(" (retried every 5 s)");
            assertThat(second.stderr().lines().filter(l -> l.contains(" ERROR ")).toList()).singleElement()
                    .asString().contains("listener HTTP:" + port + " of load balancer blocked is not served: " + reason);
            assertThat(second.stderr()).doesNotContain("rejected");
            try (ElasticLoadBalancingV2Client client = ApiTestSupport.client(
                    new InetSocketAddress("127.0.0.1", apiPort), "any", "any")) {
                LoadBalancer lb = client.describeLoadBalancers(r -> r.names("blocked")).loadBalancers().get(0);
                assertThat(lb.state().code()).isEqualTo(LoadBalancerStateEnum.FAILED);
                assertThat(lb.state().reason()).startsWith("listener HTTP:" + port + ": " + reason);
            }
        }
    }
}
