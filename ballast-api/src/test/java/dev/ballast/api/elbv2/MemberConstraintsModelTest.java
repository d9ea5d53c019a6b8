package dev.ballast.api.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.api.query.MemberConstraints;
import dev.ballast.api.query.QueryServiceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every constraint in {@link Elbv2Constraints} is the one botocore's {@code elbv2/2015-12-01} model (the AWS CLI v2's
 * copy) gives the member: the same enum values in the same order, the same range, length or pattern; and every
 * enum, range and pattern of the model's inputs that Ballast reads is there.
 */
class MemberConstraintsModelTest {
    private final QueryServiceModel model = QueryServiceModel.load("elbv2", "2015-12-01");

    @Test
    void eachConstraintIsTheModels() {
        List<String> wrong = new ArrayList<>();
        for (MemberConstraints.Entry e : Elbv2Constraints.ALL.entries()) {
            Set<String> actions = e.actions().isEmpty() ? Set.of("DescribeLoadBalancers", "DescribeTargetGroups",
                    "DescribeListeners", "DescribeRules") : e.actions();
            for (String action : actions) {
                JsonNode shape = model.inputShape(action, e.path().replace(".N.", ".1.").replaceAll("\\.N$", ".1"));
                String problem = shape == null ? "no such member" : mismatch(e.constraint(), shape);
                if (problem != null) {
                    wrong.add(action + " " + e.path() + ": " + problem);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static String mismatch(MemberConstraints.Constraint c, JsonNode shape) {
        String min = shape.path("min").asText("0");
        String max = shape.path("max").asText("none");
        if (c instanceof MemberConstraints.OneOf o) {
            List<String> values = new ArrayList<>();
            shape.path("enum").forEach(v -> values.add(v.asText()));
            return values.equals(o.values()) ? null : "model enum " + values;
        } else if (c instanceof MemberConstraints.Range r) {
            return (r.min() + "-" + r.max()).equals(min + "-" + max) ? null : "model range " + min + "-" + max;
        } else if (c instanceof MemberConstraints.Length l) {
            return (l.min() + "-" + l.max()).equals(min + "-" + max) ? null : "model length " + min + "-" + max;
        } else if (c instanceof MemberConstraints.Matches m) {
            return shape.path("pattern").asText().equals(m.pattern()) ? null : "model pattern " + shape.path("pattern");
        }
        return "unknown constraint " + c;
    }
}
