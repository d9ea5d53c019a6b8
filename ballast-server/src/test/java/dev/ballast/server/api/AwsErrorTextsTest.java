package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ForwardActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RulePriorityPair;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * Golden error texts: each error path of the ELBv2 and Classic APIs driven with the AWS SDK for Java v2, its code,
 * status and message compared with AWS's text written here as a literal copied from the public source named beside
 * it (not read from Ballast's constants, so a changed constant fails), and the same text found in docs/api.md's
 * "Error texts" table, which is the single list of them.
 */
@Timeout(120)
class AwsErrorTextsTest {
    private static final Path API_DOC = Path.of("..", "docs", "api.md");
    private static final String ACCOUNT_ARN = "arn:aws:elasticloadbalancing:us-east-1:000000000000:";
    private static final String MISSING_LB = ACCOUNT_ARN + "loadbalancer/app/nope/0123456789abcdef";
    private static final String MISSING_TG = ACCOUNT_ARN + "targetgroup/nope/0123456789abcdef";
    private static final String MISSING_LISTENER = ACCOUNT_ARN + "listener/app/nope/0123456789abcdef/0123456789abcdef";
    private static final String MISSING_RULE = ACCOUNT_ARN
            + "listener-rule/app/nope/0123456789abcdef/0123456789abcdef/0123456789abcdef";

    @TempDir
    static Path dataDir;
    private static ControlPlane plane;
    private static ElasticLoadBalancingV2Client elb;
    private static ElasticLoadBalancingClient classic;
    private static String albArn;
    private static String nlbArn;
    private static String groupArn;
    private static String listenerArn;

    @BeforeAll
    static void start() {
        plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
        elb = ApiTestSupport.client(plane.apiAddress(), "test", "test");
        classic = ClassicSdkTest.client(plane.apiAddress());
        albArn = elb.createLoadBalancer(b -> b.name("texts-alb").scheme("internal")).loadBalancers().get(0)
                .loadBalancerArn();
        nlbArn = elb.createLoadBalancer(b -> b.name("texts-nlb").type("network").scheme("internal"))
                .loadBalancers().get(0).loadBalancerArn();
        groupArn = elb.createTargetGroup(b -> b.name("texts-tg").protocol("HTTP").port(80).vpcId("vpc-1"))
                .targetGroups().get(0).targetGroupArn();
        listenerArn = elb.createListener(b -> b.loadBalancerArn(albArn).protocol("HTTP").port(ApiTestSupport.freePort())
                .defaultActions(forward(groupArn))).listeners().get(0).listenerArn();
    }

    @AfterAll
    static void stop() {
        if (elb != null) {
            elb.close();
            classic.close();
        }
        if (plane != null) {
            plane.close();
        }
    }

    private static Action forward(String arn) {
        return Action.builder().type(ActionTypeEnum.FORWARD).forwardConfig(ForwardActionConfig.builder()
                .targetGroups(TargetGroupTuple.builder().targetGroupArn(arn).build()).build()).build();
    }

    /** {@code call} fails with {@code code}, HTTP 400 and exactly {@code text}, and docs/api.md lists the pair. */
    private static void assertAwsText(ThrowingCallable call, String code, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(text);
        });
        assertThat(documentedTexts()).as("docs/api.md, Error texts: a row for %s %s", code, text)
                .anyMatch(row -> row.code().equals(code) && row.matches(text));
    }

    /** A row of the table: the code and AWS's text, variable parts written {@code <arn>}, {@code <name>}, ... */
    private record TextRow(String code, String text) {
        boolean matches(String actual) {
            StringBuilder regex = new StringBuilder();
            for (String part : text.split("<[a-z ]+>", -1)) {
                regex.append(regex.isEmpty() ? "" : ".*").append(Pattern.quote(part));
            }
            return actual.matches(regex.toString());
        }
    }

    /** The rows of the "Error texts" table in docs/api.md: {@code | `Code` | `text` | source |}. */
    private static List<TextRow> documentedTexts() {
        try {
            String doc = Files.readString(API_DOC);
            int start = doc.indexOf("## Error texts");
            assertThat(start).as("docs/api.md has an 'Error texts' section").isNotNegative();
            int end = doc.indexOf("\n## ", start + 1);
            return doc.substring(start, end < 0 ? doc.length() : end).lines().filter(l -> l.startsWith("| `"))
                    .map(l -> l.split(" \\| "))
                    .map(cells -> new TextRow(unquote(cells[0].substring(2)), unquote(cells[1])))
                    .toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String unquote(String cell) {
        String c = cell.strip();
        return c.startsWith("`") && c.endsWith("`") ? c.substring(1, c.length() - 1) : c;
    }

    // ---- ELBv2

    @Test
    void describeLoadBalancersByUnknownNameListsTheNames() {
        // hashicorp/terraform-provider-aws#10669: "LoadBalancerNotFound: Load balancers '[foobar-terraform-elb]' not found"
        assertAwsText(() -> elb.describeLoadBalancers(b -> b.names("texts-alb", "nope")), "LoadBalancerNotFound",
                "Load balancers '[nope]' not found");
    }

    @Test
    void describeLoadBalancersByUnknownArn() {
        // hashicorp/terraform-provider-aws#15214: "LoadBalancerNotFound: One or more load balancers not found"
        assertAwsText(() -> elb.describeLoadBalancers(b -> b.loadBalancerArns(MISSING_LB)), "LoadBalancerNotFound",
                "One or more load balancers not found");
    }

    @Test
    void callsAboutOneUnknownLoadBalancerNameItsArn() {
        // cloud-custodian/cloud-custodian#3593, DescribeListeners: "Load balancer 'arn:aws:...' not found"
        assertAwsText(() -> elb.describeListeners(b -> b.loadBalancerArn(MISSING_LB)), "LoadBalancerNotFound",
                "Load balancer '" + MISSING_LB + "' not found");
        assertAwsText(() -> elb.describeLoadBalancerAttributes(b -> b.loadBalancerArn(MISSING_LB)),
                "LoadBalancerNotFound", "Load balancer '" + MISSING_LB + "' not found");
    }

    @Test
    void unknownTargetGroups() {
        // aws-samples/service-screener-v2#212, DescribeTargetGroups: "One or more target groups not found"
        assertAwsText(() -> elb.describeTargetGroups(b -> b.targetGroupArns(MISSING_TG)), "TargetGroupNotFound",
                "One or more target groups not found");
        assertAwsText(() -> elb.describeTargetGroups(b -> b.names("nope")), "TargetGroupNotFound",
                "One or more target groups not found");
        assertAwsText(() -> elb.describeTargetHealth(b -> b.targetGroupArn(MISSING_TG)), "TargetGroupNotFound",
                "One or more target groups not found");
    }

    @Test
    void anActionForwardingToAnUnknownTargetGroupNamesIt() {
        // the list (from an AWS-verified conformance suite) and moto's test_create_listener_with_invalid_target_group
        assertAwsText(() -> elb.createListener(b -> b.loadBalancerArn(albArn).protocol("HTTP")
                .port(ApiTestSupport.freePort()).defaultActions(forward(MISSING_TG))), "TargetGroupNotFound",
                "Target group '" + MISSING_TG + "' not found");
    }

    @Test
    void unknownListenersAndRules() {
        // awslabs/kubeflow-manifests#116: "ListenerNotFound: One or more listeners not found"
        assertAwsText(() -> elb.describeListeners(b -> b.listenerArns(MISSING_LISTENER)), "ListenerNotFound",
                "One or more listeners not found");
        // moto's test_describe_unknown_rule: "One or more rules not found"
        assertAwsText(() -> elb.describeRules(b -> b.ruleArns(MISSING_RULE)), "RuleNotFound",
                "One or more rules not found");
    }

    @Test
    void albTargets() {
        int port = elb.describeListeners(b -> b.listenerArns(listenerArn)).listeners().get(0).port();
        String albGroup = elb.createTargetGroup(b -> b.name("texts-alb-tg").protocol("TCP").port(port)
                .targetType("alb")).targetGroups().get(0).targetGroupArn();
        // hashicorp/terraform-provider-aws#38987, RegisterTargets: "ValidationError: If the target type is ALB, the
        // target must have at least one listener that matches the target group port or any specified port overrides"
        assertAwsText(() -> elb.registerTargets(b -> b.targetGroupArn(albGroup).targets(t -> t.id(albArn)
                .port(port == 65535 ? 1 : port + 1))), "ValidationError", "If the target type is ALB, the target "
                + "must have at least one listener that matches the target group port or any specified port overrides");
        elb.registerTargets(b -> b.targetGroupArn(albGroup).targets(t -> t.id(albArn)));
        // cloud-custodian/cloud-custodian#9921: "ResourceInUse ... Load balancer 'arn:aws:...' cannot be deleted
        // because it is currently associated with another service"
        assertAwsText(() -> elb.deleteLoadBalancer(b -> b.loadBalancerArn(albArn)), "ResourceInUse",
                "Load balancer '" + albArn + "' cannot be deleted because it is currently associated with another "
                        + "service");
        elb.deleteTargetGroup(b -> b.targetGroupArn(albGroup));
    }

    @Test
    void rulePriorities() {
        String a = elb.createRule(b -> b.listenerArn(listenerArn).priority(10).actions(forward(groupArn))
                .conditions(c -> c.field("path-pattern").values("/a"))).rules().get(0).ruleArn();
        String c = elb.createRule(b -> b.listenerArn(listenerArn).priority(11).actions(forward(groupArn))
                .conditions(x -> x.field("path-pattern").values("/c"))).rules().get(0).ruleArn();
        // the list: "Priority 'N' was provided multiple times" (SetRulePriorities)
        assertAwsText(() -> elb.setRulePriorities(b -> b.rulePriorities(
                RulePriorityPair.builder().ruleArn(a).priority(20).build(),
                RulePriorityPair.builder().ruleArn(c).priority(20).build())), "ValidationError",
                "Priority '20' was provided multiple times");
        // hashicorp/terraform-provider-aws issues quote "PriorityInUse: Priority '10' is currently in use"
        assertAwsText(() -> elb.createRule(b -> b.listenerArn(listenerArn).priority(10).actions(forward(groupArn))
                .conditions(x -> x.field("path-pattern").values("/b"))), "PriorityInUse",
                "Priority '10' is currently in use");
        elb.deleteRule(b -> b.ruleArn(a));
        elb.deleteRule(b -> b.ruleArn(c));
    }

    @Test
    void aListenerWithoutPort() {
        // the list and moto's test_create_listeners_without_port: "A listener port must be specified"
        assertAwsText(() -> elb.createListener(b -> b.loadBalancerArn(albArn).protocol("HTTP")
                .defaultActions(forward(groupArn))), "ValidationError", "A listener port must be specified");
    }

    @Test
    void aListenerProtocolTheLoadBalancerTypeDoesNotServe() {
        // the list: "Listener protocol 'TCP' must be one of 'HTTP, HTTPS'" (ValidationError, not
        // UnsupportedProtocol); the network form as moto's InvalidProtocol lists it
        assertAwsText(() -> elb.createListener(b -> b.loadBalancerArn(albArn).protocol("TCP")
                .port(ApiTestSupport.freePort()).defaultActions(forward(groupArn))), "ValidationError",
                "Listener protocol 'TCP' must be one of 'HTTP, HTTPS'");
        assertAwsText(() -> elb.createListener(b -> b.loadBalancerArn(nlbArn).protocol("HTTP")
                .port(ApiTestSupport.freePort()).defaultActions(forward(groupArn))), "ValidationError",
                "Listener protocol 'HTTP' must be one of 'UDP, TCP, TLS, TCP_UDP'");
    }

    @Test
    void modelConstraintsUseTheValidationTextOfAwsFrontEnd() {
        // the issue's list: "1 validation error detected: Value 'X' at 'protocol' failed to satisfy constraint:
        // Member must satisfy enum value set: [...]", the set as botocore's ProtocolEnum lists it
        assertAwsText(() -> elb.createTargetGroup(b -> b.name("bad").protocol("HTTQ").port(80).vpcId("vpc-1")),
                "ValidationError", "1 validation error detected: Value 'HTTQ' at 'protocol' failed to satisfy "
                        + "constraint: Member must satisfy enum value set: [HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE]");
        // moto's InvalidActionTypeError quotes the member path of a list item: 'actions.1.member.type'; two
        // violations are counted and joined with "; "
        assertAwsText(() -> elb.createTargetGroup(b -> b.name("bad").protocol("HTTP").port(70000).vpcId("vpc-1")
                .healthCheckIntervalSeconds(1)), "ValidationError", "2 validation errors detected: Value '70000' at "
                + "'port' failed to satisfy constraint: Member must have value less than or equal to 65535; Value "
                + "'1' at 'healthCheckIntervalSeconds' failed to satisfy constraint: Member must have value greater "
                + "than or equal to 5");
        assertAwsText(() -> elb.createRule(b -> b.listenerArn(listenerArn).priority(50001).actions(forward(groupArn))
                .conditions(x -> x.field("path-pattern").values("/z"))), "ValidationError",
                "1 validation error detected: Value '50001' at 'priority' failed to satisfy constraint: Member must "
                        + "have value less than or equal to 50000");
    }

    // ---- Classic

    @Test
    void classicUnknownLoadBalancer() {
        // boto/boto#509 (a captured ErrorResponse) and zalando-stups/senza#399: "Cannot find Load Balancer <name>"
        assertAwsText(() -> classic.describeLoadBalancers(b -> b.loadBalancerNames("nope")), "LoadBalancerNotFound",
                "Cannot find Load Balancer nope");
        // moto's NoActiveLoadBalancerFoundError: "There is no ACTIVE Load Balancer named '<name>'"
        assertAwsText(() -> classic.describeLoadBalancerAttributes(b -> b.loadBalancerName("nope")),
                "LoadBalancerNotFound", "There is no ACTIVE Load Balancer named 'nope'");
    }

    @Test
    void classicModelConstraints() {
        // the same front-end text for the Classic model's ranges (botocore elb/2012-06-01: HealthCheckInterval 5-300)
        assertAwsText(() -> classic.configureHealthCheck(b -> b.loadBalancerName("nope").healthCheck(h -> h
                .target("TCP:80").interval(3).timeout(2).healthyThreshold(2).unhealthyThreshold(2))),
                "ValidationError", "1 validation error detected: Value '3' at 'healthCheck.interval' failed to "
                        + "satisfy constraint: Member must have value greater than or equal to 5");
    }
}
