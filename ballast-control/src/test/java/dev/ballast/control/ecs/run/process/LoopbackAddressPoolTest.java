package dev.ballast.control.ecs.run.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoopbackAddressPoolTest {
    @Test
    void handsOutTheHostAddressesOfTheRangeRoundRobinUntilNoneIsLeft() {
        LoopbackAddressPool pool = LoopbackAddressPool.of("127.77.5.0/30");
        assertThat(pool.acquire()).hasValue("127.77.5.1");
        assertThat(pool.acquire()).hasValue("127.77.5.2");
        assertThat(pool.acquire()).isEmpty();
        pool.release("127.77.5.1");
        assertThat(pool.acquire()).hasValue("127.77.5.1");
    }

    @Test
    void aReleasedAddressIsReusedLast() {
        LoopbackAddressPool pool = LoopbackAddressPool.of("127.77.6.0/29");
        String first = pool.acquire().orElseThrow();
        pool.release(first);
        assertThat(pool.acquire()).hasValue("127.77.6.2");
    }

    @Test
    void aReservedAddressIsNotHandedOut() {
        LoopbackAddressPool pool = LoopbackAddressPool.of("127.77.7.0/30");
        pool.reserve("127.77.7.1");
        pool.reserve("10.0.0.1"); // outside the range: ignored
        assertThat(pool.acquire()).hasValue("127.77.7.2");
        assertThat(pool.acquire()).isEmpty();
    }

    @Test
    void knowsItsSizeAndWhichAddressesItHandsOut() {
        LoopbackAddressPool pool = LoopbackAddressPool.of("127.77.8.0/24");
        assertThat(pool.size()).isEqualTo(254);
        assertThat(pool.contains("127.77.8.1")).isTrue();
        assertThat(pool.contains("127.77.8.254")).isTrue();
        assertThat(pool.contains("127.77.8.0")).as("the network address is not handed out").isFalse();
        assertThat(pool.contains("127.77.8.255")).as("nor the broadcast address").isFalse();
        assertThat(pool.contains("127.77.9.1")).isFalse();
        assertThat(pool.contains("not-an-address")).isFalse();
        assertThat(LoopbackAddressPool.of("127.77.8.8/32").size()).isEqualTo(1);
        assertThat(LoopbackAddressPool.of("127.0.0.0/8").size()).isEqualTo((1L << 24) - 2);
    }

    @Test
    void rejectsRangesOutsideLoopbackOrMalformed() {
        for (String bad : new String[] {"10.0.0.0/8", "127.0.0.0/7", "127.1.2.3", "127.1.2.300/24", "x/24"}) {
            assertThatThrownBy(() -> LoopbackAddressPool.of(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("task address range: " + bad
                            + " (expected: an IPv4 CIDR inside 127.0.0.0/8, e.g. 127.77.0.0/16)");
        }
    }
}
