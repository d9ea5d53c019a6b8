package dev.ballast.server.api;

import static dev.ballast.server.Http.accepts;
import static dev.ballast.server.api.ApiTestSupport.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.server.ControlPlane;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

/**
 * A restart with another {@code --public-address} moves every internet-facing load balancer (ELBv2 and Classic) to
 * it; internal ones keep their own addresses.
 */
class PublicAddressChangeTest {
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


    /**
     * Where the listener on {@code port} is bound. (A connection is no probe for the classic TCP listener: without
     * instances it resets each connection at once, which a connecting client may see as a failed connect.)
     */
    private InetSocketAddress boundAddress(int port) {
        return plane.snapshot().listeners().values().stream().filter(l -> l.port() == port)
                .map(l -> plane.boundAddress(l.arn())).findFirst().orElse(null);
    }

    private static Action fixed() {
        return Action.builder().type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(f -> f.statusCode("200"))
                .build();
    }

    @Test
    void internetFacingLoadBalancersFollowTheNewPublicAddressAfterARestart() throws java.io.IOException {
        int publicPort = freePort();
        int internalPort = freePort();
        int classicPort = freePort();
        start("127.0.0.1");
        String publicArn;
        String internalAddress;
        try (ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any");
             ElasticLoadBalancingClient classic = ClassicSdkTest.client(plane.apiAddress())) {
            publicArn = elb.createLoadBalancer(r -> r.name("public")).loadBalancers().get(0).loadBalancerArn();
            elb.createListener(r -> r.loadBalancerArn(publicArn).protocol(ProtocolEnum.HTTP).port(publicPort)
                    .defaultActions(fixed()));
            LoadBalancer internal = elb.createLoadBalancer(r -> r.name("internal")
                    .scheme(LoadBalancerSchemeEnum.INTERNAL)).loadBalancers().get(0);
            internalAddress = DnsLookup.addressOf(plane, internal.dnsName());
            elb.createListener(r -> r.loadBalancerArn(internal.loadBalancerArn()).protocol(ProtocolEnum.HTTP)
                    .port(internalPort).defaultActions(fixed()));
            classic.createLoadBalancer(b -> b.loadBalancerName("classic").listeners(l -> l.protocol("TCP")
                    .loadBalancerPort(classicPort).instanceProtocol("TCP").instancePort(9))
                    .availabilityZones("us-east-1a"));
        }
        assertThat(accepts("127.0.0.1", publicPort)).isTrue();
        assertThat(boundAddress(classicPort)).isEqualTo(new InetSocketAddress("127.0.0.1", classicPort));
        plane.close();

        start("127.0.0.2");
        assertThat(accepts("127.0.0.2", publicPort)).isTrue();
        assertThat(accepts("127.0.0.1", publicPort)).isFalse();
        assertThat(boundAddress(classicPort)).isEqualTo(new InetSocketAddress("127.0.0.2", classicPort));
        assertThat(accepts(internalAddress, internalPort)).isTrue();
        try (ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            assertThat(DnsLookup.addressOf(plane, elb.describeLoadBalancers(r -> r.names("public")).loadBalancers()
                    .get(0).dnsName())).isEqualTo("127.0.0.2");
            assertThat(DnsLookup.addressOf(plane, elb.describeLoadBalancers(r -> r.names("internal")).loadBalancers()
                    .get(0).dnsName())).isEqualTo(internalAddress);
        }
        // The move was stored: a third start with the same address finds nothing to move and serves the same.
        plane.close();
        start("127.0.0.2");
        assertThat(accepts("127.0.0.2", publicPort)).isTrue();
    }
}
