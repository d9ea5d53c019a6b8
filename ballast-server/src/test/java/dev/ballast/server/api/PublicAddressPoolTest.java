package dev.ballast.server.api;

import static dev.ballast.server.api.ApiTestSupport.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.server.ControlPlane;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

/**
 * {@code --public-address} as a pool (a list or a CIDR): each internet-facing load balancer, ELBv2 or Classic, gets an
 * address of its own, so two can listen on one port; with one address the second one's listener is refused.
 */
class PublicAddressPoolTest {
    @TempDir
    Path dataDir;
    private ControlPlane plane;

    @AfterEach
    void stop() {
        if (plane != null) {
            plane.close();
        }
    }

    private void start(String publicAddress) {
        plane = ControlPlane.start(new ControlPlane.Options(dataDir, "127.0.0.1", 0, publicAddress, Map.of(), 1));
    }

    private static Action fixed(String body) {
        return Action.builder().type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(f -> f.statusCode("200")
                .contentType("text/plain").messageBody(body)).build();
    }

    private static String alb(ElasticLoadBalancingV2Client elb, String name, int port) {
        String arn = elb.createLoadBalancer(r -> r.name(name)).loadBalancers().get(0).loadBalancerArn();
        elb.createListener(r -> r.loadBalancerArn(arn).protocol(ProtocolEnum.HTTP).port(port)
                .defaultActions(fixed(name)));
        return arn;
    }

    /** One request on a new connection (a pooled one could still reach a deleted load balancer's listener). */
    private static String response(String address, int port) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(address, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + address + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String body(String address, int port) throws Exception {
        String r = response(address, port);
        assertThat(r).startsWith("HTTP/1.1 200");
        return r.substring(r.indexOf("\r\n\r\n") + 4);
    }

    private static String status(String address, int port) throws Exception {
        return response(address, port).substring(9, 12);
    }

    @Test
    void eachInternetFacingLoadBalancerGetsItsOwnAddressFromTheCidr() throws Exception {
        int port = freePort();
        int classicPort = freePort();
        start("127.0.20.0/30"); // 127.0.20.1 and 127.0.20.2
        try (ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any");
             ElasticLoadBalancingClient classic = ClassicSdkTest.client(plane.apiAddress())) {
            String first = alb(elb, "first", port);
            alb(elb, "second", port);
            assertThat(body("127.0.20.1", port)).isEqualTo("first");
            assertThat(body("127.0.20.2", port)).isEqualTo("second");

            // The pool is used up: a third internet-facing load balancer (here a Classic one) is refused.
            assertThatThrownBy(() -> classic.createLoadBalancer(b -> b.loadBalancerName("third")
                    .listeners(l -> l.protocol("HTTP").loadBalancerPort(classicPort).instancePort(80))))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TooManyLoadBalancers");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("All 2 public addresses of"
                                + " --public-address 127.0.20.0/30 are in use");
                    });
            // Freed by a deletion, the address goes to the next one, across the two APIs.
            elb.deleteLoadBalancer(r -> r.loadBalancerArn(first));
            classic.createLoadBalancer(b -> b.loadBalancerName("third")
                    .listeners(l -> l.protocol("HTTP").loadBalancerPort(port).instancePort(80)));
            assertThat(status("127.0.20.1", port)).as("the Classic load balancer without instances").isEqualTo("503");
        }
        // A restart keeps each load balancer on its address.
        plane.close();
        start("127.0.20.0/30");
        assertThat(body("127.0.20.2", port)).isEqualTo("second");
        assertThat(status("127.0.20.1", port)).as("the Classic load balancer without instances").isEqualTo("503");
    }

    @Test
    void aListIsAPoolAndOneAddressIsShared() throws Exception {
        int port = freePort();
        start("127.0.21.5,127.0.21.9");
        try (ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            alb(elb, "one", port);
            alb(elb, "two", port);
            assertThat(body("127.0.21.5", port)).isEqualTo("one");
            assertThat(body("127.0.21.9", port)).isEqualTo("two");
        }
        plane.close();

        // One address: both load balancers bind it, so the second listener on the same port is refused, as before.
        java.nio.file.Path other = dataDir.resolve("single");
        plane = ControlPlane.start(new ControlPlane.Options(other, "127.0.0.1", 0, "127.0.22.1", Map.of(), 1));
        try (ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            alb(elb, "one", port);
            assertThatThrownBy(() -> alb(elb, "two", port)).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorMessage()).contains(String.valueOf(port)));
            assertThat(body("127.0.22.1", port)).isEqualTo("one");
        }
    }
}
