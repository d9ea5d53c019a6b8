package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.server.ControlPlane;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;

/** ECS calls on a server with access keys: signed for {@code ecs} they pass, scoped to another service they fail. */
@Timeout(60)
class EcsSigV4Test {
    private static final String KEY = "AKIDBALLASTTEST";
    private static final String SECRET = "s3cr3t/key+value";

    @TempDir
    static Path dataDir;
    private static ControlPlane plane;

    @BeforeAll
    static void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of(KEY, SECRET));
    }

    @AfterAll
    static void stop() {
        plane.close();
    }

    @Test
    void theSdkSignsForEcsAndIsAccepted() {
        try (EcsClient ecs = ApiTestSupport.ecsClient(plane.apiAddress(), KEY, SECRET)) {
            assertThat(ecs.createCluster(r -> r.clusterName("signed")).cluster().clusterName()).isEqualTo("signed");
        }
    }

    @Test
    void anEcsCallScopedToElasticLoadBalancingIsRefused() {
        int port = plane.apiAddress().getPort();
        HttpResponse<String> refused = SignedHttp.send(port, SignedHttp.postEcs(port, "ListClusters", "{}",
                Instant.now(), KEY, SECRET, "elasticloadbalancing"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("content-type")).contains("application/x-amz-json-1.1");
        assertThat(refused.body()).isEqualTo("{\"__type\":\"SignatureDoesNotMatch\",\"message\":\"Credential should be "
                + "scoped to correct service: 'ecs'. \"}");

        // the same request signed for ecs passes, so only the scope made the difference
        HttpResponse<String> accepted = SignedHttp.send(port, SignedHttp.postEcs(port, "ListClusters", "{}",
                Instant.now(), KEY, SECRET, "ecs"));
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).startsWith("{\"clusterArns\":[");
    }

    @Test
    void aQueryCallScopedToEcsIsStillRefused() {
        int port = plane.apiAddress().getPort();
        HttpResponse<String> refused = SignedHttp.send(port, SignedHttp.post(port,
                "Action=DescribeLoadBalancers&Version=2015-12-01", Instant.now(), KEY, SECRET, "ecs", "us-east-1"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("<Code>SignatureDoesNotMatch</Code>")
                .contains("Credential should be scoped to correct service: &apos;elasticloadbalancing&apos;.");
    }
}
