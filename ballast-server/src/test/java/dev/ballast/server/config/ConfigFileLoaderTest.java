package dev.ballast.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.Condition;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.Rule;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfigFileLoaderTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private final ConfigFileLoader loader = new ConfigFileLoader();

    @Test
    void loadsScenarioS2Example() {
        ConfigSnapshot snapshot = loader.load(REPOSITORY.resolve("examples/s2-internal-alb.yaml"));

        assertThat(snapshot.revision()).isEqualTo(1);
        LoadBalancer lb = only(snapshot.loadBalancers().values());
        assertThat(lb.name()).isEqualTo("service-a-alb");
        assertThat(lb.scheme()).isEqualTo(Scheme.INTERNAL);
        assertThat(lb.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(lb.arn()).matches("arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/"
                + "service-a-alb/[0-9a-f]{16}");

        Listener listener = only(snapshot.listeners().values());
        assertThat(listener.loadBalancerArn()).isEqualTo(lb.arn());
        assertThat(listener.port()).isEqualTo(8000);
        assertThat(listener.arn()).startsWith(lb.arn().replace(":loadbalancer/", ":listener/") + "/");
        assertThat(listener.defaultAction()).isEqualTo(Action.Forward.to(groupArn(snapshot, "invalid-target-group")));

        Rule rule = only(listener.rules());
        assertThat(rule.priority()).isEqualTo(1);
        assertThat(rule.arn()).startsWith(listener.arn().replace(":listener/", ":listener-rule/") + "/");
        assertThat(rule.conditions()).containsExactly(new Condition.HostHeader(List.of("service-a.in.example.com")));
        assertThat(rule.action()).isEqualTo(Action.Forward.to(groupArn(snapshot, "service-a-target-group")));

        TargetGroup empty = group(snapshot, "invalid-target-group");
        assertThat(empty.targets()).isEmpty();
        TargetGroup serviceA = group(snapshot, "service-a-target-group");
        assertThat(serviceA.port()).isEqualTo(8080);
        assertThat(serviceA.healthCheck()).isEqualTo(new HealthCheck(true, dev.ballast.core.model.Protocol.HTTP,
                "traffic-port", "/application-status/health", 5, 4, 2, 10, "200"));
        assertThat(serviceA.targets()).containsExactly(new Target("127.0.0.1", 8081), new Target("127.0.0.1", 8082));
    }

    @Test
    void loadsTheNetworkLoadBalancerExample() {
        ConfigSnapshot snapshot = loader.load(REPOSITORY.resolve("examples/nlb-redis.yaml"));

        LoadBalancer lb = only(snapshot.loadBalancers().values());
        assertThat(lb.type()).isEqualTo(dev.ballast.core.model.LoadBalancerType.NETWORK);
        assertThat(lb.arn()).contains(":loadbalancer/net/redis-nlb/");
        assertThat(lb.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(snapshot.listeners().values()).extracting(Listener::protocol, Listener::port,
                        Listener::tcpIdleTimeoutSeconds)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(dev.ballast.core.model.Protocol.TCP, 16379, 350),
                        org.assertj.core.groups.Tuple.tuple(dev.ballast.core.model.Protocol.TCP_UDP, 10053, 350));
        TargetGroup redis = group(snapshot, "redis");
        assertThat(redis.protocol()).isEqualTo(dev.ballast.core.model.Protocol.TCP);
        assertThat(redis.healthCheck()).isEqualTo(new HealthCheck(true, dev.ballast.core.model.Protocol.TCP,
                "traffic-port", null, 10, 5, 2, 2, null));
        assertThat(redis.attributes().connectionTerminationOnDeregistration()).isTrue();
        assertThat(redis.attributes().values()).containsEntry("stickiness.type", "source_ip");
        TargetGroup dns = group(snapshot, "dns");
        assertThat(dns.targets()).containsExactly(new Target("127.0.0.1", 5353));
        assertThat(dns.healthCheck()).isEqualTo(HealthCheck.defaultsFor(dev.ballast.core.model.Protocol.TCP_UDP,
                dev.ballast.core.model.LoadBalancerType.NETWORK));
    }

    @Test
    void networkGroupsHttpCheckMatches200To399UnlessTold() {
        ConfigSnapshot snapshot = loader.parse("""
                targetGroups:
                  - {name: db, port: 5432, protocol: TCP, healthCheck: {protocol: HTTP, path: /ping}}
                """);
        HealthCheck check = group(snapshot, "db").healthCheck();
        assertThat(check.matcher()).isEqualTo("200-399");
        assertThat(check.timeoutSeconds()).isEqualTo(6);
    }

    @Test
    void loadsTheFullExampleOfTheDocumentation() throws IOException {
        ConfigSnapshot snapshot = loader.parse(firstYamlBlock(REPOSITORY.resolve("docs/config.md")));

        LoadBalancer lb = only(snapshot.loadBalancers().values());
        assertThat(lb.scheme()).isEqualTo(Scheme.INTERNET_FACING);
        assertThat(lb.attributes().idleTimeoutSeconds()).isEqualTo(120);
        Listener listener = only(snapshot.listeners().values());
        assertThat(listener.defaultAction()).isEqualTo(new Action.FixedResponse(404, "text/plain", "no route"));
        assertThat(listener.rules()).extracting(Rule::priority).containsExactly(10, 20, 30, 40, 50);

        String blue = groupArn(snapshot, "api-blue");
        String green = groupArn(snapshot, "api-green");
        assertThat(listener.rules().get(0).conditions()).containsExactly(
                new Condition.HostHeader(List.of("www.example.com", "*.example.org")),
                new Condition.PathPattern(List.of("/api/*")));
        assertThat(listener.rules().get(1).conditions()).containsExactly(
                new Condition.HttpHeader("X-Canary", List.of("true")),
                new Condition.HttpRequestMethod(List.of("GET", "HEAD")));
        assertThat(listener.rules().get(1).action()).isEqualTo(new Action.Forward(
                List.of(new Action.WeightedTargetGroup(blue, 90), new Action.WeightedTargetGroup(green, 10)),
                new Action.GroupStickiness(true, 3600)));
        assertThat(listener.rules().get(2).conditions()).containsExactly(new Condition.QueryString(List.of(
                new Condition.KeyValue("version", "v2"), new Condition.KeyValue(null, "*beta*"))));
        assertThat(listener.rules().get(3).conditions())
                .containsExactly(new Condition.SourceIp(List.of("10.0.0.0/8", "2001:db8::/32")));
        assertThat(listener.rules().get(4).action()).isEqualTo(new Action.Redirect("HTTP", "8000", "#{host}",
                "/new/#{path}", "#{query}", Action.RedirectStatus.HTTP_301));

        TargetGroup apiBlue = group(snapshot, "api-blue");
        assertThat(apiBlue.healthCheck()).isEqualTo(HealthCheck.defaultsFor(dev.ballast.core.model.Protocol.HTTP,
                dev.ballast.core.model.LoadBalancerType.APPLICATION));
        assertThat(apiBlue.attributes().deregistrationDelaySeconds()).isEqualTo(30);
        assertThat(apiBlue.attributes().algorithm()).isEqualTo("round_robin");
        assertThat(apiBlue.targets()).containsExactly(new Target("127.0.0.1", 8081), new Target("127.0.0.1", 8080),
                new Target("::1", 8083), new Target("127.0.0.2", 8084, "us-east-1a"));
        assertThat(group(snapshot, "api-green").targets()).containsExactly(new Target("127.0.0.1", 9091));
    }

    @Test
    void appliesDefaultsAndTheFilesRegionAndAccount() {
        ConfigSnapshot snapshot = loader.parse("""
                region: eu-west-1
                accountId: "123456789012"
                loadBalancers:
                  - name: public
                    listeners:
                      - port: 8080
                        defaultAction: {forward: web}
                targetGroups:
                  - name: web
                    port: 80
                """);

        LoadBalancer lb = only(snapshot.loadBalancers().values());
        assertThat(lb.scheme()).isEqualTo(Scheme.INTERNET_FACING);
        assertThat(lb.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(lb.arn()).startsWith("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/public/");
        TargetGroup web = group(snapshot, "web");
        assertThat(web.arn()).startsWith("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/");
        assertThat(web.healthCheck().intervalSeconds()).isEqualTo(30);
        assertThat(web.attributes().algorithm()).isEqualTo("round_robin");
    }

    @Test
    void keepsYamlBooleanLikeWordsAsText() {
        ConfigSnapshot snapshot = loader.parse("""
                targetGroups:
                  - name: web
                    port: 80
                    attributes:
                      load_balancing.algorithm.anomaly_mitigation: off
                      stickiness.enabled: true
                """);
        assertThat(group(snapshot, "web").attributes().values())
                .containsEntry("load_balancing.algorithm.anomaly_mitigation", "off")
                .containsEntry("stickiness.enabled", "true");
    }

    @Test
    void aResourceKeepsItsArnWhenTheFileIsLoadedAgainWithOtherResourcesAdded() {
        String before = """
                loadBalancers:
                  - name: lb
                    listeners:
                      - port: 80
                        defaultAction: {forward: web}
                        rules: [{priority: 5, conditions: [{path-pattern: /a}], action: {forward: web}}]
                targetGroups: [{name: web, port: 80}]
                """;
        String after = """
                loadBalancers:
                  - name: first
                    listeners: [{port: 81, defaultAction: {forward: api}}]
                  - name: lb
                    listeners:
                      - port: 79
                        defaultAction: {forward: api}
                      - port: 80
                        defaultAction: {forward: web}
                        rules: [{priority: 5, conditions: [{path-pattern: /b}], action: {forward: api}}]
                targetGroups: [{name: api, port: 80}, {name: web, port: 81}]
                """;
        ConfigSnapshot first = loader.parse(before);
        ConfigSnapshot second = new ConfigFileLoader().parse(after, 2);

        assertThat(second.revision()).isEqualTo(2);
        assertThat(groupArn(second, "web")).isEqualTo(groupArn(first, "web"));
        assertThat(listenerOn(second, 80).arn()).isEqualTo(listenerOn(first, 80).arn());
        assertThat(listenerOn(second, 80).loadBalancerArn()).isEqualTo(listenerOn(first, 80).loadBalancerArn());
        assertThat(listenerOn(second, 80).rules().get(0).arn()).isEqualTo(listenerOn(first, 80).rules().get(0).arn());
        assertThat(listenerOn(second, 79).arn()).isNotEqualTo(listenerOn(first, 80).arn());
        assertThat(groupArn(second, "api")).isNotEqualTo(groupArn(second, "web"));
    }

    private static dev.ballast.core.model.Listener listenerOn(ConfigSnapshot snapshot, int port) {
        return snapshot.listeners().values().stream().filter(l -> l.port() == port).findFirst().orElseThrow();
    }

    @Test
    void anEmptyMappingIsAnEmptyConfiguration() {
        ConfigSnapshot snapshot = loader.parse("loadBalancers: []\ntargetGroups: []\n");
        assertThat(snapshot.loadBalancers()).isEmpty();
        assertThat(snapshot.targetGroups()).isEmpty();
    }

    private static String firstYamlBlock(Path markdown) throws IOException {
        Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(markdown));
        assertThat(block.find()).as("a ```yaml block in " + markdown).isTrue();
        return block.group(1);
    }

    static TargetGroup group(ConfigSnapshot snapshot, String name) {
        return snapshot.targetGroups().values().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }

    static String groupArn(ConfigSnapshot snapshot, String name) {
        return group(snapshot, name).arn();
    }

    private static <T> T only(java.util.Collection<T> items) {
        assertThat(items).hasSize(1);
        return items.iterator().next();
    }
}
