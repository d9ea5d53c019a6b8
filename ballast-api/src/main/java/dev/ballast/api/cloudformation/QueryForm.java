package dev.ballast.api.cloudformation;

import dev.ballast.api.query.QueryParams;
import dev.ballast.control.cloudformation.template.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resource properties written as the Query parameters of the matching API call ({@code DefaultActions: [{Type:
 * forward}]} becomes {@code DefaultActions.member.1.Type=forward}), so that the ELBv2 resources are read by the same
 * request readers as the ELBv2 API.
 *
 * <p>Thread-safe (stateless).
 */
final class QueryForm {
    private QueryForm() {}

    /** {@code properties} as Query parameters. */
    static QueryParams of(Map<String, Object> properties) {
        Map<String, String> out = new LinkedHashMap<>();
        properties.forEach((k, v) -> put(k, v, out));
        return QueryParams.of(out);
    }

    private static void put(String name, Object value, Map<String, String> out) {
        if (value == null) {
            return;
        }
        Map<String, Object> map = Values.asMap(value);
        List<Object> list = Values.asList(value);
        if (map != null) {
            map.forEach((k, v) -> put(name + "." + k, v, out));
        } else if (list != null) {
            if (list.isEmpty()) {
                out.put(name, "");
            }
            for (int i = 0; i < list.size(); i++) {
                put(name + ".member." + (i + 1), list.get(i), out);
            }
        } else {
            out.put(name, Values.scalar(value));
        }
    }
}
