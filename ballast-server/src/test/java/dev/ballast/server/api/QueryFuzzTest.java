package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.server.ControlPlane;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

/**
 * Property test of the Query front end with a seeded random: thousands of forms mutated from valid requests of
 * every kind (parameters dropped, repeated, renamed, re-indexed, values replaced by odd text, control characters,
 * broken percent-encoding, random bytes) are sent to a real server. Every answer must be a well-formed XML document
 * with no stack trace and no 5xx status, and every refused call must leave the configuration exactly as it was.
 */
class QueryFuzzTest {
    private static final long SEED = 20261126L;
    private static final int ROUNDS = 2000;
    /** Any IPv4 dotted quad or IPv6-looking literal: the fuzzer must never make the server probe off-host. */
    private static final Pattern ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f]*:[0-9A-Fa-f:]*");
    private static final String[] ODD_VALUES = {"", " ", " 80", "80 ", "+80", "-1", "0", "65536", "99999999999",
        "2147483648", "1e3", "0x50", "true", "TRUE", "null", "\u0001", "a\u0000b", "\uFFFE", "\uD800", "é", "\u202E",
        "<x>", "&amp;", "'\"", "%", "%%", "200-100", "200,", ",", "/", "//", "*", "?", "#{host}", "vpc-", "a".repeat(300),
        "x".repeat(5000), "HTTP", "TCP_UDP", "forward", "fixed-response", "redirect", "HTTP_301", "internal",
        "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/x/1", "127.0.0.1", "::1"};
    private static final String[] RAW_FRAGMENTS = {"%", "%G1", "%0", "%01", "%00", "%ZZ", "&&", "==", "=", "+",
        "%C3%28", "%E2%82", "%F0%9F%98%80", "%FF%FE", ".member.", ".member.0", ".member.-1", ".member.x", "."};

    @TempDir
    Path dataDir;

    @Test
    void mutatedFormsAlwaysGetWellFormedAnswersAndRefusedOnesChangeNothing() {
        try (ControlPlane plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
             ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            List<List<String[]>> seeds = seeds(plane, elb);
            SplittableRandom random = new SplittableRandom(SEED);
            int refused = 0;
            int accepted = 0;
            for (int round = 0; round < ROUNDS; round++) {
                String form = random.nextInt(20) == 0 ? randomBytes(random)
                        : encode(mutate(seeds.get(random.nextInt(seeds.size())), random), random);
                Object elbv2Before = plane.control().state();
                Object classicBefore = plane.classic().state();
                HttpResponse<String> response = ApiTestSupport.post(plane.apiAddress(), form);
                String context = "seed " + SEED + " round " + round + ": " + form;
                assertThat(response.statusCode()).as(context).isBetween(200, 499);
                assertThat(response.body()).as(context).doesNotContain("Exception").doesNotContain("\tat ");
                ApiTestSupport.parse(response.body());
                if (response.statusCode() == 200) {
                    accepted++;
                } else {
                    refused++;
                    assertThat(plane.control().state()).as(context).isEqualTo(elbv2Before);
                    assertThat(plane.classic().state()).as(context).isEqualTo(classicBefore);
                }
            }
            // the mutations must exercise both paths, or the property says little
            assertThat(refused).isGreaterThan(ROUNDS / 2);
            assertThat(accepted).isGreaterThan(ROUNDS / 50);
        }
    }

    /** Valid requests of many kinds against resources that exist, as name/value pairs. */
    private static List<List<String[]>> seeds(ControlPlane plane, ElasticLoadBalancingV2Client elb) {
        String lb = elb.createLoadBalancer(r -> r.name("fuzz-lb").subnets("subnet-0ba11a5700000000a")).loadBalancers().get(0)
                .loadBalancerArn();
        String tg = elb.createTargetGroup(r -> r.name("fuzz-tg").protocol(ProtocolEnum.HTTP).port(80))
                .targetGroups().get(0).targetGroupArn();
        String listener = elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP)
                .port(ApiTestSupport.freePort()).defaultActions(Action.builder().type(ActionTypeEnum.FIXED_RESPONSE)
                        .fixedResponseConfig(c -> c.statusCode("200")).build())).listeners().get(0).listenerArn();
        String v2 = "Version=2015-12-01";
        String classic = "Version=2012-06-01";
        List<String> forms = List.of(
                "Action=DescribeLoadBalancers&" + v2,
                "Action=DescribeLoadBalancers&" + v2 + "&Names.member.1=fuzz-lb&PageSize=10",
                "Action=CreateLoadBalancer&" + v2 + "&Name=fuzz-new&Subnets.member.1=subnet-0ba11a5700000000a&Scheme=internal"
                        + "&Tags.member.1.Key=k&Tags.member.1.Value=v",
                "Action=DeleteLoadBalancer&" + v2 + "&LoadBalancerArn=" + lb,
                "Action=ModifyLoadBalancerAttributes&" + v2 + "&LoadBalancerArn=" + lb
                        + "&Attributes.member.1.Key=idle_timeout.timeout_seconds&Attributes.member.1.Value=30",
                "Action=CreateTargetGroup&" + v2 + "&Name=fuzz-tg2&Protocol=HTTP&Port=8080&VpcId=vpc-0abc"
                        + "&HealthCheckPath=/health&Matcher.HttpCode=200-299&HealthCheckIntervalSeconds=10",
                "Action=ModifyTargetGroup&" + v2 + "&TargetGroupArn=" + tg + "&HealthCheckPath=/ok"
                        + "&HealthyThresholdCount=3&Matcher.HttpCode=200,202",
                "Action=ModifyTargetGroupAttributes&" + v2 + "&TargetGroupArn=" + tg
                        + "&Attributes.member.1.Key=deregistration_delay.timeout_seconds&Attributes.member.1.Value=5",
                "Action=RegisterTargets&" + v2 + "&TargetGroupArn=" + tg
                        + "&Targets.member.1.Id=127.0.0.1&Targets.member.1.Port=9",
                "Action=DeregisterTargets&" + v2 + "&TargetGroupArn=" + tg + "&Targets.member.1.Id=127.0.0.1",
                "Action=DescribeTargetHealth&" + v2 + "&TargetGroupArn=" + tg,
                "Action=DeleteTargetGroup&" + v2 + "&TargetGroupArn=" + tg,
                "Action=ModifyListener&" + v2 + "&ListenerArn=" + listener
                        + "&DefaultActions.member.1.Type=fixed-response"
                        + "&DefaultActions.member.1.FixedResponseConfig.StatusCode=503"
                        + "&DefaultActions.member.1.FixedResponseConfig.ContentType=text/plain"
                        + "&DefaultActions.member.1.FixedResponseConfig.MessageBody=down",
                "Action=CreateRule&" + v2 + "&ListenerArn=" + listener + "&Priority=5"
                        + "&Conditions.member.1.Field=path-pattern&Conditions.member.1.PathPatternConfig.Values.member.1=/a*"
                        + "&Actions.member.1.Type=redirect&Actions.member.1.RedirectConfig.Protocol=HTTPS"
                        + "&Actions.member.1.RedirectConfig.Path=/b&Actions.member.1.RedirectConfig.StatusCode=HTTP_301",
                "Action=CreateRule&" + v2 + "&ListenerArn=" + listener + "&Priority=6"
                        + "&Conditions.member.1.Field=http-header&Conditions.member.1.HttpHeaderConfig.HttpHeaderName=X-A"
                        + "&Conditions.member.1.HttpHeaderConfig.Values.member.1=v"
                        + "&Actions.member.1.Type=forward&Actions.member.1.TargetGroupArn=" + tg,
                "Action=DescribeRules&" + v2 + "&ListenerArn=" + listener,
                "Action=AddTags&" + v2 + "&ResourceArns.member.1=" + tg + "&Tags.member.1.Key=team"
                        + "&Tags.member.1.Value=blue",
                "Action=RemoveTags&" + v2 + "&ResourceArns.member.1=" + tg + "&TagKeys.member.1=team",
                "Action=DescribeTags&" + v2 + "&ResourceArns.member.1=" + lb + "&ResourceArns.member.2=" + tg,
                "Action=CreateLoadBalancer&" + classic + "&LoadBalancerName=fuzz-classic"
                        + "&Listeners.member.1.Protocol=HTTP&Listeners.member.1.LoadBalancerPort="
                        + ApiTestSupport.freePort() + "&Listeners.member.1.InstancePort=80"
                        + "&AvailabilityZones.member.1=us-east-1a",
                "Action=ConfigureHealthCheck&" + classic + "&LoadBalancerName=fuzz-classic"
                        + "&HealthCheck.Target=HTTP:80/ping&HealthCheck.Interval=10&HealthCheck.Timeout=5"
                        + "&HealthCheck.UnhealthyThreshold=2&HealthCheck.HealthyThreshold=2",
                "Action=AddTags&" + classic + "&LoadBalancerNames.member.1=fuzz-classic&Tags.member.1.Key=a"
                        + "&Tags.member.1.Value=b",
                "Action=DescribeLoadBalancers&" + classic);
        List<List<String[]>> out = new ArrayList<>();
        for (String form : forms) {
            List<String[]> pairs = new ArrayList<>();
            for (String pair : form.split("&")) {
                pairs.add(pair.split("=", 2));
            }
            out.add(pairs);
        }
        return out;
    }

    /** One to three random edits of {@code seed}; listener ports are never edited, so nothing binds a chosen port. */
    private static List<String[]> mutate(List<String[]> seed, SplittableRandom random) {
        List<String[]> pairs = new ArrayList<>();
        seed.forEach(p -> pairs.add(p.clone()));
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && !pairs.isEmpty(); i++) {
            int at = random.nextInt(pairs.size());
            String[] pair = pairs.get(at);
            if (pair[0].endsWith("Port") && !pair[0].startsWith("Targets")) {
                continue;
            }
            switch (random.nextInt(8)) {
                case 0 -> pairs.remove(at);
                case 1 -> pairs.add(random.nextInt(pairs.size() + 1), pair.clone());
                case 2 -> pair[1] = ODD_VALUES[random.nextInt(ODD_VALUES.length)];
                case 3 -> pair[1] = randomText(random);
                case 4 -> pair[0] = pair[0].replaceFirst("\\.member\\.\\d+", ".member."
                        + new String[] {"0", "-1", "x", "99999999999", "2", ""}[random.nextInt(6)]);
                case 5 -> pair[0] = pair[0] + new String[] {".Extra", "x", "", ".member.1"}[random.nextInt(4)];
                case 6 -> pairs.add(new String[] {randomText(random), randomText(random)});
                default -> pair[1] = pair[1] + ODD_VALUES[random.nextInt(ODD_VALUES.length)];
            }
        }
        return pairs;
    }

    /** The pairs form-encoded, sometimes with a raw fragment (broken escapes, stray separators) spliced in. */
    private static String encode(List<String[]> pairs, SplittableRandom random) {
        StringBuilder form = new StringBuilder();
        for (String[] pair : pairs) {
            String value = ADDRESS.matcher(pair[1]).find() && !pair[1].startsWith("127.") && !pair[1].equals("::1")
                    ? "127.0.0.9" : pair[1];
            if (!form.isEmpty()) {
                form.append('&');
            }
            form.append(URLEncoder.encode(pair[0], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        if (random.nextInt(5) == 0) {
            int at = random.nextInt(form.length() + 1);
            form.insert(at, RAW_FRAGMENTS[random.nextInt(RAW_FRAGMENTS.length)]);
        }
        return form.toString();
    }

    private static String randomText(SplittableRandom random) {
        StringBuilder b = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            b.appendCodePoint(switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0x20 + random.nextInt(0x5F);
                case 2 -> random.nextInt(0xD800);
                default -> random.nextInt(0x10FFFF + 1);
            });
        }
        return b.toString();
    }

    /** A form with no structure at all: random ASCII, control characters included. */
    private static String randomBytes(SplittableRandom random) {
        StringBuilder b = new StringBuilder();
        int length = random.nextInt(200);
        for (int i = 0; i < length; i++) {
            b.append((char) random.nextInt(0x80));
        }
        return b.toString();
    }
}
