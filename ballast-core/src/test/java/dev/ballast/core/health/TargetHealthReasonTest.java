package dev.ballast.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TargetHealthReasonTest {
    @Test
    void wireStringsAreAws() {
        assertThat(Arrays.stream(TargetHealthReason.values()).map(TargetHealthReason::wire)).containsExactly(
                "Elb.RegistrationInProgress", "Elb.InitialHealthChecking", "Target.ResponseCodeMismatch",
                "Target.Timeout", "Target.FailedHealthChecks", "Target.NotRegistered", "Target.NotInUse",
                "Target.DeregistrationInProgress", "Target.InvalidState", "Target.IpUnusable",
                "Target.HealthCheckDisabled", "Elb.InternalError");
        assertThat(Arrays.stream(TargetHealthState.values()).map(TargetHealthState::wire))
                .containsExactly("initial", "healthy", "unhealthy", "unused", "draining", "unavailable");
    }

    @Test
    void descriptionsAreAws() {
        assertThat(TargetHealth.NOT_REGISTERED.description()).isEqualTo("Target is not registered to the target group");
        assertThat(TargetHealthReason.NOT_IN_USE.description())
                .isEqualTo("Given target group is not configured to receive traffic from ELB");
        assertThat(TargetHealth.responseCodeMismatch(404).description())
                .isEqualTo("Health checks failed with these codes: [404]");
    }

    @Test
    void healthyHasNoReasonAndOthersNeedOne() {
        assertThat(TargetHealth.HEALTHY.reason()).isNull();
        assertThatThrownBy(() -> new TargetHealth(TargetHealthState.HEALTHY, TargetHealthReason.TIMEOUT, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TargetHealth(TargetHealthState.UNHEALTHY, null, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ProbeResult(false, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
