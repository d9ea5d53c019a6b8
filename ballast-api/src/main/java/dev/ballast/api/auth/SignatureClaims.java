package dev.ballast.api.auth;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@link SignatureClaim} from either place SigV4 puts it: the {@code Authorization} header, or the
 * presigned query parameters {@code X-Amz-Algorithm}, {@code X-Amz-Credential}, {@code X-Amz-Date},
 * {@code X-Amz-Expires}, {@code X-Amz-SignedHeaders} and {@code X-Amz-Signature}. Malformed claims are
 * {@code IncompleteSignature}.
 *
 * <p>Thread-safe (stateless).
 */
final class SignatureClaims {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** The presigned query parameters that carry the signature; they are not part of the operation. */
    static final List<String> QUERY_PARAMETERS = List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",
            "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature");
    /** AWS's longest presigned URL lifetime: seven days. */
    static final long MAX_EXPIRES_SECONDS = 604_800;
    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    private SignatureClaims() {}

    /** The claim of an {@code Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…} header. */
    static SignatureClaim fromHeader(String authorization, String amzDate) {
        String trimmed = authorization.trim();
        int space = trimmed.indexOf(' ');
        String algorithm = space < 0 ? trimmed : trimmed.substring(0, space);
        if (!algorithm.equals(ALGORITHM)) {
            throw new AwsException(AwsError.INCOMPLETE_SIGNATURE, "Authorization: " + algorithm
                    + " (expected: " + ALGORITHM + " Credential=..., SignedHeaders=..., Signature=...)");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : (space < 0 ? "" : trimmed.substring(space + 1)).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        StringBuilder missing = new StringBuilder();
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            if (fields.getOrDefault(required, "").isEmpty()) {
                missing.append("Authorization header requires '").append(required).append("' parameter. ");
            }
        }
        if (amzDate == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) {
            throw new AwsException(AwsError.INCOMPLETE_SIGNATURE, missing + "Authorization=" + authorization);
        }
        return claim(fields.get("Credential"), amzDate, fields.get("SignedHeaders"), fields.get("Signature"), null);
    }

    /** The claim of a presigned URL, from its decoded query parameters. */
    static SignatureClaim fromQuery(Map<String, String> query) {
        for (String name : QUERY_PARAMETERS) {
            if (query.getOrDefault(name, "").isEmpty()) {
                throw new AwsException(AwsError.INCOMPLETE_SIGNATURE, name + ": missing (expected: all of "
                        + String.join(", ", QUERY_PARAMETERS) + " for a presigned request)");
            }
        }
        if (!query.get("X-Amz-Algorithm").equals(ALGORITHM)) {
            throw new AwsException(AwsError.INCOMPLETE_SIGNATURE, "X-Amz-Algorithm: " + query.get("X-Amz-Algorithm")
                    + " (expected: " + ALGORITHM + ")");
        }
        String expires = query.get("X-Amz-Expires");
        long seconds = expires.matches("\\d{1,7}") ? Long.parseLong(expires) : -1;
        if (seconds < 1 || seconds > MAX_EXPIRES_SECONDS) {
            throw new AwsException(AwsError.INCOMPLETE_SIGNATURE, "X-Amz-Expires: " + expires + " (expected: 1-"
                    + MAX_EXPIRES_SECONDS + " seconds)");
        }
        return claim(query.get("X-Amz-Credential"), query.get("X-Amz-Date"), query.get("X-Amz-SignedHeaders"),
                query.get("X-Amz-Signature"), Duration.ofSeconds(seconds));
    }

    private static SignatureClaim claim(String credential, String amzDate, String signedHeaders, String signature,
                                        Duration expires) {
        String[] parts = CredentialScope.split(credential);
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new AwsException(AwsError.INCOMPLETE_SIGNATURE, "Date must be in ISO-8601 'basic format'. Got '"
                    + amzDate + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        if (!signature.matches("[0-9a-f]{64}")) {
            throw new AwsException(AwsError.INCOMPLETE_SIGNATURE, "Signature: " + signature
                    + " (expected: 64 lower-case hex digits)");
        }
        List<String> names = new ArrayList<>(Arrays.asList(signedHeaders.split(";")));
        if (names.stream().anyMatch(n -> n.isEmpty() || !n.equals(n.toLowerCase(Locale.ROOT)))) {
            throw new AwsException(AwsError.INCOMPLETE_SIGNATURE, "SignedHeaders: " + signedHeaders
                    + " (expected: lower-case header names separated by ';')");
        }
        return new SignatureClaim(parts[0], new CredentialScope(parts[1], parts[2], parts[3]), amzDate, signedAt,
                names, signature, expires);
    }
}
