package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.server.ControlPlane;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.waiters.CloudFormationWaiter;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * CloudFormation's VPCs, subnets and security groups made through the EC2 commands, driven by the AWS SDK for
 * Java v2: what the EC2 API then shows, an ALB placed in them whose group's rules admit and refuse real clients,
 * an update of the inline rules in place, a refused subnet rolled back, and deletion in reverse order.
 */
@Timeout(120)
class CloudFormationEc2Test {
    private static final String TEMPLATE = """
            Parameters:
              Port: {Type: Number}
              Admitted: {Type: String, Default: 127.0.0.2/32}
            Resources:
              Vpc:
                Type: AWS::EC2::VPC
                Properties: {CidrBlock: 10.20.0.0/16, EnableDnsSupport: true}
              SubnetA:
                Type: AWS::EC2::Subnet
                Properties: {VpcId: !Ref Vpc, CidrBlock: 10.20.1.0/24, AvailabilityZone: !Select [0, !GetAZs '']}
              SubnetB:
                Type: AWS::EC2::Subnet
                Properties: {VpcId: !Ref Vpc, CidrBlock: 10.20.2.0/24, AvailabilityZone: !Select [1, !GetAZs '']}
              Web:
                Type: AWS::EC2::SecurityGroup
                Properties:
                  GroupDescription: web clients
                  VpcId: !Ref Vpc
                  SecurityGroupIngress:
                    - {IpProtocol: tcp, FromPort: !Ref Port, ToPort: !Ref Port, CidrIp: !Ref Admitted}
                  SecurityGroupEgress:
                    - {IpProtocol: '-1', CidrIp: !GetAtt Vpc.CidrBlock}
              Tls:
                Type: AWS::EC2::SecurityGroupIngress
                Properties: {GroupId: !GetAtt Web.GroupId, IpProtocol: tcp, FromPort: 443, ToPort: 443,
                             CidrIp: !GetAtt Vpc.CidrBlock}
              Alb:
                Type: AWS::ElasticLoadBalancingV2::LoadBalancer
                Properties: {Name: cfn-ec2, Subnets: [!Ref SubnetA, !Ref SubnetB], SecurityGroups: [!Ref Web]}
              Listener:
                Type: AWS::ElasticLoadBalancingV2::Listener
                Properties:
                  LoadBalancerArn: !Ref Alb
                  Port: !Ref Port
                  Protocol: HTTP
                  DefaultActions:
                    - {Type: fixed-response, FixedResponseConfig: {StatusCode: '200', MessageBody: from-the-stack}}
            Outputs:
              DefaultGroup: {Value: !GetAtt Vpc.DefaultSecurityGroup}
              Zones: {Value: !Join [',', [!GetAtt SubnetA.AvailabilityZone, !GetAtt SubnetB.AvailabilityZone]]}
              GroupVpc: {Value: !GetAtt Web.VpcId}
              Listener: {Value: !Ref Listener}
            """;

    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private CloudFormationClient cfn;
    private CloudFormationWaiter waiter;
    private Ec2Client ec2;
    private ElasticLoadBalancingV2Client elb;

    @BeforeEach
    void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        cfn = ApiTestSupport.cloudFormationClient(plane.apiAddress());
        waiter = ApiTestSupport.cloudFormationWaiter(cfn);
        ec2 = ApiTestSupport.ec2Client(plane.apiAddress(), "test", "test");
        elb = ApiTestSupport.client(plane.apiAddress(), "test", "test");
    }

    @AfterEach
    void stop() {
        elb.close();
        ec2.close();
        waiter.close();
        cfn.close();
        plane.close();
    }

    @Test
    void vpcSubnetsAndGroupsAreEc2sOwnAndTheGroupGuardsTheStacksAlb() throws Exception {
        int port = ApiTestSupport.freePort();
        cfn.createStack(r -> r.stackName("net").templateBody(TEMPLATE).parameters(param("Port", port)));
        waiter.waitUntilStackCreateComplete(r -> r.stackName("net"));
        String vpcId = physicalId("Vpc");
        String groupId = physicalId("Web");

        var vpc = ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs().get(0);
        assertThat(vpc.cidrBlock()).isEqualTo("10.20.0.0/16");
        assertThat(ec2.describeSubnets(r -> r.filters(Filter.builder().name("vpc-id").values(vpcId).build()))
                .subnets()).extracting(s -> s.cidrBlock() + "@" + s.availabilityZone())
                .containsExactlyInAnyOrder("10.20.1.0/24@us-east-1a", "10.20.2.0/24@us-east-1b");
        SecurityGroup web = ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0);
        assertThat(web.vpcId()).isEqualTo(vpcId);
        assertThat(web.groupName()).startsWith("net-Web-");
        assertThat(rules(web.ipPermissions())).containsExactlyInAnyOrder(
                "tcp:" + port + "-" + port + ":127.0.0.2/32", "tcp:443-443:10.20.0.0/16");
        assertThat(rules(web.ipPermissionsEgress())).as("the template's egress replaces EC2's default")
                .containsExactly("-1:null-null:10.20.0.0/16");
        Map<String, String> outputs = outputs();
        assertThat(outputs.get("DefaultGroup")).isEqualTo(ec2.describeSecurityGroups(r -> r.filters(
                Filter.builder().name("vpc-id").values(vpcId).build(),
                Filter.builder().name("group-name").values("default").build())).securityGroups().get(0).groupId());
        assertThat(outputs.get("Zones")).isEqualTo("us-east-1a,us-east-1b");
        assertThat(outputs.get("GroupVpc")).isEqualTo(vpcId);
        var alb = elb.describeLoadBalancers(r -> r.names("cfn-ec2")).loadBalancers().get(0);
        assertThat(alb.vpcId()).isEqualTo(vpcId);
        assertThat(alb.securityGroups()).containsExactly(groupId);

        // the group's rule is enforced on the stack's listener: 127.0.0.2 is admitted, 127.0.0.3 refused
        InetSocketAddress lb = plane.boundAddress(outputs.get("Listener"));
        assertThat(SecurityGroupEnforcementTest.httpFrom("127.0.0.2", lb)).contains("from-the-stack");
        assertThat(SecurityGroupEnforcementTest.httpFrom("127.0.0.3", lb)).isEmpty();

        // an update of the inline rule changes the same group in place and admits the new client
        cfn.updateStack(r -> r.stackName("net").usePreviousTemplate(true).parameters(param("Port", port),
                Parameter.builder().parameterKey("Admitted").parameterValue("127.0.0.3/32").build()));
        waiter.waitUntilStackUpdateComplete(r -> r.stackName("net"));
        assertThat(physicalId("Web")).isEqualTo(groupId);
        assertThat(rules(ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0)
                .ipPermissions())).containsExactlyInAnyOrder("tcp:" + port + "-" + port + ":127.0.0.3/32",
                "tcp:443-443:10.20.0.0/16");
        SecurityGroupEnforcementTest.awaitTrue(() -> SecurityGroupEnforcementTest.httpFrom("127.0.0.3", lb)
                .contains("from-the-stack"));
        assertThat(SecurityGroupEnforcementTest.httpFrom("127.0.0.2", lb)).isEmpty();

        cfn.deleteStack(r -> r.stackName("net"));
        waiter.waitUntilStackDeleteComplete(r -> r.stackName("net"));
        assertThat(ec2.describeVpcs().vpcs()).extracting(v -> v.vpcId()).doesNotContain(vpcId);
        assertThat(ec2.describeSecurityGroups().securityGroups()).extracting(SecurityGroup::vpcId)
                .doesNotContain(vpcId);
        assertThat(ec2.describeSubnets().subnets()).extracting(s -> s.vpcId()).doesNotContain(vpcId);
    }

    @Test
    void aSubnetEc2RefusesFailsTheStackAndRollsTheVpcBack() throws Exception {
        cfn.createStack(r -> r.stackName("bad").templateBody("""
                Resources:
                  Vpc: {Type: 'AWS::EC2::VPC', Properties: {CidrBlock: 10.30.0.0/16}}
                  Outside:
                    Type: AWS::EC2::Subnet
                    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.31.0.0/24}
                """));
        // the SDK's rollback waiter is for updates; a failed create ends in ROLLBACK_COMPLETE
        SecurityGroupEnforcementTest.awaitTrue(() -> !cfn.describeStacks(r -> r.stackName("bad")).stacks().get(0)
                .stackStatusAsString().endsWith("IN_PROGRESS"));
        var stack = cfn.describeStacks(r -> r.stackName("bad")).stacks().get(0);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertThat(cfn.describeStackEvents(r -> r.stackName("bad")).stackEvents())
                .anySatisfy(e -> assertThat(e.resourceStatusReason()).contains("The CIDR '10.31.0.0/24' is invalid."));
        assertThat(ec2.describeVpcs().vpcs()).extracting(v -> v.cidrBlock()).doesNotContain("10.30.0.0/16");
    }

    private String physicalId(String logicalId) {
        return cfn.describeStackResource(r -> r.stackName("net").logicalResourceId(logicalId))
                .stackResourceDetail().physicalResourceId();
    }

    private Map<String, String> outputs() {
        return cfn.describeStacks(r -> r.stackName("net")).stacks().get(0).outputs().stream()
                .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    }

    private static Parameter param(String key, int value) {
        return Parameter.builder().parameterKey(key).parameterValue(String.valueOf(value)).build();
    }

    private static List<String> rules(List<software.amazon.awssdk.services.ec2.model.IpPermission> permissions) {
        return permissions.stream().flatMap(p -> p.ipRanges().stream().map(range -> p.ipProtocol() + ":"
                + p.fromPort() + "-" + p.toPort() + ":" + range.cidrIp())).toList();
    }
}
