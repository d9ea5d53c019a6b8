package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.control.acm.PrivateCertificateAuthority;
import dev.ballast.server.ControlPlane;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.CertificateType;
import software.amazon.awssdk.services.acm.model.DomainValidationOption;
import software.amazon.awssdk.services.acm.model.KeyAlgorithm;
import software.amazon.awssdk.services.acm.model.ValidationMethod;

/**
 * ACM's RequestCertificate against the real server, with the AWS SDK for Java v2 and the AWS CLI v2: the certificate
 * is issued at once by Ballast's private CA (ISSUED, PRIVATE, its names, 13 months, the key algorithm asked for),
 * GetCertificate's chain verifies it, the CA's key stays in an owner-only file no API returns, RenewCertificate
 * issues it again under the same ARN, and bad requests get ACM's errors and store nothing.
 */
@Timeout(60)
class AcmRequestCertificateTest {
    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private AcmClient acm;

    @BeforeEach
    void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        acm = ApiTestSupport.acmClient(plane.apiAddress(), "test", "test");
    }

    @AfterEach
    void stop() {
        acm.close();
        plane.close();
    }

    @Test
    void aRequestedCertificateIsIssuedAtOnceByThePrivateCaAndItsChainVerifiesIt() throws Exception {
        String arn = acm.requestCertificate(r -> r.domainName("www.example.test")
                .subjectAlternativeNames("api.example.test", "*.apps.example.test")
                .validationMethod(ValidationMethod.DNS).keyAlgorithm(KeyAlgorithm.EC_PRIME256_V1)
                .domainValidationOptions(DomainValidationOption.builder().domainName("api.example.test")
                        .validationDomain("example.test").build())
                .tags(t -> t.key("app").value("web"))).certificateArn();
        assertThat(arn).matches("arn:aws:acm:us-east-1:\\d{12}:certificate/[0-9a-f-]{36}");

        CertificateDetail d = acm.describeCertificate(r -> r.certificateArn(arn)).certificate();
        assertThat(d.status()).isEqualTo(CertificateStatus.ISSUED);
        assertThat(d.type()).isEqualTo(CertificateType.PRIVATE);
        assertThat(d.domainName()).isEqualTo("www.example.test");
        assertThat(d.subjectAlternativeNames()).containsExactly("www.example.test", "api.example.test",
                "*.apps.example.test");
        assertThat(d.keyAlgorithm()).isEqualTo(KeyAlgorithm.EC_PRIME256_V1);
        assertThat(Duration.between(d.notBefore(), d.notAfter())).isEqualTo(Duration.ofDays(395));
        assertThat(d.issuedAt()).isNotNull();
        assertThat(d.importedAt()).isNull();
        assertThat(d.issuer()).startsWith("Ballast");
        assertThat(acm.listTagsForCertificate(r -> r.certificateArn(arn)).tags())
                .singleElement().satisfies(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("app=web"));
        assertThat(acm.listCertificates(r -> r.includes(i -> i.keyTypes(KeyAlgorithm.EC_PRIME256_V1)))
                .certificateSummaryList()).singleElement().satisfies(s -> {
                    assertThat(s.certificateArn()).isEqualTo(arn);
                    assertThat(s.type()).isEqualTo(CertificateType.PRIVATE);
                });

        var pem = acm.getCertificate(r -> r.certificateArn(arn));
        X509Certificate leaf = x509(pem.certificate()).get(0);
        List<X509Certificate> chain = x509(pem.certificateChain());
        assertThat(chain).hasSize(1);
        leaf.verify(chain.get(0).getPublicKey()); // throws unless the chain's CA signed it
        assertThat(leaf.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1"); // serverAuth
        Path caDir = dataDir.resolve(ControlPlane.PRIVATE_CA_DIRECTORY);
        assertThat(Files.readString(caDir.resolve(PrivateCertificateAuthority.CERTIFICATE_FILE)))
                .isEqualTo(pem.certificateChain());
        Path key = caDir.resolve(PrivateCertificateAuthority.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir))).isEqualTo("rwx------");
        String caKey = Files.readString(key).replaceAll("-----[A-Z ]+-----|\\s", "");
        assertThat(pem.toString() + d).doesNotContain(caKey.substring(0, 40));

        // RenewCertificate: a new certificate (new serial, same names) under the same ARN
        acm.renewCertificate(r -> r.certificateArn(arn));
        CertificateDetail renewed = acm.describeCertificate(r -> r.certificateArn(arn)).certificate();
        assertThat(renewed.serial()).isNotEqualTo(d.serial());
        assertThat(renewed.subjectAlternativeNames()).isEqualTo(d.subjectAlternativeNames());
    }

    @Test
    void theCliRequestsAnRsaCertificateWithTheDefaultsAndTheCaIsKeptAcrossARestart() throws Exception {
        JsonNode requested = new ObjectMapper().readTree(EcsTestSupport.awsCli(plane.apiAddress(), "acm",
                "request-certificate", "--domain-name", "cli.example.test", "--validation-method", "DNS",
                "--idempotency-token", "cli1"));
        String arn = requested.get("CertificateArn").asText();
        JsonNode described = new ObjectMapper().readTree(EcsTestSupport.awsCli(plane.apiAddress(), "acm",
                "describe-certificate", "--certificate-arn", arn)).get("Certificate");
        assertThat(described.get("Status").asText()).isEqualTo("ISSUED");
        assertThat(described.get("Type").asText()).isEqualTo("PRIVATE");
        assertThat(described.get("KeyAlgorithm").asText()).isEqualTo("RSA_2048");
        String chain = acm.getCertificate(r -> r.certificateArn(arn)).certificateChain();
        X509Certificate leaf = x509(acm.getCertificate(r -> r.certificateArn(arn)).certificate()).get(0);
        assertThat(((RSAPublicKey) leaf.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);

        // the CA is the data directory's: a restarted server issues from the same root
        acm.close();
        plane.close();
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        acm = ApiTestSupport.acmClient(plane.apiAddress(), "test", "test");
        String second = acm.requestCertificate(r -> r.domainName("two.example.test")
                .keyAlgorithm(KeyAlgorithm.EC_SECP384_R1)).certificateArn();
        assertThat(acm.getCertificate(r -> r.certificateArn(second)).certificateChain()).isEqualTo(chain);
        assertThat(acm.describeCertificate(r -> r.certificateArn(arn)).certificate().status())
                .isEqualTo(CertificateStatus.ISSUED);
    }

    @Test
    void badRequestsGetAcmsErrorsAndStoreNothing() {
        assertError(() -> acm.requestCertificate(r -> r.domainName("not a domain")), "ValidationException",
                "DomainName: not a domain (expected: a fully qualified domain name");
        assertError(() -> acm.requestCertificate(r -> r.domainName("a.example.test").subjectAlternativeNames(
                "-bad.example.test")), "ValidationException", "SubjectAlternativeNames: -bad.example.test");
        assertError(() -> acm.requestCertificate(r -> r.domainName("a.example.test")
                .keyAlgorithm(KeyAlgorithm.RSA_4096)), "ValidationException",
                "KeyAlgorithm: RSA_4096 (expected: RSA_2048, EC_prime256v1, EC_secp384r1)");
        assertError(() -> acm.requestCertificate(r -> r.domainName("a.example.test").domainValidationOptions(
                DomainValidationOption.builder().domainName("b.example.test").validationDomain("example.test")
                        .build())), "InvalidDomainValidationOptionsException",
                "One or more values in the DomainValidationOption structure is incorrect.");
        assertError(() -> acm.requestCertificate(r -> r.domainName("a.example.test").domainValidationOptions(
                DomainValidationOption.builder().domainName("a.example.test").validationDomain("other.test")
                        .build())), "InvalidDomainValidationOptionsException",
                "One or more values in the DomainValidationOption structure is incorrect.");
        assertError(() -> acm.requestCertificate(r -> r.domainName("a".repeat(60) + ".example.test")),
                "ValidationException", "(expected: at most 64 characters");
        assertThat(acm.listCertificates(r -> r.includes(i -> i.keyTypes(KeyAlgorithm.knownValues())))
                .certificateSummaryList()).isEmpty();
    }

    private static void assertError(ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        });
    }

    @SuppressWarnings("unchecked")
    private static List<X509Certificate> x509(String pem) throws Exception {
        return (List<X509Certificate>) CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
