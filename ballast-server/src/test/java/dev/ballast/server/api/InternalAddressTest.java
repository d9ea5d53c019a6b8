package dev.ballast.server.api;

import static dev.ballast.server.Http.accepts;
import static dev.ballast.server.api.ApiTestSupport.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.server.ControlPlane;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

/**
 * Two servers on one host (two data directories) give their internal load balancers different addresses, so both
 * can listen on the same port; the address is stored, and one that cannot be bound after a restart is reported.
 */
class InternalAddressTest {
    @TempDir
    Path first;
    @TempDir
    Path second;
    private ControlPlane one;
    private ControlPlane two;

    @AfterEach
    void stop() {
        if (one != null) {
            one.close();
        }
        if (two != null) {
            two.close();
        }
    }

    private static ControlPlane server(Path dataDir) {
        return ControlPlane.start(new ControlPlane.Options(dataDir, "127.0.0.1", 0, "127.0.0.1", Map.of(), 1));
    }

    /** Creates an internal load balancer with an HTTP listener on {@code port}; returns its address. */
    private static String internalWithListener(ControlPlane plane, String name, int port) {
        try (ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            LoadBalancer lb = elb.createLoadBalancer(r -> r.name(name).scheme(LoadBalancerSchemeEnum.INTERNAL))
                    .loadBalancers().get(0);
            elb.createListener(r -> r.loadBalancerArn(lb.loadBalancerArn()).protocol(ProtocolEnum.HTTP).port(port)
                    .defaultActions(Action.builder().type(ActionTypeEnum.FIXED_RESPONSE)
                            .fixedResponseConfig(f -> f.statusCode("204")).build()));
            return address(plane, elb, name);
        }
    }

    /** The address {@code plane}'s DNS answers for the load balancer's DNSName, as a client would find it. */
    private static String address(ControlPlane plane, ElasticLoadBalancingV2Client elb, String name) {
        try {
            return DnsLookup.addressOf(plane, describe(elb, name).dnsName());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static LoadBalancer describe(ElasticLoadBalancingV2Client elb, String name) {
        return elb.describeLoadBalancers(r -> r.names(name)).loadBalancers().get(0);
    }


    @Test
    void twoServersOnOneHostGiveTheirInternalLoadBalancersDifferentAddresses() throws Exception {
        int port = freePort();
        one = server(first);
        two = server(second);
        String addressOne = internalWithListener(one, "svc", port);
        String addressTwo = internalWithListener(two, "svc", port);
        assertThat(addressOne).startsWith("127.0.10.");
        assertThat(addressTwo).startsWith("127.0.10.").isNotEqualTo(addressOne);
        assertThat(accepts(addressOne, port)).isTrue();
        assertThat(accepts(addressTwo, port)).isTrue();

        // Stored: after a restart the second server binds the same address again.
        two.close();
        two = server(second);
        try (ElasticLoadBalancingV2Client elb = ApiTestSupport.client(two.apiAddress(), "any", "any")) {
            assertThat(address(two, elb, "svc")).isEqualTo(addressTwo);
            assertThat(describe(elb, "svc").state().code()).isEqualTo(LoadBalancerStateEnum.ACTIVE);
        }
        assertThat(accepts(addressTwo, port)).isTrue();

        // Another program takes the stored address and port while the second server is down: it says so.
        two.close();
        two = null;
        try (ServerSocket squatter = new ServerSocket(port, 1, InetAddress.getByName(addressTwo))) {
            two = server(second);
            try (ElasticLoadBalancingV2Client elb = ApiTestSupport.client(two.apiAddress(), "any", "any")) {
                LoadBalancer lb = describe(elb, "svc");
                assertThat(lb.state().code()).isEqualTo(LoadBalancerStateEnum.FAILED);
                assertThat(lb.state().reason()).isEqualTo("listener HTTP:" + port + ": port " + port + " on "
                        + addressTwo + " is in use by PID " + ProcessHandle.current().pid() + " (this process)");
            }
        }
    }
}
