package dev.ballast.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Scheme;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Joining load balancers' groups with the groups' rules. */
class SecurityGroupsTest {
    private static final LoadBalancer WEB = lb("web", "127.0.10.1");
    private static final LoadBalancer APP = lb("app", "127.0.10.2");
    private static final LoadBalancer OPEN = lb("open", "0.0.0.0");

    @Test
    void aLoadBalancerGetsTheRulesOfAllItsGroupsAndAGroupPeerIsItsMembersAddresses() throws Exception {
        SecurityGroups lbs = new SecurityGroups(Map.of(WEB.arn(), List.of("sg-web", "sg-ops"), APP.arn(),
                List.of("sg-app"), OPEN.arn(), List.of("sg-web")), Map.of());
        SecurityGroups rules = new SecurityGroups(Map.of(), Map.of(
                "sg-web", List.of(new IngressRule("tcp", 80, 80, "10.0.0.0/8", null)),
                "sg-ops", List.of(new IngressRule("tcp", 22, 22, "192.168.0.0/16", null)),
                "sg-app", List.of(new IngressRule("all", 0, 65535, null, "sg-web"))));
        Map<String, LoadBalancerIngress> ingress = lbs.and(rules).resolve(Map.of(WEB.arn(), WEB, APP.arn(), APP,
                OPEN.arn(), OPEN));
        assertThat(ingress.get(WEB.arn()).rules()).extracting(IngressRule::cidr)
                .containsExactly("10.0.0.0/8", "192.168.0.0/16");
        // the members of sg-web are web (127.0.10.1) and open, whose wildcard address names no client
        assertThat(ingress.get(APP.arn()).rules()).extracting(IngressRule::cidr).containsExactly("127.0.10.1/32");
        ClientMatcher app = ingress.get(APP.arn()).matcher("tcp", 8080);
        assertThat(app.admits(InetAddress.getByName("127.0.10.1"))).isTrue();
        assertThat(app.admits(InetAddress.getByName("127.0.10.3"))).isFalse();
    }

    @Test
    void aLoadBalancerWithoutGroupsOrWithGroupsNoRulesDescribeAdmitsEveryone() {
        SecurityGroups groups = new SecurityGroups(Map.of(WEB.arn(), List.of(), APP.arn(), List.of("sg-unknown")),
                Map.of("sg-web", List.of()));
        assertThat(groups.resolve(Map.of(WEB.arn(), WEB, APP.arn(), APP))).isEmpty();
    }

    @Test
    void aGroupWithoutInboundRulesAdmitsNobody() throws Exception {
        SecurityGroups groups = new SecurityGroups(Map.of(WEB.arn(), List.of("sg-empty")),
                Map.of("sg-empty", List.of()));
        LoadBalancerIngress ingress = groups.resolve(Map.of(WEB.arn(), WEB)).get(WEB.arn());
        assertThat(ingress.matcher("tcp", 80).admits(InetAddress.getByName("127.0.0.1"))).isFalse();
    }

    @Test
    void outboundRulesResolveLikeInboundOnesAndAGroupWithoutThemReachesNoTarget() throws Exception {
        SecurityGroups groups = new SecurityGroups(Map.of(WEB.arn(), List.of("sg-web"), APP.arn(),
                List.of("sg-app"), OPEN.arn(), List.of()), Map.of(), Map.of(
                "sg-web", List.of(new EgressRule("tcp", 80, 80, "127.0.0.5/32", null),
                        new EgressRule("tcp", 8080, 8080, null, "sg-app")),
                "sg-app", List.of()));
        Map<String, LoadBalancerEgress> egress = groups.resolveEgress(Map.of(WEB.arn(), WEB, APP.arn(), APP,
                OPEN.arn(), OPEN));
        // sg-app's member is app (127.0.10.2): web may reach it on 8080, as an NLB reaches an ALB target
        assertThat(egress.get(WEB.arn()).rules()).extracting(EgressRule::cidr)
                .containsExactly("127.0.0.5/32", "127.0.10.2/32");
        TargetMatcher web = egress.get(WEB.arn()).matcher("tcp");
        assertThat(web.reaches(InetAddress.getByName("127.0.10.2"), 8080)).isTrue();
        assertThat(web.reaches(InetAddress.getByName("127.0.0.5"), 8080)).isFalse();
        assertThat(egress.get(APP.arn()).matcher("tcp").reaches(InetAddress.getByName("127.0.0.5"), 80)).isFalse();
        assertThat(egress).as("a load balancer without groups reaches every target").doesNotContainKey(OPEN.arn());
        assertThat(groups.resolve(Map.of(WEB.arn(), WEB))).as("no inbound rules known: admits everyone").isEmpty();
    }

    private static LoadBalancer lb(String name, String bindAddress) {
        return new LoadBalancer("arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/" + name
                + "/1", name, LoadBalancerType.APPLICATION, Scheme.INTERNAL, name + ".example", bindAddress, null);
    }
}
