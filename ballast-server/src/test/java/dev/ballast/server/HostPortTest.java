package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HostPortTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0          | 0.0.0.0:8080     | 127.0.0.1:8080
            127.0.10.1       | 127.0.10.1:8080  | 127.0.10.1:8080
            ::               | [::]:8080        | [::1]:8080
            0:0:0:0:0:0:0:0  | [::]:8080        | [::1]:8080
            ::1              | [::1]:8080       | [::1]:8080
            fd00::5          | [fd00::5]:8080   | [fd00::5]:8080
            """)
    void writesAddressesAsUsersTypeThem(String bind, String shown, String curlable) {
        assertThat(HostPort.format(bind, 8080)).isEqualTo(shown);
        assertThat(HostPort.format(HostPort.reachableHost(bind), 8080)).isEqualTo(curlable);
    }

    @Test
    void takesThePortActuallyBound() {
        assertThat(HostPort.format("0.0.0.0", new InetSocketAddress("::", 9500))).isEqualTo("0.0.0.0:9500");
    }
}
