package dev.ballast.api.servicediscovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The {@code Filters} of ListNamespaces, ListServices and ListOperations: each names a field, a condition
 * ({@code EQ} by default, {@code IN}, {@code BEGINS_WITH}) and values; an item is listed when every filter matches.
 *
 * <p>Thread-safe (stateless).
 */
final class ListFilters {
    private ListFilters() {}

    /**
     * The predicate of the request's Filters over items whose field values {@code field} reads.
     *
     * @param names the filter names the operation accepts
     */
    static <T> Predicate<T> of(ObjectNode request, Set<String> names, BiFunction<String, T, String> field) {
        List<ObjectNode> filters = CloudMapJson.objects(request, "Filters");
        List<Predicate<T>> all = new ArrayList<>();
        for (ObjectNode filter : filters) {
            String name = CloudMapJson.required(filter, "Name");
            if (!names.contains(name)) {
                throw invalid("Filters.Name", name, "one of " + names.stream().sorted().toList());
            }
            List<String> values = CloudMapJson.strings(filter, "Values");
            if (values == null || values.isEmpty()) {
                throw invalid("Filters.Values", "(none)", "at least one value for filter " + name);
            }
            String condition = CloudMapJson.string(filter, "Condition");
            condition = condition == null ? "EQ" : condition;
            all.add(predicate(name, condition, values, field));
        }
        return item -> all.stream().allMatch(p -> p.test(item));
    }

    private static <T> Predicate<T> predicate(String name, String condition, List<String> values,
                                              BiFunction<String, T, String> field) {
        return switch (condition) {
            case "EQ" -> {
                one(name, condition, values);
                yield item -> values.get(0).equals(field.apply(name, item));
            }
            case "BEGINS_WITH" -> {
                one(name, condition, values);
                yield item -> field.apply(name, item) != null && field.apply(name, item).startsWith(values.get(0));
            }
            case "IN" -> item -> values.contains(field.apply(name, item));
            default -> throw invalid("Filters.Condition", condition, "EQ, IN or BEGINS_WITH");
        };
    }

    private static void one(String name, String condition, List<String> values) {
        if (values.size() != 1) {
            throw invalid("Filters.Values", values, "one value for " + name + " with " + condition);
        }
    }

    private static AwsException invalid(String field, Object value, String expected) {
        return new AwsException(AwsError.INVALID_INPUT, field + ": " + value + " (expected: " + expected + ")");
    }
}
