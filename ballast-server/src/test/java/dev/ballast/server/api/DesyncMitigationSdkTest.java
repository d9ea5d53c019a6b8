package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * {@code routing.http.desync_mitigation_mode} set through the AWS SDK changes what the running listener does with
 * an Acceptable request (GET with {@code Content-Length: 0}): forwarded in defensive mode, 400 in strictest, forwarded
 * again in monitor.
 */
class DesyncMitigationSdkTest {
    private static final String ACCEPTABLE =
            "GET / HTTP/1.1\r\nHost: desync.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    @TempDir
    static Path dataDir;

    private static ControlPlane plane;
    private static ElasticLoadBalancingV2Client elb;
    private static HttpServer target;

    @BeforeAll
    static void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        elb = ApiTestSupport.client(plane.apiAddress(), "any", "credentials");
        target = ApiTestSupport.target("task-1");
    }

    @AfterAll
    static void stop() {
        elb.close();
        plane.close();
        target.stop(0);
    }

    @Test
    void modeSetThroughTheApiDecidesWhatTheListenerForwards() throws Exception {
        String lbArn = elb.createLoadBalancer(r -> r.name("desync-lb").type(LoadBalancerTypeEnum.APPLICATION)
                .subnets("subnet-0ba11a5700000000a", "subnet-0ba11a5700000000b")).loadBalancers().get(0).loadBalancerArn();
        String tgArn = elb.createTargetGroup(r -> r.name("desync-tg").protocol(ProtocolEnum.HTTP).port(80)
                .targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
        elb.registerTargets(r -> r.targetGroupArn(tgArn).targets(TargetDescription.builder().id("127.0.0.1")
                .port(target.getAddress().getPort()).build()));
        int port = ApiTestSupport.freePort();
        elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(port).defaultActions(
                Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tgArn).build()));

        assertThat(awaitStatus(port, 200)).as("defensive (default) forwards an Acceptable request").isEqualTo(200);

        setMode(lbArn, "strictest");
        assertThat(awaitStatus(port, 400)).as("strictest answers 400").isEqualTo(400);

        setMode(lbArn, "monitor");
        assertThat(awaitStatus(port, 200)).as("monitor forwards it again").isEqualTo(200);
    }

    private static void setMode(String lbArn, String mode) {
        elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(lbArn).attributes(LoadBalancerAttribute.builder()
                .key("routing.http.desync_mitigation_mode").value(mode).build()));
    }

    /** Sends the Acceptable request until it is answered with {@code expected} or 10 s pass; the last status. */
    private static int awaitStatus(int port, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = status(port);
                if (last == expected) {
                    return last;
                }
            } catch (UncheckedIOException e) {
                // the listener is not bound yet
            }
            Thread.sleep(20); // polling a condition with a deadline
        }
        return last;
    }

    private static int status(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(ACCEPTABLE.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(text.substring(9, 12));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
