package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ballast server}'s node placement flags as a user types them: bad ones stop the server with exit code 2 and
 * a {@code --flag value (expected: ...)} line before anything starts, and they need {@code --etcd}.
 */
class NodePlacementFlagsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void badNodeFlagsAreRefusedBeforeAnythingStarts() throws Exception {
        String api = String.valueOf(Http.freePort());
        BallastProcess.Result alone = BallastProcess.run(dir, TIMEOUT, "server", "--node-zone", "us-east-1b",
                "--data-dir", "data", "--api-port", api);
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.stderr()).isEqualTo("ballast server: --node-zone us-east-1b without --etcd (expected: --etcd "
                + "<endpoints>: ECS places tasks on nodes in cluster mode)" + System.lineSeparator());
        BallastProcess.Result attribute = BallastProcess.run(dir, TIMEOUT, "server", "--etcd", "http://127.0.0.1:9",
                "--node-address", "127.0.2.9", "--node-attribute", "stage", "--data-dir", "data", "--api-port", api);
        assertThat(attribute.exitCode()).isEqualTo(2);
        assertThat(attribute.stderr()).startsWith("ballast server: --node-attribute stage (expected: name=value, ");
        BallastProcess.Result zone = BallastProcess.run(dir, TIMEOUT, "server", "--etcd", "http://127.0.0.1:9",
                "--node-address", "127.0.2.9", "--node-zone", "mars", "--data-dir", "data", "--api-port", api);
        assertThat(zone.exitCode()).isEqualTo(2);
        assertThat(zone.stderr()).isEqualTo("ballast server: --node-zone mars (expected: an availability zone such as "
                + "us-east-1b)" + System.lineSeparator());
        assertThat(dir.resolve("data")).as("nothing was started, so no data directory").doesNotExist();
    }
}
