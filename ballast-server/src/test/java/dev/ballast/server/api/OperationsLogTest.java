package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.ballast.server.ControlPlane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Every configuration change through the API is logged as one line naming what changed, and every target health
 * change as one line with its states and reason.
 */
class OperationsLogTest {
    @Test
    void configurationAndHealthChangesAreLoggedOneLineEach(@TempDir Path dir) throws Exception {
        ListAppender<ILoggingEvent> config = attach("dev.ballast.server.ConfigChangeLog");
        ListAppender<ILoggingEvent> health = attach("dev.ballast.server.HealthChangeLog");
        HttpServer target = ApiTestSupport.target("ops");
        try (ControlPlane plane = ApiTestSupport.startControlPlane(dir, Map.of());
             ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            String lbArn = elb.createLoadBalancer(r -> r.name("ops-lb")).loadBalancers().get(0).loadBalancerArn();
            String groupArn = elb.createTargetGroup(r -> r.name("ops-tg").protocol(ProtocolEnum.HTTP).port(80)
                    .targetType(TargetTypeEnum.IP).healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2))
                    .targetGroups().get(0).targetGroupArn();
            int port = ApiTestSupport.freePort();
            elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(port)
                    .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(groupArn).build()));
            elb.registerTargets(r -> r.targetGroupArn(groupArn).targets(
                    TargetDescription.builder().id("127.0.0.1").port(target.getAddress().getPort()).build()));
            ApiTestSupport.awaitAllHealthy(elb, groupArn, 1);

            List<String> configLines = lines(config);
            assertThat(configLines).anyMatch(l -> l.matches("configuration revision \\d+ in force: 1 load balancers, "
                    + "0 listeners, 0 target groups; added load balancer ops-lb"));
            assertThat(configLines).anyMatch(l -> l.matches("configuration revision \\d+ in force: 1 load balancers, "
                    + "1 listeners, 1 target groups; added listener HTTP:" + port + " of ops-lb"));
            assertThat(configLines).anyMatch(l -> l.endsWith("; changed target group ops-tg"));
            String tg = groupArn.substring(groupArn.lastIndexOf(':') + 1);
            String healthy = "target group " + tg + ": target 127.0.0.1:" + target.getAddress().getPort()
                    + " initial -> healthy";
            awaitLine(health, healthy);
            assertThat(lines(health)).containsOnlyOnce(healthy);
        } finally {
            target.stop(0);
            detach("dev.ballast.server.ConfigChangeLog", config);
            detach("dev.ballast.server.HealthChangeLog", health);
        }
    }

    /** Captures {@code name}'s INFO lines (the tests' root level is WARN; the server's dev.ballast level INFO). */
    private static ListAppender<ILoggingEvent> attach(String name) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger logger = (Logger) LoggerFactory.getLogger(name);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
        return appender;
    }

    private static void detach(String name, ListAppender<ILoggingEvent> appender) {
        Logger logger = (Logger) LoggerFactory.getLogger(name);
        logger.detachAppender(appender);
        logger.setLevel(null);
        logger.setAdditive(true);
    }

    private static void awaitLine(ListAppender<ILoggingEvent> appender, String line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!lines(appender).contains(line)) {
            assertThat(System.nanoTime()).as("'" + line + "' logged within 10 s; logged: " + lines(appender))
                    .isLessThan(deadline);
            Thread.sleep(20); // polling the log with a deadline
        }
    }

    private static List<String> lines(ListAppender<ILoggingEvent> appender) {
        synchronized (appender.list) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
