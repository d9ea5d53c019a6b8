package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.server.ControlPlane;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.InsufficientCapabilitiesException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.waiters.CloudFormationWaiter;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;

/**
 * The CloudFormation API driven by the AWS SDK for Java v2 and its waiters: a YAML stack (short-form tags) of a
 * Cloud Map namespace and service, an ECS cluster and task definition, a target group and a Route 53 record set
 * group, checked through the services' own APIs; an export imported by a second stack; an update in place; the
 * reads; the errors; deletion.
 */
@Timeout(120)
class CloudFormationSdkTest {
    private static final String TEMPLATE = """
            AWSTemplateFormatVersion: 2010-09-09
            Description: Cloud Map, ECS and Route 53 from one template
            Parameters:
              Ttl: {Type: Number, Default: 60}
              Env: {Type: String, AllowedValues: [dev, prod], Default: dev}
            Mappings:
              Ports: {dev: {web: 8080}, prod: {web: 80}}
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
            Resources:
              Namespace:
                Type: AWS::ServiceDiscovery::PrivateDnsNamespace
                Properties: {Name: local.example, Vpc: vpc-local}
              Web:
                Type: AWS::ServiceDiscovery::Service
                Properties:
                  Name: web
                  NamespaceId: !GetAtt Namespace.Id
                  DnsConfig: {RoutingPolicy: MULTIVALUE, DnsRecords: [{Type: A, TTL: !Ref Ttl}]}
              Cluster:
                Type: AWS::ECS::Cluster
                Properties: {ClusterName: !Sub '${AWS::StackName}-cluster'}
              Task:
                Type: AWS::ECS::TaskDefinition
                Properties:
                  Family: web
                  NetworkMode: awsvpc
                  ContainerDefinitions:
                    - Name: web
                      Image: tutum/hello-world
                      PortMappings: [{ContainerPort: !FindInMap [Ports, !Ref Env, web]}]
                      Environment: [{Name: PORT, Value: 8080}]
              Group:
                Type: AWS::ElasticLoadBalancingV2::TargetGroup
                Properties:
                  Protocol: HTTP
                  Port: !FindInMap [Ports, !Ref Env, web]
                  TargetType: ip
                  HealthCheckPath: !If [IsProd, /health, /]
              Zone:
                Type: AWS::Route53::HostedZone
                Properties: {Name: in.example.com}
              Records:
                Type: AWS::Route53::RecordSetGroup
                Properties:
                  HostedZoneId: !Ref Zone
                  RecordSets:
                    - {Name: api.in.example.com, Type: A, TTL: !Ref Ttl, ResourceRecords: [192.0.2.10]}
                    - Name: !Join ['.', [www, in, example, com]]
                      Type: CNAME
                      TTL: 300
                      ResourceRecords: [!Select [1, !Split [',', 'x.example.com,api.in.example.com']]]
            Outputs:
              Cluster: {Value: !GetAtt Cluster.Arn, Export: {Name: !Sub '${AWS::StackName}-cluster'}}
              Group: {Value: !Ref Group}
            """;

    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private CloudFormationClient cfn;
    private CloudFormationWaiter waiter;

    @BeforeEach
    void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        cfn = ApiTestSupport.cloudFormationClient(plane.apiAddress());
        waiter = ApiTestSupport.cloudFormationWaiter(cfn);
    }

    @AfterEach
    void stop() {
        waiter.close();
        cfn.close();
        plane.close();
    }

    private Stack stack(String name) {
        return cfn.describeStacks(r -> r.stackName(name)).stacks().get(0);
    }

    @Test
    void aYamlStackBuildsCloudMapEcsAndRoute53ThroughTheirOwnCommands() {
        String id = cfn.createStack(r -> r.stackName("web").templateBody(TEMPLATE)).stackId();
        assertThat(id).startsWith("arn:aws:cloudformation:us-east-1:").contains(":stack/web/");
        waiter.waitUntilStackCreateComplete(r -> r.stackName("web"));
        Stack stack = stack("web");
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(stack.description()).isEqualTo("Cloud Map, ECS and Route 53 from one template");
        assertThat(stack.outputs()).extracting(Output::outputKey, Output::exportName)
                .contains(org.assertj.core.groups.Tuple.tuple("Cluster", "web-cluster"));

        try (ServiceDiscoveryClient cloudMap = ApiTestSupport.cloudMapClient(plane.apiAddress());
             Route53Client route53 = ApiTestSupport.route53Client(plane.apiAddress(), "test", "test");
             var ecs = ApiTestSupport.ecsClient(plane.apiAddress(), "test", "test");
             var elbv2 = ApiTestSupport.client(plane.apiAddress(), "test", "test")) {
            String namespaceId = cfn.describeStackResource(r -> r.stackName("web").logicalResourceId("Namespace"))
                    .stackResourceDetail().physicalResourceId();
            assertThat(cloudMap.getNamespace(r -> r.id(namespaceId)).namespace().name()).isEqualTo("local.example");
            assertThat(cloudMap.listServices().services()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("web");
                assertThat(s.dnsConfig().dnsRecords().get(0).ttl()).isEqualTo(60L);
            });
            assertThat(ecs.describeClusters(r -> r.clusters("web-cluster")).clusters()).singleElement()
                    .satisfies(c -> assertThat(c.status()).isEqualTo("ACTIVE"));
            var task = ecs.describeTaskDefinition(r -> r.taskDefinition("web")).taskDefinition();
            assertThat(task.containerDefinitions().get(0).portMappings().get(0).containerPort()).isEqualTo(8080);
            assertThat(task.containerDefinitions().get(0).environment().get(0).value()).isEqualTo("8080");
            String groupArn = stack.outputs().stream().filter(o -> o.outputKey().equals("Group")).findFirst()
                    .orElseThrow().outputValue();
            var group = elbv2.describeTargetGroups(r -> r.targetGroupArns(groupArn)).targetGroups().get(0);
            assertThat(group.port()).isEqualTo(8080);
            assertThat(group.healthCheckPath()).isEqualTo("/");
            String zoneId = cfn.describeStackResource(r -> r.stackName("web").logicalResourceId("Zone"))
                    .stackResourceDetail().physicalResourceId();
            assertThat(route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets())
                    .extracting(ResourceRecordSet::name, s -> s.typeAsString(), ResourceRecordSet::ttl)
                    .contains(org.assertj.core.groups.Tuple.tuple("api.in.example.com.", "A", 60L),
                            org.assertj.core.groups.Tuple.tuple("www.in.example.com.", "CNAME", 300L));

            // An update in place: the record set group and the Cloud Map service get the new TTL.
            cfn.updateStack(r -> r.stackName("web").usePreviousTemplate(true).parameters(
                    Parameter.builder().parameterKey("Ttl").parameterValue("120").build(),
                    Parameter.builder().parameterKey("Env").usePreviousValue(true).build()));
            waiter.waitUntilStackUpdateComplete(r -> r.stackName("web"));
            assertThat(route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets())
                    .extracting(ResourceRecordSet::name, ResourceRecordSet::ttl)
                    .contains(org.assertj.core.groups.Tuple.tuple("api.in.example.com.", 120L));
            assertThat(cfn.describeStackResource(r -> r.stackName("web").logicalResourceId("Namespace"))
                    .stackResourceDetail().physicalResourceId()).isEqualTo(namespaceId);
            assertThat(cloudMap.listServices().services()).singleElement()
                    .satisfies(s -> assertThat(s.dnsConfig().dnsRecords().get(0).ttl()).isEqualTo(120L));

            // Another stack imports the export.
            cfn.createStack(r -> r.stackName("user").templateBody("""
                    Resources:
                      Role: {Type: AWS::IAM::Role}
                    Outputs:
                      Imported: {Value: !ImportValue web-cluster}
                    """).capabilities(Capability.CAPABILITY_IAM));
            waiter.waitUntilStackCreateComplete(r -> r.stackName("user"));
            assertThat(stack("user").outputs().get(0).outputValue()).endsWith(":cluster/web-cluster");

            assertThat(cfn.getTemplate(r -> r.stackName("web")).templateBody()).isEqualTo(TEMPLATE);
            assertThat(cfn.listStackResources(r -> r.stackName("web")).stackResourceSummaries()).hasSize(7);
            assertThat(cfn.describeStackEvents(r -> r.stackName("web")).stackEvents().get(0).resourceStatusAsString())
                    .isEqualTo("UPDATE_COMPLETE");

            cfn.deleteStack(r -> r.stackName("user"));
            cfn.deleteStack(r -> r.stackName("web"));
            waiter.waitUntilStackDeleteComplete(r -> r.stackName("web"));
            waiter.waitUntilStackDeleteComplete(r -> r.stackName("user"));
            assertThat(cloudMap.listNamespaces().namespaces()).isEmpty();
            assertThat(ecs.listClusters().clusterArns()).noneMatch(a -> a.endsWith("/web-cluster"));
            assertThat(route53.listHostedZones().hostedZones()).isEmpty();
            assertThat(elbv2.describeTargetGroups().targetGroups()).isEmpty();
        }
        assertThat(cfn.listStacks().stackSummaries()).extracting(s -> s.stackStatusAsString())
                .containsOnly("DELETE_COMPLETE");
    }

    @Test
    void errorsUseCloudFormationsCodesAndTexts() {
        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName("roles").templateBody(
                "Resources: {Role: {Type: 'AWS::IAM::Role'}}")))
                .isInstanceOf(InsufficientCapabilitiesException.class)
                .hasMessageStartingWith("Requires capabilities : [CAPABILITY_IAM]");
        cfn.createStack(r -> r.stackName("one").templateBody("Resources: {C: {Type: 'AWS::ECS::Cluster'}}"));
        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName("one").templateBody(
                "Resources: {C: {Type: 'AWS::ECS::Cluster'}}")))
                .isInstanceOf(AlreadyExistsException.class).hasMessageStartingWith("Stack [one] already exists");
        assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("nope")))
                .isInstanceOf(CloudFormationException.class)
                .satisfies(e -> assertThat(((CloudFormationException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationError"))
                .hasMessageStartingWith("Stack with id nope does not exist");
        assertThatThrownBy(() -> cfn.validateTemplate(r -> r.templateBody("Resources:\n  A: [unclosed\n")))
                .hasMessageStartingWith("Template format error: YAML not well-formed. (line 3, column 1)");
        var validated = cfn.validateTemplate(r -> r.templateBody(TEMPLATE));
        assertThat(validated.parameters()).extracting(p -> p.parameterKey() + "=" + p.defaultValue())
                .containsExactly("Ttl=60", "Env=dev");
        cfn.deleteStack(r -> r.stackName("nope"));
        waiter.waitUntilStackCreateComplete(r -> r.stackName("one"));
        assertThatThrownBy(() -> cfn.updateStack(r -> r.stackName("one").usePreviousTemplate(true)))
                .hasMessageStartingWith("No updates are to be performed.");
    }
}
