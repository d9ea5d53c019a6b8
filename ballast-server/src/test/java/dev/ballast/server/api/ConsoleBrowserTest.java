package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.server.ControlPlane;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * The web console in headless Chromium against a real control plane: what is created through the API (with the
 * AWS SDK, as users do) shows on the page, target health changes on screen as the target's real server stops, and
 * the page's actions change the state the API reports.
 */
class ConsoleBrowserTest {
    @TempDir
    static Path dataDir;
    private static ControlPlane plane;
    private static ElasticLoadBalancingV2Client elb;
    private static EcsClient ecs;
    private static HeadlessChromium chromium;
    private HttpServer target;

    @BeforeAll
    static void start() {
        // no task scheduling: the ECS service's counts are the API's alone, no task has to run for them
        plane = ControlPlane.start(new ControlPlane.Options(dataDir, "127.0.0.1", 0, "127.0.0.1", Map.of(), 1)
                .withoutTaskScheduling());
        elb = ApiTestSupport.client(plane.apiAddress(), "console", "test");
        ecs = ApiTestSupport.ecsClient(plane.apiAddress(), "console", "test");
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        elb.close();
        ecs.close();
        plane.close();
    }

    @AfterEach
    void stopTarget() {
        if (target != null) {
            target.stop(0);
        }
    }

    private static String console(String fragment) {
        return "http://127.0.0.1:" + plane.apiAddress().getPort() + "/console/#/" + fragment;
    }

    private static String encoded(String arn) {
        return URLEncoder.encode(arn, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A target group checked every 5 s (healthy/unhealthy after 2) behind a new load balancer's HTTP listener. */
    private static String[] groupBehindLoadBalancer(String name) {
        String tg = elb.createTargetGroup(r -> r.name(name + "-tg").protocol(ProtocolEnum.HTTP).port(80)
                .vpcId("vpc-local").targetType(TargetTypeEnum.IP).healthCheckIntervalSeconds(5)
                .healthCheckTimeoutSeconds(2).healthyThresholdCount(2).unhealthyThresholdCount(2))
                .targetGroups().get(0).targetGroupArn();
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(TargetGroupAttribute.builder()
                .key("deregistration_delay.timeout_seconds").value("0").build()));
        String lb = elb.createLoadBalancer(r -> r.name(name + "-lb").subnets("subnet-0ba11a5700000000a", "subnet-0ba11a5700000000b"))
                .loadBalancers().get(0).loadBalancerArn();
        int port = ApiTestSupport.freePort();
        elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(port).defaultActions(
                Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build()));
        return new String[] {tg, lb};
    }

    /** Starts a real HTTP target answering {@code name}, registers it in {@code group}; answers its port. */
    private int registerServedTarget(String group, String name) {
        target = ApiTestSupport.target(name);
        int port = target.getAddress().getPort();
        elb.registerTargets(r -> r.targetGroupArn(group).targets(TargetDescription.builder().id("127.0.0.1")
                .port(port).build()));
        return port;
    }

    @Test
    void theLoadBalancerCreatedThroughTheApiIsListedWithItsListenerAndRule() {
        String[] created = groupBehindLoadBalancer("listed");
        LoadBalancer lb = elb.describeLoadBalancers(r -> r.loadBalancerArns(created[1])).loadBalancers().get(0);

        chromium.open(console("load-balancers"));
        String row = "tr[data-name='listed-lb'] ";
        chromium.awaitText(row + "td.dns", lb.dnsName());
        assertThat(chromium.textNow(row + "td.state")).isEqualTo(lb.state().codeAsString());
        assertThat(chromium.textNow(row + "td:nth-child(4)")).isEqualTo("internet-facing");
        assertThat(chromium.textNow(row + "td:nth-child(5)")).isEqualTo("application");

        chromium.element(row + "td.name a").click();
        WebElement listeners = chromium.element("#listeners .listener");
        assertThat(listeners.getText()).startsWith("HTTP:").contains("default").contains("forward to listed-tg");
        assertThat(chromium.element("#monitoring figure.chart figcaption").getText()).isEqualTo("Requests");
    }

    @Test
    void aTargetTurnsFromHealthyToUnhealthyOnScreenWhenItsServerStops() {
        String[] created = groupBehindLoadBalancer("health");
        int port = registerServedTarget(created[0], "t1");
        chromium.open(console("target-groups/" + encoded(created[0])));
        String row = "tr[data-target='127.0.0.1:" + port + "'] ";
        chromium.awaitText(row + "td.health", "healthy");

        target.stop(0);
        target = null;
        chromium.awaitText(row + "td.health", "unhealthy");
        // the reason and description the API reports for the target, shown as they are
        var health = elb.describeTargetHealth(r -> r.targetGroupArn(created[0])).targetHealthDescriptions().get(0)
                .targetHealth();
        assertThat(chromium.textNow(row + "td.reason")).isEqualTo(health.reasonAsString())
                .isEqualTo("Target.FailedHealthChecks");
        assertThat(chromium.textNow(row + "td.description")).isEqualTo(health.description()).isNotEmpty();
    }

    @Test
    void theDeregisterButtonDeregistersTheTarget() {
        String[] created = groupBehindLoadBalancer("dereg");
        int port = registerServedTarget(created[0], "t2");
        chromium.open(console("target-groups/" + encoded(created[0])));
        String row = "tr[data-target='127.0.0.1:" + port + "'] ";
        chromium.element(row + "button.deregister").click();

        chromium.await("the target deregistered, as the API reports", d -> elb.describeTargetHealth(
                r -> r.targetGroupArn(created[0])).targetHealthDescriptions().isEmpty());
        chromium.await("the target gone from the page", d -> d.findElements(By.cssSelector(row)).isEmpty());
        assertThat(chromium.element("#message").getText()).isEqualTo("Deregistering 127.0.0.1:" + port + ": done.");
    }

    @Test
    void registeringAnInvalidTargetShowsTheApiErrorMessageAndChangesNothing() {
        String[] created = groupBehindLoadBalancer("badreg");
        String apiMessage;
        try {
            elb.registerTargets(r -> r.targetGroupArn(created[0]).targets(TargetDescription.builder()
                    .id("127.0.0.1").port(70000).build()));
            throw new AssertionError("port 70000 was accepted");
        } catch (ElasticLoadBalancingV2Exception e) {
            apiMessage = e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
        }

        chromium.open(console("target-groups/" + encoded(created[0])));
        chromium.element("#register-id").sendKeys("127.0.0.1");
        chromium.element("#register-port").sendKeys("70000");
        chromium.element("#register-submit").click();
        chromium.awaitText("#message.error", "Registering 127.0.0.1 failed: " + apiMessage);
        assertThat(elb.describeTargetHealth(r -> r.targetGroupArn(created[0])).targetHealthDescriptions()).isEmpty();
    }

    @Test
    void aServicesDesiredCountIsChangedFromThePageAndABadCountShowsTheApiError() {
        ecs.createCluster(r -> r.clusterName("console"));
        String taskDefinition = EcsTestSupport.registerWeb(ecs, "web", NetworkMode.BRIDGE);
        ecs.createService(r -> r.cluster("console").serviceName("web-svc").taskDefinition(taskDefinition)
                .desiredCount(1).launchType(LaunchType.EC2));

        chromium.open(console("ecs/console"));
        String section = "section.service[data-service='web-svc'] ";
        WebElement count = chromium.element(section + "input.desired-input");
        count.clear();
        count.sendKeys("3");
        chromium.element(section + "button.desired-submit").click();
        chromium.await("desired count 3, as the API reports", d -> ecs.describeServices(r -> r.cluster("console")
                .services("web-svc")).services().get(0).desiredCount() == 3);
        chromium.await("desired 3 on the page", d -> {
            String counts = chromium.textNow(section + ".counts");
            return counts != null && counts.startsWith("desired 3 ");
        });

        String apiMessage;
        try {
            ecs.updateService(r -> r.cluster("console").service("web-svc").desiredCount(-1));
            throw new AssertionError("a negative desired count was accepted");
        } catch (EcsException e) {
            apiMessage = e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
        }
        WebElement again = chromium.element(section + "input.desired-input");
        again.clear();
        again.sendKeys("-1");
        chromium.element(section + "button.desired-submit").click();
        chromium.awaitText("#message.error", "Setting the desired count of web-svc to -1 failed: " + apiMessage);
        assertThat(ecs.describeServices(r -> r.cluster("console").services("web-svc")).services().get(0)
                .desiredCount()).isEqualTo(3);
    }

    @Test
    void aTaskIsStoppedFromThePage() {
        ecs.createCluster(r -> r.clusterName("stopper"));
        String taskDefinition = EcsTestSupport.registerWeb(ecs, "job", NetworkMode.BRIDGE);
        String taskArn = ecs.runTask(r -> r.cluster("stopper").taskDefinition(taskDefinition)).tasks().get(0)
                .taskArn();
        String id = taskArn.substring(taskArn.lastIndexOf('/') + 1);

        chromium.open(console("ecs/stopper"));
        chromium.element("tr[data-task='" + id + "'] button.stop-task").click();
        chromium.await("the task asked to stop, as the API reports", d -> ecs.describeTasks(r -> r.cluster("stopper")
                .tasks(taskArn)).tasks().get(0).desiredStatus().equals("STOPPED"));
        chromium.awaitText("#message", "Stopping task " + id + ": done.");
        assertThat(ecs.describeTasks(r -> r.cluster("stopper").tasks(taskArn)).tasks().get(0).stoppedReason())
                .isEqualTo("Stopped from the Ballast console");
    }

    @Test
    void markupInARuleIsShownAsText() {
        // Names and tags cannot hold '<' (the API refuses them, as AWS does); a fixed response's body can.
        String markup = "<script>document.title='xss'</script><img src=x onerror=\"document.title='xss'\">";
        String lb = elb.createLoadBalancer(r -> r.name("markup-lb").subnets("subnet-0ba11a5700000000a", "subnet-0ba11a5700000000b")
                .tags(Tag.builder().key("owner").value("team a").build())).loadBalancers().get(0)
                .loadBalancerArn();
        int port = ApiTestSupport.freePort();
        elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(port).defaultActions(
                Action.builder().type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(f -> f.statusCode("200")
                        .contentType("text/html").messageBody(markup)).build()));

        chromium.open(console("load-balancers/" + encoded(lb)));
        chromium.awaitText("#listeners tbody td:nth-child(3)", "fixed response 200 \"" + markup + "\"");
        // escaping removed, the markup would have become elements (whether or not the CSP then stops the script)
        assertThat(chromium.driver().findElements(By.cssSelector("#listeners script, #listeners img"))).isEmpty();
        assertThat(chromium.driver().getTitle()).isEqualTo("Ballast console");
        assertThat(chromium.textNow("tr[data-name='markup-lb'] td.tags")).isEqualTo("owner=team a");
    }
}
