package dev.ballast.api.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.api.query.ApiResponse;
import dev.ballast.api.query.QueryDispatcher;
import dev.ballast.api.query.QueryParams;
import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.elbv2.ElbSettings;
import dev.ballast.control.store.SqliteStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XML shapes of representative responses, byte for byte, against files in {@code src/test/resources/golden}
 * (a fixed clock and seeded randomness make ARNs and DNS names repeatable). Run with {@code -Dgolden.update=true}
 * to rewrite the files after an intended change.
 */
class GoldenXmlTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

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
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Action", action);
        params.put("Version", "2015-12-01");
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return dispatcher.dispatch(QueryParams.of(params), "00000000-0000-0000-0000-000000000000");
    }

    private static String arn(ApiResponse response, String element) {
        String body = response.body();
        int start = body.indexOf("<" + element + ">") + element.length() + 2;
        return body.substring(start, body.indexOf("</" + element + ">", start));
    }

    private static void assertGolden(String name, ApiResponse response) throws IOException {
        Path file = GOLDEN.resolve(name + ".xml");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, response.body(), StandardCharsets.UTF_8);
        }
        assertThat(response.body()).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void responseShapes() throws IOException {
        ApiResponse lb = call("CreateLoadBalancer", "Name", "golden-lb", "Subnets.member.1", "subnet-0aaa",
                "Tags.member.1.Key", "env", "Tags.member.1.Value", "test");
        assertThat(lb.status()).isEqualTo(200);
        assertGolden("create-load-balancer", lb);
        ApiResponse tg = call("CreateTargetGroup", "Name", "golden-tg", "Protocol", "HTTP", "Port", "80",
                "TargetType", "ip", "Matcher.HttpCode", "200-299");
        assertGolden("create-target-group", tg);
        ApiResponse listener = call("CreateListener", "LoadBalancerArn", arn(lb, "LoadBalancerArn"), "Protocol", "HTTP",
                "Port", "8080", "DefaultActions.member.1.Type", "forward",
                "DefaultActions.member.1.TargetGroupArn", arn(tg, "TargetGroupArn"));
        assertGolden("create-listener", listener);
        ApiResponse rule = call("CreateRule", "ListenerArn", arn(listener, "ListenerArn"), "Priority", "10",
                "Conditions.member.1.Field", "host-header",
                "Conditions.member.1.HostHeaderConfig.Values.member.1", "a.example.com",
                "Conditions.member.2.Field", "query-string",
                "Conditions.member.2.QueryStringConfig.Values.member.1.Key", "v",
                "Conditions.member.2.QueryStringConfig.Values.member.1.Value", "2",
                "Actions.member.1.Type", "redirect", "Actions.member.1.RedirectConfig.Protocol", "HTTPS",
                "Actions.member.1.RedirectConfig.StatusCode", "HTTP_301");
        assertGolden("create-rule", rule);
        assertGolden("describe-rules", call("DescribeRules", "ListenerArn", arn(listener, "ListenerArn")));
        call("RegisterTargets", "TargetGroupArn", arn(tg, "TargetGroupArn"), "Targets.member.1.Id", "10.0.0.1",
                "Targets.member.1.Port", "8080");
        assertGolden("describe-target-health", call("DescribeTargetHealth", "TargetGroupArn",
                arn(tg, "TargetGroupArn")));
        assertGolden("error-priority-in-use", call("CreateRule", "ListenerArn", arn(listener, "ListenerArn"),
                "Priority", "10", "Conditions.member.1.Field", "path-pattern",
                "Conditions.member.1.Values.member.1", "/x", "Actions.member.1.Type", "fixed-response",
                "Actions.member.1.FixedResponseConfig.StatusCode", "404"));
        assertGolden("error-validation", call("CreateTargetGroup", "Name", "golden-tg2", "Protocol", "HTTP",
                "Port", "70000"));
    }

    @Test
    void emptyListSentAsBareKeyMatchesNothingButIsAccepted() {
        ApiResponse response = call("DescribeLoadBalancers", "Names", "");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("<LoadBalancers/>");
    }
}
