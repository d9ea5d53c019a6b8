package dev.ballast.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Limits out of range are refused with the field, the value and what was expected. */
class ApiEndpointLimitsValidationTest {
    private static final ApiEndpointLimits D = ApiEndpointLimits.defaults();

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(D.requestHeadTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(D.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(D.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(D.maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(D.maxHeaderBytes()).isEqualTo(16 * 1024);
        assertThat(D.maxConnections()).isEqualTo(1024);
        assertThat(D.withDispatchThreads(2).dispatchThreads()).isEqualTo(2);
    }

    @Test
    void outOfRangeLimitsAreRefused() {
        assertThatThrownBy(() -> new ApiEndpointLimits(Duration.ZERO, D.requestHeadTimeout(), D.requestTimeout(),
                D.maxHeaderBytes(), D.maxBodyBytes(), D.maxConnections(), D.dispatchThreads(), D.dispatchQueue()))
                .hasMessage("idleTimeout: PT0S (expected: a positive duration)");
        assertThatThrownBy(() -> new ApiEndpointLimits(D.idleTimeout(), D.requestHeadTimeout(), null,
                D.maxHeaderBytes(), D.maxBodyBytes(), D.maxConnections(), D.dispatchThreads(), D.dispatchQueue()))
                .hasMessage("requestTimeout: null (expected: a positive duration)");
        assertThatThrownBy(() -> D.withDispatchThreads(0))
                .hasMessage("dispatchThreads: 0 (expected: at least 1)");
        assertThatThrownBy(() -> new ApiEndpointLimits(D.idleTimeout(), D.requestHeadTimeout(), D.requestTimeout(),
                100, D.maxBodyBytes(), D.maxConnections(), D.dispatchThreads(), D.dispatchQueue()))
                .hasMessage("maxHeaderBytes: 100 (expected: at least 1024)");
    }
}
