package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.SqliteStore;
import dev.ballast.control.store.StoreContents;
import dev.ballast.control.store.StoreRecord;
import dev.ballast.server.ControlPlane;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionStatusCodeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;

/**
 * No single call can poison the API: values AWS refuses (control characters, tag characters outside AWS's pattern,
 * {@code Port=' 80'}, an empty matcher range, an empty VpcId) are ValidationErrors that change nothing, and whatever
 * is already stored is still described as XML that clients parse.
 */
class ApiInputSafetyTest {
    private static final String CONTROL = "\u0001";

    @TempDir
    Path dataDir;

    private static void assertValidationError(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ElasticLoadBalancingV2Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        });
    }

    private static Action fixed(String body) {
        return Action.builder().type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(c -> c.statusCode("200")
                .contentType("text/plain").messageBody(body)).build();
    }

    @Test
    void controlCharactersAreRefusedWhereverAUserCanPutText() {
        try (ControlPlane plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
             ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            String lbArn = elb.createLoadBalancer(r -> r.name("safe-lb").subnets("subnet-0ba11a5700000000a"))
                    .loadBalancers().get(0).loadBalancerArn();
            String listenerArn = elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP)
                    .port(ApiTestSupport.freePort()).defaultActions(fixed("ok"))).listeners().get(0).listenerArn();
            String tgArn = elb.createTargetGroup(r -> r.name("safe-tg").protocol(ProtocolEnum.HTTP).port(80))
                    .targetGroups().get(0).targetGroupArn();
            Object before = plane.control().state();

            assertValidationError(() -> elb.addTags(r -> r.resourceArns(tgArn).tags(Tag.builder().key("k")
                    .value("v" + CONTROL).build())), "Tags.member.1.Value: 'v\\u0001' (expected: only characters allowed in "
                    + "XML 1.0)");
            assertValidationError(() -> elb.addTags(r -> r.resourceArns(tgArn).tags(Tag.builder().key("k")
                    .value("<script>").build())), "Tags.Value: '<script>' (expected: letters, digits, spaces");
            assertValidationError(() -> elb.modifyListener(r -> r.listenerArn(listenerArn)
                    .defaultActions(fixed("body" + CONTROL))), "expected: only characters allowed in XML 1.0");
            assertValidationError(() -> elb.modifyListener(r -> r.listenerArn(listenerArn)
                    .defaultActions(Action.builder().type(ActionTypeEnum.REDIRECT).redirectConfig(c -> c
                            .path("/a\u009b").statusCode(RedirectActionStatusCodeEnum.HTTP_301)).build())),
                    "RedirectConfig.Path: '/a\\u009B' (expected: no control characters)");
            assertValidationError(() -> elb.createRule(r -> r.listenerArn(listenerArn).priority(1)
                    .conditions(c -> c.field("path-pattern").pathPatternConfig(p -> p.values("/x\u007f")))
                    .actions(fixed("ok"))), "PathPatternConfig.Values: '/x\\u007F' (expected: no control characters)");
            assertValidationError(() -> elb.modifyTargetGroup(r -> r.targetGroupArn(tgArn)
                    .healthCheckPath("/health\u0085")), "HealthCheckPath: '/health\\u0085' (expected: no control");

            assertThat(plane.control().state()).isEqualTo(before);
            assertThat(elb.describeTags(r -> r.resourceArns(tgArn)).tagDescriptions().get(0).tags()).isEmpty();
        }
    }

    @Test
    void valuesAwsRefusesAreValidationErrorsThatChangeNothing() {
        try (ControlPlane plane = ApiTestSupport.startControlPlane(dataDir, Map.of())) {
            Object before = plane.control().state();
            String base = "Action=CreateTargetGroup&Version=2015-12-01&Name=tg&Protocol=HTTP";
            expectValidationError(plane, base + "&Port=%2080", "Port: ' 80' (expected: an integer)");
            expectValidationError(plane, base + "&Port=80&Matcher.HttpCode=200-100",
                    "Matcher.HttpCode: 200-100 (expected: ranges whose first code is not above the last");
            expectValidationError(plane, base + "&Port=80&VpcId=", "VpcId: '' (expected: a VPC id");
            expectValidationError(plane, base + "&Port=80&Port=81", "Port: given more than once");
            assertThat(plane.control().state()).isEqualTo(before);

            HttpResponse<String> ok = ApiTestSupport.post(plane.apiAddress(), base
                    + "&Port=80&Matcher.HttpCode=200-299&VpcId=vpc-0abc");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        }
    }

    private static void expectValidationError(ControlPlane plane, String form, String message) {
        HttpResponse<String> response = ApiTestSupport.post(plane.apiAddress(), form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        ApiTestSupport.ErrorDocument error = ApiTestSupport.error(response.body());
        assertThat(error.code()).isEqualTo("ValidationError");
        assertThat(error.message()).contains(message);
    }

    @Test
    void badTextAlreadyInTheStoreStillLoadsAndIsDescribedAsWellFormedXml() {
        String tgArn;
        String listenerArn;
        try (ControlPlane plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
             ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            tgArn = elb.createTargetGroup(r -> r.name("stored-tg").protocol(ProtocolEnum.HTTP).port(80)
                    .healthCheckPath("/clean-path").tags(Tag.builder().key("note").value("clean").build()))
                    .targetGroups().get(0).targetGroupArn();
            String lbArn = elb.createLoadBalancer(r -> r.name("stored-lb").subnets("subnet-0ba11a5700000000a"))
                    .loadBalancers().get(0).loadBalancerArn();
            listenerArn = elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP)
                    .port(ApiTestSupport.freePort()).defaultActions(fixed("clean-body"))).listeners().get(0)
                    .listenerArn();
        }
        // below the validation: control characters, a lone surrogate and U+FFFF straight into the store, as a store
        // written before the checks existed may hold them
        Map<String, String> injected = Map.of("\"clean\"", "\"a\\u0001b\\ud800c\\uffffd\"",
                "\"/clean-path\"", "\"/p\\u0001\\n\"", "\"clean-body\"", "\"x\\u0001y\\nz\"");
        try (SqliteStore store = SqliteStore.open(dataDir)) {
            StoreContents contents = store.read("elbv2/");
            List<Mutation> puts = new ArrayList<>();
            for (StoreRecord record : contents.records()) {
                String value = record.value();
                for (Map.Entry<String, String> e : injected.entrySet()) {
                    value = value.replace(e.getKey(), e.getValue());
                }
                if (!value.equals(record.value())) {
                    puts.add(new Mutation.Put(record.key(), value));
                }
            }
            assertThat(puts).hasSize(2);
            store.commit(contents.revision(), puts);
        }
        try (ControlPlane plane = ApiTestSupport.startControlPlane(dataDir, Map.of());
             ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "any", "any")) {
            String arn = tgArn;
            TagDescription tags = elb.describeTags(r -> r.resourceArns(arn)).tagDescriptions().get(0);
            assertThat(tags.tags()).containsExactly(Tag.builder().key("note").value("a\uFFFDb\uFFFDc\uFFFDd").build());
            assertThat(elb.describeTargetGroups(r -> r.targetGroupArns(arn)).targetGroups().get(0)
                    .healthCheckPath()).isEqualTo("/p\uFFFD\uFFFD");
            String listener = listenerArn;
            assertThat(elb.describeListeners(r -> r.listenerArns(listener)).listeners().get(0).defaultActions()
                    .get(0).fixedResponseConfig().messageBody()).isEqualTo("x\uFFFDy\nz");
            HttpResponse<String> raw = ApiTestSupport.post(plane.apiAddress(),
                    "Action=DescribeTags&Version=2015-12-01&ResourceArns.member.1="
                            + URLEncoder.encode(arn, StandardCharsets.UTF_8));
            assertThat(raw.statusCode()).isEqualTo(200);
            ApiTestSupport.parse(raw.body());
        }
    }
}
