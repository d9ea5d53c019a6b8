package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.proxy.Await;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.Http;
import dev.ballast.server.hello.HelloServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.waiters.CloudFormationWaiter;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.InstanceState;
import software.amazon.awssdk.services.elasticloadbalancing.model.LoadBalancerDescription;

/**
 * CloudFormation's Classic load balancer ({@code AWS::ElasticLoadBalancing::LoadBalancer}) made through the Classic
 * commands, driven by the AWS SDK for Java v2: seed 002's {@code HelloWorldLoadBalancer} (HTTP 8080 → 8080, an
 * {@code HTTP:8080/} check, a group admitting the port from anywhere) in front of three real hello-world servers
 * reaches InService and serves them; an update changes the health check and the instances in place; deletion
 * removes it; a bad property rolls the stack back.
 */
@Timeout(120)
class CloudFormationClassicTest {
    private static final String TEMPLATE = """
            Parameters:
              Port: {Type: Number}
              Instances: {Type: CommaDelimitedList}
              CheckPath: {Type: String, Default: /}
            Resources:
              LoadBalancerGroup:
                Type: AWS::EC2::SecurityGroup
                Properties:
                  GroupDescription: HelloWorld load balancer
                  SecurityGroupIngress:
                    - {IpProtocol: tcp, FromPort: !Ref Port, ToPort: !Ref Port, CidrIp: 0.0.0.0/0}
              HelloWorldLoadBalancer:
                Type: AWS::ElasticLoadBalancing::LoadBalancer
                Properties:
                  Listeners:
                    - {LoadBalancerPort: !Ref Port, InstancePort: !Ref Port, Protocol: HTTP, PolicyNames: [Sticky]}
                  HealthCheck:
                    Target: !Sub 'HTTP:${Port}${CheckPath}'
                    Interval: 5
                    Timeout: 2
                    HealthyThreshold: 2
                    UnhealthyThreshold: 2
                  Instances: !Ref Instances
                  SecurityGroups: [!GetAtt LoadBalancerGroup.GroupId]
                  CrossZone: true
                  ConnectionDrainingPolicy: {Enabled: true, Timeout: 5}
                  LBCookieStickinessPolicy: [{PolicyName: Sticky, CookieExpirationPeriod: '60'}]
                  Tags: [{Key: app, Value: hello-world}]
            Outputs:
              Name: {Value: !Ref HelloWorldLoadBalancer}
              DNSName: {Value: !GetAtt HelloWorldLoadBalancer.DNSName}
              ZoneId: {Value: !GetAtt HelloWorldLoadBalancer.CanonicalHostedZoneNameID}
              SourceGroup: {Value: !GetAtt HelloWorldLoadBalancer.SourceSecurityGroup.GroupName}
              SourceOwner: {Value: !GetAtt HelloWorldLoadBalancer.SourceSecurityGroup.OwnerAlias}
            """;

    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private CloudFormationClient cfn;
    private CloudFormationWaiter waiter;
    private ElasticLoadBalancingClient elb;
    private final List<HelloServer> nodes = new ArrayList<>();

    @BeforeEach
    void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        cfn = ApiTestSupport.cloudFormationClient(plane.apiAddress());
        waiter = ApiTestSupport.cloudFormationWaiter(cfn);
        elb = ClassicSdkTest.client(plane.apiAddress());
    }

    @AfterEach
    void stop() {
        elb.close();
        waiter.close();
        cfn.close();
        plane.close();
        nodes.forEach(HelloServer::close);
    }

    @Test
    void seed002sClassicLoadBalancerServesItsInstancesChangesInPlaceAndIsDeleted() throws Exception {
        // seed 002: HTTP on 8080 to instances on 8080; here one free port for both (the load balancer binds
        // 127.0.0.1, the three instances 127.0.0.2-4)
        int port = Http.freePortOn("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4");
        for (int i = 2; i <= 4; i++) {
            nodes.add(HelloServer.start(new InetSocketAddress("127.0.0." + i, port), "node-" + i));
        }
        cfn.createStack(r -> r.stackName("hello").templateBody(TEMPLATE).parameters(param("Port", port),
                param("Instances", "127.0.0.2,127.0.0.3,127.0.0.4")));
        waiter.waitUntilStackCreateComplete(r -> r.stackName("hello"));
        Map<String, String> outputs = outputs();
        String name = outputs.get("Name");
        assertThat(name).as("a generated name, as CloudFormation makes one").startsWith("hello-HelloWorld")
                .hasSizeLessThanOrEqualTo(32);
        LoadBalancerDescription lb = describe(name);
        assertThat(outputs.get("DNSName")).isEqualTo(lb.dnsName());
        assertThat(outputs.get("ZoneId")).isEqualTo(lb.canonicalHostedZoneNameID());
        assertThat(outputs.get("SourceGroup")).isEqualTo(lb.sourceSecurityGroup().groupName());
        assertThat(outputs.get("SourceOwner")).isEqualTo(lb.sourceSecurityGroup().ownerAlias());
        assertThat(lb.securityGroups()).containsExactly(physicalId("LoadBalancerGroup"));
        assertThat(lb.healthCheck().target()).isEqualTo("HTTP:" + port + "/");
        assertThat(lb.listenerDescriptions().get(0).policyNames()).containsExactly("Sticky");
        assertThat(lb.policies().lbCookieStickinessPolicies()).singleElement()
                .satisfies(p -> assertThat(p.cookieExpirationPeriod()).isEqualTo(60L));
        var attributes = elb.describeLoadBalancerAttributes(r -> r.loadBalancerName(name)).loadBalancerAttributes();
        assertThat(attributes.crossZoneLoadBalancing().enabled()).isTrue();
        assertThat(attributes.connectionDraining().timeout()).isEqualTo(5);
        assertThat(elb.describeTags(r -> r.loadBalancerNames(name)).tagDescriptions().get(0).tags())
                .singleElement().satisfies(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("app=hello-world"));

        Await.until("3 of 3 InService", Duration.ofSeconds(30), () -> health(name).stream()
                .allMatch(s -> s.state().equals("InService")));
        assertThat(servedBy(port, 12)).containsExactlyInAnyOrder("node-2", "node-3", "node-4");

        // update in place: another health-check path and one instance fewer
        cfn.updateStack(r -> r.stackName("hello").usePreviousTemplate(true).parameters(param("Port", port),
                param("Instances", "127.0.0.2,127.0.0.3"), param("CheckPath", HelloServer.HEALTH_PATH)));
        waiter.waitUntilStackUpdateComplete(r -> r.stackName("hello"));
        assertThat(physicalId("HelloWorldLoadBalancer")).as("changed in place").isEqualTo(name);
        LoadBalancerDescription updated = describe(name);
        assertThat(updated.dnsName()).isEqualTo(lb.dnsName());
        assertThat(updated.healthCheck().target()).isEqualTo("HTTP:" + port + HelloServer.HEALTH_PATH);
        assertThat(updated.instances()).extracting(i -> i.instanceId()).containsExactly("127.0.0.2", "127.0.0.3");
        assertThat(updated.listenerDescriptions().get(0).policyNames()).containsExactly("Sticky");
        Await.until("2 of 2 InService", Duration.ofSeconds(30), () -> health(name).size() == 2
                && health(name).stream().allMatch(s -> s.state().equals("InService")));
        assertThat(servedBy(port, 12)).containsExactlyInAnyOrder("node-2", "node-3");

        cfn.deleteStack(r -> r.stackName("hello"));
        waiter.waitUntilStackDeleteComplete(r -> r.stackName("hello"));
        assertThat(elb.describeLoadBalancers().loadBalancerDescriptions()).isEmpty();
        Await.until("the listener is closed", Duration.ofSeconds(10), () -> !Http.accepts(port));
    }

    @Test
    void aBadListenerRollsTheStackBackAndAnUnknownPropertyIsRefusedWithItsPath() {
        cfn.createStack(r -> r.stackName("bad").templateBody("""
                Resources:
                  Lb:
                    Type: AWS::ElasticLoadBalancing::LoadBalancer
                    Properties:
                      LoadBalancerName: bad-classic
                      Listeners: [{LoadBalancerPort: 80, InstancePort: 70000, Protocol: HTTP}]
                """));
        Await.until("the stack settled", Duration.ofSeconds(30), () -> !cfn.describeStacks(r -> r.stackName("bad"))
                .stacks().get(0).stackStatusAsString().endsWith("IN_PROGRESS"));
        assertThat(cfn.describeStacks(r -> r.stackName("bad")).stacks().get(0).stackStatus())
                .isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertThat(cfn.describeStackEvents(r -> r.stackName("bad")).stackEvents())
                .anySatisfy(e -> assertThat(e.resourceStatusReason()).contains("InstancePort: 70000 (expected: 1-65535)"));
        assertThat(elb.describeLoadBalancers().loadBalancerDescriptions()).isEmpty();

        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName("typo").templateBody("""
                Resources:
                  Lb:
                    Type: AWS::ElasticLoadBalancing::LoadBalancer
                    Properties:
                      Listener: [{LoadBalancerPort: 80, InstancePort: 80, Protocol: HTTP}]
                """))).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Properties validation failed for"
                            + " resource Lb with message: #: extraneous key [Listener] is not permitted (at"
                            + " /Resources/Lb/Properties/Listener;");
                });
        assertThat(cfn.listStacks().stackSummaries()).extracting(s -> s.stackName()).doesNotContain("typo");
    }

    private Set<String> servedBy(int port, int requests) throws Exception {
        Set<String> answered = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            // without the stickiness cookie, each request is balanced afresh
            answered.add(Http.taskIdAt("http://127.0.0.1:" + port + "/", null));
        }
        return answered;
    }

    private List<InstanceState> health(String name) {
        return elb.describeInstanceHealth(b -> b.loadBalancerName(name)).instanceStates();
    }

    private LoadBalancerDescription describe(String name) {
        return elb.describeLoadBalancers(r -> r.loadBalancerNames(name)).loadBalancerDescriptions().get(0);
    }

    private String physicalId(String logicalId) {
        return cfn.describeStackResource(r -> r.stackName("hello").logicalResourceId(logicalId))
                .stackResourceDetail().physicalResourceId();
    }

    private Map<String, String> outputs() {
        return cfn.describeStacks(r -> r.stackName("hello")).stacks().get(0).outputs().stream()
                .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    }

    private static Parameter param(String key, Object value) {
        return Parameter.builder().parameterKey(key).parameterValue(String.valueOf(value)).build();
    }
}
