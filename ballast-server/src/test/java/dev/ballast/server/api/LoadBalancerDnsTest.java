package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

/**
 * Ballast's DNS answers the names of the load balancers created through the API (ELBv2 and Classic, internal and
 * internet-facing) with their addresses, from the first query after the API call returns.
 */
@Timeout(120)
class LoadBalancerDnsTest {
    @TempDir
    Path dataDir;
    private ControlPlane plane;
    private ElasticLoadBalancingV2Client elbv2;
    private ElasticLoadBalancingClient classic;
    private DnsLookup dns;

    @BeforeEach
    void start() throws IOException {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        elbv2 = ApiTestSupport.client(plane.apiAddress(), "test", "test");
        classic = ClassicSdkTest.client(plane.apiAddress());
        dns = new DnsLookup(plane.dnsAddress());
    }

    @AfterEach
    void stop() {
        elbv2.close();
        classic.close();
        plane.close();
    }

    @Test
    void internalAndInternetFacingNamesAnswerTheirAddressesAtOnce() throws IOException {
        LoadBalancer internal = elbv2.createLoadBalancer(r -> r.name("service-a-lb")
                .scheme(LoadBalancerSchemeEnum.INTERNAL)).loadBalancers().get(0);
        LoadBalancer facing = elbv2.createLoadBalancer(r -> r.name("web-lb")).loadBalancers().get(0);
        String listener = elbv2.createListener(r -> r.loadBalancerArn(internal.loadBalancerArn())
                .protocol(ProtocolEnum.HTTP).port(ApiTestSupport.freePort()).defaultActions(a -> a
                        .type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(f -> f.statusCode("204"))))
                .listeners().get(0).listenerArn();
        // the address the internal load balancer's listener really binds, which its name must answer
        String internalAddress = plane.boundAddress(listener).getAddress().getHostAddress();

        assertThat(internal.dnsName()).startsWith("internal-service-a-lb-");
        Message answer = query(internal.dnsName(), Type.A);
        assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(addresses(answer)).containsExactly(internalAddress);
        assertThat(internalAddress).startsWith("127.0.10.");
        assertThat(addresses(query(facing.dnsName(), Type.A))).containsExactly("127.0.0.1");
    }

    @Test
    void onlyANetworkLoadBalancersZonesShowItsAddressAsOnAws() throws IOException {
        // AWS: "[Network Load Balancers] ... one Elastic IP address per Availability Zone" (AvailabilityZone,
        // API reference); an application load balancer is found by its DNS name.
        LoadBalancer alb = elbv2.createLoadBalancer(r -> r.name("app-lb").scheme(LoadBalancerSchemeEnum.INTERNAL)
                .subnets("subnet-0ba11a5700000000a", "subnet-0ba11a5700000000b")).loadBalancers().get(0);
        LoadBalancer nlb = elbv2.createLoadBalancer(r -> r.name("net-lb").type(LoadBalancerTypeEnum.NETWORK)
                .scheme(LoadBalancerSchemeEnum.INTERNAL).subnets("subnet-0ba11a5700000000a")).loadBalancers().get(0);
        String nlbAddress = dns.address(nlb.dnsName());

        for (LoadBalancer described : elbv2.describeLoadBalancers().loadBalancers()) {
            if (described.type() == LoadBalancerTypeEnum.APPLICATION) {
                assertThat(described.availabilityZones()).hasSize(2)
                        .allSatisfy(z -> assertThat(z.hasLoadBalancerAddresses()).isFalse());
            } else {
                assertThat(described.availabilityZones()).singleElement().satisfies(z -> assertThat(
                        z.loadBalancerAddresses()).extracting(a -> a.ipAddress())
                        .containsExactly(nlbAddress));
            }
        }
        assertThat(alb.availabilityZones()).allSatisfy(z -> assertThat(z.hasLoadBalancerAddresses()).isFalse());
        assertThat(dns.address(alb.dnsName())).startsWith("127.0.10.").isNotEqualTo(nlbAddress);
    }

    @Test
    void classicLoadBalancerNamesAnswerToo() throws IOException {
        String dnsName = classic.createLoadBalancer(r -> r.loadBalancerName("HelloWorldLoadBalancer")
                .listeners(l -> l.protocol("HTTP").loadBalancerPort(ApiTestSupport.freePort())
                        .instanceProtocol("HTTP").instancePort(8080))).dnsName();

        assertThat(addresses(query(dnsName, Type.A))).containsExactly("127.0.0.1");
    }

    @Test
    void aDeletedLoadBalancersNameIsNxdomainAtOnce() throws IOException {
        LoadBalancer lb = elbv2.createLoadBalancer(r -> r.name("short-lived")
                .scheme(LoadBalancerSchemeEnum.INTERNAL)).loadBalancers().get(0);
        assertThat(query(lb.dnsName(), Type.A).getRcode()).isEqualTo(Rcode.NOERROR);

        elbv2.deleteLoadBalancer(r -> r.loadBalancerArn(lb.loadBalancerArn()));

        assertThat(query(lb.dnsName(), Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    private Message query(String name, int type) throws IOException {
        return dns.query(name, type);
    }

    private static List<String> addresses(Message response) {
        return DnsLookup.rdata(response);
    }
}
