package dev.ballast.core.balancing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes and reads the opaque values of ALB's stickiness cookies ({@code AWSALB}, {@code AWSALBTG} and their
 * {@code CORS} twins), encrypted and authenticated with AES-256-GCM so that a client can neither read the target
 * group or target a value names nor forge or alter one.
 *
 * <p>A value is {@code base64url(version | expiry | nonce | ciphertext+tag)}: the version byte and the expiry (epoch
 * seconds, 8 bytes) are the GCM additional authenticated data, so the expiry is readable without the key but cannot
 * be moved; the subject (which group or target) is only in the ciphertext. The expiry is checked even if the client
 * ignores {@code Expires}. Pure: the key, the nonce source and the time are passed in.
 *
 * <p>Thread-safe: one {@link Cipher} per thread; the nonce source must be thread-safe ({@link SecureRandom} is).
 */
public final class StickyCookies {
    /** The lb_cookie stickiness cookie. */
    public static final String TARGET_COOKIE = "AWSALB";
    /** The target-group stickiness cookie. */
    public static final String GROUP_COOKIE = "AWSALBTG";
    /** The key length: AES-256. */
    public static final int KEY_BYTES = 32;

    private static final byte VERSION = 1;
    private static final int HEADER_BYTES = 1 + Long.BYTES;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MIN_VALUE_BYTES = HEADER_BYTES + NONCE_BYTES + TAG_BITS / 8;
    private static final DateTimeFormatter EXPIRES =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final RandomGenerator nonces;
    private final ThreadLocal<Cipher> cipher = ThreadLocal.withInitial(StickyCookies::newCipher);

    /**
     * Cookies sealed with {@code key} (32 bytes; the nodes of one cluster share it) and nonces drawn from
     * {@code nonces}, which must not repeat under one key: pass a {@link SecureRandom}.
     */
    public StickyCookies(byte[] key, RandomGenerator nonces) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("key: " + key.length + " bytes (expected: " + KEY_BYTES + ")");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.nonces = nonces;
    }

    /** Cookies sealed with a random key of this process (they do not survive a restart). */
    public static StickyCookies withRandomKey() {
        SecureRandom random = new SecureRandom();
        return new StickyCookies(newKey(random), random);
    }

    /** A new random key drawn from {@code random} (a {@link SecureRandom}). */
    public static byte[] newKey(RandomGenerator random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    /** The opaque value naming {@code subject} until {@code expires}. */
    public String encode(String subject, Instant expires) {
        byte[] plain = subject.getBytes(StandardCharsets.UTF_8);
        byte[] nonce = new byte[NONCE_BYTES];
        nonces.nextBytes(nonce);
        ByteBuffer out = ByteBuffer.allocate(MIN_VALUE_BYTES + plain.length);
        out.put(VERSION).putLong(expires.getEpochSecond()).put(nonce);
        try {
            Cipher c = cipher.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(out.array(), 0, HEADER_BYTES);
            c.doFinal(ByteBuffer.wrap(plain), out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
        return ENCODER.encodeToString(out.array());
    }

    /** The subject of {@code value}, or null when it is absent, forged, altered, malformed or expired at {@code now}. */
    public String decode(String value, Instant now) {
        if (value == null) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (bytes.length < MIN_VALUE_BYTES || bytes[0] != VERSION) {
            return null;
        }
        long expiry = ByteBuffer.wrap(bytes, 1, Long.BYTES).getLong();
        if (now.getEpochSecond() >= expiry) {
            return null; // the tag is not worth checking: whatever it names has expired
        }
        try {
            Cipher c = cipher.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, HEADER_BYTES, NONCE_BYTES));
            c.updateAAD(bytes, 0, HEADER_BYTES);
            int offset = HEADER_BYTES + NONCE_BYTES;
            return new String(c.doFinal(bytes, offset, bytes.length - offset), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            return null; // forged, altered (expiry included) or sealed with another key
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /**
     * The two {@code Set-Cookie} values for cookie {@code name}: the plain one and its {@code CORS} twin, which
     * adds {@code SameSite=None; Secure} so browsers send it on cross-origin requests.
     */
    public static List<String> setCookies(String name, String value, Instant expires) {
        String common = "=" + value + "; Expires=" + EXPIRES.format(expires) + "; Path=/";
        return List.of(name + common, name + "CORS" + common + "; SameSite=None; Secure");
    }

    /**
     * The one {@code Set-Cookie} value a Classic Load Balancer issues for cookie {@code name}: with
     * {@code Max-Age} when {@code maxAgeSeconds} is above 0, a session cookie otherwise; no CORS twin.
     */
    public static String classicSetCookie(String name, String value, long maxAgeSeconds) {
        return name + "=" + value + "; Path=/" + (maxAgeSeconds > 0 ? "; Max-Age=" + maxAgeSeconds : "");
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }
}
