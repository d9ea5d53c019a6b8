package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code ballast server} processes on one {@code --data-dir}: the second refuses to start and names the first;
 * after {@code kill -9} of the first, a new server starts on the same directory.
 */
class DataDirLockTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path logs;

    private BallastProcess server(String name, int apiPort) {
        return BallastProcess.start(logs, name, "server", "--data-dir", dataDir.toString(), "--api-port",
                String.valueOf(apiPort), "--public-address", "127.0.0.1", "--dns-port", "0");
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryRefusesToStartUntilTheHolderIsGone() throws Exception {
        int firstApi = freePort();
        try (BallastProcess first = server("first", firstApi)) {
            first.awaitPort(firstApi);

            int secondApi = freePort();
            try (BallastProcess second = server("second", secondApi)) {
                assertThat(second.awaitExit()).isNotZero();
                assertThat(second.stderr().lines().toList()).containsExactly("ballast server: cannot start: data-dir: "
                        + dataDir + " is in use by another ballast server (PID " + first.pid() + ") (expected: a data "
                        + "directory no running server uses; stop PID " + first.pid() + " or pass another --data-dir)");
                assertThat(second.stdout()).isEmpty();
            }
            // The first server still serves its API.
            first.awaitPort(firstApi);

            first.killNine();
            int thirdApi = freePort();
            try (BallastProcess third = server("third", thirdApi)) {
                third.awaitPort(thirdApi);
                assertThat(Files.readString(dataDir.resolve("ballast.lock")).trim())
                        .isEqualTo(String.valueOf(third.pid()));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
