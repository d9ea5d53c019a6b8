package dev.ballast.core.balancing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes and reads the opaque values of ALB's stickiness cookies ({@code AWSALB}, {@code AWSALBTG} and their
 * {@code CORS} twins). A value is {@code base64url(expiry|subject) "." base64url(HMAC-SHA256)}; the HMAC under
 * a secret key makes values unforgeable, so a client can only return a value Ballast gave out, and the expiry
 * inside it is checked even if the client ignores {@code Expires}.
 *
 * <p>Thread-safe (one {@link Mac} per thread).
 */
public final class StickyCookies {
    /** The lb_cookie stickiness cookie. */
    public static final String TARGET_COOKIE = "AWSALB";
    /** The target-group stickiness cookie. */
    public static final String GROUP_COOKIE = "AWSALBTG";

    private static final int MAC_BYTES = 16;
    private static final DateTimeFormatter EXPIRES =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final ThreadLocal<Mac> mac;

    /** Cookies signed with {@code secret} (at least 16 bytes; nodes of one cluster share it). */
    public StickyCookies(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("secret: " + secret.length + " bytes (expected: at least 16)");
        }
        SecretKeySpec key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
            }
        });
    }

    /** Cookies signed with a random secret of this process. */
    public static StickyCookies withRandomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new StickyCookies(secret);
    }

    /** The opaque value naming {@code subject} until {@code expires}. */
    public String encode(String subject, Instant expires) {
        byte[] payload = (expires.getEpochSecond() + "|" + subject).getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload));
    }

    /** The subject of {@code value}, or null when it is absent, forged, malformed or expired at {@code now}. */
    public String decode(String value, Instant now) {
        if (value == null) {
            return null;
        }
        int dot = value.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(value.substring(0, dot));
            signature = DECODER.decode(value.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!MessageDigest.isEqual(signature, sign(payload))) {
            return null;
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        int bar = text.indexOf('|');
        long expiry;
        try {
            expiry = Long.parseLong(text.substring(0, bar));
        } catch (RuntimeException e) {
            return null;
        }
        return now.getEpochSecond() < expiry ? text.substring(bar + 1) : null;
    }

    /**
     * The two {@code Set-Cookie} values for cookie {@code name}: the plain one and its {@code CORS} twin, which
     * adds {@code SameSite=None; Secure} so browsers send it on cross-origin requests.
     */
    public static java.util.List<String> setCookies(String name, String value, Instant expires) {
        String common = "=" + value + "; Expires=" + EXPIRES.format(expires) + "; Path=/";
        return java.util.List.of(name + common, name + "CORS" + common + "; SameSite=None; Secure");
    }

    private byte[] sign(byte[] payload) {
        return Arrays.copyOf(mac.get().doFinal(payload), MAC_BYTES);
    }
}
