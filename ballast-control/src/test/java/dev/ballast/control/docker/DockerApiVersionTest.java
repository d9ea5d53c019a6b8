package dev.ballast.control.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DockerApiVersionTest {
    @Test
    void speaksTheEnginesVersionWhenItIsBelowTheClients() {
        // Debian 12's engine 20.10 speaks 1.41 and refuses anything newer
        assertThat(DockerApiVersion.negotiate(DockerApiVersion.parse("1.41"), DockerApiVersion.parse("1.12")))
                .hasToString("1.41");
    }

    @Test
    void speaksTheClientsHighestWithANewerEngine() {
        // Docker 29 speaks 1.52 and accepts 1.44 at the lowest
        assertThat(DockerApiVersion.negotiate(DockerApiVersion.parse("1.52"), DockerApiVersion.parse("1.44")))
                .isEqualTo(DockerApiVersion.CLIENT_MAX);
    }

    @Test
    void refusesAnEngineWhoseLowestVersionIsAboveTheClients() {
        assertThatThrownBy(() -> DockerApiVersion.negotiate(DockerApiVersion.parse("1.60"),
                DockerApiVersion.parse("1.50")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Docker engine API 1.50-1.60 (expected: an engine that accepts API 1.44 or lower)");
    }

    @Test
    void comparesNumericallyNotAsText() {
        assertThat(DockerApiVersion.parse("1.9")).isLessThan(DockerApiVersion.parse("1.41"));
    }

    @Test
    void rejectsWhatIsNotMajorDotMinor() {
        assertThatThrownBy(() -> DockerApiVersion.parse("v1.41"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ApiVersion: v1.41 (expected: major.minor, e.g. 1.41)");
    }
}
