package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.proxy.tls.CommandLine;
import dev.ballast.server.ControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateType;
import software.amazon.awssdk.services.acm.model.KeyAlgorithm;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.waiters.CloudFormationWaiter;

/**
 * CloudFormation's {@code AWS::CertificateManager::Certificate} on ACM's RequestCertificate, driven by the AWS SDK
 * for Java v2: the stack's certificate is issued by Ballast's private CA, its HTTPS listener serves it (curl trusts
 * GetCertificate's chain and picks the name by SNI), and deleting the stack removes the certificate after the
 * listener that uses it.
 */
@Timeout(120)
class CloudFormationCertificateTest {
    private static final String TEMPLATE = """
            Parameters:
              Port: {Type: Number}
            Resources:
              Certificate:
                Type: AWS::CertificateManager::Certificate
                Properties:
                  DomainName: www.cfn-tls.test
                  SubjectAlternativeNames: [api.cfn-tls.test]
                  ValidationMethod: DNS
                  DomainValidationOptions: [{DomainName: www.cfn-tls.test, HostedZoneId: Z0000000000000000000A}]
                  KeyAlgorithm: EC_prime256v1
                  Tags: [{Key: stack, Value: tls}]
              Alb:
                Type: AWS::ElasticLoadBalancingV2::LoadBalancer
                Properties: {Name: cfn-tls, Subnets: [subnet-0ba11a5700000000a, subnet-0ba11a5700000000b]}
              Listener:
                Type: AWS::ElasticLoadBalancingV2::Listener
                Properties:
                  LoadBalancerArn: !Ref Alb
                  Port: !Ref Port
                  Protocol: HTTPS
                  Certificates: [{CertificateArn: !Ref Certificate}]
                  DefaultActions:
                    - {Type: fixed-response, FixedResponseConfig: {StatusCode: '200', MessageBody: tls-from-the-stack}}
            Outputs:
              CertificateArn: {Value: !Ref Certificate}
            """;

    @TempDir
    Path dataDir;
    @TempDir
    Path dir;
    private ControlPlane plane;
    private CloudFormationClient cfn;
    private CloudFormationWaiter waiter;
    private AcmClient acm;

    @BeforeEach
    void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        cfn = ApiTestSupport.cloudFormationClient(plane.apiAddress());
        waiter = ApiTestSupport.cloudFormationWaiter(cfn);
        acm = ApiTestSupport.acmClient(plane.apiAddress(), "test", "test");
    }

    @AfterEach
    void stop() {
        acm.close();
        waiter.close();
        cfn.close();
        plane.close();
    }

    @Test
    void theStacksCertificateIsServedOnItsHttpsListenerAndDeletedAfterIt() throws Exception {
        int port = ApiTestSupport.freePort();
        cfn.createStack(r -> r.stackName("tls").templateBody(TEMPLATE).parameters(Parameter.builder()
                .parameterKey("Port").parameterValue(String.valueOf(port)).build()));
        waiter.waitUntilStackCreateComplete(r -> r.stackName("tls"));
        String arn = cfn.describeStacks(r -> r.stackName("tls")).stacks().get(0).outputs().get(0).outputValue();
        var detail = acm.describeCertificate(r -> r.certificateArn(arn)).certificate();
        assertThat(detail.type()).isEqualTo(CertificateType.PRIVATE);
        assertThat(detail.subjectAlternativeNames()).containsExactly("www.cfn-tls.test", "api.cfn-tls.test");
        assertThat(detail.keyAlgorithm()).isEqualTo(KeyAlgorithm.EC_PRIME256_V1);
        assertThat(detail.inUseBy()).hasSize(1);

        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, acm.getCertificate(r -> r.certificateArn(arn)).certificateChain());
        for (String host : List.of("www.cfn-tls.test", "api.cfn-tls.test")) {
            CommandLine.Result curl = curl(port, host, chain);
            assertThat(curl.exitCode()).as(curl.output()).isZero();
            assertThat(curl.output()).isEqualTo("tls-from-the-stack");
        }
        CommandLine.Result otherName = curl(port, "other.cfn-tls.test", chain);
        assertThat(otherName.exitCode()).as("a name the certificate does not cover fails curl's check: "
                + otherName.output()).isNotZero();

        cfn.deleteStack(r -> r.stackName("tls"));
        waiter.waitUntilStackDeleteComplete(r -> r.stackName("tls"));
        assertThat(acm.listCertificates(r -> r.includes(i -> i.keyTypes(KeyAlgorithm.knownValues())))
                .certificateSummaryList()).isEmpty();
        String stackId = cfn.listStacks().stackSummaries().get(0).stackId();
        List<StackEvent> events = new ArrayList<>(cfn.describeStackEvents(r -> r.stackName(stackId)).stackEvents());
        Collections.reverse(events); // oldest first
        assertThat(index(events, "Certificate", "DELETE_IN_PROGRESS"))
                .isGreaterThan(index(events, "Listener", "DELETE_COMPLETE"));
    }

    private static int index(List<StackEvent> events, String logicalId, String status) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).logicalResourceId().equals(logicalId)
                    && events.get(i).resourceStatusAsString().equals(status)) {
                return i;
            }
        }
        throw new AssertionError("no " + status + " event of " + logicalId + " in " + events);
    }

    private CommandLine.Result curl(int port, String host, Path trusted) {
        return CommandLine.run(dir, Duration.ofSeconds(20), "", List.of("curl", "-sS", "--max-time", "10",
                "--cacert", trusted.toString(), "--resolve", host + ":" + port + ":127.0.0.1",
                "https://" + host + ":" + port + "/"));
    }
}
