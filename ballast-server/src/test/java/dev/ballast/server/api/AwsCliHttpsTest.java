package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.proxy.tls.CommandLine;
import dev.ballast.proxy.tls.TestCertificates;
import dev.ballast.server.ControlPlane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI v2 as a user drives it: {@code aws acm import-certificate} with {@code fileb://}, {@code aws elbv2
 * create-listener --protocol HTTPS --certificates}, add-listener-certificates, a re-import that rotates a certificate
 * under its ARN, and {@code aws iam upload-server-certificate}; curl checks by SNI which certificate is served.
 */
class AwsCliHttpsTest {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path dir;

    private static ControlPlane plane;
    private static HttpServer target;

    @BeforeAll
    static void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        target = ApiTestSupport.target("task-1");
    }

    @AfterAll
    static void stop() {
        plane.close();
        target.stop(0);
    }

    @Test
    void anHttpsListenerCreatedWithTheCliServesTwoDomainsBySniAndARotatedCertificate() throws Exception {
        TestCertificates.Pem a = TestCertificates.selfSigned(dir, "a.cli.test");
        TestCertificates.Pem b = TestCertificates.selfSigned(dir, "b.cli.test");
        String certA = aws("acm", "import-certificate", "--certificate", "fileb://" + a.certificateFile(),
                "--private-key", "fileb://" + keyFile(a), "--query", "CertificateArn");
        String certB = aws("acm", "import-certificate", "--certificate", "fileb://" + b.certificateFile(),
                "--private-key", "fileb://" + keyFile(b), "--query", "CertificateArn");
        String tg = aws("elbv2", "create-target-group", "--name", "cli-tls", "--protocol", "HTTP", "--port", "80",
                "--target-type", "ip", "--vpc-id", "vpc-local", "--query", "TargetGroups[0].TargetGroupArn");
        aws("elbv2", "register-targets", "--target-group-arn", tg, "--targets",
                "Id=127.0.0.1,Port=" + target.getAddress().getPort());
        String lb = aws("elbv2", "create-load-balancer", "--name", "cli-tls-lb", "--subnets", "subnet-0ba11a5700000000a",
                "subnet-0ba11a5700000000b", "--query", "LoadBalancers[0].LoadBalancerArn");
        int port = ApiTestSupport.freePort();
        String listener = aws("elbv2", "create-listener", "--load-balancer-arn", lb, "--protocol", "HTTPS",
                "--port", String.valueOf(port), "--certificates", "CertificateArn=" + certA,
                "--ssl-policy", "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "--default-actions", "Type=forward,TargetGroupArn=" + tg, "--query", "Listeners[0].ListenerArn");
        aws("elbv2", "add-listener-certificates", "--listener-arn", listener, "--certificates",
                "CertificateArn=" + certB);

        assertThat(curl(port, "a.cli.test", a).output()).isEqualTo("task-1");
        assertThat(curl(port, "b.cli.test", b).output()).isEqualTo("task-1");

        TestCertificates.Pem rotated = TestCertificates.selfSigned(dir, "a.cli.test", "www.a.cli.test");
        aws("acm", "import-certificate", "--certificate-arn", certA, "--certificate",
                "fileb://" + rotated.certificateFile(), "--private-key", "fileb://" + keyFile(rotated));
        CommandLine.Result afterRotation = curl(port, "www.a.cli.test", rotated);
        assertThat(afterRotation.output()).as(afterRotation.output()).isEqualTo("task-1");
        assertThat(aws("acm", "describe-certificate", "--certificate-arn", certA, "--query",
                "Certificate.InUseBy[0]")).isEqualTo(listener);
    }

    @Test
    void iamServerCertificatesAreUploadedListedAndRefusedWhenTheKeyDoesNotMatch() throws Exception {
        TestCertificates.Pem web = TestCertificates.selfSigned(dir, "classic.cli.test");
        TestCertificates.Pem other = TestCertificates.selfSigned(dir, "other.cli.test");
        String arn = aws("iam", "upload-server-certificate", "--server-certificate-name", "classic-web",
                "--certificate-body", "file://" + web.certificateFile(), "--private-key", "file://" + keyFile(web),
                "--query", "ServerCertificateMetadata.Arn");
        assertThat(arn).isEqualTo("arn:aws:iam::000000000000:server-certificate/classic-web");
        assertThat(aws("iam", "list-server-certificates", "--query",
                "ServerCertificateMetadataList[].ServerCertificateName")).contains("classic-web");
        String body = aws("iam", "get-server-certificate", "--server-certificate-name", "classic-web", "--query",
                "ServerCertificate.CertificateBody");
        assertThat(body).contains("BEGIN CERTIFICATE").doesNotContain("PRIVATE KEY");

        CommandLine.Result mismatch = cli(List.of("iam", "upload-server-certificate", "--server-certificate-name",
                "mismatch", "--certificate-body", "file://" + web.certificateFile(), "--private-key",
                "file://" + keyFile(other)));
        assertThat(mismatch.exitCode()).isNotZero();
        assertThat(mismatch.output()).contains("KeyPairMismatch");
        assertThat(aws("iam", "list-server-certificates", "--query",
                "ServerCertificateMetadataList[].ServerCertificateName")).doesNotContain("mismatch");
        aws("iam", "delete-server-certificate", "--server-certificate-name", "classic-web");
    }

    private static Path keyFile(TestCertificates.Pem pem) throws Exception {
        Path key = Files.createTempFile(dir, "key", ".pem");
        Files.writeString(key, pem.privateKey());
        return key;
    }

    private static String aws(String... args) throws Exception {
        CommandLine.Result result = cli(List.of(args));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().trim();
    }

    private static CommandLine.Result cli(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/aws"));
        command.addAll(args);
        command.addAll(List.of("--endpoint-url", "http://127.0.0.1:" + plane.apiAddress().getPort(), "--region",
                "us-east-1", "--output", "text"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_PAGER", "",
                "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null"));
        Process process = pb.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new CommandLine.Result(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }

    private static CommandLine.Result curl(int port, String host, TestCertificates.Pem trusted) {
        return CommandLine.run(dir, Duration.ofSeconds(20), "", List.of("curl", "-sS", "--max-time", "10",
                "--cacert", trusted.certificateFile().toString(), "--resolve", host + ":" + port + ":127.0.0.1",
                "https://" + host + ":" + port + "/"));
    }
}
