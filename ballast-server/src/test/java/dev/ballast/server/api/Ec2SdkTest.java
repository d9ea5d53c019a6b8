package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.server.ControlPlane;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.Vpc;

/** The EC2 subset (VPCs, subnets, security groups, zones, the node as instance) driven by the AWS SDK v2's EC2 client, signed. */
@Timeout(60)
class Ec2SdkTest {
    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private Ec2Client ec2;

    @BeforeEach
    void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of("AKIDEC2", "ec2-secret"));
        ec2 = ApiTestSupport.ec2Client(plane.apiAddress(), "AKIDEC2", "ec2-secret");
    }

    @AfterEach
    void stop() {
        ec2.close();
        plane.close();
    }

    @Test
    void defaultVpcHasADefaultSubnetPerZoneAndADefaultGroupThatAdmitsEveryone() {
        List<Vpc> vpcs = ec2.describeVpcs(r -> r.filters(filter("isDefault", "true"))).vpcs();
        assertThat(vpcs).singleElement().satisfies(v -> {
            assertThat(v.cidrBlock()).isEqualTo("172.31.0.0/16");
            assertThat(v.isDefault()).isTrue();
            assertThat(v.vpcId()).isEqualTo(plane.control().settings().vpcId());
        });
        List<Subnet> subnets = ec2.describeSubnets(r -> r.filters(filter("default-for-az", "true"))).subnets();
        assertThat(subnets).extracting(Subnet::subnetId).containsExactly("subnet-0ba11a5700000000a",
                "subnet-0ba11a5700000000b", "subnet-0ba11a5700000000c");
        assertThat(subnets).extracting(Subnet::availabilityZone).containsExactly("us-east-1a", "us-east-1b",
                "us-east-1c");
        assertThat(subnets).extracting(Subnet::cidrBlock).containsExactly("172.31.0.0/20", "172.31.16.0/20",
                "172.31.32.0/20");
        assertThat(subnets.get(0).availabilityZoneId()).isEqualTo("use1-az1");
        assertThat(ec2.describeSubnets(r -> r.filters(filter("availability-zone", "us-east-1b"))).subnets())
                .extracting(Subnet::subnetId).containsExactly("subnet-0ba11a5700000000b");
        SecurityGroup group = ec2.describeSecurityGroups(r -> r.filters(filter("group-name", "default"),
                filter("vpc-id", vpcs.get(0).vpcId()))).securityGroups().get(0);
        assertThat(group.groupId()).isEqualTo("sg-0ba11a5700000000d");
        assertThat(group.ipPermissions()).singleElement().satisfies(p -> {
            assertThat(p.ipProtocol()).isEqualTo("-1");
            assertThat(p.ipRanges()).extracting(IpRange::cidrIp).containsExactly("0.0.0.0/0");
            assertThat(p.ipv6Ranges()).extracting(Ipv6Range::cidrIpv6).containsExactly("::/0");
        });
        // outbound to everywhere, IPv6 too, so a load balancer in it reaches IPv4 and IPv6 targets
        assertThat(group.ipPermissionsEgress()).singleElement().satisfies(p -> {
            assertThat(p.ipRanges()).extracting(IpRange::cidrIp).containsExactly("0.0.0.0/0");
            assertThat(p.ipv6Ranges()).extracting(Ipv6Range::cidrIpv6).containsExactly("::/0");
        });
    }

    @Test
    void vpcAndSubnetLifecycleWithEc2Errors() {
        Vpc vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc();
        assertThat(vpc.vpcId()).matches("vpc-[0-9a-f]{17}");
        assertThat(vpc.isDefault()).isFalse();
        assertThat(ec2.describeVpcs(r -> r.vpcIds(vpc.vpcId())).vpcs()).extracting(Vpc::cidrBlock)
                .containsExactly("10.0.0.0/16");
        // the VPC got its own default group, which admits only its members, as in AWS
        SecurityGroup own = ec2.describeSecurityGroups(r -> r.filters(filter("vpc-id", vpc.vpcId())))
                .securityGroups().get(0);
        assertThat(own.groupName()).isEqualTo("default");
        assertThat(own.ipPermissions().get(0).userIdGroupPairs()).extracting(UserIdGroupPair::groupId)
                .containsExactly(own.groupId());

        Subnet subnet = ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.1.0/24")
                .availabilityZone("us-east-1b")).subnet();
        assertThat(subnet.availabilityZone()).isEqualTo("us-east-1b");
        assertThat(subnet.availableIpAddressCount()).isEqualTo(251);
        assertThat(subnet.defaultForAz()).isFalse();
        assertThat(ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpc.vpcId()))).subnets())
                .extracting(Subnet::subnetId).containsExactly(subnet.subnetId());

        assertEc2Error(() -> ec2.createVpc(r -> r.cidrBlock("10.0.0.0/33")), "InvalidParameterValue",
                "Value (10.0.0.0/33) for parameter cidrBlock is invalid. This is not a valid CIDR block.");
        assertEc2Error(() -> ec2.createVpc(r -> r.cidrBlock("10.0.0.0/8")), "InvalidVpc.Range",
                "The CIDR '10.0.0.0/8' is invalid.");
        assertEc2Error(() -> ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.1.128/25")),
                "InvalidSubnet.Conflict", "The CIDR '10.0.1.128/25' conflicts with another subnet");
        assertEc2Error(() -> ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.1.0.0/24")),
                "InvalidSubnet.Range", "The CIDR '10.1.0.0/24' is invalid.");
        assertEc2Error(() -> ec2.createSubnet(r -> r.vpcId("vpc-00000000000000000").cidrBlock("10.1.0.0/24")),
                "InvalidVpcID.NotFound", "The vpc ID 'vpc-00000000000000000' does not exist");
        assertEc2Error(() -> ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.0.2.0/24")
                        .availabilityZone("us-east-1z")), "InvalidParameterValue",
                "Value (us-east-1z) for parameter availabilityZone is invalid. Subnets can currently only be created"
                        + " in the following availability zones: us-east-1a, us-east-1b, us-east-1c.");
        assertEc2Error(() -> ec2.describeSubnets(r -> r.subnetIds("subnet-00000000000000000")),
                "InvalidSubnetID.NotFound", "The subnet ID 'subnet-00000000000000000' does not exist");
        assertEc2Error(() -> ec2.describeVpcs(r -> r.filters(filter("no-such-filter", "x"))),
                "InvalidParameterValue", "The filter 'no-such-filter' is invalid");
        assertEc2Error(() -> ec2.deleteVpc(r -> r.vpcId(vpc.vpcId())), "DependencyViolation",
                "The vpc '" + vpc.vpcId() + "' has dependencies and cannot be deleted.");
        // nothing of the refused calls changed anything
        assertThat(ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpc.vpcId()))).subnets()).hasSize(1);

        ec2.deleteSubnet(r -> r.subnetId(subnet.subnetId()));
        assertEc2Error(() -> ec2.deleteSubnet(r -> r.subnetId(subnet.subnetId())), "InvalidSubnetID.NotFound",
                "The subnet ID '" + subnet.subnetId() + "' does not exist");
        ec2.deleteVpc(r -> r.vpcId(vpc.vpcId()));
        assertEc2Error(() -> ec2.describeVpcs(r -> r.vpcIds(vpc.vpcId())), "InvalidVpcID.NotFound",
                "The vpc ID '" + vpc.vpcId() + "' does not exist");
        assertThat(ec2.describeSecurityGroups(r -> r.filters(filter("vpc-id", vpc.vpcId()))).securityGroups())
                .isEmpty();
    }

    @Test
    void securityGroupRulesAuthorizeRevokeAndErrors() {
        String web = ec2.createSecurityGroup(r -> r.groupName("web").description("web tier")).groupId();
        String app = ec2.createSecurityGroup(r -> r.groupName("app").description("app tier")).groupId();
        assertThat(web).matches("sg-[0-9a-f]{17}");
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(web).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(80).toPort(443)
                .ipRanges(IpRange.builder().cidrIp("10.0.0.0/8").description("office").build(),
                        IpRange.builder().cidrIp("192.168.0.0/16").build())
                .ipv6Ranges(Ipv6Range.builder().cidrIpv6("2001:db8::/32").build()).build()));
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(app).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(8080).toPort(8080)
                .userIdGroupPairs(UserIdGroupPair.builder().groupId(web).build()).build()));
        ec2.authorizeSecurityGroupEgress(r -> r.groupId(web).ipPermissions(IpPermission.builder()
                .ipProtocol("udp").fromPort(53).toPort(53).ipRanges(IpRange.builder().cidrIp("10.0.0.2/32").build())
                .build()));

        SecurityGroup described = ec2.describeSecurityGroups(r -> r.groupIds(web)).securityGroups().get(0);
        assertThat(described.groupName()).isEqualTo("web");
        assertThat(described.description()).isEqualTo("web tier");
        assertThat(described.vpcId()).isEqualTo(plane.control().settings().vpcId());
        assertThat(described.ipPermissions()).singleElement().satisfies(p -> {
            assertThat(p.ipProtocol()).isEqualTo("tcp");
            assertThat(p.fromPort()).isEqualTo(80);
            assertThat(p.toPort()).isEqualTo(443);
            assertThat(p.ipRanges()).extracting(IpRange::cidrIp).containsExactly("10.0.0.0/8", "192.168.0.0/16");
            assertThat(p.ipRanges().get(0).description()).isEqualTo("office");
            assertThat(p.ipv6Ranges()).extracting(Ipv6Range::cidrIpv6).containsExactly("2001:db8::/32");
        });
        assertThat(described.ipPermissionsEgress()).extracting(IpPermission::ipProtocol).containsExactly("-1", "udp");
        assertThat(ec2.describeSecurityGroups(r -> r.groupNames("app")).securityGroups().get(0).ipPermissions()
                .get(0).userIdGroupPairs()).extracting(UserIdGroupPair::groupId).containsExactly(web);

        IpPermission http = IpPermission.builder().ipProtocol("tcp").fromPort(80).toPort(443)
                .ipRanges(IpRange.builder().cidrIp("10.0.0.0/8").build()).build();
        assertEc2Error(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(web).ipPermissions(http)),
                "InvalidPermission.Duplicate",
                "the specified rule \"peer: 10.0.0.0/8, TCP, from port: 80, to port: 443, ALLOW\" already exists");
        assertEc2Error(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(web).ipPermissions(
                        http.toBuilder().ipRanges(IpRange.builder().cidrIp("10.0.0.0/33").build()).build())),
                "InvalidParameterValue",
                "Value (10.0.0.0/33) for parameter cidrIp is invalid. This is not a valid CIDR block.");
        assertEc2Error(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(web).ipPermissions(
                        http.toBuilder().fromPort(90).toPort(80).build())),
                "InvalidParameterValue", "IpPermissions.1.FromPort: 90 (expected: at most ToPort, 80)");
        assertEc2Error(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(web).ipPermissions(
                        http.toBuilder().toPort(70000).build())),
                "InvalidParameterValue", "IpPermissions.1.ToPort: 70000 (expected: 0-65535)");
        assertEc2Error(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(web).ipPermissions(
                        http.toBuilder().ipProtocol("xyz").build())),
                "InvalidParameterValue", "Invalid value 'xyz' for IP protocol. Unknown protocol.");
        assertEc2Error(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId("sg-00000000000000000")
                .ipPermissions(http)), "InvalidGroup.NotFound",
                "The security group 'sg-00000000000000000' does not exist");
        assertEc2Error(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(web).ipPermissions(
                        IpPermission.builder().ipProtocol("-1").userIdGroupPairs(UserIdGroupPair.builder()
                                .groupId("sg-00000000000000001").build()).build())),
                "InvalidGroup.NotFound", "The security group 'sg-00000000000000001' does not exist");
        assertEc2Error(() -> ec2.revokeSecurityGroupIngress(r -> r.groupId(web).ipPermissions(
                        http.toBuilder().ipRanges(IpRange.builder().cidrIp("172.16.0.0/12").build()).build())),
                "InvalidPermission.NotFound", "The specified rule does not exist in this security group.");
        assertEc2Error(() -> ec2.createSecurityGroup(r -> r.groupName("web").description("again")),
                "InvalidGroup.Duplicate", "The security group 'web' already exists for VPC '"
                        + plane.control().settings().vpcId() + "'");
        assertEc2Error(() -> ec2.describeSecurityGroups(r -> r.groupNames("nope")), "InvalidGroup.NotFound",
                "The security group 'nope' does not exist in default VPC '" + plane.control().settings().vpcId()
                        + "'");
        assertEc2Error(() -> ec2.deleteSecurityGroup(r -> r.groupId(web)), "DependencyViolation",
                "resource " + web + " has a dependent object");
        assertEc2Error(() -> ec2.deleteSecurityGroup(r -> r.groupId("sg-0ba11a5700000000d")), "CannotDelete",
                "the specified group: \"sg-0ba11a5700000000d\" name: \"default\" cannot be deleted by a user");

        ec2.revokeSecurityGroupIngress(r -> r.groupId(web).ipPermissions(http));
        assertThat(ec2.describeSecurityGroups(r -> r.groupIds(web)).securityGroups().get(0).ipPermissions())
                .singleElement().satisfies(p -> assertThat(p.ipRanges()).extracting(IpRange::cidrIp)
                        .containsExactly("192.168.0.0/16"));
        ec2.revokeSecurityGroupEgress(r -> r.groupId(web).ipPermissions(IpPermission.builder().ipProtocol("-1")
                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));
        assertThat(ec2.describeSecurityGroups(r -> r.groupIds(web)).securityGroups().get(0).ipPermissionsEgress())
                .extracting(IpPermission::ipProtocol).containsExactly("udp");
        ec2.deleteSecurityGroup(r -> r.groupId(app));
        ec2.deleteSecurityGroup(r -> r.groupName("web"));
        assertEc2Error(() -> ec2.describeSecurityGroups(r -> r.groupIds(web)), "InvalidGroup.NotFound",
                "The security group '" + web + "' does not exist");
    }

    @Test
    void availabilityZonesAndTheNodeAsInstance() {
        assertThat(ec2.describeAvailabilityZones().availabilityZones()).extracting(AvailabilityZone::zoneName)
                .containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(ec2.describeAvailabilityZones(r -> r.zoneNames("us-east-1c")).availabilityZones())
                .singleElement().satisfies(z -> {
                    assertThat(z.zoneId()).isEqualTo("use1-az3");
                    assertThat(z.regionName()).isEqualTo("us-east-1");
                    assertThat(z.stateAsString()).isEqualTo("available");
                });
        List<Instance> instances = ec2.describeInstances().reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
        String nodeId = plane.control().settings().nodeInstance().id();
        assertThat(instances).singleElement().satisfies(i -> {
            assertThat(i.instanceId()).isEqualTo(nodeId);
            assertThat(i.state().nameAsString()).isEqualTo("running");
            assertThat(i.subnetId()).isEqualTo("subnet-0ba11a5700000000a");
            assertThat(i.placement().availabilityZone()).isEqualTo("us-east-1a");
            assertThat(i.privateIpAddress()).isEqualTo("127.0.0.1");
        });
        assertThat(ec2.describeInstances(r -> r.instanceIds(nodeId)).reservations()).hasSize(1);
        assertEc2Error(() -> ec2.describeInstances(r -> r.instanceIds("i-00000000000000000")),
                "InvalidInstanceID.NotFound", "The instance ID 'i-00000000000000000' does not exist");
    }

    @Test
    void stateSurvivesARestart() {
        String id = ec2.createSecurityGroup(r -> r.groupName("kept").description("kept")).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(IpPermission.builder().ipProtocol("tcp")
                .fromPort(22).toPort(22).ipRanges(IpRange.builder().cidrIp("10.1.0.0/16").build()).build()));
        ec2.close();
        plane.close();
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of("AKIDEC2", "ec2-secret"));
        ec2 = ApiTestSupport.ec2Client(plane.apiAddress(), "AKIDEC2", "ec2-secret");
        SecurityGroup kept = ec2.describeSecurityGroups(r -> r.groupIds(id)).securityGroups().get(0);
        assertThat(kept.ipPermissions().get(0).ipRanges()).extracting(IpRange::cidrIp).containsExactly("10.1.0.0/16");
        assertThat(ec2.describeVpcs(r -> r.filters(filter("is-default", "true"))).vpcs()).hasSize(1);
        assertThat(ec2.describeSubnets().subnets()).hasSize(3).allMatch(Subnet::defaultForAz);
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static void assertEc2Error(ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            assertThat(e.statusCode()).isEqualTo(400);
        });
    }
}
