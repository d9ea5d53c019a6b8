package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener port held by another program: {@code ballast demo} and {@code ballast server --config} exit with
 * status 1 and say so on stderr in one line with the port, the holder's PID and command, and what to change.
 */
class PortInUseTest {
    @TempDir
    Path dir;

    @Test
    void theDemoNamesThePortItsHolderAndTheOptionInOneStderrLine() throws Exception {
        try (PortHolder holder = PortHolder.start();
             BallastProcess demo = BallastProcess.start(dir, "demo", "demo", "--port",
                     String.valueOf(holder.port()), "--bind", "127.0.0.1")) {
            assertThat(demo.awaitExit()).isEqualTo(1);
            assertThat(demo.stderr().lines().toList()).singleElement().asString()
                    .startsWith("ballast demo: cannot start: port " + holder.port() + " on 127.0.0.1 is in use by PID "
                            + holder.pid() + " (" + PortHolder.COMMAND)
                    .endsWith("); choose another port with --port (or address with --bind)");
        }
    }

    @Test
    void aConfigFileListenerOnATakenPortNamesItsHolderAndTheFile() throws Exception {
        try (PortHolder holder = PortHolder.start()) {
            Path file = dir.resolve("lb.yaml");
            Files.writeString(file, """
                    loadBalancers:
                      - name: web
                        scheme: internal
                        listeners:
                          - protocol: HTTP
                            port: %d
                            defaultAction: {forward: web}
                    targetGroups:
                      - name: web
                        protocol: HTTP
                        port: 80
                        targets: [127.0.0.1:9]
                    """.formatted(holder.port()));
            try (BallastProcess server = BallastProcess.start(dir, "server", "server", "--config", file.toString())) {
                assertThat(server.awaitExit()).isEqualTo(1);
                assertThat(server.stderr()).doesNotContain("rejected");
                assertThat(server.stderr().lines().filter(l -> l.startsWith("ballast server")).toList())
                        .singleElement().asString()
                        .startsWith("ballast server: cannot start: port " + holder.port() + " on 127.0.0.1 is in use "
                                + "by PID " + holder.pid() + " (" + PortHolder.COMMAND)
                        .endsWith("); change the listener's port in " + file);
            }
        }
    }

    @Test
    void anApiPortInUseNamesItsHolderAndTheOption() throws Exception {
        try (PortHolder holder = PortHolder.start();
             BallastProcess server = BallastProcess.start(dir, "api", "server", "--data-dir",
                     dir.resolve("data").toString(), "--api-port", String.valueOf(holder.port()),
                     "--dns-port", "0")) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.stderr().lines().filter(l -> l.startsWith("ballast server")).toList())
                    .singleElement().asString()
                    .startsWith("ballast server: cannot start: API port " + holder.port() + " on 127.0.0.1 is in use by "
                            + "PID " + holder.pid() + " (" + PortHolder.COMMAND)
                    .endsWith("); choose another port with --api-port (or address with --api-address)");
            assertThat(server.stderr()).doesNotContain("Exception");
        }
    }

    @Test
    void aDnsPortInUseNamesItsHolderAndTheOptionAndLeavesNothingBound() throws Exception {
        try (PortHolder holder = PortHolder.start();
             BallastProcess server = BallastProcess.start(dir, "dns", "server", "--data-dir",
                     dir.resolve("data").toString(), "--api-port", "0", "--dns-port",
                     String.valueOf(holder.port()))) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.stderr().lines().filter(l -> l.startsWith("ballast server")).toList())
                    .singleElement().asString()
                    .startsWith("ballast server: cannot start: DNS port " + holder.port() + " on 127.0.0.1 is in use "
                            + "by PID " + holder.pid() + " (" + PortHolder.COMMAND)
                    .endsWith("); choose another port with --dns-port (or address with --dns-address)");
            assertThat(server.stderr()).doesNotContain("Exception");
        }
    }
}
