package dev.ballast.server.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublishedPortTest {
    @Test
    void publishedAndTargetDefaultToHttp() {
        assertThat(PublishedPort.parse("8080:80")).isEqualTo(new PublishedPort(8080, 80, "http"));
    }

    @Test
    void aTargetAloneLeavesThePublishedPortToBeChosen() {
        PublishedPort port = PublishedPort.parse("80");
        assertThat(port.published()).isNull();
        assertThat(port.target()).isEqualTo(80);
    }

    @Test
    void tcpAndUdpAreLayerFour() {
        assertThat(PublishedPort.parse("6379:6379/tcp").layer4()).isTrue();
        assertThat(PublishedPort.parse("5353:53/UDP")).isEqualTo(new PublishedPort(5353, 53, "udp"));
        assertThat(PublishedPort.parse("8080:80/http").layer4()).isFalse();
    }

    @Test
    void describeShowsWhatLsPrints() {
        assertThat(PublishedPort.parse("80").describe(30000)).isEqualTo("30000:80/http");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", "a:80", "8080:", "0:80", "8080:65536", "8080:80/sctp", "8080:80/", "-1"})
    void malformedValuesSayWhatWasExpected(String value) {
        assertThatThrownBy(() -> PublishedPort.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--publish: " + value + " (expected: [published:]target[/http|/tcp|/udp]");
    }
}
