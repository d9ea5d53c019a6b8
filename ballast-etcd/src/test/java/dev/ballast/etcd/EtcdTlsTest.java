package dev.ballast.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.StoreChange;
import dev.ballast.control.store.StoreRecord;
import io.etcd.jetcd.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and authentication to a real etcd 3.4 started by the test ({@code --cert-file}, {@code --key-file},
 * {@code --client-cert-auth --trusted-ca-file}, users made with etcdctl), with certificates made by openssl: what
 * works, and the one-line reason start-up gives for each way the connection is refused.
 */
class EtcdTlsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    static Path dir;
    static TestCertificates.Ca ca;
    static TestCertificates.Ca otherCa;
    static TestCertificates.Issued client;
    /** An etcd that wants a client certificate signed by {@link #ca}. */
    static EtcdCluster mutual;

    @BeforeAll
    static void startMutualTlsEtcd() throws Exception {
        ca = TestCertificates.ca(dir.resolve("ca"), "ca");
        otherCa = TestCertificates.ca(dir.resolve("other-ca"), "other-ca");
        TestCertificates.Issued server = ca.issue(dir.resolve("certs"), "etcd", "serverAuth,clientAuth",
                "IP:127.0.0.1,DNS:localhost");
        client = ca.issue(dir.resolve("certs"), "ballast", "clientAuth", null);
        mutual = EtcdCluster.start(dir.resolve("mutual"), 1, new EtcdCluster.ClientTls(server.cert(), server.key(),
                ca.cert(), true, client.cert(), client.key(), "127.0.0.1"));
    }

    @AfterAll
    static void stopEtcd() {
        if (mutual != null) {
            mutual.close();
        }
    }

    @Test
    void aNodeStoresAndAnotherFollowsThroughTlsWithClientCertificates() throws Exception {
        EtcdSecurity security = new EtcdSecurity(new EtcdTls(ca.cert(), client.cert(), client.key()), null);
        EtcdEndpointCheck.verify(mutual.endpoints(), security, TIMEOUT);
        try (Client writerClient = EtcdClients.connect(mutual.endpoints(), security, TIMEOUT);
             Client followerClient = EtcdClients.connect(mutual.endpoints(), security, TIMEOUT);
             EtcdStore writer = EtcdStore.open(writerClient, "/ballast/tls-follow/", TIMEOUT);
             EtcdStore follower = EtcdStore.open(followerClient, "/ballast/tls-follow/", TIMEOUT)) {
            List<StoreChange> seen = new CopyOnWriteArrayList<>();
            try (AutoCloseable watch = follower.watch(0, seen::add)) {
                writer.commit(0, List.of(new Mutation.Put("lb/web", "v1")));
                writer.commit(1, List.of(new Mutation.Put("lb/web", "v2")));
                awaitSize(seen, 2);
            }
            assertThat(seen).extracting(StoreChange::revision).containsExactly(1L, 2L);
            assertThat(follower.read("lb/").records()).containsExactly(new StoreRecord("lb/web", "v2", 2));
        }
    }

    @Test
    void aClientWithoutACertificateIsRefusedNamingTheEndpoint() {
        EtcdSecurity security = new EtcdSecurity(new EtcdTls(ca.cert(), null, null), null);

        assertThatThrownBy(() -> EtcdEndpointCheck.verify(mutual.endpoints(), security, TIMEOUT))
                .isInstanceOf(EtcdAccessRefusedException.class)
                .hasMessageStartingWith("etcd " + mutual.endpoints() + ": it requires a client certificate (")
                .hasMessageEndingWith("; expected: --etcd-cert and --etcd-key)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aClientCertificateOfAnotherCaIsRefused() throws Exception {
        TestCertificates.Issued stranger = otherCa.issue(dir.resolve("stranger"), "stranger", "clientAuth", null);
        EtcdSecurity security = new EtcdSecurity(new EtcdTls(ca.cert(), stranger.cert(), stranger.key()), null);

        assertThatThrownBy(() -> EtcdEndpointCheck.verify(mutual.endpoints(), security, TIMEOUT))
                .isInstanceOf(EtcdAccessRefusedException.class)
                .hasMessageStartingWith("etcd " + mutual.endpoints() + ": it refused this node's certificate "
                        + "--etcd-cert " + stranger.cert() + " (")
                .hasMessageEndingWith("; expected: a client certificate signed by a CA of etcd's --trusted-ca-file)");
    }

    @Test
    void aServerCertificateOfAnotherCaIsRefused() {
        EtcdSecurity security = new EtcdSecurity(new EtcdTls(otherCa.cert(), client.cert(), client.key()), null);

        assertThatThrownBy(() -> EtcdEndpointCheck.verify(mutual.endpoints(), security, TIMEOUT))
                .isInstanceOf(EtcdAccessRefusedException.class)
                .hasMessageStartingWith("etcd " + mutual.endpoints() + ": its certificate is not signed by the CA of "
                        + "--etcd-cacert " + otherCa.cert() + " (");
    }

    @Test
    void aServerCertificateWhoseNamesDoNotMatchTheEndpointIsRefusedAndItsOwnNameWorks() throws Exception {
        TestCertificates.Issued named = ca.issue(dir.resolve("named"), "named", "serverAuth", "DNS:localhost");
        try (EtcdCluster etcd = EtcdCluster.start(dir.resolve("named-etcd"), 1, new EtcdCluster.ClientTls(
                named.cert(), named.key(), ca.cert(), false, null, null, "localhost"))) {
            EtcdSecurity security = new EtcdSecurity(new EtcdTls(ca.cert(), null, null), null);

            assertThatThrownBy(() -> EtcdEndpointCheck.verify(etcd.endpoints(), security, TIMEOUT))
                    .isInstanceOf(EtcdAccessRefusedException.class)
                    .hasMessage("etcd " + etcd.endpoints() + ": its certificate is not issued for this address (No "
                            + "subject alternative names matching IP address 127.0.0.1 found; expected: a server "
                            + "certificate whose subject alternative names include the endpoint's host name or IP "
                            + "address)");
            String byName = etcd.endpoints().replace("127.0.0.1", "localhost");
            EtcdEndpointCheck.verify(byName, security, TIMEOUT);
        }
    }

    @Test
    void anHttpsClientOfAPlainEtcdIsToldItDoesNotSpeakTls() throws Exception {
        try (EtcdCluster plain = EtcdCluster.start(dir.resolve("plain"), 1)) {
            String https = plain.endpoints().replace("http://", "https://");
            EtcdSecurity security = new EtcdSecurity(new EtcdTls(ca.cert(), null, null), null);

            assertThatThrownBy(() -> EtcdEndpointCheck.verify(https, security, TIMEOUT))
                    .isInstanceOf(EtcdAccessRefusedException.class)
                    .hasMessageStartingWith("etcd " + https + ": it does not speak TLS (");
        }
    }

    @Test
    void aKeyInTheTraditionalFormOfCfsslAndKubeadmWorks() throws Exception {
        Path traditional = TestCertificates.traditional(client.key());
        EtcdSecurity security = new EtcdSecurity(new EtcdTls(ca.cert(), client.cert(), traditional), null);

        EtcdEndpointCheck.verify(mutual.endpoints(), security, TIMEOUT);
    }

    @Test
    void userAndPasswordWorkAndAWrongPasswordOrNoUserIsRefused() throws Exception {
        TestCertificates.Issued server = ca.issue(dir.resolve("auth"), "etcd", "serverAuth", "IP:127.0.0.1");
        try (EtcdCluster etcd = EtcdCluster.start(dir.resolve("auth-etcd"), 1, new EtcdCluster.ClientTls(
                server.cert(), server.key(), ca.cert(), false, null, null, "127.0.0.1"))) {
            etcd.etcdctl("user", "add", "root:root-secret");
            etcd.etcdctl("user", "add", "ballast:s3cret pass");
            etcd.etcdctl("user", "add", "stranger:other");
            etcd.etcdctl("role", "add", "ballast");
            etcd.etcdctl("role", "grant-permission", "ballast", "--prefix=true", "readwrite", "/ballast/");
            etcd.etcdctl("user", "grant-role", "ballast", "ballast");
            etcd.etcdctl("auth", "enable");
            EtcdTls tls = new EtcdTls(ca.cert(), null, null);

            EtcdSecurity right = new EtcdSecurity(tls, new EtcdCredentials("ballast", "s3cret pass"));
            EtcdEndpointCheck.verify(etcd.endpoints(), right, TIMEOUT);
            try (Client c = EtcdClients.connect(etcd.endpoints(), right, TIMEOUT);
                 EtcdStore store = EtcdStore.open(c, "/ballast/auth/", TIMEOUT)) {
                store.commit(0, List.of(new Mutation.Put("k", "v")));
                assertThat(store.read("k").records()).containsExactly(new StoreRecord("k", "v", 1));
            }
            assertThat(etcd.etcdctl("--user", "root:root-secret", "get", "--prefix", "/ballast/auth/"))
                    .as("written as the user, read back by etcdctl").contains("/ballast/auth/");

            EtcdSecurity wrong = new EtcdSecurity(tls, new EtcdCredentials("ballast", "guess"));
            assertThatThrownBy(() -> EtcdEndpointCheck.verify(etcd.endpoints(), wrong, TIMEOUT))
                    .isInstanceOf(EtcdAccessRefusedException.class)
                    .hasMessage("etcd " + etcd.endpoints() + ": user ballast: etcd refused the password (etcdserver: "
                            + "authentication failed, invalid user ID or password; expected: the password of "
                            + "--etcd-user, from --etcd-password-file or BALLAST_ETCD_PASSWORD)")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("guess"));
            EtcdSecurity anonymous = new EtcdSecurity(tls, null);
            assertThatThrownBy(() -> EtcdEndpointCheck.verify(etcd.endpoints(), anonymous, TIMEOUT))
                    .isInstanceOf(EtcdAccessRefusedException.class)
                    .hasMessageStartingWith("etcd " + etcd.endpoints() + ": it requires authentication (");
            EtcdSecurity withoutRole = new EtcdSecurity(tls, new EtcdCredentials("stranger", "other"));
            assertThatThrownBy(() -> EtcdEndpointCheck.verify(etcd.endpoints(), withoutRole, TIMEOUT))
                    .isInstanceOf(EtcdAccessRefusedException.class)
                    .hasMessage("etcd " + etcd.endpoints() + ": user stranger: may not read /ballast/ (etcdserver: "
                            + "permission denied; expected: a role granting readwrite on the key prefix /ballast/)");
        }
    }

    @Test
    void mixedSchemesTlsFilesWithHttpAndACertificateWithoutItsKeyAreRefused() {
        assertThatThrownBy(() -> EtcdClients.parse("http://127.0.0.1:2379,https://127.0.0.1:2381"))
                .hasMessage("etcd: http://127.0.0.1:2379,https://127.0.0.1:2381 (expected: all http:// or all "
                        + "https:// client URLs, not both: TLS is on or off for the whole cluster)");
        assertThatThrownBy(() -> EtcdClients.parse("http://127.0.0.1:2379",
                new EtcdSecurity(new EtcdTls(ca.cert(), null, null), null)))
                .hasMessage("--etcd-cacert " + ca.cert() + " with http:// etcd endpoints (expected: https:// "
                        + "endpoints for TLS, e.g. --etcd https://127.0.0.1:2379)");
        assertThatThrownBy(() -> new EtcdTls(ca.cert(), client.cert(), null))
                .hasMessage("--etcd-cert " + client.cert() + " without --etcd-key (expected: both, this client's "
                        + "certificate and its private key)");
        assertThatThrownBy(() -> new EtcdTls(ca.cert(), ca.cert(), ca.cert()).sslContext())
                .hasMessageStartingWith("--etcd-cert " + ca.cert() + " --etcd-key " + ca.cert() + ": ")
                .hasMessageEndingWith(" (expected: a PEM certificate and its unencrypted PEM private key)");
        assertThat(new EtcdCredentials("ballast", "s3cret").toString()).doesNotContain("s3cret");
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (list.size() < size) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + size + " within 10 s, saw " + list);
            }
            Thread.sleep(20);
        }
    }
}
