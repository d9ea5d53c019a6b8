package dev.ballast.server.api;

import static dev.ballast.server.api.EcsTestSupport.assertEcsError;
import static dev.ballast.server.api.EcsTestSupport.awsvpc;
import static dev.ballast.server.api.EcsTestSupport.cli;
import static dev.ballast.server.api.EcsTestSupport.registerWeb;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.TaskCommands;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/** The ECS service operations driven by the AWS SDK for Java v2's ECS client and by the AWS CLI v2. */
@Timeout(180)
class EcsServiceSdkTest {
    private static final String SERVICE_ARN = "arn:aws:ecs:us-east-1:000000000000:service/";
    private static final String TD_ARN = "arn:aws:ecs:us-east-1:000000000000:task-definition/";

    @RegisterExtension
    final EcsApiFixture api = new EcsApiFixture();

    /** A target group of {@code type}, forwarded to by an ALB listener when {@code withListener}. */
    private String targetGroup(String name, TargetTypeEnum type, boolean withListener) {
        String tg = api.elb().createTargetGroup(r -> r.name(name).protocol(ProtocolEnum.HTTP).port(80).targetType(type))
                .targetGroups().get(0).targetGroupArn();
        if (withListener) {
            String lb = api.elb().createLoadBalancer(r -> r.name(name + "-lb").type(LoadBalancerTypeEnum.APPLICATION)
                    .subnets("subnet-0ba11a5700000000a", "subnet-0ba11a5700000000b")).loadBalancers().get(0).loadBalancerArn();
            api.elb().createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP)
                    .port(ApiTestSupport.freePort())
                    .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build()));
        }
        return tg;
    }

    private static LoadBalancer lb(String tg, String container, int port) {
        return LoadBalancer.builder().targetGroupArn(tg).containerName(container).containerPort(port).build();
    }

    private CreateServiceRequest.Builder fargateWeb(String name, String tg, int desired) {
        return CreateServiceRequest.builder().serviceName(name).taskDefinition("web").desiredCount(desired)
                .launchType(LaunchType.FARGATE).networkConfiguration(awsvpc()).loadBalancers(lb(tg, "web", 80));
    }

    @Test
    void createDescribeListUpdateAndDeleteAService() {
        registerWeb(api.ecs(), "web", NetworkMode.AWSVPC);
        String tg = targetGroup("web-tg", TargetTypeEnum.IP, true);

        Service created = api.ecs().createService(fargateWeb("web", tg, 3).healthCheckGracePeriodSeconds(30)
                .tags(Tag.builder().key("team").value("a").build()).build()).service();
        assertThat(created.serviceArn()).isEqualTo(SERVICE_ARN + "default/web");
        assertThat(created.clusterArn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:cluster/default");
        assertThat(created.status()).isEqualTo("ACTIVE");
        assertThat(created.desiredCount()).isEqualTo(3);
        assertThat(created.runningCount()).isZero();
        assertThat(created.pendingCount()).isZero();
        assertThat(created.launchType()).isEqualTo(LaunchType.FARGATE);
        assertThat(created.platformVersion()).isEqualTo("LATEST");
        assertThat(created.taskDefinition()).isEqualTo(TD_ARN + "web:1");
        assertThat(created.loadBalancers()).containsExactly(lb(tg, "web", 80));
        assertThat(created.networkConfiguration()).isEqualTo(awsvpc());
        assertThat(created.healthCheckGracePeriodSeconds()).isEqualTo(30);
        assertThat(created.schedulingStrategyAsString()).isEqualTo("REPLICA");
        assertThat(created.deploymentController().typeAsString()).isEqualTo("ECS");
        assertThat(created.deploymentConfiguration().maximumPercent()).isEqualTo(200);
        assertThat(created.deploymentConfiguration().minimumHealthyPercent()).isEqualTo(100);
        assertThat(created.deploymentConfiguration().deploymentCircuitBreaker().enable()).isFalse();
        assertThat(created.events()).isEmpty();
        assertThat(created.tags()).containsExactly(Tag.builder().key("team").value("a").build());
        assertThat(created.createdAt()).isNotNull();
        Deployment primary = created.deployments().get(0);
        assertThat(created.deployments()).hasSize(1);
        assertThat(primary.id()).matches("ecs-svc/[1-9][0-9]{18}");
        assertThat(primary.status()).isEqualTo("PRIMARY");
        assertThat(primary.taskDefinition()).isEqualTo(TD_ARN + "web:1");
        assertThat(primary.desiredCount()).isEqualTo(3);
        assertThat(primary.runningCount()).isZero();
        assertThat(primary.pendingCount()).isZero();
        assertThat(primary.rolloutStateAsString()).isEqualTo("IN_PROGRESS");
        assertThat(primary.platformVersion()).isEqualTo("1.4.0");

        // the same request again is idempotent; a different one is not
        assertThat(api.ecs().createService(fargateWeb("web", tg, 3).healthCheckGracePeriodSeconds(30).build()).service()
                .deployments()).extracting(Deployment::id).containsExactly(primary.id());
        assertEcsError(() -> api.ecs().createService(fargateWeb("web", tg, 4).build()), "InvalidParameterException",
                "Creation of service was not idempotent.");

        // a desired count change keeps the deployment
        Service scaled = api.ecs().updateService(r -> r.service("web").desiredCount(5)).service();
        assertThat(scaled.desiredCount()).isEqualTo(5);
        assertThat(scaled.deployments()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(primary.id());
            assertThat(d.desiredCount()).isEqualTo(5);
        });
        // a forced deployment adds a PRIMARY and demotes the old one to ACTIVE
        Service forced = api.ecs().updateService(r -> r.service(SERVICE_ARN + "default/web").forceNewDeployment(true))
                .service();
        assertThat(forced.deployments()).extracting(Deployment::status).containsExactly("PRIMARY", "ACTIVE");
        assertThat(forced.deployments().get(1).id()).isEqualTo(primary.id());
        assertThat(forced.deployments().get(0).desiredCount()).isEqualTo(5);
        // a new task definition too; settings that start no deployment just change
        registerWeb(api.ecs(), "web", NetworkMode.AWSVPC);
        Service redeployed = api.ecs().updateService(r -> r.service("web").taskDefinition("web:2")
                .healthCheckGracePeriodSeconds(60).deploymentConfiguration(c -> c.maximumPercent(150))).service();
        assertThat(redeployed.taskDefinition()).isEqualTo(TD_ARN + "web:2");
        assertThat(redeployed.deployments()).extracting(Deployment::status)
                .containsExactly("PRIMARY", "ACTIVE", "ACTIVE");
        assertThat(redeployed.deployments().get(0).taskDefinition()).isEqualTo(TD_ARN + "web:2");
        assertThat(redeployed.healthCheckGracePeriodSeconds()).isEqualTo(60);
        assertThat(redeployed.deploymentConfiguration().maximumPercent()).isEqualTo(150);
        assertThat(redeployed.deploymentConfiguration().minimumHealthyPercent()).isEqualTo(100);
        assertThat(api.ecs().updateService(r -> r.service("web")
                .deploymentConfiguration(c -> c.minimumHealthyPercent(50)))
                .service().deployments()).hasSize(3);

        api.ecs().createService(fargateWeb("api", tg, 0).build());
        assertThat(api.ecs().listServices().serviceArns()).containsExactly(SERVICE_ARN + "default/web",
                SERVICE_ARN + "default/api");

        assertEcsError(() -> api.ecs().deleteService(r -> r.service("web")), "InvalidParameterException",
                "The service cannot be stopped while it is scaled above 0.");
        // no task of it is left, so it is INACTIVE at once; it stays describable but is no longer listed
        Service deleted = api.ecs().deleteService(r -> r.service("web").force(true)).service();
        assertThat(deleted.status()).isEqualTo("INACTIVE");
        assertThat(deleted.desiredCount()).isZero();
        Service deletedApi = api.ecs().deleteService(r -> r.service("api")).service();
        assertThat(deletedApi.status()).isEqualTo("INACTIVE");
        assertThat(api.ecs().listServices().serviceArns()).isEmpty();
        DescribeServicesResponse described = api.ecs().describeServices(r -> r.services("web", "nope")
                .include(ServiceField.TAGS));
        assertThat(described.services()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo("INACTIVE");
            assertThat(s.tags()).containsExactly(Tag.builder().key("team").value("a").build());
        });
        assertThat(described.failures()).singleElement().satisfies(f -> {
            assertThat(f.arn()).isEqualTo(SERVICE_ARN + "default/nope");
            assertThat(f.reason()).isEqualTo("MISSING");
        });
        assertEcsError(() -> api.ecs().updateService(r -> r.service("web").desiredCount(1)),
                "ServiceNotActiveException",
                "Service was not ACTIVE.");
        assertEcsError(() -> api.ecs().deleteService(r -> r.service("web")), "ServiceNotActiveException",
                "Service was not ACTIVE.");
        // the name of an INACTIVE service can be used again
        assertThat(api.ecs().createService(fargateWeb("web", tg, 1).build()).service().status()).isEqualTo("ACTIVE");
    }

    @Test
    void badServicesAreRefusedWithEcsMessagesAndChangeNothing() {
        registerWeb(api.ecs(), "web", NetworkMode.AWSVPC);
        registerWeb(api.ecs(), "bridged", NetworkMode.BRIDGE);
        String tg = targetGroup("ip-tg", TargetTypeEnum.IP, true);
        String lonely = targetGroup("lonely-tg", TargetTypeEnum.IP, false);
        String instances = targetGroup("instance-tg", TargetTypeEnum.INSTANCE, true);

        assertEcsError(() -> api.ecs().createService(fargateWeb("web", tg, 1).cluster("nope").build()),
                "ClusterNotFoundException", "Cluster not found.");
        assertEcsError(() -> api.ecs().createService(fargateWeb("web", tg, 1).networkConfiguration(
                (software.amazon.awssdk.services.ecs.model.NetworkConfiguration) null).build()),
                "InvalidParameterException",
                "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        assertEcsError(() -> api.ecs().createService(fargateWeb("web", tg, 1).loadBalancers(lb(tg, "app", 80)).build()),
                "InvalidParameterException", "The container app does not exist in the task definition.");
        assertEcsError(() -> api.ecs().createService(fargateWeb("web", tg, 1).loadBalancers(lb(tg, "web", 8080))
                .build()),
                "InvalidParameterException", "The container web did not have a container port 8080 defined.");
        assertEcsError(() -> api.ecs().createService(fargateWeb("web", lonely, 1).build()), "InvalidParameterException",
                "The target group with targetGroupArn " + lonely + " does not have an associated load balancer.");
        assertEcsError(() -> api.ecs().createService(fargateWeb("web", instances, 1).build()),
                "InvalidParameterException", "The provided target group " + instances + " has target type instance, "
                        + "which is incompatible with the awsvpc network mode specified in the task definition.");
        assertEcsError(() -> api.ecs().createService(fargateWeb("web", tg, 1).taskDefinition("bridged")
                .networkConfiguration((software.amazon.awssdk.services.ecs.model.NetworkConfiguration) null)
                .launchType(LaunchType.EC2).loadBalancers(lb(tg, "web", 80)).build()), "InvalidParameterException",
                "The provided target group " + tg + " has target type ip, which is incompatible with the bridge "
                        + "network mode specified in the task definition.");
        assertEcsError(() -> api.ecs().createService(fargateWeb("web", tg, 1).taskDefinition("bridged").build()),
                "InvalidParameterException", "Task definition does not support launch_type FARGATE.");
        assertEcsError(() -> api.ecs().createService(fargateWeb("web", tg, 1).taskDefinition("bridged")
                .launchType(LaunchType.EC2).loadBalancers(List.of()).build()), "InvalidParameterException",
                "Network Configuration is not valid for the given networkMode of this task definition.");
        assertEcsError(() -> api.ecs().createService(fargateWeb("web", tg, 1).taskDefinition("nope").build()),
                "ClientException", "TaskDefinition not found.");
        api.ecs().deregisterTaskDefinition(r -> r.taskDefinition("bridged:1"));
        assertEcsError(() -> api.ecs().createService(fargateWeb("web", tg, 1).taskDefinition("bridged:1").build()),
                "InvalidParameterException", "TaskDefinition is inactive");
        assertEcsError(() -> api.ecs().createService(fargateWeb("web", tg, -1).build()), "InvalidParameterException",
                "desiredCount: -1 (expected: 0 or more)");
        assertEcsError(() -> api.ecs().createService(fargateWeb("web", tg, 1).deploymentConfiguration(c -> c
                .minimumHealthyPercent(120)).build()), "InvalidParameterException",
                "deploymentConfiguration.minimumHealthyPercent: 120 (expected: 0-100)");
        assertEcsError(() -> api.ecs().createService(fargateWeb("web", tg, 1).deploymentConfiguration(c -> c
                .maximumPercent(50)).build()), "InvalidParameterException",
                "deploymentConfiguration.maximumPercent: 50 (expected: 100 or more)");
        assertEcsError(() -> api.ecs().createService(fargateWeb("bad name", tg, 1).build()),
                "InvalidParameterException",
                "serviceName: bad name (expected: up to 255 letters, numbers, hyphens and underscores)");
        assertEcsError(() -> api.ecs().createService(fargateWeb("web", tg, 1).networkConfiguration(n -> n
                .awsvpcConfiguration(a -> a.securityGroups("sg-1"))).build()), "InvalidParameterException",
                "subnets can not be empty.");
        assertThat(api.ecs().listServices().serviceArns()).isEmpty();

        api.ecs().createService(fargateWeb("web", tg, 1).build());
        assertEcsError(() -> api.ecs().updateService(r -> r.service("nope").desiredCount(1)),
                "ServiceNotFoundException",
                "Service not found.");
        assertEcsError(() -> api.ecs().updateService(r -> r.service("web").loadBalancers(lb(instances, "web", 80))),
                "InvalidParameterException", "The provided target group " + instances + " has target type instance, "
                        + "which is incompatible with the awsvpc network mode specified in the task definition.");
        assertEcsError(() -> api.ecs().updateService(r -> r.service("web").taskDefinition("bridged:1")),
                "InvalidParameterException", "TaskDefinition is inactive");
        assertEcsError(() -> api.ecs().describeServices(r -> r.services("web").includeWithStrings("EVERYTHING")),
                "InvalidParameterException", "include: EVERYTHING (expected: one of [TAGS])");
        assertEcsError(() -> api.ecs().deleteService(r -> r.service("nope")), "ServiceNotFoundException",
                "Service not found.");
        assertEcsError(() -> api.ecs().describeServices(r -> r.cluster("nope").services("web")),
                "ClusterNotFoundException", "Cluster not found.");
        assertEcsError(() -> api.ecs().listServices(r -> r.cluster("nope")), "ClusterNotFoundException",
                "Cluster not found.");
        assertThat(api.ecs().describeServices(r -> r.services("web")).services().get(0).deployments()).hasSize(1);
    }

    @Test
    void listServicesPagesTenByDefault() {
        registerWeb(api.ecs(), "web", NetworkMode.BRIDGE);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = "s" + i;
            api.ecs().createService(r -> r.serviceName(name).taskDefinition("web").desiredCount(0));
            expected.add(SERVICE_ARN + "default/" + name);
        }
        var first = api.ecs().listServices();
        assertThat(first.serviceArns()).containsExactlyElementsOf(expected.subList(0, 10));
        assertThat(api.ecs().listServices(r -> r.nextToken(first.nextToken())).serviceArns())
                .containsExactlyElementsOf(expected.subList(10, 12));
        List<String> all = new ArrayList<>();
        api.ecs().listServicesPaginator(r -> r.maxResults(5)).serviceArns().forEach(all::add);
        assertThat(all).containsExactlyElementsOf(expected);
        assertEcsError(() -> api.ecs().listServices(r -> r.maxResults(101)), "InvalidParameterException",
                "maxResults: 101 (expected: 1-100)");
    }

    @Test
    void servicesAndTheirTaskCountsSurviveARestartAndADeleteDrains() throws Exception {
        registerWeb(api.ecs(), "web", NetworkMode.BRIDGE);
        api.ecs().createCluster(r -> r.clusterName("prod"));
        Service created = api.ecs().createService(r -> r.cluster("prod").serviceName("web").taskDefinition("web")
                .desiredCount(2)).service();
        String deployment = created.deployments().get(0).id();
        // the scheduler's part, played here: two tasks of the service, one running and one pending
        api.restart(() -> EcsTestSupport.recordObserved(api.dataDir(), draft -> {
            var definition = draft.taskDefinitions().get("web:1");
            for (String status : List.of("RUNNING", "PENDING")) {
                EcsTask task = TaskCommands.provisioning(new dev.ballast.control.ecs.EcsIds(
                        new java.security.SecureRandom()), "prod", definition, "service:web", deployment, "web",
                        deployment, "EC2", List.of(), null, "process", List.of(), System.currentTimeMillis());
                draft.tasks().put(task.key(), EcsTestSupport.observed(task, status, null));
            }
        }));

        Service described = api.ecs().describeServices(r -> r.cluster("prod").services("web")).services().get(0);
        assertThat(described.deployments()).extracting(Deployment::id).containsExactly(deployment);
        assertThat(described.runningCount()).isEqualTo(1);
        assertThat(described.pendingCount()).isEqualTo(1);
        assertThat(described.deployments().get(0).runningCount()).isEqualTo(1);
        assertThat(described.deployments().get(0).pendingCount()).isEqualTo(1);
        var cluster = api.ecs().describeClusters(r -> r.clusters("prod")).clusters().get(0);
        assertThat(cluster.activeServicesCount()).isEqualTo(1);
        assertThat(cluster.runningTasksCount()).isEqualTo(1);
        assertThat(cluster.pendingTasksCount()).isEqualTo(1);
        assertEcsError(() -> api.ecs().deleteCluster(r -> r.cluster("prod")), "ClusterContainsServicesException",
                "The Cluster cannot be deleted while Services are active.");

        // tasks are left, so a forced delete drains: DRAINING until the scheduler has stopped them
        Service draining = api.ecs().deleteService(r -> r.cluster("prod").service("web").force(true)).service();
        assertThat(draining.status()).isEqualTo("DRAINING");
        assertThat(draining.desiredCount()).isZero();
        assertThat(api.ecs().listServices(r -> r.cluster("prod")).serviceArns()).isEmpty();
        assertThat(api.ecs().describeServices(r -> r.cluster("prod").services("web")).services().get(0).status())
                .isEqualTo("DRAINING");
        assertThat(api.ecs().describeClusters(r -> r.clusters("prod")).clusters().get(0).activeServicesCount())
                .isZero();
        assertEcsError(() -> api.ecs().deleteCluster(r -> r.cluster("prod")), "ClusterContainsServicesException",
                "The Cluster cannot be deleted while Services are active.");
        assertEcsError(() -> api.ecs().deleteService(r -> r.cluster("prod").service("web").force(true)),
                "ServiceNotActiveException", "Service was not ACTIVE.");
        // a DRAINING service is a terminal failure of services-stable, a missing one of services-inactive
        assertThat(EcsTestSupport.cliFailure(api.api(), "wait", "services-stable", "--cluster", "prod",
                "--services", "web")).contains("terminal failure state");
        assertThat(EcsTestSupport.cliFailure(api.api(), "wait", "services-inactive", "--cluster", "prod",
                "--services", "nope")).contains("terminal failure state");
    }

    @Test
    void theCliCreatesWaitsForAndDeletesAService() throws Exception {
        registerWeb(api.ecs(), "web", NetworkMode.AWSVPC);
        String tg = targetGroup("cli-tg", TargetTypeEnum.IP, true);
        String created = cli(api.api(), "create-service", "--service-name", "web", "--task-definition",
                "web", "--desired-count", "0", "--launch-type", "FARGATE", "--network-configuration",
                "awsvpcConfiguration={subnets=[subnet-0ba11a5700000000a],assignPublicIp=ENABLED}", "--load-balancers",
                "targetGroupArn=" + tg + ",containerName=web,containerPort=80");
        assertThat(created).contains("\"serviceArn\": \"" + SERVICE_ARN + "default/web\"")
                .contains("\"rolloutState\": \"IN_PROGRESS\"");
        // one deployment and runningCount == desiredCount (0): stable on the first poll
        cli(api.api(), "wait", "services-stable", "--services", "web");
        assertThat(cli(api.api(), "list-services")).contains(SERVICE_ARN + "default/web");
        String deleted = cli(api.api(), "delete-service", "--service", "web");
        assertThat(deleted).contains("\"status\": \"INACTIVE\"");
        cli(api.api(), "wait", "services-inactive", "--services", "web");
        assertThat(cli(api.api(), "describe-services", "--services", "web"))
                .contains("\"status\": \"INACTIVE\"");
    }
}
