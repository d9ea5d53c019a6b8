package dev.ballast.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.control.error.AwsException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublicAddressesTest {
    @Test
    void oneAddressIsSharedByEveryLoadBalancer() {
        PublicAddresses one = PublicAddresses.parse("0.0.0.0");
        assertThat(one.pooled()).isFalse();
        assertThat(one.next(Set.of("0.0.0.0"), a -> true)).isEqualTo("0.0.0.0");
    }

    @Test
    void aCidrGivesItsHostAddressesInOrder() {
        assertThat(PublicAddresses.parse("127.0.20.0/29").addresses()).containsExactly("127.0.20.1", "127.0.20.2",
                "127.0.20.3", "127.0.20.4", "127.0.20.5", "127.0.20.6");
        assertThat(PublicAddresses.parse("127.0.20.7/32").addresses()).containsExactly("127.0.20.7");
        assertThat(PublicAddresses.parse("127.0.20.4/31").addresses()).containsExactly("127.0.20.4", "127.0.20.5");
    }

    @Test
    void aPoolGivesTheFirstAddressNobodyHas() {
        PublicAddresses pool = PublicAddresses.parse("127.0.21.1, 127.0.21.2,127.0.21.3");
        assertThat(pool.next(Set.of("127.0.21.1"), a -> a.equals("127.0.21.2"))).isEqualTo("127.0.21.3");
        assertThatThrownBy(() -> pool.next(Set.of("127.0.21.1", "127.0.21.2", "127.0.21.3"), a -> false))
                .isInstanceOf(AwsException.class)
                .hasMessage("All 3 public addresses of --public-address 127.0.21.1, 127.0.21.2,127.0.21.3 are in use");
    }

    @Test
    void aStoredAddressIsKeptWhileThePoolHasIt() {
        PublicAddresses pool = PublicAddresses.parse("127.0.21.1,127.0.21.2");
        Set<String> assigned = new HashSet<>();
        assertThat(pool.rebind("127.0.21.2", assigned, a -> false)).isEqualTo("127.0.21.2");
        assertThat(pool.rebind("127.0.21.2", assigned, a -> false)).isEqualTo("127.0.21.1");
        assertThat(pool.rebind("10.0.0.1", assigned, a -> false)).as("used up: stays").isEqualTo("10.0.0.1");
        assertThat(PublicAddresses.parse("127.0.0.5").rebind("127.0.21.1", new HashSet<>(), a -> false))
                .isEqualTo("127.0.0.5");
    }

    @Test
    void badValuesSayWhatIsExpected() {
        for (String bad : new String[] {"", "127.0.0.1,", "300.0.0.1", "127.0.0.0/33", "127.0.0.0/x",
                "0.0.0.0,127.0.0.1"}) {
            assertThatThrownBy(() -> PublicAddresses.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--public-address: ")
                    .hasMessageContaining("(expected: ");
        }
        assertThatThrownBy(() -> PublicAddresses.parse("10.0.0.0/8")).hasMessage("--public-address: 10.0.0.0/8"
                + " (expected: an IPv4 CIDR of at most 1024 addresses, /22 or longer)");
    }
}
