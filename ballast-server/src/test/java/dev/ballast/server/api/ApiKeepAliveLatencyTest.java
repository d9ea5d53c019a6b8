package dev.ballast.server.api;

import static dev.ballast.server.api.ApiTestSupport.percentile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.elbv2.Tags;
import dev.ballast.server.ControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/**
 * Calls on one kept-alive connection are answered at once, not ~40 ms late: a response written in two TCP segments
 * without TCP_NODELAY waits for the client's delayed ACK (Nagle), on every call. The bounds are functional checks for
 * that stall, not a benchmark: p50 of a raw HTTP/1.1 client (whose own cost is negligible) under 20 ms, and the
 * fastest SDK call under 20 ms (the stall delays every call, so on a loaded machine the minimum still shows it while
 * the SDK's own CPU time stretches its median). The figures, and a write's cost over the control plane's own
 * commit, go to {@code target/api-keepalive-latency.txt}.
 */
class ApiKeepAliveLatencyTest {
    private static final int CALLS = 200;

    @TempDir
    Path dataDir;

    @Test
    void callsOnAKeptAliveConnectionAreNotHeldBackByDelayedAcks() throws Exception {
        try (ControlPlane plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
             ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            String lbArn = elb.createLoadBalancer(r -> r.name("latency-lb")).loadBalancers().get(0)
                    .loadBalancerArn();
            for (int i = 0; i < 20; i++) {
                elb.describeLoadBalancers();
            }
            List<Long> reads = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                long start = System.nanoTime();
                elb.describeLoadBalancers();
                reads.add((System.nanoTime() - start) / 1000);
            }
            List<Long> rawReads = new ArrayList<>();
            String form = "Action=DescribeLoadBalancers&Version=2015-12-01";
            String request = RawApiConnection.postHead(form.length()) + form;
            try (RawApiConnection raw = new RawApiConnection(plane.apiAddress(), 5_000)) {
                for (int i = 0; i < CALLS + 20; i++) {
                    long start = System.nanoTime();
                    raw.send(request);
                    assertThat(raw.readReply().body()).contains("latency-lb");
                    if (i >= 20) {
                        rawReads.add((System.nanoTime() - start) / 1000);
                    }
                }
            }
            // Writes through the API and the same write straight to the control plane, alternated so that both
            // see the same disk.
            List<Long> apiWrites = new ArrayList<>();
            List<Long> directWrites = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                String value = "v" + i;
                long start = System.nanoTime();
                elb.addTags(r -> r.resourceArns(lbArn).tags(Tag.builder().key("api").value(value).build()));
                apiWrites.add((System.nanoTime() - start) / 1000);
                start = System.nanoTime();
                plane.control().tags().add(List.of(lbArn), List.of(new Tags.Tag("direct", value)));
                directWrites.add((System.nanoTime() - start) / 1000);
            }
            String report = "calls=" + CALLS + " raw_describe_p50_us=" + percentile(rawReads, 50)
                    + " raw_describe_p99_us=" + percentile(rawReads, 99) + " sdk_describe_min_us="
                    + percentile(reads, 0) + " sdk_describe_p50_us=" + percentile(reads, 50) + " sdk_describe_p99_us="
                    + percentile(reads, 99) + " addtags_api_p50_us=" + percentile(apiWrites, 50)
                    + " addtags_api_p99_us=" + percentile(apiWrites, 99) + " addtags_direct_p50_us="
                    + percentile(directWrites, 50) + " addtags_direct_p99_us=" + percentile(directWrites, 99)
                    + " addtags_api_min_us=" + percentile(apiWrites, 0) + " addtags_direct_min_us="
                    + percentile(directWrites, 0) + "\n";
            Files.writeString(Path.of("target", "api-keepalive-latency.txt"), report);
            System.out.print("api keep-alive latency: " + report);
            assertThat(percentile(rawReads, 50)).as("raw client describe p50 (us)").isLessThan(20_000);
            assertThat(percentile(reads, 0)).as("fastest SDK describe (us)").isLessThan(20_000);
        }
    }
}
