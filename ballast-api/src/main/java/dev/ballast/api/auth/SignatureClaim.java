package dev.ballast.api.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a request says about its own signature, read from the {@code Authorization} header or from presigned
 * query parameters, before anything about it is trusted.
 *
 * <p>Thread-safe (immutable).
 *
 * @param accessKey the access key id of the credential
 * @param scope the credential scope ({@code date/region/service/aws4_request})
 * @param amzDate the request time exactly as sent ({@code yyyyMMdd'T'HHmmss'Z'})
 * @param signedAt {@code amzDate} as an instant
 * @param signedHeaders the lower-case header names the client signed, in its order
 * @param signature the hex signature sent
 * @param expires how long a presigned URL stays valid; null for header authentication
 */
record SignatureClaim(String accessKey, CredentialScope scope, String amzDate, Instant signedAt,
                             List<String> signedHeaders, String signature, Duration expires) {
    public SignatureClaim {
        signedHeaders = List.copyOf(signedHeaders);
    }

    /** True when the signature travels in the query string (a presigned URL). */
    public boolean presigned() {
        return expires != null;
    }
}
