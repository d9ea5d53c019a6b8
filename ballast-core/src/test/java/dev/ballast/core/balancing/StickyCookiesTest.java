package dev.ballast.core.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StickyCookiesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String SUBJECT =
            "t|arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/0123456789abcdef|127.0.0.1:8001";
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final StickyCookies cookies = new StickyCookies(KEY, new SplittableRandom(7));

    @Test
    void valueRoundTripsUntilItExpires() {
        String value = cookies.encode(SUBJECT, NOW.plusSeconds(60));
        assertThat(value).matches("[A-Za-z0-9_-]+");
        assertThat(cookies.decode(value, NOW)).isEqualTo(SUBJECT);
        assertThat(cookies.decode(value, NOW.plusSeconds(59))).isEqualTo(SUBJECT);
        assertThat(cookies.decode(value, NOW.plusSeconds(60))).isNull();
    }

    @Test
    void valueRevealsNeitherTheTargetNorTheGroup() {
        String value = cookies.encode(SUBJECT, NOW.plusSeconds(60));
        String decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.ISO_8859_1);
        assertThat(decoded).doesNotContain("127.0.0.1").doesNotContain("8001").doesNotContain("targetgroup")
                .doesNotContain("arn:");
        assertThat(value).doesNotContain(Base64.getUrlEncoder().withoutPadding()
                .encodeToString("127.0.0.1".getBytes(StandardCharsets.US_ASCII)));
        // a fresh nonce per value: the same subject and expiry never give the same value twice
        assertThat(cookies.encode(SUBJECT, NOW.plusSeconds(60))).isNotEqualTo(value);
    }

    @Test
    void alteredValuesAreRejected() {
        String value = cookies.encode(SUBJECT, NOW.plusSeconds(60));
        byte[] bytes = Base64.getUrlDecoder().decode(value);
        for (int i = 0; i < bytes.length; i++) {
            byte[] altered = bytes.clone();
            altered[i] ^= 0x01;
            assertThat(cookies.decode(Base64.getUrlEncoder().withoutPadding().encodeToString(altered), NOW))
                    .as("byte %d flipped", i).isNull();
        }
    }

    @Test
    void extendingTheExpiryBreaksTheTag() {
        String value = cookies.encode(SUBJECT, NOW.plusSeconds(60));
        byte[] bytes = Base64.getUrlDecoder().decode(value);
        ByteBuffer.wrap(bytes).putLong(1, NOW.plusSeconds(86400).getEpochSecond());
        String extended = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        assertThat(cookies.decode(extended, NOW)).isNull();
        assertThat(cookies.decode(extended, NOW.plusSeconds(3600))).isNull();
    }

    @Test
    void forgedOrMalformedValuesAreIgnored() {
        StickyCookies otherKey = new StickyCookies("another-key-of-exactly-32-bytes!".getBytes(StandardCharsets.US_ASCII),
                new SplittableRandom(7));
        assertThat(otherKey.decode(cookies.encode(SUBJECT, NOW.plusSeconds(60)), NOW)).isNull();
        String plainOldFormat = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("9999999999|" + SUBJECT).getBytes(StandardCharsets.UTF_8));
        assertThat(cookies.decode(plainOldFormat, NOW)).isNull();
        assertThat(cookies.decode("", NOW)).isNull();
        assertThat(cookies.decode("short", NOW)).isNull();
        assertThat(cookies.decode("!!!.???", NOW)).isNull();
        assertThat(cookies.decode(null, NOW)).isNull();
    }

    @Test
    void setCookiesHaveAlbsAttributes() {
        assertThat(StickyCookies.setCookies("AWSALB", "v", Instant.parse("2026-01-08T09:05:03Z"))).containsExactly(
                "AWSALB=v; Expires=Thu, 08 Jan 2026 09:05:03 GMT; Path=/",
                "AWSALBCORS=v; Expires=Thu, 08 Jan 2026 09:05:03 GMT; Path=/; SameSite=None; Secure");
    }

    @Test
    void rejectsAKeyThatIsNot256Bits() {
        assertThatThrownBy(() -> new StickyCookies(new byte[16], new SplittableRandom(7)))
                .hasMessage("key: 16 bytes (expected: 32)");
    }
}
