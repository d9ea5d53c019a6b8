package dev.ballast.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.core.validation.ValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkModelTest {
    private static final String NLB = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/nlb/1";
    private static final String ALB = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/alb/1";

    private static TargetGroup group(String name, Protocol protocol) {
        return new TargetGroup("tg-" + name, name, protocol, 6379, TargetType.IP,
                HealthCheck.defaultsFor(protocol, protocol.isHttp() ? LoadBalancerType.APPLICATION
                        : LoadBalancerType.NETWORK), null, List.of(new Target("127.0.0.1", 6379)));
    }

    private static ConfigSnapshot snapshot(LoadBalancerType type, Listener listener, TargetGroup group) {
        String arn = type == LoadBalancerType.NETWORK ? NLB : ALB;
        LoadBalancer lb = new LoadBalancer(arn, "lb", type, Scheme.INTERNAL, null, "127.0.0.1", null);
        return new ConfigSnapshot(1, List.of(lb), List.of(listener), List.of(group));
    }

    private static Listener listener(String lbArn, Protocol protocol, TargetGroup group) {
        return new Listener("l", lbArn, protocol, 6379, Action.Forward.to(group.arn()));
    }

    @Test
    void networkGroupsGetNetworkAttributeDefaults() {
        TargetGroup tcp = group("redis", Protocol.TCP);
        assertThat(tcp.attributes().values())
                .containsEntry("stickiness.type", "source_ip")
                .containsEntry("deregistration_delay.connection_termination.enabled", "false")
                .containsEntry("proxy_protocol_v2.enabled", "false")
                .containsEntry("target_failover.on_deregistration", "no_rebalance")
                .doesNotContainKey("slow_start.duration_seconds");
        assertThat(group("web", Protocol.HTTP).attributes().values()).containsEntry("stickiness.type", "lb_cookie");
    }

    @Test
    void networkAttributesValidatedAgainstNetworkKeys() {
        TargetGroupAttributes a = TargetGroupAttributes.defaultsFor(Protocol.TCP).with(Protocol.TCP, Map.of(
                "proxy_protocol_v2.enabled", "true", "stickiness.enabled", "true",
                "deregistration_delay.connection_termination.enabled", "true"));
        assertThat(a.proxyProtocolV2()).isTrue();
        assertThat(a.sourceIpStickiness()).isTrue();
        assertThat(a.connectionTerminationOnDeregistration()).isTrue();
        assertThatThrownBy(() -> a.with(Protocol.TCP, Map.of("slow_start.duration_seconds", "30")))
                .isInstanceOf(AttributeSpec.UnknownAttributeException.class)
                .hasMessageContaining("not recognized for a network target group");
        assertThatThrownBy(() -> a.with(Protocol.UDP, Map.of("stickiness.type", "lb_cookie")))
                .hasMessage("stickiness.type: 'lb_cookie' (expected: one of source_ip)");
    }

    @Test
    void tcpIdleTimeoutDefaultAndRange() {
        assertThat(ListenerAttributes.networkDefaults()).containsEntry("tcp.idle_timeout.seconds", "350");
        assertThat(new Listener("l", NLB, Protocol.TCP, 1, Action.Forward.to("tg")).tcpIdleTimeoutSeconds())
                .isEqualTo(350);
        assertThatThrownBy(() -> ListenerAttributes.NETWORK.apply(Map.of(), Map.of("tcp.idle_timeout.seconds", "59")))
                .hasMessage("tcp.idle_timeout.seconds: '59' (expected: 60-6000)");
        assertThat(ListenerAttributes.NETWORK.apply(Map.of(), Map.of("tcp.idle_timeout.seconds", "6000")))
                .containsEntry("tcp.idle_timeout.seconds", "6000");
    }

    @Test
    void networkHttpHealthCheckMatches200To399ByDefault() {
        HealthCheck http = HealthCheck.networkDefaults(Protocol.HTTP);
        assertThat(http.matcher()).isEqualTo("200-399");
        assertThat(http.matches(302)).isTrue();
        assertThat(http.matches(404)).isFalse();
        assertThat(HealthCheck.networkDefaults(Protocol.TCP).path()).isNull();
    }

    @Test
    void healthCheckProtocolMustSuitTheGroup() {
        assertThatThrownBy(() -> TargetGroup.checkHealthCheckProtocol(Protocol.HTTP, Protocol.TCP))
                .hasMessage("HealthCheckProtocol: TCP (expected: HTTP or HTTPS for a HTTP target group)");
        assertThatThrownBy(() -> TargetGroup.checkHealthCheckProtocol(Protocol.UDP, Protocol.UDP))
                .hasMessage("HealthCheckProtocol: UDP (expected: TCP, HTTP or HTTPS for a UDP target group)");
        TargetGroup.checkHealthCheckProtocol(Protocol.UDP, Protocol.HTTP);
        TargetGroup.checkHealthCheckProtocol(Protocol.TCP_UDP, Protocol.TCP);
    }

    @Test
    void tcpUdpListenerNeedsATcpUdpGroup() {
        TargetGroup udp = group("dns", Protocol.UDP);
        assertThatThrownBy(() -> snapshot(LoadBalancerType.NETWORK, listener(NLB, Protocol.TCP_UDP, udp), udp))
                .isInstanceOf(ValidationException.class)
                .hasMessage("TargetGroupArn: dns (UDP) (expected: a TCP_UDP target group for a TCP_UDP listener)");
        TargetGroup both = group("dns", Protocol.TCP_UDP);
        snapshot(LoadBalancerType.NETWORK, listener(NLB, Protocol.TCP_UDP, both), both);
        snapshot(LoadBalancerType.NETWORK, listener(NLB, Protocol.UDP, both), both);
        snapshot(LoadBalancerType.NETWORK, listener(NLB, Protocol.TCP, both), both);
    }

    @Test
    void listenerProtocolMustSuitTheLoadBalancer() {
        TargetGroup tcp = group("redis", Protocol.TCP);
        assertThatThrownBy(() -> snapshot(LoadBalancerType.NETWORK, listener(NLB, Protocol.HTTP, tcp), tcp))
                .hasMessage("Protocol: HTTP (expected: TCP, TLS, UDP or TCP_UDP for a network load balancer)");
        assertThatThrownBy(() -> snapshot(LoadBalancerType.APPLICATION, listener(ALB, Protocol.TCP, tcp), tcp))
                .hasMessage("Protocol: TCP (expected: HTTP or HTTPS for an application load balancer)");
        TargetGroup http = group("web", Protocol.HTTP);
        assertThatThrownBy(() -> snapshot(LoadBalancerType.NETWORK, listener(NLB, Protocol.TCP, http), http))
                .hasMessage("TargetGroupArn: web (HTTP) (expected: a TCP, TLS or TCP_UDP target group for a TCP listener)");
    }

    @Test
    void networkListenersOnlyForward() {
        TargetGroup tcp = group("redis", Protocol.TCP);
        Listener fixed = new Listener("l", NLB, Protocol.TCP, 6379, new Action.FixedResponse(200, null, "x"));
        assertThatThrownBy(() -> snapshot(LoadBalancerType.NETWORK, fixed, tcp))
                .hasMessage("DefaultActions.Type: fixed-response (expected: forward on a network load balancer's listener)");
        Rule rule = new Rule("r", 1, List.of(new Condition.PathPattern(List.of("/"))), Action.Forward.to(tcp.arn()));
        assertThatThrownBy(() -> new Listener("l", NLB, Protocol.TCP, 6379, Action.Forward.to(tcp.arn()),
                List.of(rule), Map.of()))
                .hasMessage("Rules: 1 rules (expected: no rules on a TCP listener)");
    }
}
