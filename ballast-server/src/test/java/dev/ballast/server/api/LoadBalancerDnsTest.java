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
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;

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
        String internalAddress = internal.availabilityZones().get(0).loadBalancerAddresses().get(0).ipAddress();

        assertThat(internal.dnsName()).startsWith("internal-service-a-lb-");
        Message answer = query(internal.dnsName(), Type.A);
        assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(addresses(answer)).containsExactly(internalAddress);
        assertThat(internalAddress).startsWith("127.0.10.");
        assertThat(addresses(query(facing.dnsName(), Type.A))).containsExactly("127.0.0.1");
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
