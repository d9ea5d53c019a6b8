package dev.ballast.server.api;

import static dev.ballast.server.api.ApiTestSupport.freePort;
import static dev.ballast.server.api.ApiTestSupport.percentile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.server.ControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

/**
 * Measures the apply latency: from the API's response to a ModifyListener call to the first request answered by
 * the new configuration, over 200 changes. Records p50/p99 in {@code target/apply-latency.txt}; asserts only that
 * every change reached the data plane (timed assertions do not belong in the test suite).
 */
class ApplyLatencyTest {
    private static final int CHANGES = 200;

    @TempDir
    Path dataDir;

    @Test
    void everyChangeReachesTheDataPlane() throws Exception {
        try (ControlPlane plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
             ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            String lbArn = elb.createLoadBalancer(r -> r.name("latency-lb")).loadBalancers().get(0).loadBalancerArn();
            int port = freePort();
            String listenerArn = elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP)
                    .port(port).defaultActions(fixed("v0"))).listeners().get(0).listenerArn();
            ApiTestSupport.await(() -> ApiTestSupport.get("127.0.0.1", port, "x", "/"), "v0");
            List<Long> micros = new ArrayList<>();
            List<Long> callMicros = new ArrayList<>();
            for (int i = 1; i <= CHANGES; i++) {
                String body = "v" + i;
                long sent = System.nanoTime();
                elb.modifyListener(r -> r.listenerArn(listenerArn).defaultActions(fixed(body)));
                long answered = System.nanoTime();
                ApiTestSupport.Response seen = ApiTestSupport.await(() -> ApiTestSupport.get("127.0.0.1", port, "x",
                        "/"), body);
                long routed = System.nanoTime();
                assertThat(seen.body()).isEqualTo(body);
                micros.add((routed - answered) / 1000);
                callMicros.add((answered - sent) / 1000);
            }
            String report = "changes=" + CHANGES + " apply_p50_us=" + percentile(micros, 50) + " apply_p99_us="
                    + percentile(micros, 99) + " apply_max_us=" + percentile(micros, 100) + " call_p50_us="
                    + percentile(callMicros, 50) + " call_p99_us=" + percentile(callMicros, 99) + "\n";
            Files.writeString(Path.of("target", "apply-latency.txt"), report);
            System.out.print("apply latency: " + report);
        }
    }

    private static Action fixed(String body) {
        return Action.builder().type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(f -> f.statusCode("200")
                .contentType("text/plain").messageBody(body)).build();
    }
}
