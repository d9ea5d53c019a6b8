package dev.ballast.api.cloudformation;

import dev.ballast.control.acm.AcmCommands;
import dev.ballast.control.classic.ClassicControl;
import dev.ballast.control.cloudformation.ResourceTypes;
import dev.ballast.control.cloudmap.DiscoveryServiceCommands;
import dev.ballast.control.cloudmap.NamespaceCommands;
import dev.ballast.control.ec2.Ec2Control;
import dev.ballast.control.ecs.EcsControl;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.route53.HostedZoneCommands;
import dev.ballast.control.route53.RecordSetCommands;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The resource types CloudFormation stacks can use in Ballast, each mapped onto the commands its own API calls
 * (ELBv2, Classic, ACM, EC2, Route 53, Cloud Map, ECS); every other type of the placeholder families is recorded without effect.
 *
 * <p>Thread-safe (stateless factory).
 */
public final class CloudFormationResources {
    /** How long an ECS service may take to run its tasks (or drain them) before its resource fails. */
    public static final Duration ECS_STABILIZE_TIMEOUT = Duration.ofMinutes(10);

    private CloudFormationResources() {}

    /** The types on these commands; placeholders get ids for {@code region} and {@code accountId}. */
    public static ResourceTypes of(ElbControl elb, ClassicControl classic, AcmCommands acm, Ec2Control ec2, HostedZoneCommands zones, RecordSetCommands recordSets,
                                   EcsControl ecs, NamespaceCommands namespaces,
                                   DiscoveryServiceCommands discoveryServices, String region, String accountId,
                                   RandomGenerator random) {
        RecordSets sets = new RecordSets(zones, recordSets);
        return new ResourceTypes(region, accountId, random)
                .add("AWS::EC2::VPC", new VpcResource(ec2))
                .add("AWS::EC2::Subnet", new SubnetResource(ec2))
                .add("AWS::EC2::SecurityGroup", new SecurityGroupResource(ec2))
                .add("AWS::EC2::SecurityGroupIngress", new SecurityGroupRuleResource(ec2, true))
                .add("AWS::EC2::SecurityGroupEgress", new SecurityGroupRuleResource(ec2, false))
                .add("AWS::ElasticLoadBalancingV2::LoadBalancer", new LoadBalancerResource(elb))
                .add("AWS::ElasticLoadBalancingV2::TargetGroup", new TargetGroupResource(elb))
                .add("AWS::ElasticLoadBalancingV2::Listener", new ListenerResource(elb))
                .add("AWS::ElasticLoadBalancingV2::ListenerRule", new ListenerRuleResource(elb))
                .add("AWS::ElasticLoadBalancingV2::ListenerCertificate", new ListenerCertificateResource(elb))
                .add("AWS::ElasticLoadBalancing::LoadBalancer", new ClassicLoadBalancerResource(classic))
                .add("AWS::CertificateManager::Certificate", new CertificateResource(acm))
                .add("AWS::Route53::HostedZone", new HostedZoneResource(zones))
                .add("AWS::Route53::RecordSet", new RecordSetResource(sets))
                .add("AWS::Route53::RecordSetGroup", new RecordSetGroupResource(sets))
                .add("AWS::ServiceDiscovery::PrivateDnsNamespace", new DnsNamespaceResource(namespaces))
                .add("AWS::ServiceDiscovery::Service", new DiscoveryServiceResource(discoveryServices))
                .add("AWS::ECS::Cluster", new EcsClusterResource(ecs))
                .add("AWS::ECS::TaskDefinition", new EcsTaskDefinitionResource(ecs))
                .add("AWS::ECS::Service", new EcsServiceResource(ecs, ECS_STABILIZE_TIMEOUT));
    }
}
