package dev.ballast.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlowStartRampTest {
    private final Instant begin = Instant.parse("2026-01-01T00:00:00Z");
    private final SlowStartRamp ramp = SlowStartRamp.starting(begin, 60);

    @Test
    void rampsLinearlyFromZeroToOne() {
        assertThat(ramp.weight(begin)).isZero();
        assertThat(ramp.weight(begin.plusSeconds(15))).isCloseTo(0.25, within(1e-9));
        assertThat(ramp.weight(begin.plusSeconds(30))).isCloseTo(0.5, within(1e-9));
        assertThat(ramp.weight(begin.plusSeconds(60))).isEqualTo(1.0);
        assertThat(ramp.weight(begin.plusSeconds(600))).isEqualTo(1.0);
        assertThat(ramp.weight(begin.minusSeconds(1))).isZero();
        assertThat(ramp.isOver(begin.plusSeconds(59))).isFalse();
        assertThat(ramp.isOver(begin.plusSeconds(60))).isTrue();
    }
}
