package dev.ballast.control.docker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerEngineClientTest {
    @TempDir
    Path dir;

    @Test
    void anEngineThatDoesNotAnswerIsNamedInTheError() {
        String host = "unix://" + dir.resolve("no-engine.sock");

        assertThatThrownBy(() -> DockerEngineClient.connect(host))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Docker engine at " + host + " does not answer: ");
    }
}
