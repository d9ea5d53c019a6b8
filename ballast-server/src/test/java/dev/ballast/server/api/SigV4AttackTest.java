package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.server.ControlPlane;
import dev.ballast.server.api.SignedHttp.Wire;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

/**
 * Attacks on SigV4 with real signed requests against a running server: a captured request with its body swapped,
 * UNSIGNED-PAYLOAD, stale, future and replayed dates, a foreign service scope, a scope date that is not the
 * request's, an unsigned Host, and presigned URLs that must work until they expire. Every refused request must
 * leave the configuration as it was.
 */
class SigV4AttackTest {
    private static final String KEY = "AKIDBALLASTATTACK";
    private static final String SECRET = "s3cr3t/attack+key";

    @TempDir
    static Path dataDir;

    private static ControlPlane plane;
    private static ElasticLoadBalancingV2Client elb;
    private static int port;
    private static String groupArn;

    @BeforeAll
    static void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of(KEY, SECRET));
        port = plane.apiAddress().getPort();
        elb = ApiTestSupport.client(plane.apiAddress(), KEY, SECRET);
        groupArn = elb.createTargetGroup(r -> r.name("attack-tg").protocol(ProtocolEnum.HTTP).port(80)
                .vpcId("vpc-1")).targetGroups().get(0).targetGroupArn();
    }

    @AfterAll
    static void stop() {
        elb.close();
        plane.close();
    }

    private static String describeGroups() {
        return "Action=DescribeTargetGroups&Version=2015-12-01";
    }

    private static String addTag() {
        return "Action=AddTags&Version=2015-12-01&ResourceArns.member.1=" + URLEncoder.encode(groupArn,
                StandardCharsets.UTF_8) + "&Tags.member.1.Key=owned&Tags.member.1.Value=yes";
    }

    private static Wire signedNow(String body) {
        return SignedHttp.post(port, body, Instant.now(), KEY, SECRET, "elasticloadbalancing", "us-east-1");
    }

    private static void assertNoTags() {
        assertThat(elb.describeTags(r -> r.resourceArns(groupArn)).tagDescriptions().get(0).tags()).isEmpty();
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        ApiTestSupport.ErrorDocument error = ApiTestSupport.error(response.body());
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.message()).contains(message);
    }

    @Test
    void aCapturedRequestSignedAsTheCliSignsIsAccepted() {
        HttpResponse<String> response = SignedHttp.send(port, signedNow(describeGroups()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("attack-tg");
    }

    @Test
    void anUnsignedContentHashCannotCarryASwappedBody() throws Exception {
        Wire captured = signedNow(describeGroups());
        String originalHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(describeGroups().getBytes(StandardCharsets.UTF_8)));
        Wire forged = captured.withHeader("X-Amz-Content-Sha256", originalHash).withBody(addTag());

        assertError(SignedHttp.send(port, forged), 400, "IncompleteSignature",
                "x-amz-content-sha256: present but not signed");
        assertNoTags();
    }

    @Test
    void aSwappedBodyDoesNotMatchTheSignature() {
        Wire forged = signedNow(describeGroups()).withBody(addTag());

        assertError(SignedHttp.send(port, forged), 403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided.");
        assertNoTags();
    }

    @Test
    void unsignedPayloadIsRefusedForTheQueryApi() {
        String delete = "Action=DeleteTargetGroup&Version=2015-12-01&TargetGroupArn="
                + URLEncoder.encode(groupArn, StandardCharsets.UTF_8);
        Wire unsigned = SignedHttp.postUnsignedPayload(port, delete, KEY, SECRET);
        assertThat(unsigned.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");

        assertError(SignedHttp.send(port, unsigned), 403, "SignatureDoesNotMatch", "does not match");
        assertThat(elb.describeTargetGroups(r -> r.targetGroupArns(groupArn)).targetGroups()).hasSize(1);
    }

    @Test
    void requestsDatedOutsideFifteenMinutesAreTooSkewed() {
        Instant now = Instant.now();
        for (Duration age : new Duration[] {Duration.ofMinutes(16), Duration.ofDays(1), Duration.ofDays(3650)}) {
            Wire stale = SignedHttp.post(port, addTag(), now.minus(age), KEY, SECRET, "elasticloadbalancing",
                    "us-east-1");
            assertError(SignedHttp.send(port, stale), 403, "RequestTimeTooSkewed", "Signature expired: "
                    + stale.header("X-Amz-Date") + " is now earlier than ");
        }
        Wire future = SignedHttp.post(port, addTag(), now.plus(Duration.ofDays(1)), KEY, SECRET,
                "elasticloadbalancing", "us-east-1");
        assertError(SignedHttp.send(port, future), 403, "RequestTimeTooSkewed", "Signature not yet current: "
                + future.header("X-Amz-Date") + " is still later than ");
        assertNoTags();

        Wire recent = SignedHttp.post(port, describeGroups(), now.minus(Duration.ofMinutes(14)), KEY, SECRET,
                "elasticloadbalancing", "us-east-1");
        assertThat(SignedHttp.send(port, recent).statusCode()).isEqualTo(200);
    }

    @Test
    void aScopeForAnotherServiceOrAnInvalidRegionIsRefused() {
        Map<String, String> messageByScope = Map.of(
                "s3/us-east-1", "Credential should be scoped to correct service: 'elasticloadbalancing'. ",
                "elasticloadbalancing/mars", "Credential should be scoped to a valid region. ");
        messageByScope.forEach((scope, message) -> {
            String[] serviceAndRegion = scope.split("/");
            Wire wire = SignedHttp.post(port, addTag(), Instant.now(), KEY, SECRET, serviceAndRegion[0],
                    serviceAndRegion[1]);
            assertError(SignedHttp.send(port, wire), 403, "SignatureDoesNotMatch", message);
        });
        assertNoTags();
    }

    @Test
    void aScopeDateThatIsNotTheRequestDateIsRefused() {
        Wire signed = signedNow(describeGroups());
        String amzDate = signed.header("X-Amz-Date");
        String scopeDate = amzDate.substring(0, 8);
        // move X-Amz-Date to another day while the credential scope keeps the signing day
        String otherDay = scopeDate.endsWith("01") ? amzDate.substring(0, 6) + "02" + amzDate.substring(8)
                : amzDate.substring(0, 6) + "01" + amzDate.substring(8);
        Wire forged = signed.withHeader("X-Amz-Date", otherDay);

        assertError(SignedHttp.send(port, forged), 403, "SignatureDoesNotMatch",
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                        + scopeDate + "' != '" + otherDay.substring(0, 8) + "', from '" + otherDay + "'.");
    }

    @Test
    void anUnsignedHostIsRefused() {
        Wire signed = signedNow(addTag());
        String authorization = signed.header("Authorization").replace("SignedHeaders=content-type;host;x-amz-date",
                "SignedHeaders=content-type;x-amz-date");
        assertThat(authorization).doesNotContain(";host");

        assertError(SignedHttp.send(port, signed.withHeader("Authorization", authorization)), 400,
                "IncompleteSignature", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        assertNoTags();
    }

    @Test
    void aSecondActionInASignedBodyIsAValidationErrorAndChangesNothing() {
        String delete = "Action=DescribeTargetGroups&Version=2015-12-01&Action=DeleteTargetGroup&TargetGroupArn="
                + URLEncoder.encode(groupArn, StandardCharsets.UTF_8);

        assertError(SignedHttp.send(port, signedNow(delete)), 400, "ValidationError",
                "Action: given more than once");
        assertThat(elb.describeTargetGroups(r -> r.targetGroupArns(groupArn)).targetGroups()).hasSize(1);
    }

    @Test
    void presignedUrlsWorkUntilTheyExpire() {
        String query = "Action=DescribeTargetGroups&Version=2015-12-01";
        Wire fresh = SignedHttp.presignedGet(port, query, Instant.now(), Duration.ofMinutes(5), KEY, SECRET);
        assertThat(fresh.pathAndQuery()).contains("X-Amz-Signature=").contains("X-Amz-Expires=300");
        HttpResponse<String> ok = SignedHttp.send(port, fresh);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("attack-tg");

        Wire expired = SignedHttp.presignedGet(port, query, Instant.now().minus(Duration.ofMinutes(6)),
                Duration.ofMinutes(5), KEY, SECRET);
        assertError(SignedHttp.send(port, expired), 400, "RequestExpired", "Request has expired");

        Wire changed = fresh.withPathAndQuery(fresh.pathAndQuery().replace("DescribeTargetGroups",
                "DescribeLoadBalancers"));
        assertError(SignedHttp.send(port, changed), 403, "SignatureDoesNotMatch", "does not match");

        Wire longer = fresh.withPathAndQuery(fresh.pathAndQuery().replace("X-Amz-Expires=300",
                "X-Amz-Expires=604801"));
        assertError(SignedHttp.send(port, longer), 400, "IncompleteSignature",
                "X-Amz-Expires: 604801 (expected: 1-604800 seconds)");
    }
}
