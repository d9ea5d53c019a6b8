package dev.ballast.api.auth;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4PresignerParams;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * Computes the signature a request must carry by signing it again with the AWS SDK's own {@link Aws4Signer}: the
 * same method, path, query and exactly the headers the client listed as signed, with the payload hash taken from
 * the body that arrived (never from an {@code x-amz-content-sha256} header), at the client's {@code X-Amz-Date}
 * and in the client's credential scope.
 *
 * <p>{@code Aws4Signer} is used rather than {@code AwsV4HttpSigner} because the latter always adds and signs an
 * {@code x-amz-content-sha256} header, which botocore (the AWS CLI) does not send for this service.
 *
 * <p>Thread-safe (stateless; the SDK signer is immutable).
 */
@SuppressWarnings("deprecation") // Aws4Signer: see above; its replacement cannot verify botocore's requests
final class ExpectedSignature {
    private static final Aws4Signer SIGNER = Aws4Signer.create();
    private static final Pattern SIGNATURE = Pattern.compile("Signature=([0-9a-f]+)");

    private ExpectedSignature() {}

    /**
     * The hex signature for the request.
     *
     * @param operationQuery the decoded query parameters other than the presigned-URL ones, in order
     * @param headers the request headers with lower-case names
     */
    static String of(SignatureClaim claim, String secret, String method, String rawPath,
                     List<Map.Entry<String, String>> operationQuery, Map<String, List<String>> headers,
                     byte[] body) {
        SdkHttpFullRequest request = request(claim, method, rawPath, operationQuery, headers, body);
        AwsBasicCredentials credentials = AwsBasicCredentials.create(claim.accessKey(), secret);
        Clock signedAt = Clock.fixed(claim.signedAt(), ZoneOffset.UTC);
        if (claim.presigned()) {
            SdkHttpFullRequest signed = SIGNER.presign(request, Aws4PresignerParams.builder()
                    .awsCredentials(credentials)
                    .signingName(claim.scope().service())
                    .signingRegion(Region.of(claim.scope().region()))
                    .signingClockOverride(signedAt)
                    .expirationTime(claim.signedAt().plus(claim.expires()))
                    .build());
            return signed.rawQueryParameters().get("X-Amz-Signature").get(0);
        }
        SdkHttpFullRequest signed = SIGNER.sign(request, Aws4SignerParams.builder()
                .awsCredentials(credentials)
                .signingName(claim.scope().service())
                .signingRegion(Region.of(claim.scope().region()))
                .signingClockOverride(signedAt)
                .build());
        Matcher m = SIGNATURE.matcher(signed.firstMatchingHeader("Authorization").orElse(""));
        return m.find() ? m.group(1) : "";
    }

    private static SdkHttpFullRequest request(SignatureClaim claim, String method, String rawPath,
                                              List<Map.Entry<String, String>> operationQuery,
                                              Map<String, List<String>> headers, byte[] body) {
        SdkHttpMethod httpMethod;
        try {
            httpMethod = SdkHttpMethod.fromValue(method);
        } catch (IllegalArgumentException e) {
            throw new AwsException(AwsError.SIGNATURE_DOES_NOT_MATCH, SigV4Verifier.MISMATCH);
        }
        String host = headers.get("host").get(0).trim();
        SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder()
                .method(httpMethod)
                .protocol("http")
                .encodedPath(rawPath == null || rawPath.isEmpty() ? "/" : rawPath)
                .contentStreamProvider(() -> new ByteArrayInputStream(body));
        hostAndPort(b, host);
        operationQuery.forEach(e -> b.appendRawQueryParameter(e.getKey(), e.getValue()));
        for (String name : claim.signedHeaders()) {
            // the signer writes Host (from host and port) and X-Amz-Date (from the clock) itself
            if (!name.equals("host") && !name.equals("x-amz-date")) {
                b.putHeader(name, headers.get(name));
            }
        }
        return b.build();
    }

    /** Sets host and port so that the signer writes back exactly the Host header the client sent. */
    private static void hostAndPort(SdkHttpFullRequest.Builder b, String host) {
        int colon = host.lastIndexOf(':');
        boolean bracketed = host.startsWith("[");
        if (colon > 0 && (!bracketed || colon > host.indexOf(']')) && host.substring(colon + 1).matches("\\d{1,5}")) {
            b.host(host.substring(0, colon)).port(Integer.parseInt(host.substring(colon + 1)));
        } else {
            b.host(host).port(80);
        }
    }
}
