package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.etcd.EtcdCluster;
import dev.ballast.etcd.EtcdCredentials;
import dev.ballast.etcd.EtcdSecurity;
import dev.ballast.etcd.EtcdTls;
import dev.ballast.etcd.TestCertificates;
import dev.ballast.proxy.Await;
import dev.ballast.server.BallastProcess;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

/**
 * Cluster mode on an etcd that wants TLS with client certificates ({@code --client-cert-auth}) and a user with a
 * password ({@code etcdctl auth enable}), all started by the test with openssl-made certificates: a node in this
 * JVM and a {@code ballast server} process given {@code --etcd https://... --etcd-cacert --etcd-cert --etcd-key
 * --etcd-user} serve what the other's API changed, and the password shows nowhere; a node that etcd refuses fails
 * its start in one line naming the endpoint and the reason.
 */
class ClusterEtcdTlsTest {
    private static final String PASSWORD = "pa55-for-ballast";
    /** A line of the shipped logback.xml's pattern at level INFO: start-up lines, not problems. */
    private static final Pattern INFO_LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  .*");

    @TempDir
    static Path dir;
    static TestCertificates.Ca ca;
    static TestCertificates.Issued client;
    static EtcdCluster etcd;

    @BeforeAll
    static void startEtcdWithTlsAndAuth() throws Exception {
        ca = TestCertificates.ca(dir.resolve("ca"), "ca");
        TestCertificates.Issued server = ca.issue(dir.resolve("certs"), "etcd", "serverAuth,clientAuth",
                "IP:127.0.0.1");
        client = ca.issue(dir.resolve("certs"), "ballast", "clientAuth", null);
        Files.setPosixFilePermissions(client.key(), PosixFilePermissions.fromString("rw-------"));
        etcd = EtcdCluster.start(dir.resolve("etcd"), 1, new EtcdCluster.ClientTls(server.cert(), server.key(),
                ca.cert(), true, client.cert(), client.key(), "127.0.0.1"));
        etcd.etcdctl("user", "add", "root:root-pw");
        etcd.etcdctl("user", "add", "ballast:" + PASSWORD);
        etcd.etcdctl("role", "add", "ballast");
        etcd.etcdctl("role", "grant-permission", "ballast", "--prefix=true", "readwrite", "/ballast/");
        etcd.etcdctl("user", "grant-role", "ballast", "ballast");
        etcd.etcdctl("auth", "enable");
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void nodesOnTlsEtcdWithACertificateAndAPasswordFollowEachOtherAndNeverShowThePassword() throws Exception {
        // the process node's key is a copy readable by others: it starts, with a warning
        Path exposedKey = dir.resolve("exposed-key.pem");
        Files.copy(client.key(), exposedKey, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(exposedKey, PosixFilePermissions.fromString("rw-r--r--"));
        int port = Http.freePortOn("127.0.17.1", "127.0.17.2");
        EtcdSecurity security = new EtcdSecurity(new EtcdTls(ca.cert(), client.cert(), client.key()),
                new EtcdCredentials("ballast", PASSWORD));
        ControlPlane n1 = ClusterNodes.start(dir, etcd, "127.0.17.1", "n1", security);
        try (BallastProcess n2 = BallastProcess.start(dir, "n2", Map.of("BALLAST_ETCD_PASSWORD", PASSWORD),
                "server", "--etcd", etcd.endpoints(), "--etcd-cacert", ca.cert().toString(),
                "--etcd-cert", client.cert().toString(), "--etcd-key", exposedKey.toString(),
                "--etcd-user", "ballast", "--node-address", "127.0.17.2", "--node-name", "n2",
                "--data-dir", dir.resolve("n2").toString(), "--api-port", "0", "--dns-port", "0",
                "--event-loops", "1", "--drain-seconds", "0");
             ElasticLoadBalancingV2Client elb = ApiTestSupport.client(n1.apiAddress(), "a", "a")) {
            String nodesUrl = "http://127.0.0.1:" + n1.apiAddress().getPort() + "/ballast/nodes";
            // a JVM of its own: its start can take a while on a loaded machine
            Await.until("n2 listed by n1", Duration.ofSeconds(90), () -> get(nodesUrl).contains("\"n2\""));
            String banner = "Cluster: node n2 on 127.0.17.2, configuration in etcd " + etcd.endpoints() + " (TLS (CA "
                    + ca.cert() + ", client certificate " + client.cert()
                    + "), user ballast)";
            n2.awaitStdout(line -> line.equals(banner));
            assertThat(n2.stderr()).contains("ballast server: warning: --etcd-key " + exposedKey + " is accessible "
                    + "by group or others (mode rw-r--r--); make it private: chmod 600 " + exposedKey);

            String lb = elb.createLoadBalancer(r -> r.name("tls-lb")).loadBalancers().get(0).loadBalancerArn();
            elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(port)
                    .defaultActions(Action.builder().type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(f -> f
                            .statusCode("200").contentType("text/plain").messageBody("through tls")).build()));
            for (String node : List.of("127.0.17.1", "127.0.17.2")) {
                assertThat(ApiTestSupport.await(() -> ApiTestSupport.get(node, port, "x", "/"), "through tls")
                        .body()).as("served by " + node + "; n2's stderr: " + n2.stderr()).isEqualTo("through tls");
            }

            BallastProcess.Result listed = BallastProcess.run(dir, Duration.ofSeconds(60), "nodes", "--api-url",
                    "http://127.0.0.1:" + n1.apiAddress().getPort());
            assertThat(listed.stdout()).contains("n1", "n2", "127.0.17.2");
            for (String shown : List.of(get(nodesUrl), listed.stdout(), listed.stderr(), n2.stdout(), n2.stderr())) {
                assertThat(shown).doesNotContain(PASSWORD);
            }
        } finally {
            n1.close();
        }
    }

    @Test
    void aNodeEtcdRefusesFailsItsStartInOneLineNamingTheEndpointAndTheReason() throws Exception {
        TestCertificates.Ca otherCa = TestCertificates.ca(dir.resolve("other-ca"), "other-ca");
        BallastProcess.Result wrongCa = startNode("wrong-ca", "--etcd-cacert", otherCa.cert().toString(),
                "--etcd-cert", client.cert().toString(), "--etcd-key", client.key().toString());
        assertThat(wrongCa.exitCode()).isEqualTo(1);
        assertThat(problems(wrongCa)).singleElement().asString().startsWith("ballast server: cannot start: etcd "
                + etcd.endpoints() + ": its certificate is not signed by the CA of --etcd-cacert " + otherCa.cert()
                + " (");

        Path passwordFile = dir.resolve("wrong-password.txt");
        Files.writeString(passwordFile, "not-" + PASSWORD + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        BallastProcess.Result wrongPassword = startNode("wrong-password", "--etcd-cacert", ca.cert().toString(),
                "--etcd-cert", client.cert().toString(), "--etcd-key", client.key().toString(),
                "--etcd-user", "ballast", "--etcd-password-file", passwordFile.toString());
        assertThat(wrongPassword.exitCode()).isEqualTo(1);
        assertThat(problems(wrongPassword)).containsExactly("ballast server: cannot start: etcd " + etcd.endpoints()
                + ": user ballast: etcd refused the password (etcdserver: authentication failed, invalid user ID or "
                + "password; expected: the password of --etcd-user, from --etcd-password-file or "
                + "BALLAST_ETCD_PASSWORD)");
        assertThat(wrongPassword.stdout() + wrongPassword.stderr()).doesNotContain("not-" + PASSWORD);
    }

    private static BallastProcess.Result startNode(String name, String... etcdOptions) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("server", "--etcd", etcd.endpoints(),
                "--node-address", "127.0.17.3", "--node-name", name, "--data-dir", dir.resolve(name).toString(),
                "--api-port", "0", "--dns-port", "0", "--event-loops", "1"));
        args.addAll(List.of(etcdOptions));
        return BallastProcess.run(dir, Duration.ofSeconds(90), args.toArray(String[]::new));
    }

    /** The lines of stderr that are not start-up INFO lines: what the user reads as the problem. */
    private static List<String> problems(BallastProcess.Result run) {
        return run.stderr().lines().filter(line -> !INFO_LOG_LINE.matcher(line).matches()).toList();
    }

    private static String get(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
