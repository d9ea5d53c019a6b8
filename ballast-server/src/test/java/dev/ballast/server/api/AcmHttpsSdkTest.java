package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.proxy.tls.CommandLine;
import dev.ballast.proxy.tls.TestCertificates;
import dev.ballast.server.ControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.CertificateType;
import software.amazon.awssdk.services.acm.model.GetCertificateResponse;
import software.amazon.awssdk.services.acm.model.KeyAlgorithm;
import software.amazon.awssdk.services.acm.model.ResourceInUseException;
import software.amazon.awssdk.services.acm.model.ResourceNotFoundException;
import software.amazon.awssdk.services.acm.model.Tag;
import software.amazon.awssdk.services.acm.model.ValidationException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CertificateNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * ACM through the AWS SDK for Java v2 against the real server, and HTTPS listeners using the imported certificates
 * served to curl by SNI: import, describe, list, get (never the key), tags, refusals that store nothing,
 * CertificateNotFound, ResourceInUseException and the certificate store's owner-only permissions.
 */
class AcmHttpsSdkTest {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path certs;

    private static ControlPlane plane;
    private static AcmClient acm;
    private static ElasticLoadBalancingV2Client elb;
    private static HttpServer target;

    @BeforeAll
    static void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        acm = ApiTestSupport.acmClient(plane.apiAddress(), "any", "credentials");
        elb = ApiTestSupport.client(plane.apiAddress(), "any", "credentials");
        target = ApiTestSupport.target("task-1");
    }

    @AfterAll
    static void stop() {
        acm.close();
        elb.close();
        plane.close();
        target.stop(0);
    }

    private static String importPem(TestCertificates.Pem pem, Tag... tags) {
        return acm.importCertificate(r -> r.certificate(SdkBytes.fromUtf8String(pem.certificate()))
                .privateKey(SdkBytes.fromUtf8String(pem.privateKey())).tags(tags)).certificateArn();
    }

    @Test
    void importedCertificateIsDescribedListedAndReturnedWithoutItsKey() {
        TestCertificates.Pem pem = TestCertificates.selfSigned(certs, "www.example.test", "example.test");
        String arn = importPem(pem, Tag.builder().key("team").value("edge").build());
        assertThat(arn).matches("arn:aws:acm:us-east-1:000000000000:certificate/[0-9a-f-]{36}");

        CertificateDetail d = acm.describeCertificate(r -> r.certificateArn(arn)).certificate();
        assertThat(d.domainName()).isEqualTo("www.example.test");
        assertThat(d.subjectAlternativeNames()).containsExactly("www.example.test", "example.test");
        assertThat(d.type()).isEqualTo(CertificateType.IMPORTED);
        assertThat(d.status()).isEqualTo(CertificateStatus.ISSUED);
        assertThat(d.keyAlgorithm()).isEqualTo(KeyAlgorithm.RSA_2048);
        assertThat(d.notAfter()).isAfter(d.notBefore());
        assertThat(d.serial()).isNotEmpty();
        assertThat(d.inUseBy()).isEmpty();

        assertThat(acm.listCertificates(r -> { }).certificateSummaryList())
                .anySatisfy(s -> assertThat(s.certificateArn()).isEqualTo(arn));
        GetCertificateResponse got = acm.getCertificate(r -> r.certificateArn(arn));
        assertThat(got.certificate()).isEqualTo(pem.certificate());
        assertThat(got.toString() + got.certificateChain()).doesNotContain("PRIVATE KEY");
        assertThat(acm.listTagsForCertificate(r -> r.certificateArn(arn)).tags())
                .containsExactly(Tag.builder().key("team").value("edge").build());
        acm.removeTagsFromCertificate(r -> r.certificateArn(arn).tags(Tag.builder().key("team").build()));
        assertThat(acm.listTagsForCertificate(r -> r.certificateArn(arn)).tags()).isEmpty();

        acm.deleteCertificate(r -> r.certificateArn(arn));
        assertThatThrownBy(() -> acm.describeCertificate(r -> r.certificateArn(arn)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void badCertificatesAreRefusedAndNothingIsStored() {
        TestCertificates.Pem one = TestCertificates.selfSigned(certs, "one.example.test");
        TestCertificates.Pem other = TestCertificates.selfSigned(certs, "other.example.test");
        int before = acm.listCertificates(r -> r.includes(i -> i.keyTypesWithStrings("RSA_2048", "EC_prime256v1")))
                .certificateSummaryList().size();

        assertThatThrownBy(() -> acm.importCertificate(r -> r.certificate(SdkBytes.fromUtf8String(one.certificate()))
                .privateKey(SdkBytes.fromUtf8String(other.privateKey()))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("PrivateKey: does not match the certificate's public key");
        assertThatThrownBy(() -> acm.importCertificate(r -> r.certificate(SdkBytes.fromUtf8String("not a pem"))
                .privateKey(SdkBytes.fromUtf8String(one.privateKey()))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Certificate: no PEM block");
        // a "chain" whose certificate did not issue the leaf is out of order
        assertThatThrownBy(() -> acm.importCertificate(r -> r.certificate(SdkBytes.fromUtf8String(one.certificate()))
                .privateKey(SdkBytes.fromUtf8String(one.privateKey()))
                .certificateChain(SdkBytes.fromUtf8String(other.certificate()))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("CertificateChain: certificate 1 (CN=other.example.test) did not issue");

        assertThat(acm.listCertificates(r -> r.includes(i -> i.keyTypesWithStrings("RSA_2048", "EC_prime256v1")))
                .certificateSummaryList()).hasSize(before);
    }

    @Test
    void anHttpsListenerServesTwoDomainsBySniAndHoldsItsCertificates() throws Exception {
        TestCertificates.Pem a = TestCertificates.selfSigned(certs, "a.example.test");
        TestCertificates.Pem b = TestCertificates.selfSignedEc(certs, "b.example.test");
        String certA = importPem(a);
        String certB = importPem(b);
        LoadBalancer lb = elb.createLoadBalancer(r -> r.name("tls-lb").type(LoadBalancerTypeEnum.APPLICATION)
                .subnets("subnet-0ba11a5700000000a", "subnet-0ba11a5700000000b")).loadBalancers().get(0);
        TargetGroup tg = elb.createTargetGroup(r -> r.name("tls-tg").protocol(ProtocolEnum.HTTP).port(80)
                .targetType(TargetTypeEnum.IP)).targetGroups().get(0);
        elb.registerTargets(r -> r.targetGroupArn(tg.targetGroupArn()).targets(TargetDescription.builder()
                .id("127.0.0.1").port(target.getAddress().getPort()).build()));
        Action forward = Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg.targetGroupArn()).build();
        int port = ApiTestSupport.freePort();

        String missing = certA.substring(0, certA.lastIndexOf('/') + 1) + "00000000-0000-0000-0000-000000000000";
        assertThatThrownBy(() -> elb.createListener(r -> r.loadBalancerArn(lb.loadBalancerArn())
                .protocol(ProtocolEnum.HTTPS).port(port).certificates(Certificate.builder().certificateArn(missing)
                        .build()).defaultActions(forward)))
                .isInstanceOf(CertificateNotFoundException.class)
                .hasMessageContaining("Certificate '" + missing + "' not found");

        Listener https = elb.createListener(r -> r.loadBalancerArn(lb.loadBalancerArn()).protocol(ProtocolEnum.HTTPS)
                .port(port).certificates(Certificate.builder().certificateArn(certA).build())
                .defaultActions(forward)).listeners().get(0);
        elb.addListenerCertificates(r -> r.listenerArn(https.listenerArn()).certificates(Certificate.builder()
                .certificateArn(certB).build()));

        CommandLine.Result viaA = curl(port, "a.example.test", a);
        assertThat(viaA.output()).as(viaA.output()).isEqualTo("task-1");
        CommandLine.Result viaB = curl(port, "b.example.test", b);
        assertThat(viaB.output()).as(viaB.output()).isEqualTo("task-1");

        assertThat(acm.describeCertificate(r -> r.certificateArn(certB)).certificate().inUseBy())
                .containsExactly(https.listenerArn());
        assertThatThrownBy(() -> acm.deleteCertificate(r -> r.certificateArn(certA)))
                .isInstanceOf(ResourceInUseException.class);
        elb.deleteLoadBalancer(r -> r.loadBalancerArn(lb.loadBalancerArn()));
        acm.deleteCertificate(r -> r.certificateArn(certA));
    }

    @Test
    void theCertificateStoreIsReadableByItsOwnerOnly() throws Exception {
        importPem(TestCertificates.selfSigned(certs, "perm.example.test"));
        Path store = dataDir.resolve("certificates");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rwx------");
        List<String> files = new ArrayList<>();
        try (var list = Files.list(store)) {
            list.forEach(f -> files.add(f.getFileName() + " " + permissions(f)));
        }
        assertThat(files).contains("ballast.db rw-------").allSatisfy(f -> assertThat(f).endsWith(" rw-------"));
    }

    private static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static CommandLine.Result curl(int port, String host, TestCertificates.Pem trusted) {
        return CommandLine.run(certs, Duration.ofSeconds(20), "", List.of("curl", "-sS", "--max-time", "10",
                "--cacert", trusted.certificateFile().toString(), "--resolve", host + ":" + port + ":127.0.0.1",
                "https://" + host + ":" + port + "/"));
    }
}
