package dev.ballast.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compares a service's {@link MemberConstraints} with botocore's model: each constraint must be the one the model
 * gives the member (same enum values in the same order, same range, length or pattern).
 *
 * <p>Thread-safe (stateless).
 */
public final class ConstraintsModelCheck {
    private ConstraintsModelCheck() {}

    /**
     * What differs, one line per member and action; constraints for every action are checked on {@code anyAction}.
     */
    public static List<String> mismatches(MemberConstraints constraints, QueryServiceModel model, String... anyAction) {
        List<String> wrong = new ArrayList<>();
        for (MemberConstraints.Entry e : constraints.entries()) {
            Set<String> actions = e.actions().isEmpty() ? Set.of(anyAction) : e.actions();
            for (String action : actions) {
                JsonNode shape = model.inputShape(action, e.path().replace(".N.", ".1.").replaceAll("\\.N$", ".1"));
                String problem = shape == null ? "no such member" : mismatch(e.constraint(), shape);
                if (problem != null) {
                    wrong.add(action + " " + e.path() + ": " + problem);
                }
            }
        }
        return wrong;
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
