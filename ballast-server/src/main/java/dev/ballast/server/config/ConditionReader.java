package dev.ballast.server.config;

import dev.ballast.core.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one rule condition, written as a mapping with one key, the AWS field name: {@code host-header},
 * {@code path-pattern}, {@code http-header}, {@code http-request-method}, {@code query-string} or
 * {@code source-ip}.
 *
 * <p>Thread-safe (stateless).
 */
final class ConditionReader {
    private ConditionReader() {}

    static Condition read(ConfigNode condition) {
        String field = condition.onlyKey("host-header", "path-pattern", "http-header", "http-request-method",
                "query-string", "source-ip");
        ConfigNode value = condition.get(field);
        return value.build(() -> switch (field) {
            case "host-header" -> new Condition.HostHeader(value.texts());
            case "path-pattern" -> new Condition.PathPattern(value.texts());
            case "http-request-method" -> new Condition.HttpRequestMethod(value.texts());
            case "source-ip" -> new Condition.SourceIp(value.texts());
            case "http-header" -> new Condition.HttpHeader(value.allowOnly("name", "values").text("name"),
                    value.get("values").texts());
            default -> new Condition.QueryString(keyValues(value));
        });
    }

    private static List<Condition.KeyValue> keyValues(ConfigNode list) {
        List<Condition.KeyValue> out = new ArrayList<>();
        for (ConfigNode pair : list.elements()) {
            pair.allowOnly("key", "value");
            out.add(pair.build(() -> new Condition.KeyValue(pair.text("key", null), pair.text("value"))));
        }
        return out;
    }
}
