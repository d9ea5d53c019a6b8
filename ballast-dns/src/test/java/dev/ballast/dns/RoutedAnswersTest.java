package dev.ballast.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.dns.AliasTarget;
import dev.ballast.core.dns.HostedZone;
import dev.ballast.core.dns.ResourceRecordSet;
import dev.ballast.core.health.ProbeResult;
import dev.ballast.core.health.TargetHealthTracker;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetGroupAttributes;
import dev.ballast.core.model.TargetType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Route 53's routing as Ballast's DNS answers it over real UDP: weighted record sets chosen per query by weight,
 * multivalue answers of at most eight values, and aliases that evaluate a load balancer's target health, driven by a
 * real {@link TargetHealthTracker} fed probe results.
 */
class RoutedAnswersTest {
    private static final String ZONE = "example.com.";
    private static final HealthCheck CHECK = new HealthCheck(true, Protocol.HTTP, HealthCheck.TRAFFIC_PORT, "/",
            5, 2, 2, 2, "200");
    /** Chi-square with one degree of freedom exceeds this with probability 0.0001: a false failure is that rare. */
    private static final double CHI_SQUARE_1DF_P0001 = 15.14;

    private final DnsZones zones = new DnsZones(new LoadBalancerZones(List.of("us-east-1.elb.localhost"),
            InetAddress.getLoopbackAddress(), null));
    private final TargetHealthTracker health = new TargetHealthTracker(
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    private DnsServer server;
    private DnsClient client;

    @BeforeEach
    void start() throws IOException {
        server = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), zones::current, 1);
        client = new DnsClient(server.address());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void weightedRecordSetsAreChosenPerQueryInProportionToTheirWeights() throws IOException {
        zones.applyHostedZones(List.of(zone(
                weighted("www.example.com.", "one", 1, "192.0.2.1"),
                weighted("www.example.com.", "three", 3, "192.0.2.3"),
                weighted("www.example.com.", "never", 0, "192.0.2.99"))));

        int queries = 4000;
        Map<String, Integer> counts = count("www.example.com.", queries);

        // One record set per answer, chosen with probability 1/4 and 3/4; weight 0 never while others have weight.
        assertThat(counts).containsOnlyKeys("192.0.2.1", "192.0.2.3");
        double chiSquare = chiSquare(counts, Map.of("192.0.2.1", queries / 4.0, "192.0.2.3", queries * 3 / 4.0));
        assertThat(chiSquare).isLessThan(CHI_SQUARE_1DF_P0001);
    }

    @Test
    void weightedSetsAllOfWeightZeroAreChosenWithEqualProbability() throws IOException {
        zones.applyHostedZones(List.of(zone(
                weighted("www.example.com.", "a", 0, "192.0.2.1"),
                weighted("www.example.com.", "b", 0, "192.0.2.2"))));

        int queries = 2000;
        Map<String, Integer> counts = count("www.example.com.", queries);

        assertThat(chiSquare(counts, Map.of("192.0.2.1", queries / 2.0, "192.0.2.2", queries / 2.0)))
                .isLessThan(CHI_SQUARE_1DF_P0001);
    }

    @Test
    void multivalueAnswersAtMostEightValuesChosenAtRandomPerQuery() throws IOException {
        List<ResourceRecordSet> sets = new ArrayList<>();
        Set<String> all = new HashSet<>();
        for (int i = 1; i <= 12; i++) {
            sets.add(multivalue("api.example.com.", "v" + i, "192.0.2." + i));
            all.add("192.0.2." + i);
        }
        zones.applyHostedZones(List.of(zone(sets.toArray(ResourceRecordSet[]::new))));

        Set<String> seen = new HashSet<>();
        Set<List<String>> distinctAnswers = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            List<String> answer = addresses(client.udp(DnsClient.query("api.example.com.", Type.A, 0)));
            assertThat(answer).hasSize(8).doesNotHaveDuplicates();
            assertThat(all).containsAll(answer);
            seen.addAll(answer);
            distinctAnswers.add(answer);
        }
        assertThat(seen).isEqualTo(all);
        assertThat(distinctAnswers).as("a response cache must not freeze one choice").hasSizeGreaterThan(1);
    }

    @Test
    void weightedAliasesThatEvaluateTargetHealthFollowTheLoadBalancersHealth() throws IOException {
        LoadBalancerFixture blue = new LoadBalancerFixture("blue", "127.0.10.1");
        LoadBalancerFixture green = new LoadBalancerFixture("green", "127.0.10.2");
        serve(blue, green);
        zones.applyHostedZones(List.of(zone(
                weightedAlias("app.example.com.", "blue", 1, blue.lb.dnsName(), true),
                weightedAlias("app.example.com.", "green", 1, green.lb.dnsName(), true),
                alias("simple.example.com.", blue.lb.dnsName()))));
        zones.applyTargetHealth(health.view());

        // No target is healthy yet (initial): every alias is unhealthy, so all are answered as if healthy.
        assertThat(count("app.example.com.", 200)).containsOnlyKeys("127.0.10.1", "127.0.10.2");

        pass(blue);
        zones.applyTargetHealth(health.view());
        assertThat(count("app.example.com.", 200)).containsOnlyKeys("127.0.10.1");

        fail(blue);
        pass(green);
        zones.applyTargetHealth(health.view());
        assertThat(count("app.example.com.", 200)).containsOnlyKeys("127.0.10.2");
        // A simple alias is answered whatever its target's health, as Route 53 does.
        assertThat(addresses(client.udp(DnsClient.query("simple.example.com.", Type.A, 0))))
                .containsExactly("127.0.10.1");

        fail(green);
        zones.applyTargetHealth(health.view());
        assertThat(count("app.example.com.", 200)).containsOnlyKeys("127.0.10.1", "127.0.10.2");
    }

    @Test
    void anAliasThatDoesNotEvaluateTargetHealthStaysInTheAnswer() throws IOException {
        LoadBalancerFixture blue = new LoadBalancerFixture("blue", "127.0.10.1");
        LoadBalancerFixture green = new LoadBalancerFixture("green", "127.0.10.2");
        serve(blue, green);
        zones.applyHostedZones(List.of(zone(
                weightedAlias("app.example.com.", "blue", 1, blue.lb.dnsName(), false),
                weightedAlias("app.example.com.", "green", 1, green.lb.dnsName(), true))));
        pass(green);
        zones.applyTargetHealth(health.view());

        assertThat(count("app.example.com.", 200)).containsOnlyKeys("127.0.10.1", "127.0.10.2");
    }

    /** Gives the zones and the health tracker a configuration of {@code balancers}. */
    private void serve(LoadBalancerFixture... balancers) {
        List<LoadBalancerFixture> all = List.of(balancers);
        ConfigSnapshot snapshot = new ConfigSnapshot(1, all.stream().map(b -> b.lb).toList(),
                all.stream().map(b -> b.listener).toList(), all.stream().map(b -> b.group).toList());
        zones.apply(snapshot);
        health.apply(snapshot);
    }

    private void pass(LoadBalancerFixture fixture) {
        health.record(fixture.group.arn(), fixture.target, ProbeResult.pass());
        health.record(fixture.group.arn(), fixture.target, ProbeResult.pass());
    }

    private void fail(LoadBalancerFixture fixture) {
        health.record(fixture.group.arn(), fixture.target, ProbeResult.failed());
        health.record(fixture.group.arn(), fixture.target, ProbeResult.failed());
    }

    private Map<String, Integer> count(String name, int queries) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < queries; i++) {
            Message response = client.udp(DnsClient.query(name, Type.A, 0));
            assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
            List<String> answer = addresses(response);
            assertThat(answer).hasSize(1);
            counts.merge(answer.get(0), 1, Integer::sum);
        }
        return counts;
    }

    private static double chiSquare(Map<String, Integer> observed, Map<String, Double> expected) {
        double sum = 0;
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            double diff = observed.getOrDefault(e.getKey(), 0) - e.getValue();
            sum += diff * diff / e.getValue();
        }
        return sum;
    }

    private static List<String> addresses(Message response) {
        return response.getSection(Section.ANSWER).stream()
                .filter(ARecord.class::isInstance)
                .map(r -> ((ARecord) r).getAddress().getHostAddress())
                .toList();
    }

    private static HostedZone zone(ResourceRecordSet... sets) {
        List<ResourceRecordSet> all = new ArrayList<>();
        all.add(ResourceRecordSet.simple(ZONE, "SOA", 900,
                List.of("ns.ballast.localhost. hostmaster.ballast.localhost. 1 7200 900 1209600 86400")));
        all.add(ResourceRecordSet.simple(ZONE, "NS", 172800, List.of("ns.ballast.localhost.")));
        all.addAll(List.of(sets));
        return new HostedZone("Z1", ZONE, false, all);
    }

    private static ResourceRecordSet weighted(String name, String id, long weight, String value) {
        return new ResourceRecordSet(name, "A", 60L, List.of(value), null, id, weight, null);
    }

    private static ResourceRecordSet multivalue(String name, String id, String value) {
        return new ResourceRecordSet(name, "A", 60L, List.of(value), null, id, null, true);
    }

    private static ResourceRecordSet weightedAlias(String name, String id, long weight, String target,
                                                   boolean evaluateTargetHealth) {
        return new ResourceRecordSet(name, "A", null, List.of(),
                new AliasTarget("Z35SXDOTRQ7X7K", target.toLowerCase() + ".", evaluateTargetHealth), id, weight,
                null);
    }

    private static ResourceRecordSet alias(String name, String target) {
        return new ResourceRecordSet(name, "A", null, List.of(),
                new AliasTarget("Z35SXDOTRQ7X7K", target.toLowerCase() + ".", true), null, null, null);
    }

    /** An internal ALB with one listener forwarding to a group of one target. */
    private static final class LoadBalancerFixture {
        final LoadBalancer lb;
        final Listener listener;
        final TargetGroup group;
        final Target target = new Target("127.0.0.1", 8080);

        LoadBalancerFixture(String name, String address) {
            String arn = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/" + name + "/1";
            lb = new LoadBalancer(arn, name, LoadBalancerType.APPLICATION, Scheme.INTERNAL,
                    "internal-" + name + "-1234567890.us-east-1.elb.localhost", address, null);
            group = new TargetGroup("arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/" + name + "/1",
                    name, Protocol.HTTP, 8080, TargetType.IP, CHECK, TargetGroupAttributes.defaults(),
                    List.of(target));
            listener = new Listener(arn.replace(":loadbalancer/", ":listener/") + "/1", arn, Protocol.HTTP, 80,
                    Action.Forward.to(group.arn()));
        }
    }
}
