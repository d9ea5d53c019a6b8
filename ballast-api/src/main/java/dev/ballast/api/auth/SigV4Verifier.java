package dev.ballast.api.auth;

import dev.ballast.api.query.QueryParams;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies AWS Signature Version 4 as AWS does, for the Authorization header and for presigned URLs: the credential
 * scope must name the signing name of the API called ({@code elasticloadbalancing} for ELBv2 and Classic, which both
 * sign with it; {@code ecs} for ECS), a valid region and the day of
 * {@code X-Amz-Date}; Host and every {@code x-amz-*} header present must be signed; the request must be dated
 * within 15 minutes of the injected clock (a presigned URL until it expires); and the signature must equal the
 * one the AWS SDK's signer computes over the body that arrived, so {@code UNSIGNED-PAYLOAD} or an unsigned
 * {@code x-amz-content-sha256} cannot detach the body from its signature.
 *
 * <p>Thread-safe (immutable).
 */
public final class SigV4Verifier {
    /** The signing name of both load-balancing APIs. */
    public static final String SERVICE = "elasticloadbalancing";
    static final String MISMATCH = "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    private static final String INVALID_TOKEN = "The security token included in the request is invalid.";

    private final Map<String, String> secretsByAccessKey;
    private final SigningWindow window;

    /** Verifies signatures made with these access key id → secret key pairs against the system clock. */
    public SigV4Verifier(Map<String, String> secretsByAccessKey) {
        this(secretsByAccessKey, Clock.systemUTC());
    }

    /** Verifies signatures made with these access key id → secret key pairs, dating requests by {@code clock}. */
    public SigV4Verifier(Map<String, String> secretsByAccessKey, Clock clock) {
        this.secretsByAccessKey = Map.copyOf(secretsByAccessKey);
        this.window = new SigningWindow(clock);
    }

    /**
     * Checks the request's signature.
     *
     * @param headers request headers with lower-case names, each with all its values
     * @throws AwsException MissingAuthenticationToken, InvalidClientTokenId, IncompleteSignature,
     *     SignatureDoesNotMatch, RequestTimeTooSkewed or RequestExpired
     */
    public void verify(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                       byte[] body) {
        verify(SERVICE, method, rawPath, rawQuery, headers, body);
    }

    /**
     * Checks the request's signature, which must be scoped to {@code service}, the signing name of the API the
     * request calls.
     *
     * @param headers request headers with lower-case names, each with all its values
     * @throws AwsException as {@link #verify(String, String, String, Map, byte[])}
     */
    public void verify(String service, String method, String rawPath, String rawQuery,
                       Map<String, List<String>> headers, byte[] body) {
        List<Map.Entry<String, String>> query = QueryParams.pairs(rawQuery);
        Map<String, String> authQuery = new HashMap<>();
        List<Map.Entry<String, String>> operationQuery = new ArrayList<>();
        for (Map.Entry<String, String> e : query) {
            if (SignatureClaims.QUERY_PARAMETERS.contains(e.getKey())) {
                if (authQuery.put(e.getKey(), e.getValue()) != null) {
                    throw new AwsException(AwsError.INCOMPLETE_SIGNATURE, e.getKey()
                            + ": given more than once (expected: once)");
                }
            } else {
                operationQuery.add(e);
            }
        }
        String authorization = first(headers, "authorization");
        if (authorization != null && !authQuery.isEmpty()) {
            throw new AwsException(AwsError.INCOMPLETE_SIGNATURE, "Only one auth mechanism allowed; only the "
                    + "X-Amz-Algorithm query parameter or the Authorization header should be specified");
        }
        if (authorization == null && authQuery.isEmpty()) {
            throw new AwsException(AwsError.MISSING_AUTHENTICATION_TOKEN,
                    "Request must contain either a valid (registered) AWS access key ID or X.509 certificate.");
        }
        SignatureClaim claim = authorization != null
                ? SignatureClaims.fromHeader(authorization, first(headers, "x-amz-date"))
                : SignatureClaims.fromQuery(authQuery);
        String secret = secretsByAccessKey.get(claim.accessKey());
        boolean sessionToken = headers.containsKey("x-amz-security-token")
                || operationQuery.stream().anyMatch(e -> e.getKey().equals("X-Amz-Security-Token"));
        if (secret == null || sessionToken) {
            // Ballast has long-term keys only: a session token is never one it issued
            throw new AwsException(AwsError.INVALID_CLIENT_TOKEN_ID, INVALID_TOKEN);
        }
        claim.scope().check(service, claim.amzDate());
        requireSignedHeaders(claim, headers);
        window.check(claim);
        String expected;
        try {
            expected = ExpectedSignature.of(claim, secret, method, rawPath, operationQuery, headers, body);
        } catch (IllegalArgumentException e) {
            // a Host or method the SDK cannot even build a request from cannot have been signed by it
            throw new AwsException(AwsError.SIGNATURE_DOES_NOT_MATCH, MISMATCH);
        }
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                claim.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw new AwsException(AwsError.SIGNATURE_DOES_NOT_MATCH, MISMATCH);
        }
    }

    /** Host and every x-amz-* header that is present must be signed, and every signed header present. */
    private static void requireSignedHeaders(SignatureClaim claim, Map<String, List<String>> headers) {
        List<String> signed = claim.signedHeaders();
        if (!signed.contains("host")) {
            throw new AwsException(AwsError.INCOMPLETE_SIGNATURE,
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        for (String name : headers.keySet()) {
            if (name.startsWith("x-amz-") && !signed.contains(name)) {
                throw new AwsException(AwsError.INCOMPLETE_SIGNATURE, name
                        + ": present but not signed (expected: every x-amz-* header listed in SignedHeaders)");
            }
        }
        for (String name : signed) {
            if (!headers.containsKey(name)) {
                throw new AwsException(AwsError.SIGNATURE_DOES_NOT_MATCH, MISMATCH);
            }
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
