package dev.ballast.api.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.api.query.ApiResponse;
import dev.ballast.api.query.QueryCalls;
import dev.ballast.api.query.QueryDispatcher;
import dev.ballast.api.query.QueryServiceModel;
import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.elbv2.ElbSettings;
import dev.ballast.control.store.SqliteStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XML of representative responses, byte for byte, against files in {@code src/test/resources/golden} (a fixed
 * clock and seeded randomness make ARNs and DNS names repeatable). The requests are those of the examples on AWS's
 * API reference pages, so each golden file carries the structure of AWS's example response in
 * {@code golden/aws/} (see {@code golden/README.md}); every response is also checked against botocore's service
 * model: namespace, result wrapper, member names, order and types, list wrapping, ResponseMetadata, error codes.
 * Run with {@code -Dgolden.update=true} to rewrite the Ballast files after an intended change.
 */
class GoldenXmlTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static final QueryServiceModel MODEL = QueryServiceModel.load("elbv2", "2015-12-01");

    @TempDir
    Path dataDir;

    private SqliteStore store;
    private QueryDispatcher dispatcher;

    @BeforeEach
    void start() {
        store = SqliteStore.open(dataDir);
        ElbControl control = ElbControl.open(store, new ConfigPublisher(), ElbSettings.defaults("127.0.0.1"),
                Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC), new SplittableRandom(42));
        dispatcher = new QueryDispatcher(Elbv2Service.NAMESPACE).register(new Elbv2Service(control));
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private ApiResponse call(String action, String... pairs) {
        return QueryCalls.call(dispatcher, "2015-12-01", action, pairs);
    }

    private static String arn(ApiResponse response, String element) {
        String body = response.body();
        int start = body.indexOf("<" + element + ">") + element.length() + 2;
        return body.substring(start, body.indexOf("</" + element + ">", start));
    }

    /** {@code response} equals golden/{@code name}.xml and is what botocore's model says {@code action} returns. */
    private static void assertGolden(String name, String action, ApiResponse response) throws IOException {
        QueryCalls.assertMatchesGolden(GOLDEN.resolve(name + ".xml"), response.body());
        assertThat(MODEL.violations(action, response.body())).as("%s against the service model", name).isEmpty();
    }

    /**
     * Every element path of AWS's example golden/aws/{@code name}.xml (names and nesting, list items as member)
     * appears in one of {@code responses}.
     */
    private static void assertCarriesAwsExample(String name, ApiResponse... responses) throws IOException {
        String[] bodies = java.util.Arrays.stream(responses).map(ApiResponse::body).toArray(String[]::new);
        assertThat(QueryCalls.pathsMissing(GOLDEN.resolve("aws").resolve(name + ".xml"), bodies))
                .as("element paths of AWS's example %s missing from Ballast's answer", name).isEmpty();
    }

    /** An error response: golden, conforming to the model, with the status AWS gives its code. */
    private static void assertGoldenError(String name, String action, ApiResponse response, String code)
            throws IOException {
        assertGolden(name, action, response);
        assertThat(response.body()).contains("<Code>" + code + "</Code>");
        assertThat(response.status()).isEqualTo(MODEL.statusOf(code));
    }

    @Test
    void responseShapes() throws IOException {
        // The requests of the examples on AWS's API reference pages (golden/README.md names them).
        ApiResponse lb = call("CreateLoadBalancer", "Name", "my-load-balancer", "Subnets.member.1",
                "subnet-8360a9e7", "Subnets.member.2", "subnet-b7d581c0", "SecurityGroups.member.1", "sg-5943793c",
                "Tags.member.1.Key", "env", "Tags.member.1.Value", "test");
        assertThat(lb.status()).isEqualTo(200);
        assertGolden("create-load-balancer", "CreateLoadBalancer", lb);
        assertCarriesAwsExample("create-load-balancer", lb);
        ApiResponse described = call("DescribeLoadBalancers", "Names.member.1", "my-load-balancer");
        assertGolden("describe-load-balancers", "DescribeLoadBalancers", described);
        assertCarriesAwsExample("describe-load-balancers", described);

        ApiResponse tg = call("CreateTargetGroup", "Name", "my-targets", "Protocol", "HTTP", "Port", "80",
                "VpcId", "vpc-3ac0fb5f", "TargetType", "ip");
        assertGolden("create-target-group", "CreateTargetGroup", tg);
        assertCarriesAwsExample("create-target-group", tg);
        String tgArn = arn(tg, "TargetGroupArn");

        ApiResponse listener = call("CreateListener", "LoadBalancerArn", arn(lb, "LoadBalancerArn"), "Protocol",
                "HTTP", "Port", "80", "DefaultActions.member.1.Type", "forward",
                "DefaultActions.member.1.TargetGroupArn", tgArn);
        assertGolden("create-listener", "CreateListener", listener);
        assertCarriesAwsExample("create-listener", listener);
        String listenerArn = arn(listener, "ListenerArn");

        ApiResponse rule = call("CreateRule", "ListenerArn", listenerArn, "Priority", "10",
                "Conditions.member.1.Field", "path-pattern", "Conditions.member.1.Values.member.1", "/img/*",
                "Actions.member.1.Type", "forward", "Actions.member.1.TargetGroupArn", tgArn);
        assertGolden("create-rule", "CreateRule", rule);
        assertCarriesAwsExample("create-rule", rule);
        // Beyond AWS's examples: the newer condition configs and a redirect action.
        ApiResponse redirect = call("CreateRule", "ListenerArn", listenerArn, "Priority", "20",
                "Conditions.member.1.Field", "host-header",
                "Conditions.member.1.HostHeaderConfig.Values.member.1", "a.example.com",
                "Conditions.member.2.Field", "query-string",
                "Conditions.member.2.QueryStringConfig.Values.member.1.Key", "v",
                "Conditions.member.2.QueryStringConfig.Values.member.1.Value", "2",
                "Actions.member.1.Type", "redirect", "Actions.member.1.RedirectConfig.Protocol", "HTTPS",
                "Actions.member.1.RedirectConfig.StatusCode", "HTTP_301");
        assertGolden("create-rule-redirect", "CreateRule", redirect);
        ApiResponse rules = call("DescribeRules", "ListenerArn", listenerArn);
        assertGolden("describe-rules", "DescribeRules", rules);
        assertCarriesAwsExample("describe-rules", rules);

        call("RegisterTargets", "TargetGroupArn", tgArn, "Targets.member.1.Id", "10.0.0.1",
                "Targets.member.1.Port", "80");
        ApiResponse health = call("DescribeTargetHealth", "TargetGroupArn", tgArn);
        assertGolden("describe-target-health", "DescribeTargetHealth", health);
        // AWS's example shows a healthy target and one of a group no load balancer uses.
        ApiResponse idle = call("CreateTargetGroup", "Name", "my-idle-targets", "Protocol", "HTTP", "Port", "80",
                "VpcId", "vpc-3ac0fb5f", "TargetType", "ip");
        call("RegisterTargets", "TargetGroupArn", arn(idle, "TargetGroupArn"), "Targets.member.1.Id", "10.0.0.2",
                "Targets.member.1.Port", "80");
        ApiResponse unused = call("DescribeTargetHealth", "TargetGroupArn", arn(idle, "TargetGroupArn"));
        assertGolden("describe-target-health-unused", "DescribeTargetHealth", unused);
        assertThat(unused.body()).as("as in AWS's example: no HealthCheckPort, AWS's description")
                .doesNotContain("<HealthCheckPort>")
                .contains("<Description>Given target group is not configured to receive traffic from ELB</Description>");
        assertCarriesAwsExample("describe-target-health", health, unused);

        assertGoldenError("error-priority-in-use", "CreateRule", call("CreateRule", "ListenerArn", listenerArn,
                "Priority", "10", "Conditions.member.1.Field", "path-pattern",
                "Conditions.member.1.Values.member.1", "/x", "Actions.member.1.Type", "fixed-response",
                "Actions.member.1.FixedResponseConfig.StatusCode", "404"), "PriorityInUse");
        assertGoldenError("error-validation", "CreateTargetGroup", call("CreateTargetGroup", "Name", "golden-tg2",
                "Protocol", "HTTP", "Port", "70000"), "ValidationError");
    }

    @Test
    void emptyListSentAsBareKeyMatchesNothingButIsAccepted() {
        ApiResponse response = call("DescribeLoadBalancers", "Names", "");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("<LoadBalancers/>");
    }
}
