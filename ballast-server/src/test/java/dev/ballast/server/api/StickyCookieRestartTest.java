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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * lb_cookie stickiness through the real server: the AWSALB cookie reveals neither target nor group, a tampered one
 * gets a fresh choice, and after a restart on the same data directory (same stored key) the cookie still routes
 * to its target.
 */
class StickyCookieRestartTest {
    @TempDir
    Path dataDir;

    /** Status, body and the AWSALB value set by one response. */
    private record Answer(int status, String body, String awsalb) {}

    @Test
    void cookieIsOpaqueAndStillRoutesToItsTargetAfterARestart() throws Exception {
        List<HttpServer> targets = List.of(ApiTestSupport.target("alpha"), ApiTestSupport.target("bravo"),
                ApiTestSupport.target("charlie"));
        int listenerPort = ApiTestSupport.freePort();
        String groupArn;
        String cookie;
        String stuckTo;
        try {
            try (ControlPlane plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
                 ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
                String lbArn = elb.createLoadBalancer(r -> r.name("sticky-lb")).loadBalancers().get(0)
                        .loadBalancerArn();
                groupArn = elb.createTargetGroup(r -> r.name("sticky-tg").protocol(ProtocolEnum.HTTP).port(80)
                        .targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
                elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(groupArn).attributes(
                        TargetGroupAttribute.builder().key("stickiness.enabled").value("true").build(),
                        TargetGroupAttribute.builder().key("stickiness.type").value("lb_cookie").build()));
                elb.registerTargets(r -> r.targetGroupArn(groupArn).targets(targets.stream()
                        .map(t -> TargetDescription.builder().id("127.0.0.1").port(t.getAddress().getPort()).build())
                        .toList()));
                elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(listenerPort)
                        .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(groupArn).build()));
                ApiTestSupport.awaitAllHealthy(elb, groupArn, targets.size());

                Answer first = get(listenerPort, null);
                assertThat(first.status()).isEqualTo(200);
                cookie = first.awsalb();
                stuckTo = first.body();
                assertThat(cookie).isNotNull();
                String decoded = new String(Base64.getUrlDecoder().decode(cookie), StandardCharsets.ISO_8859_1);
                assertThat(decoded).doesNotContain("127.0.0.1").doesNotContain(groupArn)
                        .doesNotContain("targetgroup");
                for (HttpServer t : targets) {
                    assertThat(decoded).doesNotContain(String.valueOf(t.getAddress().getPort()));
                }
                for (int i = 0; i < 6; i++) {
                    assertThat(get(listenerPort, cookie).body()).isEqualTo(stuckTo);
                }

                // A tampered cookie is a new choice with a new cookie; without stickiness round robin would spread
                // six requests over all three targets, so one of them lands elsewhere.
                byte[] bytes = Base64.getUrlDecoder().decode(cookie);
                bytes[bytes.length - 2] ^= 0x10;
                String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                List<String> bodies = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    Answer answer = get(listenerPort, tampered);
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.awsalb()).isNotNull().isNotEqualTo(tampered);
                    bodies.add(answer.body());
                }
                assertThat(bodies).containsAnyOf("alpha", "bravo", "charlie").anyMatch(b -> !b.equals(stuckTo));
            }

            try (ControlPlane again = ApiTestSupport.startControlPlane(dataDir, Map.of());
                 ElasticLoadBalancingV2Client elb = ApiTestSupport.client(again.apiAddress(), "any", "any")) {
                ApiTestSupport.awaitAllHealthy(elb, groupArn, targets.size());
                for (int i = 0; i < 6; i++) {
                    Answer answer = get(listenerPort, cookie);
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.body()).as("request %d after the restart", i).isEqualTo(stuckTo);
                }
            }
        } finally {
            targets.forEach(t -> t.stop(0));
        }
    }

    /** {@code GET /} on a new connection, with {@code AWSALB=cookie} when cookie is not null. */
    private static Answer get(int port, String cookie) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: sticky\r\n" + (cookie == null ? "" : "Cookie: AWSALB=" + cookie + "\r\n")
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String awsalb = null;
            for (String line : text.substring(0, split).split("\r\n")) {
                if (line.regionMatches(true, 0, "Set-Cookie: AWSALB=", 0, 19)) {
                    awsalb = line.substring(19, line.indexOf(';'));
                }
            }
            return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(split + 4), awsalb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
