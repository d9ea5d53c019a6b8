package dev.ballast.server.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;

/**
 * Builds Query requests signed as real clients sign them (botocore-style header signing with the SDK's
 * {@code Aws4Signer}, {@code UNSIGNED-PAYLOAD} and presigned URLs with {@code AwsV4HttpSigner}), lets a test tamper
 * with them as an attacker holding a captured request would, and sends them with {@code java.net.http}.
 *
 * <p>Not thread-safe: build one request at a time.
 */
@SuppressWarnings("deprecation") // Aws4Signer signs as botocore does: no x-amz-content-sha256 header
final class SignedHttp {
    static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A request on the wire: method, path and query, headers (names as sent) and body. */
    record Wire(String method, String pathAndQuery, Map<String, String> headers, String body) {
        /** A copy with one header set (or replaced). */
        Wire withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            h.put(name, value);
            return new Wire(method, pathAndQuery, h, body);
        }

        /** A copy with another body, headers unchanged (the captured signature stays). */
        Wire withBody(String otherBody) {
            return new Wire(method, pathAndQuery, headers, otherBody);
        }

        /** A copy with another path and query. */
        Wire withPathAndQuery(String other) {
            return new Wire(method, other, headers, body);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    private SignedHttp() {}

    /** A POST of {@code body} signed in the Authorization header at {@code at}, as botocore signs it. */
    static Wire post(int port, String body, Instant at, String key, String secret, String service, String region) {
        return signedPost(port, Map.of("Content-Type", FORM), body, at, key, secret, service, region);
    }

    /** An ECS JSON 1.1 call of {@code operation} signed for {@code service} at {@code at}, as botocore signs it. */
    static Wire postEcs(int port, String operation, String json, Instant at, String key, String secret,
                        String service) {
        return signedPost(port, Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target",
                "AmazonEC2ContainerServiceV20141113." + operation), json, at, key, secret, service, "us-east-1");
    }

    private static Wire signedPost(int port, Map<String, String> headers, String body, Instant at, String key,
                                   String secret, String service, String region) {
        SdkHttpFullRequest.Builder builder = base(port, SdkHttpMethod.POST)
                .contentStreamProvider(ContentStreamProvider.fromUtf8String(body));
        headers.forEach(builder::putHeader);
        SdkHttpFullRequest request = builder.build();
        SdkHttpFullRequest signed = Aws4Signer.create().sign(request, Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(key, secret))
                .signingName(service)
                .signingRegion(Region.of(region))
                .signingClockOverride(Clock.fixed(at, ZoneOffset.UTC))
                .build());
        return wire(signed, body);
    }

    /** A POST signed by the SDK's current signer with payload signing off: {@code x-amz-content-sha256: UNSIGNED-PAYLOAD}. */
    static Wire postUnsignedPayload(int port, String body, String key, String secret) {
        // the SDK always signs the payload over plain http, so this request is signed as if it went over https
        SdkHttpFullRequest request = base(port, SdkHttpMethod.POST).protocol("https").putHeader("Content-Type", FORM)
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(SignRequest.builder(AwsCredentialsIdentity.create(key,
                        secret))
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "elasticloadbalancing")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .build()).request();
        return wire(signed, body);
    }

    /** A presigned {@code GET /?query} signed at {@code at}, valid for {@code expires}. */
    static Wire presignedGet(int port, String query, Instant at, Duration expires, String key, String secret) {
        SdkHttpFullRequest.Builder b = base(port, SdkHttpMethod.GET);
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            b.appendRawQueryParameter(kv[0], kv[1]);
        }
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(SignRequest.builder(AwsCredentialsIdentity.create(key,
                        secret))
                .request(b.build())
                .payload(ContentStreamProvider.fromUtf8String(""))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "elasticloadbalancing")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expires)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))
                .build()).request();
        return wire(signed, "");
    }

    private static SdkHttpFullRequest.Builder base(int port, SdkHttpMethod method) {
        return SdkHttpFullRequest.builder().method(method).protocol("http").host("127.0.0.1").port(port)
                .encodedPath("/");
    }

    private static Wire wire(SdkHttpRequest signed, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        signed.forEachHeader((name, values) -> headers.put(name, String.join(",", values)));
        String uri = signed.getUri().toString();
        String pathAndQuery = uri.substring(uri.indexOf('/', uri.indexOf("//") + 2));
        return new Wire(signed.method().name(), pathAndQuery, headers, body);
    }

    /** Status and body of {@code wire} sent to 127.0.0.1:{@code port}. */
    static HttpResponse<String> send(int port, Wire wire) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + wire.pathAndQuery()))
                .timeout(Duration.ofSeconds(10))
                .method(wire.method(), wire.body().isEmpty() && wire.method().equals("GET")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(wire.body(), StandardCharsets.UTF_8));
        wire.headers().forEach((name, value) -> {
            if (!List.of("host", "content-length").contains(name.toLowerCase())) {
                b.header(name, value);
            }
        });
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
