package dev.ballast.core.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class StickyCookiesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final StickyCookies cookies = new StickyCookies("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void valueRoundTripsUntilItExpires() {
        String value = cookies.encode("t|group|127.0.0.1:8001", NOW.plusSeconds(60));
        assertThat(value).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(cookies.decode(value, NOW)).isEqualTo("t|group|127.0.0.1:8001");
        assertThat(cookies.decode(value, NOW.plusSeconds(59))).isEqualTo("t|group|127.0.0.1:8001");
        assertThat(cookies.decode(value, NOW.plusSeconds(60))).isNull();
    }

    @Test
    void forgedOrMalformedValuesAreIgnored() {
        String value = cookies.encode("t|group|127.0.0.1:8001", NOW.plusSeconds(60));
        String signature = value.substring(value.indexOf('.'));
        String forgedPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("9999999999|t|group|10.0.0.1:22").getBytes(StandardCharsets.UTF_8));
        assertThat(cookies.decode(forgedPayload + signature, NOW)).isNull();
        assertThat(new StickyCookies("another-secret-of-32-bytes......".getBytes()).decode(value, NOW)).isNull();
        assertThat(cookies.decode("", NOW)).isNull();
        assertThat(cookies.decode("no-dot", NOW)).isNull();
        assertThat(cookies.decode("!!!.???", NOW)).isNull();
        assertThat(cookies.decode(".abc", NOW)).isNull();
        assertThat(cookies.decode(null, NOW)).isNull();
    }

    @Test
    void setCookiesHaveAlbsAttributes() {
        assertThat(StickyCookies.setCookies("AWSALB", "v", Instant.parse("2026-01-08T09:05:03Z"))).containsExactly(
                "AWSALB=v; Expires=Thu, 08 Jan 2026 09:05:03 GMT; Path=/",
                "AWSALBCORS=v; Expires=Thu, 08 Jan 2026 09:05:03 GMT; Path=/; SameSite=None; Secure");
    }

    @Test
    void rejectsAShortSecret() {
        assertThatThrownBy(() -> new StickyCookies(new byte[8]))
                .hasMessage("secret: 8 bytes (expected: at least 16)");
    }
}
