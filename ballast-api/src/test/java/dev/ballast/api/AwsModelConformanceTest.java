package dev.ballast.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.api.classic.ClassicService;
import dev.ballast.api.elbv2.Elbv2Service;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.api.query.QueryCalls;
import dev.ballast.api.query.QueryDispatcher;
import dev.ballast.api.query.QueryServiceModel;
import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.classic.ClassicControl;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.elbv2.ElbSettings;
import dev.ballast.control.store.SqliteStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every action Ballast serves, for ELBv2 and Classic, answers in the shape botocore's service model gives it
 * (namespace, result wrapper, member names, order and types, lists, ResponseMetadata; for errors a code the action
 * can return, with its HTTP status): the XML AWS's SDKs and the AWS CLI parse.
 */
class AwsModelConformanceTest {
    private static final String TEST_CERTIFICATES = "arn:aws:acm:us-east-1:000000000000:certificate/";
    private static final QueryServiceModel ELBV2 = QueryServiceModel.load("elbv2", "2015-12-01");
    private static final QueryServiceModel CLASSIC = QueryServiceModel.load("elb", "2012-06-01");

    @TempDir
    java.nio.file.Path dataDir;

    private SqliteStore store;
    private SqliteStore classicStore;
    private QueryDispatcher dispatcher;
    private final List<String> violations = new ArrayList<>();
    private final List<String> actionsSeen = new ArrayList<>();
    /** Whether the calls being made are meant to fail (checked, so an early failure cannot hide the rest). */
    private boolean errorsExpected;
    private final Set<String> unknownToTheModel = new java.util.TreeSet<>();
    private Set<String> elbv2Actions;
    private Set<String> classicActions;

    @BeforeEach
    void start() {
        store = SqliteStore.open(dataDir.resolve("elbv2"));
        classicStore = SqliteStore.open(dataDir.resolve("classic"));
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);
        ElbSettings settings = ElbSettings.defaults("127.0.0.1");
        ElbControl control = ElbControl.open(store, new ConfigPublisher(), settings, clock, new SplittableRandom(1));
        ClassicControl classic = ClassicControl.open(classicStore, new ConfigPublisher(), settings, clock,
                new SplittableRandom(2));
        // This test checks wire shapes; that certificate ARNs name imported certificates is AcmHttpsSdkTest's part.
        control.listeners().certificates(arn -> arn.startsWith(TEST_CERTIFICATES));
        classic.certificates(arn -> arn.startsWith(TEST_CERTIFICATES));
        Elbv2Service elbv2 = new Elbv2Service(control);
        ClassicService classicService = new ClassicService(classic);
        elbv2Actions = elbv2.actions().keySet();
        classicActions = classicService.actions().keySet();
        dispatcher = new QueryDispatcher(Elbv2Service.NAMESPACE).register(elbv2).register(classicService);
    }

    @AfterEach
    void stop() {
        store.close();
        classicStore.close();
    }

    /** Calls {@code action} and records every difference from the model; returns the response. */
    private ApiResponse call(QueryServiceModel model, String version, String action, String... pairs) {
        ApiResponse response = QueryCalls.call(dispatcher, version, action, pairs);
        assertThat(response.body().contains("<ErrorResponse")).as(action + " " + List.of(pairs) + ": "
                        + response.body())
                .isEqualTo(errorsExpected);
        actionsSeen.add(action);
        if (!model.hasOperation(action)) {
            unknownToTheModel.add(action);
            return response;
        }
        model.violations(action, response.body()).forEach(v -> violations.add(action + ": " + v));
        Matcher code = Pattern.compile("<Code>([^<]+)</Code>").matcher(response.body());
        if (response.body().contains("<ErrorResponse") && code.find()
                && response.status() != model.statusOf(code.group(1))) {
            violations.add(action + ": status " + response.status() + " for " + code.group(1) + " (expected: "
                    + model.statusOf(code.group(1)) + ")");
        }
        return response;
    }

    private ApiResponse elbv2(String action, String... pairs) {
        return call(ELBV2, "2015-12-01", action, pairs);
    }

    private ApiResponse classic(String action, String... pairs) {
        return call(CLASSIC, "2012-06-01", action, pairs);
    }

    private static String value(ApiResponse response, String element) {
        Matcher m = Pattern.compile("<" + element + ">([^<]+)</" + element + ">").matcher(response.body());
        assertThat(m.find()).as(element + " in " + response.body()).isTrue();
        return m.group(1);
    }

    @Test
    void everyElbv2ActionAnswersInTheModelsShape() {
        String lb = value(elbv2("CreateLoadBalancer", "Name", "lb", "Subnets.member.1", "subnet-0aaa",
                "SecurityGroups.member.1", "sg-0aaa"), "LoadBalancerArn");
        String nlb = value(elbv2("CreateLoadBalancer", "Name", "nlb", "Type", "network", "Scheme", "internal"),
                "LoadBalancerArn");
        elbv2("DescribeLoadBalancers");
        elbv2("DescribeLoadBalancers", "LoadBalancerArns.member.1", lb, "PageSize", "1");
        elbv2("DescribeLoadBalancerAttributes", "LoadBalancerArn", lb);
        elbv2("DescribeCapacityReservation", "LoadBalancerArn", lb);
        elbv2("ModifyLoadBalancerAttributes", "LoadBalancerArn", lb, "Attributes.member.1.Key",
                "idle_timeout.timeout_seconds", "Attributes.member.1.Value", "70");
        elbv2("SetSecurityGroups", "LoadBalancerArn", lb, "SecurityGroups.member.1", "sg-0bbb");
        elbv2("SetSubnets", "LoadBalancerArn", lb, "Subnets.member.1", "subnet-0aaa", "Subnets.member.2",
                "subnet-0bbb");
        elbv2("SetIpAddressType", "LoadBalancerArn", lb, "IpAddressType", "ipv4");

        String tg = value(elbv2("CreateTargetGroup", "Name", "tg", "Protocol", "HTTP", "Port", "80",
                "TargetType", "ip"), "TargetGroupArn");
        String tcp = value(elbv2("CreateTargetGroup", "Name", "tcp", "Protocol", "TCP", "Port", "6379",
                "TargetType", "ip"), "TargetGroupArn");
        elbv2("DescribeTargetGroups");
        elbv2("ModifyTargetGroup", "TargetGroupArn", tg, "HealthCheckPath", "/health", "Matcher.HttpCode", "200");
        elbv2("DescribeTargetGroupAttributes", "TargetGroupArn", tg);
        elbv2("ModifyTargetGroupAttributes", "TargetGroupArn", tg, "Attributes.member.1.Key",
                "deregistration_delay.timeout_seconds", "Attributes.member.1.Value", "10");
        elbv2("RegisterTargets", "TargetGroupArn", tg, "Targets.member.1.Id", "10.0.0.1", "Targets.member.1.Port",
                "8080", "Targets.member.2.Id", "10.0.0.2", "Targets.member.2.Port", "8080");
        elbv2("DescribeTargetHealth", "TargetGroupArn", tg);

        String listener = value(elbv2("CreateListener", "LoadBalancerArn", lb, "Protocol", "HTTP", "Port",
                "8080", "DefaultActions.member.1.Type", "forward", "DefaultActions.member.1.TargetGroupArn", tg),
                "ListenerArn");
        elbv2("CreateListener", "LoadBalancerArn", nlb, "Protocol", "TCP", "Port", "6379",
                "DefaultActions.member.1.Type", "forward", "DefaultActions.member.1.TargetGroupArn", tcp);
        elbv2("DescribeListeners", "LoadBalancerArn", lb);
        elbv2("ModifyListener", "ListenerArn", listener, "DefaultActions.member.1.Type", "fixed-response",
                "DefaultActions.member.1.FixedResponseConfig.StatusCode", "503",
                "DefaultActions.member.1.FixedResponseConfig.ContentType", "text/plain",
                "DefaultActions.member.1.FixedResponseConfig.MessageBody", "down");
        elbv2("DescribeListenerAttributes", "ListenerArn", listener);
        elbv2("ModifyListenerAttributes", "ListenerArn", listener, "Attributes.member.1.Key",
                "routing.http.response.server.enabled", "Attributes.member.1.Value", "true");
        String cert = "arn:aws:acm:us-east-1:000000000000:certificate/11111111-2222-3333-4444-555555555555";
        String extra = "arn:aws:acm:us-east-1:000000000000:certificate/66666666-2222-3333-4444-555555555555";
        String https = value(elbv2("CreateListener", "LoadBalancerArn", lb, "Protocol", "HTTPS", "Port", "8443",
                "Certificates.member.1.CertificateArn", cert, "DefaultActions.member.1.Type", "forward",
                "DefaultActions.member.1.TargetGroupArn", tg), "ListenerArn");
        elbv2("AddListenerCertificates", "ListenerArn", https, "Certificates.member.1.CertificateArn", extra);
        elbv2("DescribeListenerCertificates", "ListenerArn", https);
        elbv2("RemoveListenerCertificates", "ListenerArn", https, "Certificates.member.1.CertificateArn", extra);

        String rule = value(elbv2("CreateRule", "ListenerArn", listener, "Priority", "5",
                "Conditions.member.1.Field", "http-header",
                "Conditions.member.1.HttpHeaderConfig.HttpHeaderName", "X-Env",
                "Conditions.member.1.HttpHeaderConfig.Values.member.1", "blue",
                "Conditions.member.2.Field", "source-ip",
                "Conditions.member.2.SourceIpConfig.Values.member.1", "10.0.0.0/8",
                "Actions.member.1.Type", "forward",
                "Actions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn", tg,
                "Actions.member.1.ForwardConfig.TargetGroups.member.1.Weight", "3",
                "Actions.member.1.ForwardConfig.TargetGroupStickinessConfig.Enabled", "true",
                "Actions.member.1.ForwardConfig.TargetGroupStickinessConfig.DurationSeconds", "60"), "RuleArn");
        String second = value(elbv2("CreateRule", "ListenerArn", listener, "Priority", "6",
                "Conditions.member.1.Field", "http-request-method",
                "Conditions.member.1.HttpRequestMethodConfig.Values.member.1", "GET",
                "Actions.member.1.Type", "redirect", "Actions.member.1.RedirectConfig.Host", "example.com",
                "Actions.member.1.RedirectConfig.StatusCode", "HTTP_302"), "RuleArn");
        elbv2("DescribeRules", "ListenerArn", listener);
        elbv2("ModifyRule", "RuleArn", rule, "Conditions.member.1.Field", "path-pattern",
                "Conditions.member.1.PathPatternConfig.Values.member.1", "/api/*");
        elbv2("SetRulePriorities", "RulePriorities.member.1.RuleArn", rule,
                "RulePriorities.member.1.Priority", "7");
        elbv2("AddTags", "ResourceArns.member.1", lb, "ResourceArns.member.2", tg, "Tags.member.1.Key", "team",
                "Tags.member.1.Value", "blue");
        elbv2("DescribeTags", "ResourceArns.member.1", lb, "ResourceArns.member.2", tg);
        elbv2("RemoveTags", "ResourceArns.member.1", lb, "TagKeys.member.1", "team");
        elbv2("DescribeSSLPolicies");
        elbv2("DescribeAccountLimits");

        // Errors, each with a code the action can return.
        errorsExpected = true;
        elbv2("DescribeLoadBalancers", "Names.member.1", "missing");
        elbv2("SetSubnets", "LoadBalancerArn", lb + "0", "Subnets.member.1", "subnet-0aaa");
        elbv2("DescribeTargetGroups", "Names.member.1", "missing");
        elbv2("DescribeListeners", "ListenerArns.member.1", listener + "0");
        elbv2("DescribeRules", "RuleArns.member.1", rule + "0");
        elbv2("CreateRule", "ListenerArn", listener, "Priority", "6", "Conditions.member.1.Field", "path-pattern",
                "Conditions.member.1.Values.member.1", "/x", "Actions.member.1.Type", "forward",
                "Actions.member.1.TargetGroupArn", tg);
        elbv2("DeleteTargetGroup", "TargetGroupArn", tg);
        elbv2("CreateTargetGroup", "Name", "bad", "Protocol", "HTTP", "Port", "70000");
        elbv2("RegisterTargets", "TargetGroupArn", tg + "0", "Targets.member.1.Id", "10.0.0.9");
        errorsExpected = false;

        elbv2("DeregisterTargets", "TargetGroupArn", tg, "Targets.member.1.Id", "10.0.0.2",
                "Targets.member.1.Port", "8080");
        elbv2("DeleteRule", "RuleArn", second);
        elbv2("DeleteListener", "ListenerArn", listener);
        elbv2("DeleteLoadBalancer", "LoadBalancerArn", lb);
        elbv2("DeleteTargetGroup", "TargetGroupArn", tg);

        assertThat(violations).isEmpty();
        assertThat(actionsSeen).as("every action served was called").containsAll(elbv2Actions);
        // Actions AWS added after the model Debian's AWS CLI v2 (2.9) ships: their XML is not checked here.
        assertThat(unknownToTheModel).isSubsetOf("DescribeListenerAttributes", "ModifyListenerAttributes",
                "DescribeCapacityReservation");
    }

    @Test
    void everyClassicActionAnswersInTheModelsShape() {
        classic("CreateLoadBalancer", "LoadBalancerName", "web", "Listeners.member.1.Protocol", "HTTP",
                "Listeners.member.1.LoadBalancerPort", "8080", "Listeners.member.1.InstancePort", "8080",
                "AvailabilityZones.member.1", "us-east-1a", "Tags.member.1.Key", "team",
                "Tags.member.1.Value", "blue");
        classic("CreateLoadBalancerListeners", "LoadBalancerName", "web", "Listeners.member.1.Protocol", "TCP",
                "Listeners.member.1.LoadBalancerPort", "6379", "Listeners.member.1.InstancePort", "6379");
        classic("CreateLoadBalancerListeners", "LoadBalancerName", "web", "Listeners.member.1.Protocol", "HTTPS",
                "Listeners.member.1.LoadBalancerPort", "8443", "Listeners.member.1.InstancePort", "8080",
                "Listeners.member.1.SSLCertificateId", TEST_CERTIFICATES + "11111111-2222-3333-4444-555555555555");
        classic("SetLoadBalancerListenerSSLCertificate", "LoadBalancerName", "web", "LoadBalancerPort", "8443",
                "SSLCertificateId", TEST_CERTIFICATES + "66666666-2222-3333-4444-555555555555");
        classic("ConfigureHealthCheck", "LoadBalancerName", "web", "HealthCheck.Target", "HTTP:8080/",
                "HealthCheck.Interval", "5", "HealthCheck.Timeout", "2", "HealthCheck.UnhealthyThreshold", "2",
                "HealthCheck.HealthyThreshold", "2");
        classic("RegisterInstancesWithLoadBalancer", "LoadBalancerName", "web", "Instances.member.1.InstanceId",
                "127.0.0.2", "Instances.member.2.InstanceId", "127.0.0.3");
        classic("DescribeLoadBalancers");
        classic("DescribeInstanceHealth", "LoadBalancerName", "web");
        classic("DescribeLoadBalancerAttributes", "LoadBalancerName", "web");
        classic("ModifyLoadBalancerAttributes", "LoadBalancerName", "web",
                "LoadBalancerAttributes.CrossZoneLoadBalancing.Enabled", "true",
                "LoadBalancerAttributes.ConnectionDraining.Enabled", "true",
                "LoadBalancerAttributes.ConnectionDraining.Timeout", "30");
        classic("AddTags", "LoadBalancerNames.member.1", "web", "Tags.member.1.Key", "env",
                "Tags.member.1.Value", "test");
        classic("DescribeTags", "LoadBalancerNames.member.1", "web");
        classic("ApplySecurityGroupsToLoadBalancer", "LoadBalancerName", "web", "SecurityGroups.member.1",
                "sg-0123456789abcdef0");
        classic("RemoveTags", "LoadBalancerNames.member.1", "web", "Tags.member.1.Key", "env");
        classic("CreateLBCookieStickinessPolicy", "LoadBalancerName", "web", "PolicyName", "lb",
                "CookieExpirationPeriod", "60");
        classic("CreateAppCookieStickinessPolicy", "LoadBalancerName", "web", "PolicyName", "app", "CookieName",
                "JSESSIONID");
        classic("CreateLoadBalancerPolicy", "LoadBalancerName", "web", "PolicyName", "tls", "PolicyTypeName",
                "SSLNegotiationPolicyType", "PolicyAttributes.member.1.AttributeName", "Reference-Security-Policy",
                "PolicyAttributes.member.1.AttributeValue", "ELBSecurityPolicy-TLS-1-2-2017-01");
        classic("CreateLoadBalancerPolicy", "LoadBalancerName", "web", "PolicyName", "proxy", "PolicyTypeName",
                "ProxyProtocolPolicyType", "PolicyAttributes.member.1.AttributeName", "ProxyProtocol",
                "PolicyAttributes.member.1.AttributeValue", "true");
        classic("SetLoadBalancerPoliciesOfListener", "LoadBalancerName", "web", "LoadBalancerPort", "8080",
                "PolicyNames.member.1", "lb");
        classic("SetLoadBalancerPoliciesOfListener", "LoadBalancerName", "web", "LoadBalancerPort", "8443",
                "PolicyNames.member.1", "app", "PolicyNames.member.2", "tls");
        classic("SetLoadBalancerPoliciesForBackendServer", "LoadBalancerName", "web", "InstancePort", "6379",
                "PolicyNames.member.1", "proxy");
        classic("DescribeLoadBalancers", "LoadBalancerNames.member.1", "web");
        classic("DescribeLoadBalancerPolicies", "LoadBalancerName", "web");
        classic("DescribeLoadBalancerPolicies");
        classic("DescribeLoadBalancerPolicyTypes");
        classic("SetLoadBalancerPoliciesOfListener", "LoadBalancerName", "web", "LoadBalancerPort", "8080",
                "PolicyNames", "");
        classic("DeleteLoadBalancerPolicy", "LoadBalancerName", "web", "PolicyName", "lb");
        classic("AttachLoadBalancerToSubnets", "LoadBalancerName", "web", "Subnets.member.1", "subnet-0aaa",
                "Subnets.member.2", "subnet-0bbb");
        classic("DetachLoadBalancerFromSubnets", "LoadBalancerName", "web", "Subnets.member.1", "subnet-0aaa");
        classic("ModifyLoadBalancerAttributes", "LoadBalancerName", "web",
                "LoadBalancerAttributes.AccessLog.Enabled", "true",
                "LoadBalancerAttributes.AccessLog.S3BucketName", "logs",
                "LoadBalancerAttributes.AccessLog.EmitInterval", "5",
                "LoadBalancerAttributes.AdditionalAttributes.member.1.Key", "elb.http.desyncmitigationmode",
                "LoadBalancerAttributes.AdditionalAttributes.member.1.Value", "strictest");
        classic("DescribeLoadBalancerAttributes", "LoadBalancerName", "web");
        classic("DeregisterInstancesFromLoadBalancer", "LoadBalancerName", "web",
                "Instances.member.1.InstanceId", "127.0.0.3");
        classic("DeleteLoadBalancerListeners", "LoadBalancerName", "web", "LoadBalancerPorts.member.1", "6379");

        // Errors.
        errorsExpected = true;
        classic("DescribeLoadBalancers", "LoadBalancerNames.member.1", "missing");
        classic("RegisterInstancesWithLoadBalancer", "LoadBalancerName", "web", "Instances.member.1.InstanceId",
                "i-0123456789abcdef0");
        classic("CreateLoadBalancer", "LoadBalancerName", "other", "Listeners.member.1.Protocol", "HTTP",
                "Listeners.member.1.LoadBalancerPort", "8080", "Listeners.member.1.InstancePort", "80",
                "AvailabilityZones.member.1", "us-east-1a");
        classic("DescribeLoadBalancerPolicies", "LoadBalancerName", "web", "PolicyNames.member.1", "missing");
        classic("CreateLoadBalancerPolicy", "LoadBalancerName", "web", "PolicyName", "proxy", "PolicyTypeName",
                "ProxyProtocolPolicyType", "PolicyAttributes.member.1.AttributeName", "ProxyProtocol",
                "PolicyAttributes.member.1.AttributeValue", "true");
        classic("DescribeLoadBalancerPolicyTypes", "PolicyTypeNames.member.1", "NoSuchType");
        classic("ConfigureHealthCheck", "LoadBalancerName", "web", "HealthCheck.Target", "HTTP:8080",
                "HealthCheck.Interval", "5", "HealthCheck.Timeout", "2", "HealthCheck.UnhealthyThreshold", "2",
                "HealthCheck.HealthyThreshold", "2");
        errorsExpected = false;

        classic("DeleteLoadBalancer", "LoadBalancerName", "web");
        assertThat(violations).isEmpty();
        assertThat(actionsSeen).as("every action served was called").containsAll(classicActions);
    }
}
