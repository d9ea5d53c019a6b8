package dev.ballast.etcd;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * A real etcd of one or more members (/usr/bin/etcd) on free loopback ports, each member in its own data
 * directory, started by a test and stopped by PID; its client URLs plain {@code http://}, or {@code https://} with
 * {@link ClientTls}. A missing etcd binary fails the test.
 *
 * <p>Not thread-safe: one test drives it.
 */
public final class EtcdCluster implements AutoCloseable {
    private static final Path ETCD = Path.of("/usr/bin/etcd");
    private static final Path ETCDCTL = Path.of("/usr/bin/etcdctl");

    /**
     * TLS on the members' client URLs: the server certificate and key every member serves, the CA that signed it
     * and, with {@code clientCertAuth}, the only CA whose client certificates etcd accepts
     * ({@code --client-cert-auth --trusted-ca-file}). The test's own health checks and etcdctl calls use the client
     * certificate {@code clientCert}/{@code clientKey} (null without client-cert-auth) and reach the members at
     * {@code checkHost}, a name the server certificate holds.
     */
    public record ClientTls(Path cert, Path key, Path ca, boolean clientCertAuth, Path clientCert, Path clientKey,
                            String checkHost) {
        /** The test's SSL context for /health: trusts {@code ca}, presents the client certificate if any. */
        SSLContext checkContext() throws Exception {
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .trustManager(ca.toFile());
            if (clientCert != null) {
                builder.keyManager(clientCert.toFile(), clientKey.toFile());
            }
            return ((JdkSslContext) builder.build()).context();
        }
    }

    /** One member: its name, ports, data directory and process (null while stopped). */
    public static final class Member {
        final String name;
        final int clientPort;
        final int peerPort;
        final Path dataDir;
        final Path logFile;
        final String clientScheme;
        Process process;

        Member(String name, int clientPort, int peerPort, Path dataDir, String clientScheme) {
            this.name = name;
            this.clientScheme = clientScheme;
            this.clientPort = clientPort;
            this.peerPort = peerPort;
            this.dataDir = dataDir;
            this.logFile = dataDir.resolveSibling(name + ".log");
        }

        /** The client URL, http://127.0.0.1:port (https:// with TLS). */
        public String clientUrl() {
            return clientScheme + "://127.0.0.1:" + clientPort;
        }

        String peerUrl() {
            return "http://127.0.0.1:" + peerPort;
        }

        /** The PID of the running member. */
        public long pid() {
            return process.pid();
        }
    }

    private final List<Member> members = new ArrayList<>();
    private final String initialCluster;
    private final ClientTls tls;

    private EtcdCluster(Path dir, int size, ClientTls tls) throws IOException {
        if (!Files.isExecutable(ETCD)) {
            throw new IllegalStateException("etcd: " + ETCD + " (expected: installed, apt-get install -y etcd-server)");
        }
        this.tls = tls;
        for (int i = 1; i <= size; i++) {
            Path data = dir.resolve("etcd" + i);
            members.add(new Member("etcd" + i, freePort(), freePort(), data, tls == null ? "http" : "https"));
        }
        initialCluster = members.stream().map(m -> m.name + "=" + m.peerUrl()).collect(Collectors.joining(","));
    }

    /** Starts {@code size} members under {@code dir} and waits until each answers /health. */
    public static EtcdCluster start(Path dir, int size) throws Exception {
        return start(dir, size, null);
    }

    /** Starts {@code size} members whose client URLs are {@code https://} with {@code tls} (null: http). */
    public static EtcdCluster start(Path dir, int size, ClientTls tls) throws Exception {
        EtcdCluster cluster = new EtcdCluster(dir, size, tls);
        try {
            for (Member m : cluster.members) {
                cluster.launch(m);
            }
            for (Member m : cluster.members) {
                cluster.awaitHealthy(m);
            }
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void launch(Member m) throws IOException {
        Files.createDirectories(m.dataDir);
        List<String> command = new ArrayList<>(List.of(ETCD.toString(), "--name", m.name,
                "--data-dir", m.dataDir.toString(),
                "--listen-client-urls", m.clientUrl(), "--advertise-client-urls", m.clientUrl(),
                "--listen-peer-urls", m.peerUrl(), "--initial-advertise-peer-urls", m.peerUrl(),
                "--initial-cluster", initialCluster, "--initial-cluster-state", "new",
                "--initial-cluster-token", "ballast-test-" + m.dataDir.getParent().getFileName(),
                // short raft timers: a lost leader is replaced in about a second
                "--heartbeat-interval", "50", "--election-timeout", "500"));
        if (tls != null) {
            command.addAll(List.of("--cert-file", tls.cert().toString(), "--key-file", tls.key().toString()));
            if (tls.clientCertAuth()) {
                command.addAll(List.of("--client-cert-auth", "--trusted-ca-file", tls.ca().toString()));
            }
        }
        m.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(m.logFile.toFile()).start();
    }

    /** Waits until {@code m} answers /health with {@code true} (it has a leader). */
    public void awaitHealthy(Member m) throws Exception {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
        URI health = URI.create(m.clientUrl() + "/health");
        if (tls != null) {
            client.sslContext(tls.checkContext());
            health = URI.create("https://" + tls.checkHost() + ":" + m.clientPort + "/health");
        }
        HttpClient http = client.build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!m.process.isAlive()) {
                throw new IllegalStateException("etcd " + m.name + " exited: " + Files.readString(m.logFile));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(health)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                last = r.body();
                if (r.statusCode() == 200 && last.contains("\"true\"")) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("etcd " + m.name + " not healthy within 30 s: " + last);
    }

    /** The members, in start order. */
    public List<Member> members() {
        return List.copyOf(members);
    }

    /** Every member's client URL, comma-separated (jetcd's and --etcd's form). */
    public String endpoints() {
        return members.stream().map(Member::clientUrl).collect(Collectors.joining(","));
    }

    /**
     * Runs {@code etcdctl args...} against every member (with the test's TLS client certificate, if any) and
     * returns its output; a failure fails the test.
     */
    public String etcdctl(String... args) throws Exception {
        if (!Files.isExecutable(ETCDCTL)) {
            throw new IllegalStateException("etcdctl: " + ETCDCTL + " (expected: installed, apt-get install -y "
                    + "etcd-client)");
        }
        List<String> command = new ArrayList<>(List.of(ETCDCTL.toString(), "--endpoints", endpoints(),
                "--dial-timeout", "5s", "--command-timeout", "10s"));
        if (tls != null) {
            command.addAll(List.of("--cacert", tls.ca().toString()));
            if (tls.clientCert() != null) {
                command.addAll(List.of("--cert", tls.clientCert().toString(), "--key", tls.clientKey().toString()));
            }
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ETCDCTL_API", "3");
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /** Kills {@code m} with SIGKILL and waits until it is gone. */
    public void kill(Member m) throws InterruptedException {
        m.process.destroyForcibly();
        m.process.waitFor();
        m.process = null;
    }

    /** Starts a stopped member again on its data directory (it rejoins with its own state). */
    public void restart(Member m) throws IOException {
        launch(m);
    }

    @Override
    public void close() {
        for (Member m : members) {
            if (m.process != null) {
                m.process.destroy();
            }
        }
        for (Member m : members) {
            if (m.process != null) {
                try {
                    if (!m.process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                        m.process.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    m.process.destroyForcibly();
                }
                m.process = null;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
