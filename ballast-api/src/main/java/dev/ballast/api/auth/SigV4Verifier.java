package dev.ballast.api.auth;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 ({@code Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…,
 * Signature=…}) against configured access keys. The canonical request is rebuilt from exactly the headers the
 * client lists in {@code SignedHeaders}; the region and service are taken from the credential scope, so any
 * region (including {@code aws-global}) verifies.
 *
 * <p>Thread-safe (immutable).
 */
public final class SigV4Verifier {
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+),\\s*SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-fA-F]+)");

    private final Map<String, String> secretsByAccessKey;

    /** Verifies signatures made with these access key id → secret key pairs. */
    public SigV4Verifier(Map<String, String> secretsByAccessKey) {
        this.secretsByAccessKey = Map.copyOf(secretsByAccessKey);
    }

    /**
     * Checks the request's signature.
     *
     * @param headers request headers with lower-case names, each with all its values
     * @throws AwsException MissingAuthenticationToken, InvalidClientTokenId, IncompleteSignature or
     *     SignatureDoesNotMatch
     */
    public void verify(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                       byte[] body) {
        String authorization = first(headers, "authorization");
        if (authorization == null) {
            throw new AwsException(AwsError.MISSING_AUTHENTICATION_TOKEN, "Request is missing Authentication Token");
        }
        Matcher m = AUTHORIZATION.matcher(authorization.trim());
        if (!m.matches()) {
            throw new AwsException(AwsError.INCOMPLETE_SIGNATURE, "Authorization: the header (expected: "
                    + "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...)");
        }
        String[] scope = m.group(1).split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            throw new AwsException(AwsError.INCOMPLETE_SIGNATURE, "Credential: " + m.group(1)
                    + " (expected: <access key>/<date>/<region>/<service>/aws4_request)");
        }
        String secret = secretsByAccessKey.get(scope[0]);
        if (secret == null) {
            throw new AwsException(AwsError.INVALID_CLIENT_TOKEN_ID,
                    "The security token included in the request is invalid.");
        }
        String amzDate = first(headers, "x-amz-date");
        if (amzDate == null) {
            throw new AwsException(AwsError.INCOMPLETE_SIGNATURE, "X-Amz-Date: missing (expected: a header)");
        }
        String signedHeaders = m.group(2);
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            List<String> values = headers.get(name);
            if (values == null) {
                throw new AwsException(AwsError.SIGNATURE_DOES_NOT_MATCH, "Signed header " + name + " is missing");
            }
            List<String> trimmed = new ArrayList<>();
            values.forEach(v -> trimmed.add(v.trim().replaceAll("\\s+", " ")));
            canonicalHeaders.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        String payloadHash = first(headers, "x-amz-content-sha256");
        if (payloadHash == null) {
            payloadHash = hex(sha256(body));
        }
        String canonicalRequest = method + "\n" + (rawPath == null || rawPath.isEmpty() ? "/" : rawPath) + "\n"
                + canonicalQuery(rawQuery) + "\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + payloadHash;
        String credentialScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + credentialScope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, scope[2]);
        key = hmac(key, scope[3]);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                m.group(3).toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
            throw new AwsException(AwsError.SIGNATURE_DOES_NOT_MATCH, "The request signature we calculated does not "
                    + "match the signature you provided. Check your AWS Secret Access Key and signing method.");
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The query string with each name and value URI-encoded as SigV4 requires, sorted by name then value. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            pairs.add(new String[] {uriEncode(name), uriEncode(value)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> out = new ArrayList<>();
        pairs.forEach(p -> out.add(p[0] + "=" + p[1]));
        return String.join("&", out);
    }

    /** RFC 3986 encoding: unreserved characters as is, everything else as %XX of its UTF-8 bytes. */
    static String uriEncode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
