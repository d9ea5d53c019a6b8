package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.server.ControlPlane;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;

/**
 * ELBv2 and Classic load balancers placed in EC2's subnets and security groups: zones and VPC come from the subnets,
 * unknown subnets and groups are AWS's errors, groups default to the VPC's default group, and what a load balancer
 * uses cannot be deleted.
 */
@Timeout(60)
class Ec2PlacementSdkTest {
    private static final String SUBNET_A = "subnet-0ba11a5700000000a";
    private static final String SUBNET_B = "subnet-0ba11a5700000000b";
    private static final String DEFAULT_GROUP = "sg-0ba11a5700000000d";

    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private Ec2Client ec2;
    private ElasticLoadBalancingV2Client elb;
    private ElasticLoadBalancingClient classic;

    @BeforeEach
    void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        ec2 = ApiTestSupport.ec2Client(plane.apiAddress(), "test", "test");
        elb = ApiTestSupport.client(plane.apiAddress(), "test", "test");
        classic = ClassicSdkTest.client(plane.apiAddress());
    }

    @AfterEach
    void stop() {
        classic.close();
        elb.close();
        ec2.close();
        plane.close();
    }

    @Test
    void subnetsGiveZonesAndVpcAndGroupsDefaultToTheVpcsDefaultGroup() {
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
        String subnetC = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.20.3.0/24").availabilityZone("us-east-1c"))
                .subnet().subnetId();
        String subnetA = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.20.1.0/24").availabilityZone("us-east-1a"))
                .subnet().subnetId();
        String ownDefault = ec2.describeSecurityGroups(r -> r.filters(f -> f.name("vpc-id").values(vpc),
                f -> f.name("group-name").values("default"))).securityGroups().get(0).groupId();

        LoadBalancer lb = elb.createLoadBalancer(r -> r.name("in-vpc").subnets(subnetC, subnetA)).loadBalancers()
                .get(0);
        assertThat(lb.vpcId()).isEqualTo(vpc);
        assertThat(lb.availabilityZones()).extracting(AvailabilityZone::zoneName, AvailabilityZone::subnetId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("us-east-1c", subnetC),
                        org.assertj.core.groups.Tuple.tuple("us-east-1a", subnetA));
        assertThat(lb.securityGroups()).containsExactly(ownDefault);

        LoadBalancer plain = elb.createLoadBalancer(r -> r.name("plain").subnets(SUBNET_A, SUBNET_B))
                .loadBalancers().get(0);
        assertThat(plain.vpcId()).isEqualTo(plane.control().settings().vpcId());
        assertThat(plain.securityGroups()).containsExactly(DEFAULT_GROUP);
        LoadBalancer nlb = elb.createLoadBalancer(r -> r.name("plain-nlb").type(LoadBalancerTypeEnum.NETWORK)
                .subnets(SUBNET_A)).loadBalancers().get(0);
        assertThat(nlb.securityGroups()).isEmpty();

        // a subnet or group a load balancer uses cannot be deleted
        assertThatThrownBy(() -> ec2.deleteSubnet(r -> r.subnetId(subnetA))).isInstanceOfSatisfying(
                AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("DependencyViolation"));
        String web = ec2.createSecurityGroup(r -> r.groupName("web").description("web")).groupId();
        assertThat(elb.setSecurityGroups(r -> r.loadBalancerArn(plain.loadBalancerArn()).securityGroups(web))
                .securityGroupIds()).containsExactly(web);
        assertThatThrownBy(() -> ec2.deleteSecurityGroup(r -> r.groupId(web))).isInstanceOfSatisfying(
                AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("resource " + web + " has a dependent object"));
        elb.deleteLoadBalancer(r -> r.loadBalancerArn(plain.loadBalancerArn()));
        ec2.deleteSecurityGroup(r -> r.groupId(web));
    }

    @Test
    void unknownSubnetsAndGroupsAndBadCombinationsAreAwsErrorsThatChangeNothing() {
        assertElbError(() -> elb.createLoadBalancer(r -> r.name("x").subnets("subnet-0ffffffffffffffff")),
                "SubnetNotFound", "The specified subnet does not exist.");
        assertElbError(() -> elb.createLoadBalancer(r -> r.name("x").subnets(SUBNET_A)
                        .securityGroups("sg-0ffffffffffffffff")),
                "InvalidSecurityGroup", "The specified security group does not exist.");
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.30.0.0/16")).vpc().vpcId();
        String other = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.30.1.0/24").availabilityZone("us-east-1b"))
                .subnet().subnetId();
        assertElbError(() -> elb.createLoadBalancer(r -> r.name("x").subnets(SUBNET_A, other)),
                "InvalidConfigurationRequest", "Subnets: " + SUBNET_A + ", " + other
                        + " (expected: subnets of one VPC; " + other + " is in " + vpc + ", not "
                        + plane.control().settings().vpcId() + ")");
        String sameZone = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.30.2.0/24").availabilityZone("us-east-1b"))
                .subnet().subnetId();
        assertElbError(() -> elb.createLoadBalancer(r -> r.name("x").subnets(other, sameZone)),
                "InvalidConfigurationRequest",
                "A load balancer cannot be attached to multiple subnets in the same Availability Zone.");
        assertElbError(() -> elb.createLoadBalancer(r -> r.name("x").subnets(other).securityGroups(DEFAULT_GROUP)),
                "InvalidConfigurationRequest", "Security group '" + DEFAULT_GROUP + "' does not belong to VPC '"
                        + vpc + "'");
        assertThat(elb.describeLoadBalancers().loadBalancers()).isEmpty();

        String lbArn = elb.createLoadBalancer(r -> r.name("ok").subnets(SUBNET_A)).loadBalancers().get(0)
                .loadBalancerArn();
        assertElbError(() -> elb.setSecurityGroups(r -> r.loadBalancerArn(lbArn).securityGroups("sg-0fff")),
                "InvalidSecurityGroup", "The specified security group does not exist.");
        assertElbError(() -> elb.setSubnets(r -> r.loadBalancerArn(lbArn).subnets("subnet-0fff")),
                "SubnetNotFound", "The specified subnet does not exist.");
        assertThat(elb.describeLoadBalancers().loadBalancers().get(0).availabilityZones())
                .extracting(AvailabilityZone::subnetId).containsExactly(SUBNET_A);
    }

    @Test
    void classicLoadBalancersUseSubnetsAndGroupsToo() {
        var listener = software.amazon.awssdk.services.elasticloadbalancing.model.Listener.builder()
                .protocol("HTTP").loadBalancerPort(ApiTestSupport.freePort()).instancePort(8080).build();
        classic.createLoadBalancer(r -> r.loadBalancerName("classic-zones").listeners(listener)
                .availabilityZones("us-east-1b"));
        var described = classic.describeLoadBalancers(r -> r.loadBalancerNames("classic-zones"))
                .loadBalancerDescriptions().get(0);
        assertThat(described.subnets()).containsExactly(SUBNET_B);
        assertThat(described.securityGroups()).containsExactly(DEFAULT_GROUP);

        String web = ec2.createSecurityGroup(r -> r.groupName("classic-web").description("web")).groupId();
        assertThat(classic.applySecurityGroupsToLoadBalancer(r -> r.loadBalancerName("classic-zones")
                .securityGroups(web)).securityGroups()).containsExactly(web);
        assertThatThrownBy(() -> classic.applySecurityGroupsToLoadBalancer(r -> r.loadBalancerName("classic-zones")
                .securityGroups("sg-0fff"))).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSecurityGroup");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("One or more of the specified security groups do not exist.");
                });
        assertThatThrownBy(() -> classic.createLoadBalancer(r -> r.loadBalancerName("classic-bad").listeners(listener)
                .subnets("subnet-0fff"))).isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SubnetNotFound"));
        assertThat(classic.describeLoadBalancers().loadBalancerDescriptions()).hasSize(1);
    }

    private static void assertElbError(ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            assertThat(e.statusCode()).isEqualTo(400);
        });
    }
}
