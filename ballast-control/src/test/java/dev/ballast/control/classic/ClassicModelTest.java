package dev.ballast.control.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ClassicModelTest {
    private static void fails(ThrowingCallable call, AwsError error, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void healthCheckTargets() {
        HealthCheck http = new ClassicHealthCheck("http:8080/status", 10, 5, 3, 4).toHealthCheck();
        assertThat(http).isEqualTo(new HealthCheck(true, Protocol.HTTP, "8080", "/status", 10, 5, 4, 3, "200"));
        assertThat(new ClassicHealthCheck("TCP:5000", 30, 5, 2, 10).toHealthCheck().protocol())
                .isEqualTo(Protocol.TCP);
        assertThat(new ClassicHealthCheck("SSL:443", 30, 5, 2, 10).toHealthCheck().port()).isEqualTo("443");
        assertThat(new ClassicHealthCheck("http:80/", 30, 5, 2, 10).target()).isEqualTo("HTTP:80/");
        fails(() -> new ClassicHealthCheck("HTTP:8080", 30, 5, 2, 10), AwsError.VALIDATION_ERROR,
                "HealthCheck.Target: HTTP:8080");
        fails(() -> new ClassicHealthCheck("TCP:5000/x", 30, 5, 2, 10), AwsError.VALIDATION_ERROR,
                "a path for HTTP and HTTPS only");
        fails(() -> new ClassicHealthCheck("UDP:53", 30, 5, 2, 10), AwsError.VALIDATION_ERROR, "UDP:53");
        fails(() -> new ClassicHealthCheck("TCP:70000", 30, 5, 2, 10), AwsError.VALIDATION_ERROR, "1-65535");
        fails(() -> new ClassicHealthCheck("TCP:1", 301, 5, 2, 10), AwsError.VALIDATION_ERROR,
                "HealthCheck.Interval: 301 (expected: 5-300)");
        fails(() -> new ClassicHealthCheck("TCP:1", 30, 61, 2, 10), AwsError.VALIDATION_ERROR,
                "HealthCheck.Timeout: 61 (expected: 2-60)");
        fails(() -> new ClassicHealthCheck("TCP:1", 30, 5, 1, 10), AwsError.VALIDATION_ERROR,
                "HealthCheck.UnhealthyThreshold: 1 (expected: 2-10)");
    }

    @Test
    void listeners() {
        assertThat(new ClassicListener("tcp", 6379, null, 6379).instanceProtocol()).isEqualTo("TCP");
        fails(() -> new ClassicListener("HTTP", 8080, "TCP", 80), AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST,
                "InstanceProtocol: TCP (expected: HTTP or HTTPS behind a HTTP listener)");
        fails(() -> new ClassicListener("SSL", 443, "SSL", 443), AwsError.VALIDATION_ERROR,
                "SSLCertificateId: missing");
        assertThat(new ClassicListener("https", 443, null, 80, "arn:aws:iam::000000000000:server-certificate/web")
                .instanceProtocol()).isEqualTo("HTTP");
        fails(() -> new ClassicListener("FTP", 2121, null, 21), AwsError.VALIDATION_ERROR, "FTP");
        // "On EC2-VPC, you can specify any port from the range 1-65535." (Classic API reference, Listener)
        assertThat(new ClassicListener("TCP", 22, null, 22).loadBalancerPort()).isEqualTo(22);
        fails(() -> new ClassicListener("TCP", 0, null, 21), AwsError.VALIDATION_ERROR,
                "LoadBalancerPort: 0 (expected: 1-65535)");
        assertThat(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST.httpStatus()).isEqualTo(409);
        assertThat(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST.code()).isEqualTo("InvalidConfigurationRequest");
    }

    @Test
    void instanceIds() {
        assertThat(ClassicInstances.target("127.0.0.2", 8080)).isEqualTo(new Target("127.0.0.2", 8080));
        assertThat(ClassicInstances.target("127.0.0.1:8081", 8080)).isEqualTo(new Target("127.0.0.1", 8081));
        assertThat(ClassicInstances.target("[::1]:8081", 8080)).isEqualTo(new Target("::1", 8081));
        assertThat(ClassicInstances.target("::1", 8080)).isEqualTo(new Target("::1", 8080));
        assertThat(ClassicInstances.target("i-0123456789abcdef0", 80)).as("a node's instance, resolved by the data plane")
                .isEqualTo(new Target("i-0123456789abcdef0", 80));
        assertThat(ClassicInstances.target("i-0123abcd", 80)).isEqualTo(new Target("i-0123abcd", 80));
        fails(() -> ClassicInstances.target("i-0123", 80), AwsError.INVALID_INSTANCE, "i-0123");
        fails(() -> ClassicInstances.target("web:80", 80), AwsError.INVALID_INSTANCE, "web:80");
        fails(() -> ClassicInstances.target("127.0.0.1:0", 80), AwsError.INVALID_INSTANCE, "127.0.0.1:0");
    }

    @Test
    void snapshotSplitsHttpAndTcpListenersAndGroupsByInstancePort() {
        ClassicLoadBalancer lb = new ClassicLoadBalancer("web", Scheme.INTERNET_FACING, "web-1.elb", "127.0.0.1", 1,
                List.of(new ClassicListener("HTTP", 8080, "HTTP", 80), new ClassicListener("HTTP", 8081, "HTTP", 80),
                        new ClassicListener("TCP", 6379, "TCP", 6379)),
                new ClassicHealthCheck("TCP:80", 30, 5, 2, 10), List.of("127.0.0.2", "127.0.0.3:9000"),
                new ClassicAttributes(false, true, 30, 120, false), List.of("us-east-1a"), List.of(), List.of(), null);
        ClassicSnapshot snapshots = new ClassicSnapshot("us-east-1", "000000000000");
        ConfigSnapshot snapshot = snapshots.build(new ClassicState(3, java.util.Map.of("web", lb)));

        assertThat(snapshot.revision()).isEqualTo(3);
        assertThat(snapshot.loadBalancers().values()).extracting(l -> l.type())
                .containsExactly(LoadBalancerType.APPLICATION, LoadBalancerType.NETWORK);
        assertThat(snapshot.loadBalancers().values()).allSatisfy(l -> assertThat(l.bindAddress())
                .isEqualTo("127.0.0.1"));
        assertThat(snapshot.listeners().values()).extracting(l -> l.protocol() + ":" + l.port())
                .containsExactly("HTTP:8080", "HTTP:8081", "TCP:6379");
        assertThat(snapshot.listeners().values().stream().filter(l -> l.port() == 6379).findFirst().orElseThrow()
                .tcpIdleTimeoutSeconds()).isEqualTo(120);
        assertThat(snapshot.loadBalancers().values().iterator().next().attributes().idleTimeoutSeconds())
                .isEqualTo(120);
        List<TargetGroup> groups = List.copyOf(snapshot.targetGroups().values());
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).protocol()).isEqualTo(Protocol.HTTP);
        assertThat(groups.get(0).healthCheck().protocol()).isEqualTo(Protocol.TCP); // classic allows it
        assertThat(groups.get(0).targets()).containsExactly(new Target("127.0.0.2", 80), new Target("127.0.0.3", 9000));
        assertThat(groups.get(1).targets()).containsExactly(new Target("127.0.0.2", 6379),
                new Target("127.0.0.3", 9000));
        assertThat(groups).allSatisfy(g -> assertThat(g.attributes().deregistrationDelaySeconds()).isEqualTo(30));
        assertThat(groups.get(1).attributes().connectionTerminationOnDeregistration()).isTrue();
    }

    @Test
    void instanceStates() {
        var healthy = dev.ballast.core.health.TargetHealth.HEALTHY;
        var initial = dev.ballast.core.health.TargetHealth.of(dev.ballast.core.health.TargetHealthState.INITIAL,
                dev.ballast.core.health.TargetHealthReason.REGISTRATION_IN_PROGRESS);
        var unhealthy = dev.ballast.core.health.TargetHealth.of(dev.ballast.core.health.TargetHealthState.UNHEALTHY,
                dev.ballast.core.health.TargetHealthReason.FAILED_HEALTH_CHECKS);
        assertThat(ClassicInstanceState.of("a", List.of(healthy, healthy)))
                .isEqualTo(new ClassicInstanceState("a", "InService", "N/A", "N/A"));
        assertThat(ClassicInstanceState.of("a", List.of(healthy, initial)).reasonCode()).isEqualTo("ELB");
        assertThat(ClassicInstanceState.of("a", List.of(unhealthy, initial)).reasonCode()).isEqualTo("Instance");
        assertThat(ClassicInstanceState.of("a", List.of()).state()).isEqualTo("OutOfService");
        var stopped = new dev.ballast.core.health.TargetHealth(dev.ballast.core.health.TargetHealthState.UNUSED,
                dev.ballast.core.health.TargetHealthReason.INVALID_STATE, "Target is in the stopped state");
        assertThat(ClassicInstanceState.of("i-0123456789abcdef0", List.of(healthy, stopped))).as("a node that left")
                .isEqualTo(new ClassicInstanceState("i-0123456789abcdef0", "OutOfService", "Instance",
                        "Instance is in stopped state."));
    }
}
