package dev.ballast.core.health;

import static dev.ballast.core.health.TargetHealthReason.FAILED_HEALTH_CHECKS;
import static dev.ballast.core.health.TargetHealthReason.INITIAL_HEALTH_CHECKING;
import static dev.ballast.core.health.TargetHealthReason.REGISTRATION_IN_PROGRESS;
import static dev.ballast.core.health.TargetHealthReason.RESPONSE_CODE_MISMATCH;
import static dev.ballast.core.health.TargetHealthReason.TIMEOUT;
import static dev.ballast.core.health.TargetHealthState.HEALTHY;
import static dev.ballast.core.health.TargetHealthState.INITIAL;
import static dev.ballast.core.health.TargetHealthState.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Protocol;
import org.junit.jupiter.api.Test;

class TargetHealthStateMachineTest {
    /** healthy threshold 3, unhealthy threshold 2. */
    private static final HealthCheck CHECK = HealthFixtures.CHECK;
    private static final HealthCheck TCP = new HealthCheck(true, Protocol.TCP, null, null, 10, 5, 3, 3, null);

    @Test
    void newTargetIsInitialWhileRegistering() {
        var machine = new TargetHealthStateMachine(true);
        assertThat(machine.health()).isEqualTo(new TargetHealth(INITIAL, REGISTRATION_IN_PROGRESS,
                "Target registration is in progress"));
    }

    @Test
    void applicationTargetIsHealthyAfterOnePassingCheck() {
        var machine = new TargetHealthStateMachine(true);
        assertThat(machine.record(ProbeResult.pass(), CHECK)).isTrue();
        assertThat(machine.health()).isEqualTo(TargetHealth.HEALTHY);
    }

    @Test
    void networkTargetNeedsHealthyThresholdPassesAtFirst() {
        var machine = new TargetHealthStateMachine(false);
        machine.record(ProbeResult.pass(), TCP);
        assertThat(machine.health()).isEqualTo(new TargetHealth(INITIAL, INITIAL_HEALTH_CHECKING,
                "Initial health checks in progress"));
        machine.record(ProbeResult.pass(), TCP);
        assertThat(machine.health().state()).isEqualTo(INITIAL);
        machine.record(ProbeResult.pass(), TCP);
        assertThat(machine.health()).isEqualTo(TargetHealth.HEALTHY);
    }

    @Test
    void healthyTargetTurnsUnhealthyAfterConsecutiveFailuresWithTheLastReason() {
        var machine = healthy();
        assertThat(machine.record(ProbeResult.timeout(), CHECK)).isFalse();
        assertThat(machine.health()).isEqualTo(TargetHealth.HEALTHY);
        assertThat(machine.record(ProbeResult.responseCodeMismatch(500), CHECK)).isTrue();
        assertThat(machine.health()).isEqualTo(new TargetHealth(UNHEALTHY, RESPONSE_CODE_MISMATCH,
                "Health checks failed with these codes: [500]"));
    }

    @Test
    void aCheckTheOutboundRulesBlockShowsTargetFailedHealthChecksWithBallastsDescriptionForBothKinds() {
        for (boolean application : new boolean[] {true, false}) {
            var machine = new TargetHealthStateMachine(application);
            machine.record(ProbeResult.egressBlocked(), TCP);
            machine.record(ProbeResult.egressBlocked(), TCP);
            machine.record(ProbeResult.egressBlocked(), TCP);
            assertThat(machine.health()).isEqualTo(new TargetHealth(UNHEALTHY, FAILED_HEALTH_CHECKS,
                    ProbeResult.EGRESS_BLOCKED_DESCRIPTION));
            // a later plain failure shows AWS's own description again
            machine.record(ProbeResult.failed(), TCP);
            assertThat(machine.health()).isEqualTo(TargetHealth.of(UNHEALTHY, FAILED_HEALTH_CHECKS));
        }
    }

    @Test
    void aPassBetweenFailuresRestartsTheCount() {
        var machine = healthy();
        machine.record(ProbeResult.failed(), CHECK);
        machine.record(ProbeResult.pass(), CHECK);
        machine.record(ProbeResult.failed(), CHECK);
        assertThat(machine.health()).isEqualTo(TargetHealth.HEALTHY);
        machine.record(ProbeResult.failed(), CHECK);
        assertThat(machine.health()).isEqualTo(new TargetHealth(UNHEALTHY, FAILED_HEALTH_CHECKS, "Health checks failed"));
    }

    @Test
    void unhealthyTargetRecoversAfterHealthyThresholdConsecutivePasses() {
        var machine = unhealthy();
        machine.record(ProbeResult.pass(), CHECK);
        machine.record(ProbeResult.pass(), CHECK);
        machine.record(ProbeResult.timeout(), CHECK);
        assertThat(machine.health().state()).isEqualTo(UNHEALTHY);
        machine.record(ProbeResult.pass(), CHECK);
        machine.record(ProbeResult.pass(), CHECK);
        assertThat(machine.health().state()).isEqualTo(UNHEALTHY);
        assertThat(machine.record(ProbeResult.pass(), CHECK)).isTrue();
        assertThat(machine.health()).isEqualTo(TargetHealth.HEALTHY);
    }

    @Test
    void unhealthyTargetShowsTheReasonOfItsLatestFailure() {
        var machine = unhealthy();
        assertThat(machine.record(ProbeResult.timeout(), CHECK)).isTrue();
        assertThat(machine.health()).isEqualTo(new TargetHealth(UNHEALTHY, TIMEOUT, "Request timed out"));
        assertThat(machine.record(ProbeResult.timeout(), CHECK)).isFalse();
    }

    @Test
    void newTargetThatKeepsFailingStaysInitialUntilTheUnhealthyThreshold() {
        var machine = new TargetHealthStateMachine(true);
        machine.record(ProbeResult.failed(), CHECK);
        assertThat(machine.health().reason()).isEqualTo(INITIAL_HEALTH_CHECKING);
        machine.record(ProbeResult.failed(), CHECK);
        assertThat(machine.health().state()).isEqualTo(UNHEALTHY);
    }

    @Test
    void networkFailuresAreAlwaysFailedHealthChecks() {
        var machine = new TargetHealthStateMachine(false);
        for (int i = 0; i < 3; i++) {
            machine.record(ProbeResult.timeout(), TCP);
        }
        assertThat(machine.health()).isEqualTo(TargetHealth.of(UNHEALTHY, FAILED_HEALTH_CHECKS));
    }

    private static TargetHealthStateMachine healthy() {
        var machine = new TargetHealthStateMachine(true);
        machine.record(ProbeResult.pass(), CHECK);
        return machine;
    }

    private static TargetHealthStateMachine unhealthy() {
        var machine = healthy();
        machine.record(ProbeResult.failed(), CHECK);
        machine.record(ProbeResult.failed(), CHECK);
        assertThat(machine.health().state()).isEqualTo(UNHEALTHY);
        return machine;
    }
}
