package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.Http;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/** Network load balancers through the ELBv2 API with the AWS SDK for Java v2: validation and real TCP/UDP traffic. */
@Timeout(60)
class NlbSdkTest {
    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private ElasticLoadBalancingV2Client elb;
    private HttpServer web;
    private DatagramSocket udpTarget;

    @BeforeEach
    void start() throws IOException {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        elb = ApiTestSupport.client(plane.apiAddress(), "any", "credentials");
        web = ApiTestSupport.target("tcp-task");
        udpTarget = new DatagramSocket(new InetSocketAddress("127.0.0.1", web.getAddress().getPort()));
        Thread echo = new Thread(() -> {
            byte[] buf = new byte[1500];
            while (!udpTarget.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    udpTarget.receive(p);
                    byte[] answer = ("udp-task:" + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                    udpTarget.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        echo.setDaemon(true);
        echo.start();
    }

    @AfterEach
    void stop() {
        elb.close();
        plane.close();
        web.stop(0);
        udpTarget.close();
    }

    /** A port free on {@code nlb}'s internal address, which other Ballasts on this host may use too. */
    private static int freePortOn(LoadBalancer nlb) throws java.io.IOException {
        return Http.freePortOn(nlb.availabilityZones().get(0).loadBalancerAddresses().get(0).ipAddress());
    }

    private LoadBalancer createNlb(String name) {
        return elb.createLoadBalancer(r -> r.name(name).type(LoadBalancerTypeEnum.NETWORK)
                .scheme(LoadBalancerSchemeEnum.INTERNAL).subnets("subnet-0ba11a5700000000a")).loadBalancers().get(0);
    }

    private TargetGroup createGroup(String name, ProtocolEnum protocol) {
        TargetGroup tg = elb.createTargetGroup(r -> r.name(name).protocol(protocol).port(web.getAddress().getPort())
                .targetType(TargetTypeEnum.IP)).targetGroups().get(0);
        elb.registerTargets(r -> r.targetGroupArn(tg.targetGroupArn())
                .targets(TargetDescription.builder().id("127.0.0.1").build()));
        return tg;
    }

    private static Action forward(String tgArn) {
        return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tgArn).build();
    }

    private static void assertError(ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ElasticLoadBalancingV2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        });
    }

    @Test
    void tcpListenerCarriesTrafficAndNetworkAttributesAreAwss() throws Exception {
        LoadBalancer nlb = createNlb("redis-nlb");
        assertThat(nlb.type()).isEqualTo(LoadBalancerTypeEnum.NETWORK);
        TargetGroup tg = createGroup("tcp-tg", ProtocolEnum.TCP);
        assertThat(tg.healthCheckProtocol()).isEqualTo(ProtocolEnum.TCP);
        int port = freePortOn(nlb);
        Listener listener = elb.createListener(r -> r.loadBalancerArn(nlb.loadBalancerArn())
                .protocol(ProtocolEnum.TCP).port(port).defaultActions(forward(tg.targetGroupArn()))).listeners().get(0);
        InetSocketAddress bound = plane.boundAddress(listener.listenerArn());
        assertThat(bound.getAddress().getHostAddress()).startsWith("127.0.10.");
        // An HTTP request sent through the TCP listener reaches the target byte for byte.
        ApiTestSupport.Response response = ApiTestSupport.get(bound.getAddress().getHostAddress(), port, "x", "/");
        assertThat(response.body()).isEqualTo("tcp-task");
        assertThat(plane.dataPlane().counters().get("l4.tcp.accepted")).isEqualTo(1);

        assertThat(elb.describeListenerAttributes(r -> r.listenerArn(listener.listenerArn())).attributes())
                .anySatisfy(a -> {
                    assertThat(a.key()).isEqualTo("tcp.idle_timeout.seconds");
                    assertThat(a.value()).isEqualTo("350");
                });
        assertError(() -> elb.modifyListenerAttributes(r -> r.listenerArn(listener.listenerArn())
                .attributes(a -> a.key("tcp.idle_timeout.seconds").value("30"))), "ValidationError",
                "tcp.idle_timeout.seconds: '30' (expected: 60-6000)");
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg.targetGroupArn()).attributes(
                a -> a.key("stickiness.enabled").value("true"), a -> a.key("stickiness.type").value("source_ip"),
                a -> a.key("proxy_protocol_v2.enabled").value("false"),
                a -> a.key("deregistration_delay.connection_termination.enabled").value("true")));
        assertError(() -> elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg.targetGroupArn())
                .attributes(a -> a.key("stickiness.type").value("lb_cookie"))), "ValidationError",
                "stickiness.type: 'lb_cookie' (expected: one of source_ip)");
        assertThat(ApiTestSupport.get(bound.getAddress().getHostAddress(), port, "x", "/").body())
                .isEqualTo("tcp-task");
    }

    @Test
    void tcpUdpListenerNeedsATcpUdpGroupAndCarriesBoth() throws Exception {
        LoadBalancer nlb = createNlb("dns-nlb");
        TargetGroup udpOnly = createGroup("udp-tg", ProtocolEnum.UDP);
        int port = freePortOn(nlb);
        assertError(() -> elb.createListener(r -> r.loadBalancerArn(nlb.loadBalancerArn())
                .protocol(ProtocolEnum.TCP_UDP).port(port).defaultActions(forward(udpOnly.targetGroupArn()))),
                "IncompatibleProtocols", "UDP");
        TargetGroup both = createGroup("both-tg", ProtocolEnum.TCP_UDP);
        Listener listener = elb.createListener(r -> r.loadBalancerArn(nlb.loadBalancerArn())
                .protocol(ProtocolEnum.TCP_UDP).port(port).defaultActions(forward(both.targetGroupArn())))
                .listeners().get(0);
        String address = plane.boundAddress(listener.listenerArn()).getAddress().getHostAddress();
        assertThat(ApiTestSupport.get(address, port, "x", "/").body()).isEqualTo("tcp-task");
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            client.setSoTimeout(5000);
            byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
            client.send(new DatagramPacket(ping, ping.length, new InetSocketAddress(address, port)));
            byte[] buf = new byte[100];
            DatagramPacket answer = new DatagramPacket(buf, buf.length);
            client.receive(answer);
            assertThat(new String(buf, 0, answer.getLength(), StandardCharsets.UTF_8)).isEqualTo("udp-task:ping");
            assertThat(answer.getSocketAddress()).isEqualTo(new InetSocketAddress(address, port));
        }
    }

    @Test
    void networkListenersOnlyForwardAndTakeNoRules() throws Exception {
        LoadBalancer nlb = createNlb("strict-nlb");
        TargetGroup tg = createGroup("strict-tg", ProtocolEnum.TCP);
        int port = freePortOn(nlb);
        assertError(() -> elb.createListener(r -> r.loadBalancerArn(nlb.loadBalancerArn()).protocol(ProtocolEnum.HTTP)
                .port(port).defaultActions(forward(tg.targetGroupArn()))), "ValidationError",
                "Listener protocol 'HTTP' must be one of 'UDP, TCP, TLS, TCP_UDP'");
        assertError(() -> elb.createListener(r -> r.loadBalancerArn(nlb.loadBalancerArn()).protocol(ProtocolEnum.TCP)
                .port(port).defaultActions(Action.builder().type(ActionTypeEnum.FIXED_RESPONSE)
                        .fixedResponseConfig(f -> f.statusCode("200")).build())), "InvalidLoadBalancerAction",
                "fixed-response");
        Listener listener = elb.createListener(r -> r.loadBalancerArn(nlb.loadBalancerArn())
                .protocol(ProtocolEnum.TCP).port(port).defaultActions(forward(tg.targetGroupArn()))).listeners().get(0);
        assertThatThrownBy(() -> elb.createRule(r -> r.listenerArn(listener.listenerArn()).priority(1)
                .conditions(c -> c.field("path-pattern").values("/x")).actions(forward(tg.targetGroupArn()))))
                .isInstanceOfSatisfying(ElasticLoadBalancingV2Exception.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(elb.describeRules(r -> r.listenerArn(listener.listenerArn())).rules()).hasSize(1); // the default
        assertThat(List.of(listener.protocol())).containsExactly(ProtocolEnum.TCP);
    }
}
