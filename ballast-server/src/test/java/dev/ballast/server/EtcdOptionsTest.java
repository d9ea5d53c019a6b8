package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.etcd.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ballast server}'s etcd TLS and authentication options that cannot work are refused with exit code 2 and
 * one line in the form {@code option value (expected: ...)}, before anything starts (no data directory is made).
 */
class EtcdOptionsTest {
    @TempDir
    Path dir;

    @Test
    void etcdTlsAndUserOptionsThatCannotWorkAreRefusedBeforeAnythingStarts() throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca(dir.resolve("ca"), "ca");
        TestCertificates.Issued client = ca.issue(dir.resolve("certs"), "ballast", "clientAuth", null);
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, "");
        String https = "https://127.0.0.1:2379,https://127.0.0.1:2381";
        String node = "--node-address=127.0.17.9";

        refused("--etcd: http://127.0.0.1:2379,https://127.0.0.1:2381 (expected: all http:// or all https:// client "
                + "URLs, not both: TLS is on or off for the whole cluster)",
                "--etcd", "http://127.0.0.1:2379,https://127.0.0.1:2381", node);
        refused("--etcd-cert " + client.cert() + " without --etcd-key (expected: both, this client's certificate "
                + "and its private key)", "--etcd", https, node, "--etcd-cert", client.cert().toString());
        refused("--etcd-cacert " + ca.cert() + " with http:// etcd endpoints (expected: https:// endpoints for TLS, "
                + "e.g. --etcd https://127.0.0.1:2379)", "--etcd", "http://127.0.0.1:2379", node,
                "--etcd-cacert", ca.cert().toString());
        refused("--etcd-cacert " + dir.resolve("missing.pem") + " (expected: a readable PEM file)",
                "--etcd", https, node, "--etcd-cacert", dir.resolve("missing.pem").toString());
        refused("--etcd-password-file " + passwordFile + " without --etcd-user (expected: --etcd-user <name> whose "
                + "password the file holds)", "--etcd", https, node, "--etcd-password-file", passwordFile.toString());
        refused("--etcd-password-file " + passwordFile + " is empty (expected: the password of --etcd-user on its "
                + "first line)", "--etcd", https, node, "--etcd-user", "ballast",
                "--etcd-password-file", passwordFile.toString());
        if (System.getenv("BALLAST_ETCD_PASSWORD") == null) {
            refused("--etcd-user ballast without a password (expected: --etcd-password-file <path> or the "
                    + "environment variable BALLAST_ETCD_PASSWORD)", "--etcd", https, node, "--etcd-user", "ballast");
        }
        refused("--etcd-cacert, --etcd-user without --etcd (expected: --etcd <endpoints> for cluster mode)",
                "--etcd-cacert", ca.cert().toString(), "--etcd-user", "ballast");
        assertThat(dir.resolve("data")).as("nothing was started, so no data directory").doesNotExist();
    }

    private void refused(String message, String... etcdArgs) throws Exception {
        String[] args = new String[etcdArgs.length + 4];
        args[0] = "--data-dir";
        args[1] = dir.resolve("data").toString();
        args[2] = "--api-port";
        args[3] = "0";
        System.arraycopy(etcdArgs, 0, args, 4, etcdArgs.length);
        try (CommandRun run = new CommandRun(ServerCommand::new, args)) {
            assertThat(run.stop()).as(run.err.toString()).isEqualTo(ServerCommand.INVALID_CONFIG);
            assertThat(run.err.toString()).isEqualTo("ballast server: " + message + System.lineSeparator());
            assertThat(run.out.toString()).isEmpty();
        }
    }
}
