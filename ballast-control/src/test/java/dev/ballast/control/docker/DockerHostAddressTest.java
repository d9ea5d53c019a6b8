package dev.ballast.control.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerHostAddressTest {
    @TempDir
    Path dir;

    @Test
    void theOptionWinsOverTheEnvironment() {
        assertThat(DockerHostAddress.resolve("unix:///run/a.sock", Map.of("DOCKER_HOST", "tcp://10.0.0.1:2375"),
                dir.resolve("absent.sock"))).contains("unix:///run/a.sock");
    }

    @Test
    void theEnvironmentWinsOverTheDefaultSocket() throws Exception {
        Path socket = Files.createFile(dir.resolve("docker.sock"));
        assertThat(DockerHostAddress.resolve(null, Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"), socket))
                .contains("tcp://127.0.0.1:2375");
    }

    @Test
    void theDefaultSocketOnlyWhenItExists() throws Exception {
        Path socket = dir.resolve("docker.sock");
        assertThat(DockerHostAddress.resolve(null, Map.of(), socket)).isEmpty();
        Files.createFile(socket);
        assertThat(DockerHostAddress.resolve("", Map.of(), socket)).contains("unix://" + socket);
    }

    @Test
    void rejectsAnAddressThatIsNoEngineAddress() {
        assertThatThrownBy(() -> DockerHostAddress.resolve("/var/run/docker.sock", Map.of(), dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--docker-host: /var/run/docker.sock"
                        + " (expected: unix:///path/to/docker.sock or tcp://host:port)");
        assertThatThrownBy(() -> DockerHostAddress.resolve(null, Map.of("DOCKER_HOST", "ssh://me@host"), dir))
                .hasMessage("DOCKER_HOST: ssh://me@host (expected: unix:///path/to/docker.sock or tcp://host:port)");
    }
}
