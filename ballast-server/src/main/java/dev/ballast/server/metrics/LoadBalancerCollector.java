package dev.ballast.server.metrics;

import dev.ballast.core.health.TargetHealthView;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.proxy.metrics.DataPlaneMetrics;
import dev.ballast.proxy.metrics.LatencyHistogram;
import dev.ballast.proxy.metrics.LoadBalancerMetrics;
import dev.ballast.proxy.metrics.TargetGroupMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * CloudWatch's {@code AWS/ApplicationELB} and {@code AWS/NetworkELB} metrics as Prometheus families, read from the
 * data plane's counters on every scrape: names are CloudWatch's in snake case with a {@code ballast_alb_} or
 * {@code ballast_nlb_} prefix, dimensions become the labels {@code load_balancer} and {@code target_group}
 * (docs/metrics.md has the table). Healthy and unhealthy host counts come from the health tracker's current view.
 *
 * <p>Thread-safe: each scrape builds its own families from lock-free counters.
 */
final class LoadBalancerCollector implements MultiCollector {
    private static final double[] BOUNDS = withInfinity(LatencyHistogram.BOUNDS_SECONDS);

    private final DataPlaneMetrics metrics;
    private final Supplier<ConfigSnapshot> snapshot;
    private final Supplier<TargetHealthView> health;

    LoadBalancerCollector(DataPlaneMetrics metrics, Supplier<ConfigSnapshot> snapshot,
                          Supplier<TargetHealthView> health) {
        this.metrics = metrics;
        this.snapshot = snapshot;
        this.health = health;
    }

    /** The families of one load balancer type; the same names for every load balancer of that type. */
    private static final class Families {
        final List<MetricFamily> all = new ArrayList<>();
        final String prefix;

        Families(String prefix) {
            this.prefix = prefix;
        }

        MetricFamily counter(String name, String help) {
            MetricFamily family = MetricFamily.counter(prefix + name, help);
            all.add(family);
            return family;
        }

        MetricFamily gauge(String name, String help) {
            MetricFamily family = MetricFamily.gauge(prefix + name, help);
            all.add(family);
            return family;
        }
    }

    @Override
    public MetricSnapshots collect() {
        ConfigSnapshot config = snapshot.get();
        TargetHealthView view = health.get();
        Alb alb = new Alb();
        Nlb nlb = new Nlb();
        for (LoadBalancerMetrics lb : metrics.loadBalancers()) {
            if (config.loadBalancer(lb.loadBalancerArn()) == null) {
                continue; // deleted since the last snapshot the proxy applied
            }
            Labels labels = Labels.of("load_balancer", CloudWatchNames.loadBalancer(lb.loadBalancerArn()));
            if (lb.type() == LoadBalancerType.APPLICATION) {
                alb.add(lb, labels);
            } else {
                nlb.add(lb, labels);
            }
            for (TargetGroupMetrics group : lb.targetGroups()) {
                TargetGroup model = config.targetGroup(group.targetGroupArn());
                Labels groupLabels = labels.add("target_group", CloudWatchNames.targetGroup(group.targetGroupArn()));
                HostCounts hosts = model == null ? new HostCounts(0, 0) : HostCounts.of(model, view);
                if (lb.type() == LoadBalancerType.APPLICATION) {
                    alb.add(group, hosts, groupLabels);
                } else {
                    nlb.healthy.add(hosts.healthy(), groupLabels);
                    nlb.unhealthy.add(hosts.unhealthy(), groupLabels);
                }
            }
        }
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        alb.families.all.forEach(f -> f.addTo(out));
        if (alb.hasResponseTimes) {
            out.metricSnapshot(alb.responseTimes.build());
        }
        nlb.families.all.forEach(f -> f.addTo(out));
        return out.build();
    }

    /** Application load balancers ({@code AWS/ApplicationELB}). */
    private static final class Alb {
        final Families families = new Families("ballast_alb_");
        final MetricFamily requests = families.counter("request_count",
                "RequestCount: requests the load balancer routed (LoadBalancer)");
        final MetricFamily elb3xx = families.counter("httpcode_elb_3xx_count",
                "HTTPCode_ELB_3XX_Count: 3XX responses the load balancer generated (redirects)");
        final MetricFamily elb4xx = families.counter("httpcode_elb_4xx_count",
                "HTTPCode_ELB_4XX_Count: 4XX responses the load balancer generated");
        final MetricFamily elb5xx = families.counter("httpcode_elb_5xx_count",
                "HTTPCode_ELB_5XX_Count: 5XX responses the load balancer generated");
        final MetricFamily elb500 = families.counter("httpcode_elb_500_count",
                "HTTPCode_ELB_500_Count: 500 responses the load balancer generated");
        final MetricFamily elb502 = families.counter("httpcode_elb_502_count",
                "HTTPCode_ELB_502_Count: 502 responses the load balancer generated");
        final MetricFamily elb503 = families.counter("httpcode_elb_503_count",
                "HTTPCode_ELB_503_Count: 503 responses the load balancer generated");
        final MetricFamily elb504 = families.counter("httpcode_elb_504_count",
                "HTTPCode_ELB_504_Count: 504 responses the load balancer generated");
        final MetricFamily fixed = families.counter("http_fixed_response_count",
                "HTTP_Fixed_Response_Count: fixed-response actions that answered");
        final MetricFamily redirects = families.counter("http_redirect_count",
                "HTTP_Redirect_Count: redirect actions that answered");
        final MetricFamily active = families.gauge("active_connection_count",
                "ActiveConnectionCount: open client connections");
        final MetricFamily opened = families.counter("new_connection_count",
                "NewConnectionCount: client connections accepted");
        final MetricFamily rejected = families.counter("rejected_connection_count",
                "RejectedConnectionCount: client connections the security groups refused");
        final MetricFamily bytes = families.counter("processed_bytes",
                "ProcessedBytes: bytes received from and sent to clients, headers included");
        final MetricFamily rules = families.counter("rule_evaluations",
                "RuleEvaluations: listener rules evaluated to route requests (the default action not counted)");
        final MetricFamily groupRequests = families.counter("target_group_request_count",
                "RequestCount (TargetGroup, LoadBalancer): requests forwarded to the target group");
        final MetricFamily[] target = {null, null,
            families.counter("httpcode_target_2xx_count", "HTTPCode_Target_2XX_Count: 2XX responses of targets"),
            families.counter("httpcode_target_3xx_count", "HTTPCode_Target_3XX_Count: 3XX responses of targets"),
            families.counter("httpcode_target_4xx_count", "HTTPCode_Target_4XX_Count: 4XX responses of targets"),
            families.counter("httpcode_target_5xx_count", "HTTPCode_Target_5XX_Count: 5XX responses of targets")};
        final MetricFamily connectionErrors = families.counter("target_connection_error_count",
                "TargetConnectionErrorCount: connections to targets that could not be made");
        final MetricFamily healthy = families.gauge("healthy_host_count",
                "HealthyHostCount: registered targets in state healthy");
        final MetricFamily unhealthy = families.gauge("unhealthy_host_count",
                "UnHealthyHostCount: registered targets in state unhealthy");
        final HistogramSnapshot.Builder responseTimes = HistogramSnapshot.builder()
                .name("ballast_alb_target_response_time_seconds")
                .help("TargetResponseTime: seconds from sending the request to a target to its response head");
        boolean hasResponseTimes;

        void add(LoadBalancerMetrics lb, Labels labels) {
            requests.add(lb.requests(), labels);
            elb3xx.add(lb.elbResponses(3), labels);
            elb4xx.add(lb.elbResponses(4), labels);
            elb5xx.add(lb.elbResponses(5), labels);
            elb500.add(lb.elbResponsesWithStatus(500), labels);
            elb502.add(lb.elbResponsesWithStatus(502), labels);
            elb503.add(lb.elbResponsesWithStatus(503), labels);
            elb504.add(lb.elbResponsesWithStatus(504), labels);
            fixed.add(lb.fixedResponses(), labels);
            redirects.add(lb.redirects(), labels);
            active.add(lb.activeConnections(), labels);
            opened.add(lb.newConnections(), labels);
            rejected.add(lb.rejectedConnections(), labels);
            bytes.add(lb.processedBytes(), labels);
            rules.add(lb.ruleEvaluations(), labels);
        }

        void add(TargetGroupMetrics group, HostCounts hosts, Labels labels) {
            groupRequests.add(group.requests(), labels);
            for (int statusClass = 2; statusClass <= 5; statusClass++) {
                target[statusClass].add(group.targetResponses(statusClass), labels);
            }
            connectionErrors.add(group.targetConnectionErrors(), labels);
            healthy.add(hosts.healthy(), labels);
            unhealthy.add(hosts.unhealthy(), labels);
            LatencyHistogram times = group.targetResponseTime();
            hasResponseTimes = true;
            responseTimes.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS, times.bucketCounts()))
                    .sum(times.sumSeconds())
                    .labels(labels)
                    .build());
        }
    }

    /** Network load balancers ({@code AWS/NetworkELB}); a TCP connection is a flow. */
    private static final class Nlb {
        final Families families = new Families("ballast_nlb_");
        final MetricFamily active = families.gauge("active_flow_count", "ActiveFlowCount: open TCP flows");
        final MetricFamily opened = families.counter("new_flow_count", "NewFlowCount: TCP flows accepted");
        final MetricFamily rejected = families.counter("rejected_flow_count",
                "RejectedFlowCount: TCP connections and UDP flows the security groups refused");
        final MetricFamily bytes = families.counter("processed_bytes",
                "ProcessedBytes: bytes relayed either way between clients and targets");
        final MetricFamily clientResets = families.counter("tcp_client_reset_count",
                "TCP_Client_Reset_Count: connections the client reset");
        final MetricFamily targetResets = families.counter("tcp_target_reset_count",
                "TCP_Target_Reset_Count: connections the target reset");
        final MetricFamily elbResets = families.counter("tcp_elb_reset_count",
                "TCP_ELB_Reset_Count: connections the load balancer reset (no target, idle timeout)");
        final MetricFamily healthy = families.gauge("healthy_host_count",
                "HealthyHostCount: registered targets in state healthy");
        final MetricFamily unhealthy = families.gauge("unhealthy_host_count",
                "UnHealthyHostCount: registered targets in state unhealthy");

        void add(LoadBalancerMetrics lb, Labels labels) {
            active.add(lb.activeConnections(), labels);
            opened.add(lb.newConnections(), labels);
            rejected.add(lb.rejectedConnections(), labels);
            bytes.add(lb.processedBytes(), labels);
            clientResets.add(lb.clientResets(), labels);
            targetResets.add(lb.targetResets(), labels);
            elbResets.add(lb.elbResets(), labels);
        }
    }

    private static double[] withInfinity(double[] bounds) {
        double[] all = Arrays.copyOf(bounds, bounds.length + 1);
        all[bounds.length] = Double.POSITIVE_INFINITY;
        return all;
    }
}
