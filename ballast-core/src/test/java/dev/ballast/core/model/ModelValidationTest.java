package dev.ballast.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.core.validation.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelValidationTest {
    private static final Action OK = new Action.FixedResponse(200, null, "ok");
    private static final String TG = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/tg/1";
    private static final String LB = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/lb/1";
    private static final HealthCheck HTTP_CHECK = HealthCheck.defaultsFor(Protocol.HTTP, LoadBalancerType.APPLICATION);

    private static Arguments invalid(String name, ThrowingCallable build, String message) {
        return Arguments.of(Named.of(name, build), message);
    }

    private static Rule rule(int priority, Condition... conditions) {
        return new Rule("rule", priority, List.of(conditions), OK);
    }

    private static Condition.PathPattern paths(String... values) {
        return new Condition.PathPattern(List.of(values));
    }

    private static HealthCheck check(int interval, int timeout, int healthy, int unhealthy) {
        return new HealthCheck(true, Protocol.HTTP, null, "/", interval, timeout, healthy, unhealthy, "200");
    }

    private static TargetGroup group(String arn, String name, List<Target> targets) {
        return new TargetGroup(arn, name, Protocol.HTTP, 80, TargetType.IP, HTTP_CHECK, null, targets);
    }

    private static LoadBalancer loadBalancer(String name) {
        return new LoadBalancer(LB, name, LoadBalancerType.APPLICATION, Scheme.INTERNAL, "dns", "127.0.0.1", null);
    }

    static Stream<Arguments> invalidModels() {
        String nameRule = "(expected: 1-32 alphanumeric characters or hyphens, not beginning or ending with a hyphen)";
        return Stream.of(
                invalid("priority 0", () -> rule(0, paths("/")), "Priority: 0 (expected: 1-50000)"),
                invalid("priority 50001", () -> rule(50001, paths("/")), "Priority: 50001 (expected: 1-50000)"),
                invalid("rule without conditions", () -> rule(1), "Conditions: 0 values (expected: 1-50 values)"),
                invalid("4 values in one condition", () -> paths("/a", "/b", "/c", "/d"),
                        "PathPatternConfig.Values: 4 values (expected: 1-3 values)"),
                invalid("6 values in one rule", () -> rule(1, paths("/a", "/b", "/c"),
                                new Condition.HostHeader(List.of("a.com", "b.com", "c.com"))),
                        "Conditions: 6 condition values (expected: at most 5 condition values per rule)"),
                invalid("6 wildcards in one rule", () -> rule(1, paths("/a*?*", "/b*?*")),
                        "Conditions: 6 wildcards (expected: at most 5 wildcards per rule)"),
                invalid("6 wildcards across conditions", () -> rule(1, paths("/*/*/*"),
                                new Condition.QueryString(List.of(new Condition.KeyValue("k*", "v??")))),
                        "Conditions: 6 wildcards (expected: at most 5 wildcards per rule)"),
                invalid("two host-header conditions", () -> rule(1, new Condition.HostHeader(List.of("a.com")),
                                new Condition.HostHeader(List.of("b.com"))),
                        "Conditions: host-header twice (expected: at most one host-header condition per rule)"),
                invalid("host with a space", () -> new Condition.HostHeader(List.of("a b.com")),
                        "HostHeaderConfig.Values: a b.com (expected: 1-128 characters of A-Z, a-z, 0-9, - . * ? _)"),
                invalid("Host as http-header", () -> new Condition.HttpHeader("host", List.of("x")),
                        "HttpHeaderConfig.HttpHeaderName: host (expected: a header other than Host (use host-header))"),
                invalid("lower-case method", () -> new Condition.HttpRequestMethod(List.of("get")),
                        "HttpRequestMethodConfig.Values: get (expected: 1-40 characters of A-Z, _ and -)"),
                invalid("empty query value", () -> new Condition.KeyValue("k", ""),
                        "QueryStringConfig.Values.Value:  (expected: 1-128 characters)"),
                invalid("CIDR prefix too long", () -> new Condition.SourceIp(List.of("10.0.0.0/33")),
                        "SourceIpConfig.Values: 10.0.0.0/33 (expected: a prefix length of at most 32)"),
                invalid("IPv6 prefix too long", () -> new Condition.SourceIp(List.of("::1/129")),
                        "SourceIpConfig.Values: ::1/129 (expected: a prefix length of at most 128)"),
                invalid("bad octet", () -> new Condition.SourceIp(List.of("300.1.1.1/8")),
                        "SourceIpConfig.Values: 300.1.1.1/8 (expected: a CIDR block such as 10.0.0.0/8 or 2001:db8::/32)"),
                invalid("hex that is no address", () -> new Condition.SourceIp(List.of("abc/8")),
                        "SourceIpConfig.Values: abc/8 (expected: a CIDR block such as 10.0.0.0/8 or 2001:db8::/32)"),
                invalid("no prefix", () -> new Condition.SourceIp(List.of("10.0.0.1")),
                        "SourceIpConfig.Values: 10.0.0.1 (expected: a CIDR block such as 10.0.0.0/8 or 2001:db8::/32)"),
                invalid("bad IPv6", () -> new Condition.SourceIp(List.of("1:2:3:4:5:6:7:8:9/64")),
                        "SourceIpConfig.Values: 1:2:3:4:5:6:7:8:9/64 "
                                + "(expected: a CIDR block such as 10.0.0.0/8 or 2001:db8::/32)"),
                invalid("body of 1025 bytes", () -> new Action.FixedResponse(200, "text/plain", "x".repeat(1025)),
                        "FixedResponseConfig.MessageBody: 1025 bytes (expected: at most 1024 bytes)"),
                invalid("body of 513 two-byte characters", () -> new Action.FixedResponse(200, null, "é".repeat(513)),
                        "FixedResponseConfig.MessageBody: 1026 bytes (expected: at most 1024 bytes)"),
                invalid("fixed 302", () -> new Action.FixedResponse(302, null, null),
                        "FixedResponseConfig.StatusCode: 302 (expected: 2XX, 4XX or 5XX)"),
                invalid("content type", () -> new Action.FixedResponse(200, "image/png", null),
                        "FixedResponseConfig.ContentType: image/png (expected: one of text/plain, text/css, "
                                + "text/html, application/javascript, application/json)"),
                invalid("weight 1000", () -> new Action.WeightedTargetGroup(TG, 1000),
                        "ForwardConfig.TargetGroups.Weight: 1000 (expected: 0-999)"),
                invalid("weight -1", () -> new Action.WeightedTargetGroup(TG, -1),
                        "ForwardConfig.TargetGroups.Weight: -1 (expected: 0-999)"),
                invalid("6 groups", () -> new Action.Forward(Stream.of(1, 2, 3, 4, 5, 6)
                                .map(i -> new Action.WeightedTargetGroup(TG + i, 1)).toList(), null),
                        "ForwardConfig.TargetGroups: 6 values (expected: 1-5 values)"),
                invalid("same group twice", () -> new Action.Forward(List.of(new Action.WeightedTargetGroup(TG, 1),
                                new Action.WeightedTargetGroup(TG, 2)), null),
                        "ForwardConfig.TargetGroups: " + TG + " (expected: each target group once)"),
                invalid("group stickiness 8 days", () -> new Action.GroupStickiness(true, 691200),
                        "TargetGroupStickinessConfig.DurationSeconds: 691200 (expected: 1-604800)"),
                invalid("group stickiness enabled without duration", () -> new Action.GroupStickiness(true, 0),
                        "TargetGroupStickinessConfig.DurationSeconds: 0 (expected: 1-604800)"),
                invalid("redirect loop", () -> new Action.Redirect(null, null, null, null, null,
                                Action.RedirectStatus.HTTP_301),
                        "RedirectConfig: unchanged protocol, port, host and path (expected: a change to at least one "
                                + "of them, so the redirect cannot loop)"),
                invalid("redirect port", () -> new Action.Redirect("HTTPS", "70000", null, null, null,
                                Action.RedirectStatus.HTTP_302),
                        "RedirectConfig.Port: 70000 (expected: 1-65535 or #{port})"),
                invalid("listener port 0", () -> new Listener("l", LB, Protocol.HTTP, 0, OK),
                        "Port: 0 (expected: 1-65535)"),
                invalid("listener port 65536", () -> new Listener("l", LB, Protocol.HTTP, 65536, OK),
                        "Port: 65536 (expected: 1-65535)"),
                invalid("target port 70000", () -> new Target("10.0.0.1", 70000),
                        "Targets.Port: 70000 (expected: 1-65535)"),
                invalid("two rules with one priority", () -> new Listener("l", LB, Protocol.HTTP, 80, OK,
                                List.of(new Rule("a", 5, List.of(paths("/a")), OK),
                                        new Rule("b", 5, List.of(paths("/b")), OK)), null),
                        "Priority: 5 (expected: a priority not used by another rule of the listener)"),
                invalid("rules on a TCP listener", () -> new Listener("l", LB, Protocol.TCP, 80, OK,
                                List.of(rule(1, paths("/"))), null),
                        "Rules: 1 rules (expected: no rules on a TCP listener)"),
                invalid("name starting with a hyphen", () -> group(TG, "-tg", List.of()), "Name: -tg " + nameRule),
                invalid("name with an underscore", () -> group(TG, "my_tg", List.of()), "Name: my_tg " + nameRule),
                invalid("name of 33 characters", () -> group(TG, "a".repeat(33), List.of()),
                        "Name: " + "a".repeat(33) + " " + nameRule),
                invalid("load balancer named internal-", () -> loadBalancer("internal-lb"),
                        "Name: internal-lb (expected: a name not beginning with internal-)"),
                invalid("target registered twice", () -> group(TG, "tg",
                                List.of(new Target("10.0.0.1", 80), new Target("10.0.0.1", 80))),
                        "Targets: 10.0.0.1:80 (expected: each target registered once)"),
                invalid("control character in a path pattern", () -> paths("/a\u0001"),
                        "PathPatternConfig.Values: '/a\\u0001' (expected: no control characters)"),
                invalid("DEL in a header value", () -> new Condition.HttpHeader("X-A", List.of("v\u007f")),
                        "HttpHeaderConfig.Values: 'v\\u007F' (expected: no control characters)"),
                invalid("newline in a query value", () -> new Condition.KeyValue("k", "v\n"),
                        "QueryStringConfig.Values.Value: 'v\\u000A' (expected: no control characters)"),
                invalid("control character in a redirect path", () -> new Action.Redirect("HTTPS", null, null,
                                "/x\u0001", null, Action.RedirectStatus.HTTP_301),
                        "RedirectConfig.Path: '/x\\u0001' (expected: no control characters)"),
                invalid("C1 control in a redirect host", () -> new Action.Redirect(null, null, "a\u0085.com", null,
                                null, Action.RedirectStatus.HTTP_301),
                        "RedirectConfig.Host: 'a\\u0085.com' (expected: no control characters)"),
                invalid("control character in a fixed-response body", () -> new Action.FixedResponse(200, null,
                                "a\u0001"),
                        "FixedResponseConfig.MessageBody: 'a\\u0001' (expected: only characters allowed in XML 1.0; "
                                + "tab, newline and carriage return are the only control characters)"),
                invalid("lone surrogate in a fixed-response body", () -> new Action.FixedResponse(200, null,
                                "a\ud800"),
                        "FixedResponseConfig.MessageBody: 'a\\uD800' (expected: only characters allowed in XML 1.0; "
                                + "tab, newline and carriage return are the only control characters)"),
                invalid("control character in a health check path", () -> new HealthCheck(true, Protocol.HTTP, null,
                                "/h\u0001", 30, 5, 5, 2, "200"),
                        "HealthCheckPath: '/h\\u0001' (expected: no control characters)"),
                invalid("empty matcher range", () -> new HealthCheck(true, Protocol.HTTP, null, "/", 30, 5, 5, 2,
                                "200,299-200"),
                        "Matcher.HttpCode: 200,299-200 (expected: ranges whose first code is not above the last, like "
                                + "200-299)"),
                invalid("interval 4", () -> check(4, 2, 5, 2), "HealthCheckIntervalSeconds: 4 (expected: 5-300)"),
                invalid("interval 301", () -> check(301, 5, 5, 2),
                        "HealthCheckIntervalSeconds: 301 (expected: 5-300)"),
                invalid("timeout 1", () -> check(30, 1, 5, 2), "HealthCheckTimeoutSeconds: 1 (expected: 2-120)"),
                invalid("timeout 121", () -> check(300, 121, 5, 2),
                        "HealthCheckTimeoutSeconds: 121 (expected: 2-120)"),
                invalid("timeout equal to interval", () -> check(10, 10, 5, 2),
                        "HealthCheckTimeoutSeconds: 10 (expected: less than HealthCheckIntervalSeconds 10)"),
                invalid("healthy threshold 1", () -> check(30, 5, 1, 2),
                        "HealthyThresholdCount: 1 (expected: 2-10)"),
                invalid("unhealthy threshold 11", () -> check(30, 5, 5, 11),
                        "UnhealthyThresholdCount: 11 (expected: 2-10)"),
                invalid("health check port", () -> new HealthCheck(true, Protocol.HTTP, "0", "/", 30, 5, 5, 2, null),
                        "HealthCheckPort: 0 (expected: traffic-port or 1-65535)"),
                invalid("health check path", () -> new HealthCheck(true, Protocol.HTTP, null, "health", 30, 5, 5, 2,
                                null),
                        "HealthCheckPath: health (expected: a path starting with / of at most 1024 characters)"),
                invalid("matcher", () -> new HealthCheck(true, Protocol.HTTP, null, "/", 30, 5, 5, 2, "2xx"),
                        "Matcher.HttpCode: 2xx (expected: codes like 200, 200,202 or 200-299)"),
                invalid("deregistration delay 3601", () -> TargetGroupAttributes.defaults()
                                .with(Map.of("deregistration_delay.timeout_seconds", "3601")),
                        "deregistration_delay.timeout_seconds: '3601' (expected: 0-3600)"),
                invalid("slow start 10", () -> TargetGroupAttributes.defaults()
                                .with(Map.of("slow_start.duration_seconds", "10")),
                        "slow_start.duration_seconds: '10' (expected: 0 or 30-900)"),
                invalid("algorithm", () -> TargetGroupAttributes.defaults()
                                .with(Map.of("load_balancing.algorithm.type", "random")),
                        "load_balancing.algorithm.type: 'random' (expected: one of round_robin, "
                                + "least_outstanding_requests, weighted_random)"),
                invalid("boolean", () -> TargetGroupAttributes.defaults().with(Map.of("stickiness.enabled", "yes")),
                        "stickiness.enabled: 'yes' (expected: true or false)"),
                invalid("lb cookie duration", () -> TargetGroupAttributes.defaults()
                                .with(Map.of("stickiness.lb_cookie.duration_seconds", "604801")),
                        "stickiness.lb_cookie.duration_seconds: '604801' (expected: 1-604800)"),
                invalid("idle timeout 4001", () -> LoadBalancerAttributes.defaults(LoadBalancerType.APPLICATION)
                                .with(LoadBalancerType.APPLICATION, Map.of("idle_timeout.timeout_seconds", "4001")),
                        "idle_timeout.timeout_seconds: '4001' (expected: 1-4000)"),
                invalid("idle timeout not a number", () -> LoadBalancerAttributes.defaults(LoadBalancerType.APPLICATION)
                                .with(LoadBalancerType.APPLICATION, Map.of("idle_timeout.timeout_seconds", "1e3")),
                        "idle_timeout.timeout_seconds: '1e3' (expected: 1-4000)"),
                invalid("protocol", () -> Protocol.fromWire("Protocol", "http"),
                        "Protocol: http (expected: one of HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE)"),
                invalid("target type", () -> TargetType.fromWire("container"),
                        "TargetType: container (expected: one of ip, instance, lambda, alb)"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidModels")
    void rejectsWithAMessageNamingFieldValueAndExpectation(ThrowingCallable build, String message) {
        assertThatThrownBy(build).isInstanceOf(ValidationException.class).hasMessage(message);
    }

    @Test
    void acceptsTheLimitsThemselves() {
        assertThatCode(() -> {
            rule(1, paths("/a"));
            rule(50000, paths("/a"));
            rule(1, paths("/a*?", "/b*", "/c"), new Condition.HostHeader(List.of("*.example.com", "x.com")));
            rule(1, new Condition.QueryString(List.of(new Condition.KeyValue(null, "\\*\\?\\*\\?\\*\\?"))));
            new Action.FixedResponse(503, "application/json", "x".repeat(1024));
            new Action.FixedResponse(200, null, "é".repeat(512));
            new Action.FixedResponse(200, "text/html", "<p>\tline\r\nline \uD83D\uDE00</p>");
            new Action.Redirect("HTTPS", null, "ünïcode.example", "/päth/#{path}", "a=1&b=%20",
                    Action.RedirectStatus.HTTP_301);
            new HealthCheck(true, Protocol.HTTP, null, "/health?x=1", 30, 5, 5, 2, "200,200-200,202-299");
            new Action.WeightedTargetGroup(TG, 0);
            new Action.WeightedTargetGroup(TG, 999);
            new Action.GroupStickiness(true, 604800);
            new Action.GroupStickiness(false, 0);
            new Listener("l", LB, Protocol.HTTP, 65535, OK);
            check(5, 2, 2, 10);
            check(300, 120, 10, 2);
            group(TG, "a", List.of());
            group(TG, "a-" + "b".repeat(29) + "c", List.of());
            new Condition.SourceIp(List.of("0.0.0.0/0", "2001:db8::/32", "::ffff:10.0.0.0/104"));
            TargetGroupAttributes.defaults().with(Map.of("slow_start.duration_seconds", "0",
                    "deregistration_delay.timeout_seconds", "0"));
        }).doesNotThrowAnyException();
    }

    @Test
    void unknownAttributeKeyIsRejectedAndNothingIsApplied() {
        TargetGroupAttributes before = TargetGroupAttributes.defaults();
        assertThatThrownBy(() -> before.with(Map.of("stickiness.enabled", "true", "no.such.key", "1")))
                .isInstanceOf(AttributeSpec.UnknownAttributeException.class)
                .hasMessageStartingWith("Attribute key 'no.such.key' is not recognized for a target group "
                        + "(expected one of: deregistration_delay.timeout_seconds, ");
        assertThat(before.stickinessEnabled()).isFalse();
        assertThatThrownBy(() -> LoadBalancerAttributes.defaults(LoadBalancerType.NETWORK)
                .with(LoadBalancerType.NETWORK, Map.of("idle_timeout.timeout_seconds", "60")))
                .isInstanceOf(AttributeSpec.UnknownAttributeException.class)
                .hasMessageStartingWith("Attribute key 'idle_timeout.timeout_seconds' is not recognized for a "
                        + "network load balancer");
    }

    @Test
    void attributesShowEveryDocumentedKeyWithItsDefaultAndTypedAccessorsReadThem() {
        TargetGroupAttributes defaults = TargetGroupAttributes.defaults();
        assertThat(defaults.values()).containsEntry("deregistration_delay.timeout_seconds", "300")
                .containsEntry("load_balancing.algorithm.type", "round_robin")
                .containsEntry("stickiness.lb_cookie.duration_seconds", "86400");
        TargetGroupAttributes changed = defaults.with(Map.of("load_balancing.algorithm.type", "weighted_random",
                "stickiness.enabled", "true", "stickiness.lb_cookie.duration_seconds", "60",
                "slow_start.duration_seconds", "30"));
        assertThat(changed.algorithm()).isEqualTo("weighted_random");
        assertThat(changed.stickinessEnabled()).isTrue();
        assertThat(changed.lbCookieDurationSeconds()).isEqualTo(60);
        assertThat(changed.slowStartSeconds()).isEqualTo(30);
        assertThat(LoadBalancerAttributes.defaults(LoadBalancerType.APPLICATION).idleTimeoutSeconds()).isEqualTo(60);
    }

    @Test
    void snapshotRejectsDanglingReferences() {
        LoadBalancer lb = loadBalancer("lb");
        TargetGroup tg = group(TG, "tg", List.of());
        Listener toMissingLb = new Listener("l1", LB + "-gone", Protocol.HTTP, 80, Action.Forward.to(TG));
        assertThatThrownBy(() -> new ConfigSnapshot(1, List.of(lb), List.of(toMissingLb), List.of(tg)))
                .hasMessage("LoadBalancerArn: " + LB + "-gone (expected: a load balancer in the configuration)");

        Listener defaultToMissingGroup = new Listener("l1", LB, Protocol.HTTP, 80, Action.Forward.to(TG + "-gone"));
        assertThatThrownBy(() -> new ConfigSnapshot(1, List.of(lb), List.of(defaultToMissingGroup), List.of(tg)))
                .hasMessage("TargetGroupArn: " + TG + "-gone (expected: a target group in the configuration)");

        Rule ruleToMissingGroup = new Rule("r", 1, List.of(paths("/")), Action.Forward.to(TG + "-gone"));
        Listener withRule = new Listener("l1", LB, Protocol.HTTP, 80, OK, List.of(ruleToMissingGroup), null);
        assertThatThrownBy(() -> new ConfigSnapshot(1, List.of(lb), List.of(withRule), List.of(tg)))
                .hasMessage("TargetGroupArn: " + TG + "-gone (expected: a target group in the configuration)");
    }

    @Test
    void snapshotRejectsTwoListenersOnOnePortAndDuplicateArns() {
        LoadBalancer lb = loadBalancer("lb");
        Listener a = new Listener("l1", LB, Protocol.HTTP, 80, OK);
        Listener b = new Listener("l2", LB, Protocol.HTTP, 80, OK);
        assertThatThrownBy(() -> new ConfigSnapshot(1, List.of(lb), List.of(a, b), List.of()))
                .hasMessage("Port: 127.0.0.1:80 (expected: an address and port used by one listener only)");
        assertThatThrownBy(() -> new ConfigSnapshot(1, List.of(lb, lb), List.of(), List.of()))
                .hasMessage("Arn: " + LB + " (expected: a unique ARN)");
    }

    @Test
    void consistentSnapshotResolvesItsReferences() {
        LoadBalancer lb = loadBalancer("lb");
        TargetGroup tg = group(TG, "tg", List.of(new Target("10.0.0.1", 80), new Target("2001:db8::1", 80)));
        Listener listener = new Listener("l1", LB, Protocol.HTTP, 80, Action.Forward.to(TG));
        ConfigSnapshot snapshot = new ConfigSnapshot(7, List.of(lb), List.of(listener), List.of(tg));
        assertThat(snapshot.revision()).isEqualTo(7);
        assertThat(snapshot.loadBalancer(LB)).isEqualTo(lb);
        assertThat(snapshot.targetGroup(TG).targets()).extracting(Target::key)
                .containsExactly("10.0.0.1:80", "[2001:db8::1]:80");
        assertThat(ConfigSnapshot.empty().listeners()).isEmpty();
    }
}
