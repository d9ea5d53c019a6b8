package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.FixedResponseActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionStatusCodeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * {@code GET /metrics} of a real server scraped with a real HTTP client while requests flow through a real
 * application load balancer to real targets: CloudWatch's counts move by exactly the requests sent, by kind; the
 * healthy host gauges follow a target that stops; OpenMetrics when asked; unknown query parameters are ignored;
 * a deleted load balancer's metrics go away.
 */
class MetricsEndpointTest {
    @TempDir
    Path dataDir;

    @Test
    void countsMoveByTheRequestsSentAndHostGaugesFollowATargetStopping() throws Exception {
        HttpServer a = statusTarget();
        HttpServer b = statusTarget();
        try (ControlPlane plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
             ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            int port = ApiTestSupport.freePort();
            String lbArn = elb.createLoadBalancer(r -> r.name("metrics-lb")).loadBalancers().get(0)
                    .loadBalancerArn();
            String groupArn = elb.createTargetGroup(r -> r.name("metrics-tg").protocol(ProtocolEnum.HTTP).port(80)
                    .targetType(TargetTypeEnum.IP).healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2)
                    .unhealthyThresholdCount(2)).targetGroups().get(0).targetGroupArn();
            String emptyArn = elb.createTargetGroup(r -> r.name("metrics-empty").protocol(ProtocolEnum.HTTP)
                    .port(80).targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
            elb.registerTargets(r -> r.targetGroupArn(groupArn).targets(
                    TargetDescription.builder().id("127.0.0.1").port(a.getAddress().getPort()).build(),
                    TargetDescription.builder().id("127.0.0.1").port(b.getAddress().getPort()).build()));
            String listenerArn = elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP)
                    .port(port).defaultActions(Action.builder().type(ActionTypeEnum.FORWARD)
                            .targetGroupArn(groupArn).build())).listeners().get(0).listenerArn();
            rule(elb, listenerArn, 1, "/fixed", Action.builder().type(ActionTypeEnum.FIXED_RESPONSE)
                    .fixedResponseConfig(FixedResponseActionConfig.builder().statusCode("404").build()).build());
            rule(elb, listenerArn, 2, "/redirect", Action.builder().type(ActionTypeEnum.REDIRECT)
                    .redirectConfig(RedirectActionConfig.builder().path("/elsewhere")
                            .statusCode(RedirectActionStatusCodeEnum.HTTP_301).build()).build());
            rule(elb, listenerArn, 3, "/empty", Action.builder().type(ActionTypeEnum.FORWARD)
                    .targetGroupArn(emptyArn).build());
            ApiTestSupport.awaitAllHealthy(elb, groupArn, 2);

            String lb = "load_balancer=\"" + lbArn.substring(lbArn.indexOf(":loadbalancer/") + 14) + "\"";
            String tg = lb + ",target_group=\"" + groupArn.substring(groupArn.lastIndexOf(':') + 1) + "\"";
            MetricsScrape before = MetricsScrape.of(plane.apiAddress());
            assertThat(before.value("ballast_alb_healthy_host_count", tg)).isEqualTo(2);
            assertThat(before.value("ballast_alb_unhealthy_host_count", tg)).isZero();

            send(port, "/", 7, 200);
            send(port, "/s/404", 3, 404);
            send(port, "/s/503", 2, 503);
            send(port, "/fixed", 2, 404);
            send(port, "/redirect", 1, 301);
            send(port, "/empty", 1, 503);

            MetricsScrape after = MetricsScrape.of(plane.apiAddress());
            assertThat(delta(before, after, "ballast_alb_request_count_total", lb)).isEqualTo(16);
            assertThat(delta(before, after, "ballast_alb_new_connection_count_total", lb)).isEqualTo(16);
            assertThat(delta(before, after, "ballast_alb_target_group_request_count_total", tg)).isEqualTo(12);
            assertThat(delta(before, after, "ballast_alb_httpcode_target_2xx_count_total", tg)).isEqualTo(7);
            assertThat(delta(before, after, "ballast_alb_httpcode_target_4xx_count_total", tg)).isEqualTo(3);
            assertThat(delta(before, after, "ballast_alb_httpcode_target_5xx_count_total", tg)).isEqualTo(2);
            assertThat(delta(before, after, "ballast_alb_target_response_time_seconds_count", tg)).isEqualTo(12);
            assertThat(delta(before, after, "ballast_alb_httpcode_elb_4xx_count_total", lb)).isEqualTo(2);
            assertThat(delta(before, after, "ballast_alb_httpcode_elb_3xx_count_total", lb)).isEqualTo(1);
            assertThat(delta(before, after, "ballast_alb_httpcode_elb_5xx_count_total", lb)).isEqualTo(1);
            assertThat(delta(before, after, "ballast_alb_httpcode_elb_503_count_total", lb)).isEqualTo(1);
            assertThat(delta(before, after, "ballast_alb_httpcode_elb_502_count_total", lb)).isZero();
            assertThat(delta(before, after, "ballast_alb_http_fixed_response_count_total", lb)).isEqualTo(2);
            assertThat(delta(before, after, "ballast_alb_http_redirect_count_total", lb)).isEqualTo(1);
            // "/" and "/s/…" pass all three rules; "/fixed" matches the first, "/redirect" the second,
            // "/empty" the third
            assertThat(delta(before, after, "ballast_alb_rule_evaluations_total", lb)).isEqualTo(12 * 3 + 2 + 2 + 3);
            assertThat(delta(before, after, "ballast_alb_processed_bytes_total", lb)).isGreaterThan(16 * 50);
            assertThat(after.value("ballast_alb_target_response_time_seconds_bucket", tg + ",le=\"+Inf\""))
                    .isEqualTo(after.value("ballast_alb_target_response_time_seconds_count", tg));

            // a configuration change keeps the counters of the load balancers it keeps
            elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(lbArn).attributes(LoadBalancerAttribute.builder()
                    .key("idle_timeout.timeout_seconds").value("120").build()));
            elb.createRule(r -> r.listenerArn(listenerArn).priority(9).actions(Action.builder()
                    .type(ActionTypeEnum.FORWARD).targetGroupArn(groupArn).build())
                    .conditions(RuleCondition.builder().field("path-pattern").values("/later").build()));
            MetricsScrape swapped = MetricsScrape.of(plane.apiAddress());
            assertThat(swapped.value("ballast_alb_request_count_total", lb))
                    .isEqualTo(after.value("ballast_alb_request_count_total", lb));
            assertThat(swapped.value("ballast_alb_httpcode_target_2xx_count_total", tg))
                    .isEqualTo(after.value("ballast_alb_httpcode_target_2xx_count_total", tg));

            b.stop(0);
            MetricsScrape stopped = awaitScrape(plane, s -> s.value("ballast_alb_unhealthy_host_count", tg) == 1);
            assertThat(stopped.value("ballast_alb_healthy_host_count", tg)).isEqualTo(1);
        } finally {
            a.stop(0);
            b.stop(0);
        }
    }

    @Test
    void openMetricsWhenAskedUnknownParametersIgnoredAndDeletedLoadBalancersGone() throws Exception {
        HttpServer a = statusTarget();
        try (ControlPlane plane = ApiTestSupport.startControlPlane(dataDir, Map.of("metrics-key", "secret"));
             ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "metrics-key", "secret")) {
            int port = ApiTestSupport.freePort();
            String lbArn = elb.createLoadBalancer(r -> r.name("gone-lb")).loadBalancers().get(0).loadBalancerArn();
            String groupArn = elb.createTargetGroup(r -> r.name("gone-tg").protocol(ProtocolEnum.HTTP).port(80)
                    .targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
            elb.registerTargets(r -> r.targetGroupArn(groupArn).targets(
                    TargetDescription.builder().id("127.0.0.1").port(a.getAddress().getPort()).build()));
            elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(port)
                    .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(groupArn).build()));
            ApiTestSupport.awaitAllHealthy(elb, groupArn, 1);
            send(port, "/", 1, 200);
            String lb = "load_balancer=\"" + lbArn.substring(lbArn.indexOf(":loadbalancer/") + 14) + "\"";

            // unsigned although the API asks for signatures: Prometheus scrapes without credentials
            MetricsScrape text = MetricsScrape.of(plane.apiAddress(), "?name[]=nothing&unknown=1", null);
            assertThat(text.status()).isEqualTo(200);
            assertThat(text.contentType()).startsWith("text/plain; version=0.0.4");
            assertThat(text.value("ballast_alb_request_count_total", lb)).isEqualTo(1);
            assertThat(text.body()).contains("# TYPE ballast_alb_target_response_time_seconds histogram",
                    "jvm_memory_used_bytes", "process_cpu_seconds_total");

            MetricsScrape open = MetricsScrape.of(plane.apiAddress(), "?x=y",
                    "application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(open.status()).isEqualTo(200);
            assertThat(open.contentType()).startsWith("application/openmetrics-text");
            assertThat(open.body()).endsWith("# EOF\n").contains("# TYPE ballast_alb_request_count counter");
            assertThat(open.value("ballast_alb_request_count_total", lb)).isEqualTo(1);

            elb.deleteLoadBalancer(r -> r.loadBalancerArn(lbArn));
            MetricsScrape gone = MetricsScrape.of(plane.apiAddress());
            assertThat(gone.hasSample("ballast_alb_request_count_total", lb)).isFalse();
            assertThat(gone.body()).contains("jvm_memory_used_bytes");
        } finally {
            a.stop(0);
        }
    }

    private static void rule(ElasticLoadBalancingV2Client elb, String listenerArn, int priority, String path,
                             Action action) {
        elb.createRule(r -> r.listenerArn(listenerArn).priority(priority).actions(action)
                .conditions(RuleCondition.builder().field("path-pattern").values(path).build()));
    }

    /** {@code n} requests for {@code path}, each on a new connection, each answered {@code status}. */
    private static void send(int port, String path, int n, int status) {
        for (int i = 0; i < n; i++) {
            assertThat(ApiTestSupport.get("127.0.0.1", port, "metrics.example", path).status()).as(path)
                    .isEqualTo(status);
        }
    }

    private static double delta(MetricsScrape before, MetricsScrape after, String name, String labels) {
        double was = before.value(name, labels);
        double is = after.value(name, labels);
        assertThat(is).as(name + "{" + labels + "} in\n" + after.body()).isNotNaN();
        return is - (Double.isNaN(was) ? 0 : was);
    }

    private static MetricsScrape awaitScrape(ControlPlane plane, Predicate<MetricsScrape> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            MetricsScrape scrape = MetricsScrape.of(plane.apiAddress());
            if (condition.test(scrape)) {
                return scrape;
            }
            assertThat(System.nanoTime()).as("condition within 30 s; last scrape:\n" + scrape.body())
                    .isLessThan(deadline);
            Thread.sleep(100); // polling a condition with a deadline
        }
    }

    /** A real HTTP target: {@code /s/NNN} answers status NNN, every other path 200. */
    private static HttpServer statusTarget() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            server.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    String path = exchange.getRequestURI().getPath();
                    int status = path.startsWith("/s/") ? Integer.parseInt(path.substring(3)) : 200;
                    byte[] body = ("status " + status).getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(status, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
