package dev.ballast.server.publish;

import dev.ballast.control.ec2.DefaultVpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Swarm's {@code docker service} verbs on Ballast's API: a published service is an ECS service (Fargate-style,
 * awsvpc, one container) whose tasks are registered in a target group, which a listener on the published port of a
 * load balancer forwards to. Everything goes through the API (ELBv2 and ECS), as the AWS CLI would; nothing is
 * written behind the server's back.
 *
 * <p>Thread-safe as far as the server is: two creates racing for the same port may both pick it; the second
 * listener is then refused by the API.
 */
public final class ServicePublisher {
    /** The tag that records the published port, read back by {@code ls}. */
    static final String PUBLISHED_TAG = "ballast:published";
    /** The subnet published services name: the default subnet of the first zone (Ballast does not place tasks by subnet). */
    static final String SUBNET = DefaultVpc.subnetId(0);
    /** The deregistration delay of a published service's target group: a task leaves within 5 s, as Swarm's do. */
    static final int DEREGISTRATION_DELAY_SECONDS = 5;

    private final ApiClients api;

    /** A publisher driving the server behind {@code api}. */
    public ServicePublisher(ApiClients api) {
        this.api = api;
    }

    /** What {@link #create} made. */
    public record Published(String serviceArn, String loadBalancerArn, String listenerArn, String targetGroupArn,
                            int publishedPort) {}

    /**
     * Creates the load balancer when missing, the target group, the listener (on a free port from
     * {@value PublishedPort#FIRST_AUTO}-{@value PublishedPort#LAST_AUTO} when none is asked for), the task
     * definition and the service. If a step is refused, what the earlier steps created is deleted again.
     */
    public Published create(PublishSpec spec) {
        // CreateTargetGroup is idempotent on equal settings: a taken name would hand back another service's group,
        // which the rollback below must never delete.
        if (api.ecs().describeServices(b -> b.services(spec.serviceName())).services().stream()
                .anyMatch(s -> !s.status().equals("INACTIVE"))) {
            throw new IllegalArgumentException("service " + spec.serviceName() + " already exists (expected: a new "
                    + "name, or `ballast service rm " + spec.serviceName() + "` first)");
        }
        try {
            api.elb().describeTargetGroups(b -> b.names(spec.targetGroupName()));
            throw new IllegalArgumentException("target group " + spec.targetGroupName() + " already exists "
                    + "(expected: a name no target group has)");
        } catch (TargetGroupNotFoundException expected) {
            // the name is free
        }
        String lbArn = loadBalancer(spec.loadBalancerName(), spec.port().layer4());
        int port = spec.port().published() != null ? spec.port().published() : freePort();
        ProtocolEnum protocol = switch (spec.port().protocol()) {
            case "tcp" -> ProtocolEnum.TCP;
            case "udp" -> ProtocolEnum.UDP;
            default -> ProtocolEnum.HTTP;
        };
        String tgArn = api.elb().createTargetGroup(b -> {
            b.name(spec.targetGroupName()).protocol(protocol).port(spec.port().target()).vpcId("vpc-local")
                    .targetType(TargetTypeEnum.IP).healthCheckIntervalSeconds(5).healthyThresholdCount(2)
                    .unhealthyThresholdCount(2).healthCheckTimeoutSeconds(2);
            if (protocol == ProtocolEnum.HTTP) {
                b.healthCheckPath("/");
            } else {
                b.healthCheckProtocol(ProtocolEnum.TCP);
            }
        }).targetGroups().get(0).targetGroupArn();
        String listenerArn = null;
        try {
            api.elb().modifyTargetGroupAttributes(b -> b.targetGroupArn(tgArn).attributes(TargetGroupAttribute.builder()
                    .key("deregistration_delay.timeout_seconds").value("" + DEREGISTRATION_DELAY_SECONDS).build()));
            listenerArn = api.elb().createListener(b -> b.loadBalancerArn(lbArn).protocol(protocol).port(port)
                    .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tgArn).build()))
                    .listeners().get(0).listenerArn();
            String taskDefinitionArn = registerTaskDefinition(spec);
            String listenerCreated = listenerArn;
            Service service = api.ecs().createService(b -> b.serviceName(spec.serviceName())
                    .taskDefinition(taskDefinitionArn).desiredCount(spec.replicas()).launchType(LaunchType.FARGATE)
                    .networkConfiguration(NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration
                            .builder().subnets(SUBNET).assignPublicIp(AssignPublicIp.DISABLED).build()).build())
                    .loadBalancers(software.amazon.awssdk.services.ecs.model.LoadBalancer.builder()
                            .targetGroupArn(tgArn).containerName(spec.serviceName())
                            .containerPort(spec.port().target()).build())
                    .tags(Tag.builder().key(PUBLISHED_TAG).value(spec.port().describe(port)).build()))
                    .service();
            return new Published(service.serviceArn(), lbArn, listenerCreated, tgArn, port);
        } catch (RuntimeException e) {
            if (listenerArn != null) {
                String created = listenerArn;
                quietly(() -> api.elb().deleteListener(b -> b.listenerArn(created)));
            }
            quietly(() -> api.elb().deleteTargetGroup(b -> b.targetGroupArn(tgArn)));
            throw e;
        }
    }

    private String registerTaskDefinition(PublishSpec spec) {
        ContainerDefinition.Builder container = ContainerDefinition.builder().name(spec.serviceName())
                .image(spec.image()).essential(true)
                .portMappings(PortMapping.builder().containerPort(spec.port().target())
                        .protocol(spec.port().protocol().equals("udp") ? TransportProtocol.UDP : TransportProtocol.TCP)
                        .build())
                .environment(spec.environment().entrySet().stream()
                        .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build()).toList());
        if (!spec.command().isEmpty()) {
            container.command(spec.command());
        }
        return api.ecs().registerTaskDefinition(b -> b.family(spec.serviceName()).networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .containerDefinitions(container.build())).taskDefinition().taskDefinitionArn();
    }

    /** The ARN of load balancer {@code name}, created (internet-facing) when there is none. */
    private String loadBalancer(String name, boolean network) {
        try {
            return api.elb().describeLoadBalancers(b -> b.names(name)).loadBalancers().get(0).loadBalancerArn();
        } catch (LoadBalancerNotFoundException e) {
            return api.elb().createLoadBalancer(b -> b.name(name).subnets(SUBNET)
                    .type(network ? LoadBalancerTypeEnum.NETWORK : LoadBalancerTypeEnum.APPLICATION))
                    .loadBalancers().get(0).loadBalancerArn();
        }
    }

    /**
     * The first port of {@value PublishedPort#FIRST_AUTO}-{@value PublishedPort#LAST_AUTO} that no listener uses
     * and that is free on this host.
     */
    private int freePort() {
        Set<Integer> used = new HashSet<>();
        for (LoadBalancer lb : api.elb().describeLoadBalancersPaginator(b -> { }).loadBalancers()) {
            api.elb().describeListenersPaginator(b -> b.loadBalancerArn(lb.loadBalancerArn())).listeners()
                    .forEach(l -> used.add(l.port()));
        }
        for (int port = PublishedPort.FIRST_AUTO; port <= PublishedPort.LAST_AUTO; port++) {
            if (!used.contains(port) && freeOnHost(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + PublishedPort.FIRST_AUTO + "-" + PublishedPort.LAST_AUTO
                + " (expected: one not used by a listener or another program; publish one with --publish P:T)");
    }

    private static boolean freeOnHost(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One row of {@code ballast service ls}. */
    public record ServiceRow(String name, String status, int running, int desired, String image, String ports) {}

    /** The ACTIVE services of the default cluster, in the API's order. */
    public List<ServiceRow> list() {
        List<String> arns = new ArrayList<>();
        api.ecs().listServicesPaginator(b -> { }).serviceArns().forEach(arns::add);
        List<ServiceRow> rows = new ArrayList<>();
        for (int from = 0; from < arns.size(); from += 10) {
            List<String> batch = arns.subList(from, Math.min(arns.size(), from + 10));
            for (Service s : api.ecs().describeServices(b -> b.services(batch).includeWithStrings("TAGS")).services()) {
                rows.add(new ServiceRow(s.serviceName(), s.status(), s.runningCount(), s.desiredCount(),
                        image(s.taskDefinition()), tag(s.tags(), PUBLISHED_TAG)));
            }
        }
        return rows;
    }

    private String image(String taskDefinitionArn) {
        return api.ecs().describeTaskDefinition(b -> b.taskDefinition(taskDefinitionArn)).taskDefinition()
                .containerDefinitions().get(0).image();
    }

    private static String tag(List<Tag> tags, String key) {
        return tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse("");
    }

    /** The tasks of service {@code name}: running ones, then recently stopped ones. */
    public List<Task> tasks(String name) {
        requireService(name);
        List<String> arns = new ArrayList<>();
        api.ecs().listTasksPaginator(b -> b.serviceName(name)).taskArns().forEach(arns::add);
        api.ecs().listTasksPaginator(b -> b.serviceName(name).desiredStatus(DesiredStatus.STOPPED)).taskArns()
                .forEach(arns::add);
        List<Task> tasks = new ArrayList<>();
        for (int from = 0; from < arns.size(); from += 100) {
            List<String> batch = arns.subList(from, Math.min(arns.size(), from + 100));
            tasks.addAll(api.ecs().describeTasks(b -> b.tasks(batch)).tasks());
        }
        return tasks;
    }

    /** Sets service {@code name}'s desired count. */
    public void scale(String name, int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException(name + "=" + replicas + " (expected: 0 or more replicas)");
        }
        api.ecs().updateService(b -> b.service(name).desiredCount(replicas));
    }

    /**
     * Removes service {@code name}: deletes the service (its tasks are deregistered, drained and stopped), the
     * listener that forwards to its target group, then, once the tasks are gone (at most {@code wait}), the target
     * group and the task definition revision.
     */
    public void remove(String name, Duration wait) throws InterruptedException {
        Service service = requireService(name);
        api.ecs().deleteService(b -> b.service(name).force(true));
        List<String> groups = service.loadBalancers().stream()
                .map(software.amazon.awssdk.services.ecs.model.LoadBalancer::targetGroupArn).toList();
        for (String tgArn : groups) {
            for (String lbArn : api.elb().describeTargetGroups(b -> b.targetGroupArns(tgArn)).targetGroups().get(0)
                    .loadBalancerArns()) {
                for (Listener l : api.elb().describeListeners(b -> b.loadBalancerArn(lbArn)).listeners()) {
                    if (l.defaultActions().stream().anyMatch(a -> tgArn.equals(a.targetGroupArn()))) {
                        api.elb().deleteListener(b -> b.listenerArn(l.listenerArn()));
                    }
                }
            }
        }
        awaitInactive(name, wait);
        for (String tgArn : groups) {
            api.elb().deleteTargetGroup(b -> b.targetGroupArn(tgArn));
        }
        api.ecs().deregisterTaskDefinition(b -> b.taskDefinition(service.taskDefinition()));
    }

    /** Waits until service {@code name} is INACTIVE (its tasks are gone); false if {@code timeout} passes first. */
    public boolean awaitInactive(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (api.ecs().describeServices(b -> b.services(name)).services().stream()
                    .allMatch(s -> s.status().equals("INACTIVE"))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The task's id: the last part of its ARN. */
    public static String taskId(Task task) {
        return task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
    }

    /**
     * Where the task is reached: its own address (awsvpc), else its first published {@code address:port} (bridge),
     * else the empty string.
     */
    public static String taskAddress(Task task) {
        for (Container c : task.containers()) {
            if (!c.networkInterfaces().isEmpty()) {
                return c.networkInterfaces().get(0).privateIpv4Address();
            }
            if (!c.networkBindings().isEmpty()) {
                return c.networkBindings().get(0).bindIP() + ":" + c.networkBindings().get(0).hostPort();
            }
        }
        return "";
    }

    /**
     * Waits until target group {@code tgArn} has {@code count} healthy targets; false if {@code timeout} passes
     * first.
     */
    public boolean awaitHealthy(String tgArn, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<TargetHealthDescription> rows = api.elb().describeTargetHealth(b -> b.targetGroupArn(tgArn))
                    .targetHealthDescriptions();
            if (rows.stream().filter(r -> r.targetHealth().state() == TargetHealthStateEnum.HEALTHY).count() >= count) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The ACTIVE service {@code name} of the default cluster. */
    private Service requireService(String name) {
        List<Service> found = api.ecs().describeServices(b -> b.services(name)).services();
        if (found.isEmpty() || !found.get(0).status().equals("ACTIVE")) {
            throw new IllegalArgumentException("service " + name + " not found (expected: a name `ballast service ls` "
                    + "shows)");
        }
        return found.get(0);
    }

    private static void quietly(Runnable undo) {
        try {
            undo.run();
        } catch (RuntimeException ignored) {
            // the original failure is what the user needs to see
        }
    }
}
