package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ballast.server.ControlPlane;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Settings that the API accepts and stores but Ballast does not act on are logged, one line each, when they are set
 * (the API response has no place for a warning); settings that are enforced, or left at their default, are not.
 */
class UnenforcedSettingsApiTest {
    private static final String LOGGER = "dev.ballast.server.UnenforcedSettingsLog";

    @Test
    void settingAnUnenforcedAttributeLogsOneLine(@TempDir Path dir) {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(LOGGER);
        logged.start();
        logger.addAppender(logged);
        try (ControlPlane plane = ApiTestSupport.startControlPlane(dir, Map.of());
             ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "id", "secret")) {
            String lbArn = elb.createLoadBalancer(r -> r.name("logs-lb").type(LoadBalancerTypeEnum.APPLICATION)
                    .subnets("subnet-0ba11a5700000000a")).loadBalancers().get(0).loadBalancerArn();
            String tgArn = elb.createTargetGroup(r -> r.name("logs-tg").protocol(ProtocolEnum.HTTP).port(80)
                    .targetType(TargetTypeEnum.IP).vpcId("vpc-local")).targetGroups().get(0).targetGroupArn();
            assertThat(lines(logged)).isEmpty();

            elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(lbArn).attributes(
                    LoadBalancerAttribute.builder().key("access_logs.s3.enabled").value("true").build(),
                    LoadBalancerAttribute.builder().key("access_logs.s3.bucket").value("my-logs").build(),
                    LoadBalancerAttribute.builder().key("idle_timeout.timeout_seconds").value("120").build()));
            elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tgArn).attributes(
                    TargetGroupAttribute.builder().key("stickiness.enabled").value("true").build(),
                    TargetGroupAttribute.builder().key("stickiness.type").value("app_cookie").build(),
                    TargetGroupAttribute.builder().key("stickiness.app_cookie.cookie_name").value("SESSION").build()));
            // Setting the same values again is no new setting.
            elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(lbArn).attributes(
                    LoadBalancerAttribute.builder().key("access_logs.s3.enabled").value("true").build()));

            // access logs are enforced: an application load balancer's are written under the data directory
            assertThat(lines(logged)).containsExactlyInAnyOrder(
                    "target group logs-tg: stickiness.type=app_cookie (only lb_cookie stickiness is applied) is stored "
                            + "but not enforced (see docs/api.md)",
                    "target group logs-tg: stickiness.app_cookie.cookie_name=SESSION (only lb_cookie stickiness is "
                            + "applied) is stored but not enforced (see docs/api.md)");
        } finally {
            logger.detachAppender(logged);
        }
    }

    private static List<String> lines(ListAppender<ILoggingEvent> logged) {
        synchronized (logged.list) {
            return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
