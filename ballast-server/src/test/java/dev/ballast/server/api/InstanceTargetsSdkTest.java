package dev.ballast.server.api;

import static dev.ballast.server.api.ApiTestSupport.awaitAllHealthy;
import static dev.ballast.server.api.ApiTestSupport.bodies;
import static dev.ballast.server.api.ApiTestSupport.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.control.elbv2.NodeInstance;
import dev.ballast.server.ControlPlane;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Instance target groups over the ELBv2 API with the AWS SDK: the server is one instance ({@code i-} and 17 hex
 * digits, stable for its data directory) whose targets are reached at 127.0.0.1 by traffic and health checks; an
 * instance that is not this server cannot be registered.
 */
class InstanceTargetsSdkTest {
    @TempDir
    Path dataDir;

    private ControlPlane plane;
    private ElasticLoadBalancingV2Client elb;
    private HttpServer target;

    @BeforeEach
    void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        elb = ApiTestSupport.client(plane.apiAddress(), "any", "credentials");
        target = ApiTestSupport.target("on-the-node");
    }

    @AfterEach
    void stop() {
        elb.close();
        plane.close();
        target.stop(0);
    }

    private String instanceGroup(String name) {
        return elb.createTargetGroup(r -> r.name(name).protocol(ProtocolEnum.HTTP).port(80)
                .targetType(TargetTypeEnum.INSTANCE).healthCheckPath("/")).targetGroups().get(0).targetGroupArn();
    }

    @Test
    void theNodesInstanceIdIsATargetReachedOnLoopbackAtTheTargetsPort() throws Exception {
        String node = plane.control().settings().nodeInstance().id();
        assertThat(node).matches("i-[0-9a-f]{17}");
        String tg = instanceGroup("node-tg");
        String lb = elb.createLoadBalancer(r -> r.name("node-lb").type(LoadBalancerTypeEnum.APPLICATION)
                .subnets("subnet-0ba11a5700000000a", "subnet-0ba11a5700000000b")).loadBalancers().get(0).loadBalancerArn();
        int port = freePort();
        elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(port)
                .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build()));

        elb.registerTargets(r -> r.targetGroupArn(tg).targets(TargetDescription.builder().id(node)
                .port(target.getAddress().getPort()).build()));

        awaitAllHealthy(elb, tg, 1);
        TargetHealthDescription described = elb.describeTargetHealth(r -> r.targetGroupArn(tg))
                .targetHealthDescriptions().get(0);
        assertThat(described.target().id()).isEqualTo(node);
        assertThat(described.target().port()).isEqualTo(target.getAddress().getPort());
        assertThat(bodies("127.0.0.1", port, "node-lb", 3)).containsOnly("on-the-node");
    }

    @Test
    void anInstanceThatIsNotThisServerIsRefusedAndNothingChanges() {
        String tg = instanceGroup("other-tg");
        String node = plane.control().settings().nodeInstance().id();
        String other = node.equals("i-0123456789abcdef0") ? "i-0123456789abcdef1" : "i-0123456789abcdef0";

        assertThatThrownBy(() -> elb.registerTargets(r -> r.targetGroupArn(tg).targets(
                TargetDescription.builder().id(node).port(8080).build(),
                TargetDescription.builder().id(other).port(8080).build())))
                .isInstanceOfSatisfying(InvalidTargetException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidTarget");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The following targets are not in a "
                            + "running state and cannot be registered: '" + other + "'");
                });
        assertThat(elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions()).isEmpty();
    }

    @Test
    void theInstanceIdStaysTheSameAcrossRestartsOfOneDataDirectory() {
        String before = plane.control().settings().nodeInstance().id();
        plane.close();
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        elb.close();
        elb = ApiTestSupport.client(plane.apiAddress(), "any", "credentials");

        assertThat(plane.control().settings().nodeInstance().id()).isEqualTo(before);
        assertThat(plane.control().settings().nodeInstance().address()).isEqualTo(NodeInstance.TASK_PORTS_ADDRESS);
    }
}
