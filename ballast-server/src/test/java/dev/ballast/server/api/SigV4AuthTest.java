package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.server.ControlPlane;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;

/** With access keys configured, the API verifies SigV4 signatures made by the SDK, in any region. */
class SigV4AuthTest {
    @TempDir
    static Path dataDir;

    private static ControlPlane plane;

    @BeforeAll
    static void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of("AKIDBALLASTTEST", "s3cr3t/key+value"));
    }

    @AfterAll
    static void stop() {
        plane.close();
    }

    private static ElasticLoadBalancingV2Client client(String key, String secret, Region region) {
        return ElasticLoadBalancingV2Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + plane.apiAddress().getPort()))
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    @Test
    void correctSignaturesAreAcceptedInAnyRegion() {
        for (Region region : new Region[] {Region.US_EAST_1, Region.EU_WEST_3, Region.AWS_GLOBAL}) {
            try (ElasticLoadBalancingV2Client elb = client("AKIDBALLASTTEST", "s3cr3t/key+value", region)) {
                assertThat(elb.describeLoadBalancers().loadBalancers()).isEmpty();
                assertThat(elb.describeTargetGroups(r -> r.names(java.util.List.of())).targetGroups()).isEmpty();
            }
        }
    }

    @Test
    void theAwsCliSignaturesVerifyForBothApis() throws Exception {
        // botocore signs without x-amz-content-sha256; both ELBv2 and Classic sign as elasticloadbalancing
        for (String service : new String[] {"elbv2", "elb"}) {
            ProcessBuilder pb = new ProcessBuilder("/usr/bin/aws", service, "describe-load-balancers",
                    "--endpoint-url", "http://127.0.0.1:" + plane.apiAddress().getPort(), "--region", "eu-west-3",
                    "--output", "json").redirectErrorStream(true);
            pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIDBALLASTTEST", "AWS_SECRET_ACCESS_KEY",
                    "s3cr3t/key+value", "AWS_PAGER", "", "AWS_CONFIG_FILE", "/dev/null",
                    "AWS_SHARED_CREDENTIALS_FILE", "/dev/null"));
            Process cli = pb.start();
            try {
                String output = new String(cli.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(cli.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(cli.exitValue()).as(output).isZero();
                assertThat(output).contains(service.equals("elb") ? "LoadBalancerDescriptions" : "LoadBalancers");
            } finally {
                cli.destroyForcibly();
            }
        }
    }

    @Test
    void wrongSecretIsSignatureDoesNotMatch() {
        try (ElasticLoadBalancingV2Client elb = client("AKIDBALLASTTEST", "wrong", Region.US_EAST_1)) {
            assertThatThrownBy(elb::describeLoadBalancers).isInstanceOfSatisfying(ElasticLoadBalancingV2Exception.class,
                    e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
    }

    @Test
    void unknownKeyIsInvalidClientTokenId() {
        try (ElasticLoadBalancingV2Client elb = client("AKIDUNKNOWN", "s3cr3t/key+value", Region.US_EAST_1)) {
            assertThatThrownBy(elb::describeLoadBalancers).isInstanceOfSatisfying(ElasticLoadBalancingV2Exception.class,
                    e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
                    });
        }
    }

    @Test
    void unsignedRequestIsRefused() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + plane.apiAddress().getPort() + "/?Action=DescribeLoadBalancers&Version=2015-12-01"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>MissingAuthenticationToken</Code>");
    }
}
