package dev.ballast.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The model check finds each kind of difference from AWS's wire shape (so a clean result means something). */
class QueryServiceModelTest {
    private static final QueryServiceModel MODEL = QueryServiceModel.load("elbv2", "2015-12-01");
    private static final String NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    private static String example() throws IOException {
        return Files.readString(Path.of("src", "test", "resources", "golden", "aws", "describe-target-health.xml"),
                StandardCharsets.UTF_8);
    }

    @Test
    void awsExampleConforms() throws IOException {
        assertThat(MODEL.violations("DescribeTargetHealth", example())).isEmpty();
        assertThat(MODEL.namespace()).isEqualTo(NS);
    }

    @Test
    void findsEveryKindOfDifference() throws IOException {
        String ok = example();
        assertThat(MODEL.violations("DescribeTargetHealth", ok.replace(NS, "http://example.com/")))
                .anyMatch(v -> v.contains("namespace"));
        assertThat(MODEL.violations("DescribeTargetHealth", ok.replace("<member>", "<item>")
                .replace("</member>", "</item>"))).anyMatch(v -> v.contains("item (expected: member)"));
        assertThat(MODEL.violations("DescribeTargetHealth", ok.replace("<Id>", "<TargetId>")
                .replace("</Id>", "</TargetId>"))).anyMatch(v -> v.contains("TargetId: not a member"));
        assertThat(MODEL.violations("DescribeTargetHealth", ok.replace("<State>unused</State>",
                "<State>sleeping</State>"))).anyMatch(v -> v.contains("sleeping (expected: one of"));
        assertThat(MODEL.violations("DescribeTargetHealth", ok.replace("<Port>80</Port>", "<Port>eighty</Port>")))
                .anyMatch(v -> v.contains("eighty (expected: a integer)"));
        String reordered = ok.replaceFirst("(?s)(<Target>.*?</Target>)(\\s*)(<TargetHealth>.*?</TargetHealth>)",
                "$3$2$1");
        assertThat(MODEL.violations("DescribeTargetHealth", reordered)).anyMatch(v -> v.contains("out of order"));
        assertThat(MODEL.violations("DescribeTargetHealth", ok.replaceAll("(?s)<ResponseMetadata>.*</ResponseMetadata>",
                ""))).anyMatch(v -> v.contains("expected: [ResponseMetadata]"));
        assertThat(MODEL.violations("DescribeTargetHealth", ok.replace("DescribeTargetHealthResult",
                "TargetHealthResult"))).anyMatch(v -> v.contains("expected: DescribeTargetHealthResult"));
    }

    @Test
    void errorResponsesNeedAnErrorCodeTheActionCanReturn() {
        String error = """
                <ErrorResponse xmlns="%s">
                  <Error><Type>Sender</Type><Code>%s</Code><Message>m</Message></Error>
                  <RequestId>r</RequestId>
                </ErrorResponse>""";
        assertThat(MODEL.violations("CreateRule", error.formatted(NS, "PriorityInUse"))).isEmpty();
        assertThat(MODEL.violations("CreateRule", error.formatted(NS, "ValidationError"))).isEmpty();
        assertThat(MODEL.violations("CreateRule", error.formatted(NS, "DuplicateLoadBalancerName")))
                .anyMatch(v -> v.contains("DuplicateLoadBalancerName (expected: one of"));
        assertThat(MODEL.statusOf("PriorityInUse")).isEqualTo(400);
        assertThat(MODEL.statusOf("TargetGroupNotFound")).isEqualTo(400);
    }

    @Test
    void elementPathsCollapseListItems() throws IOException {
        assertThat(QueryServiceModel.elementPaths(example())).contains(
                "DescribeTargetHealthResponse/DescribeTargetHealthResult/TargetHealthDescriptions/member/Target/Id",
                "DescribeTargetHealthResponse/ResponseMetadata/RequestId");
    }
}
