package dev.ballast.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/** The verifier against an injected clock: the skew window, replays and malformed authorization. */
@SuppressWarnings("deprecation") // Aws4Signer plays the client, signing as botocore does
class SigV4VerifierTest {
    private static final Instant SIGNED_AT = Instant.parse("2026-03-01T12:00:00Z");
    private static final String BODY = "Action=DescribeLoadBalancers&Version=2015-12-01";

    /** A verifier whose clock reads {@code now}. */
    private static SigV4Verifier at(Instant now) {
        return new SigV4Verifier(Map.of("AKID", "secret"), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Map<String, List<String>> signedHeaders(Instant at) {
        SdkHttpFullRequest signed = Aws4Signer.create().sign(SdkHttpFullRequest.builder()
                        .method(SdkHttpMethod.POST).protocol("http").host("127.0.0.1").port(9500).encodedPath("/")
                        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                        .contentStreamProvider(ContentStreamProvider.fromUtf8String(BODY)).build(),
                Aws4SignerParams.builder().awsCredentials(AwsBasicCredentials.create("AKID", "secret"))
                        .signingName("elasticloadbalancing").signingRegion(Region.US_EAST_1)
                        .signingClockOverride(Clock.fixed(at, ZoneOffset.UTC)).build());
        Map<String, List<String>> headers = new HashMap<>();
        signed.forEachHeader((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        return headers;
    }

    private static void verify(SigV4Verifier verifier, Map<String, List<String>> headers) {
        verifier.verify("POST", "/", null, headers, BODY.getBytes(StandardCharsets.UTF_8));
    }

    private static AwsError errorOf(Runnable call) {
        try {
            call.run();
            return null;
        } catch (AwsException e) {
            return e.error();
        }
    }

    @Test
    void aCapturedRequestReplaysOnlyWithinFifteenMinutes() {
        Map<String, List<String>> captured = signedHeaders(SIGNED_AT);

        assertThatCode(() -> verify(at(SIGNED_AT), captured)).doesNotThrowAnyException();
        assertThatCode(() -> verify(at(SIGNED_AT.plus(Duration.ofMinutes(15))), captured))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> verify(at(SIGNED_AT.plus(Duration.ofMinutes(15)).plusSeconds(1)), captured))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.error()).isEqualTo(AwsError.REQUEST_TIME_TOO_SKEWED);
                    assertThat(e.getMessage()).isEqualTo("Signature expired: 20260301T120000Z is now earlier than "
                            + "20260301T120001Z (20260301T121501Z - 15 min.)");
                });
        assertThat(errorOf(() -> verify(at(SIGNED_AT.plus(Duration.ofDays(1))), captured)))
                .isEqualTo(AwsError.REQUEST_TIME_TOO_SKEWED);
    }

    @Test
    void aRequestFromTheFutureIsAcceptedOnlyWithinFifteenMinutes() {
        Map<String, List<String>> headers = signedHeaders(SIGNED_AT);
        Instant earliest = SIGNED_AT.minus(Duration.ofMinutes(15));

        assertThatCode(() -> verify(at(earliest), headers)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verify(at(earliest.minusSeconds(1)), headers))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.error()).isEqualTo(AwsError.REQUEST_TIME_TOO_SKEWED);
                    assertThat(e.getMessage()).isEqualTo("Signature not yet current: 20260301T120000Z is still "
                            + "later than 20260301T115959Z (20260301T114459Z + 15 min.)");
                });
    }

    @Test
    void aSessionTokenIsNeverOneBallastIssued() {
        Map<String, List<String>> headers = new HashMap<>(signedHeaders(SIGNED_AT));
        headers.put("x-amz-security-token", List.of("token"));

        assertThatThrownBy(() -> verify(at(SIGNED_AT), headers)).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.error()).isEqualTo(AwsError.INVALID_CLIENT_TOKEN_ID);
            assertThat(e.getMessage()).isEqualTo("The security token included in the request is invalid.");
        });
    }

    @Test
    void malformedAuthorizationIsIncompleteSignature() {
        SigV4Verifier verifier = at(SIGNED_AT);
        Map<String, List<String>> good = signedHeaders(SIGNED_AT);
        String authorization = good.get("authorization").get(0);
        for (String bad : new String[] {"AWS4-HMAC-SHA256", "AWS AKID:signature",
                authorization.replaceAll("Signature=\\w+", "Signature=zz"),
                authorization.replace("/aws4_request", "/aws3_request"),
                authorization.replaceAll("SignedHeaders=[^,]+,", "")}) {
            Map<String, List<String>> headers = new HashMap<>(good);
            headers.put("authorization", List.of(bad));
            assertThat(errorOf(() -> verify(verifier, headers))).as(bad).isEqualTo(AwsError.INCOMPLETE_SIGNATURE);
        }
        Map<String, List<String>> noDate = new HashMap<>(good);
        noDate.remove("x-amz-date");
        assertThatThrownBy(() -> verify(verifier, noDate)).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.error()).isEqualTo(AwsError.INCOMPLETE_SIGNATURE);
            assertThat(e.getMessage()).startsWith(
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        });
        Map<String, List<String>> badDate = new HashMap<>(good);
        badDate.put("x-amz-date", List.of("2026-03-01T12:00:00Z"));
        assertThatThrownBy(() -> verify(verifier, badDate)).isInstanceOfSatisfying(AwsException.class, e ->
                assertThat(e.getMessage()).isEqualTo("Date must be in ISO-8601 'basic format'. Got "
                        + "'2026-03-01T12:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601"));
    }

    @Test
    void theSystemClockConstructorVerifiesFreshRequests() {
        SigV4Verifier verifier = new SigV4Verifier(Map.of("AKID", "secret"));
        assertThatCode(() -> verify(verifier, signedHeaders(Instant.now()))).doesNotThrowAnyException();
        assertThat(errorOf(() -> verify(verifier, signedHeaders(SIGNED_AT))))
                .isEqualTo(AwsError.REQUEST_TIME_TOO_SKEWED);
    }
}
