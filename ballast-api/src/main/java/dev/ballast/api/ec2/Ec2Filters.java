package dev.ballast.api.ec2;

import dev.ballast.api.query.QueryParams;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The {@code Filter.N.Name} / {@code Filter.N.Value.M} of an EC2 Describe call: a resource is listed when every
 * filter has a value that matches one of the resource's values for that filter name. Values may use EC2's
 * wildcards, {@code *} (any run) and {@code ?} (any one character). An unknown filter name is EC2's
 * {@code InvalidParameterValue}, {@code The filter 'x' is invalid}.
 *
 * <p>Thread-safe (immutable once built).
 *
 * @param <T> the resource type
 */
final class Ec2Filters<T> {
    private final Map<String, Function<T, List<String>>> fields;

    /** Filters over the resource fields named by the keys of {@code fields}. */
    Ec2Filters(Map<String, Function<T, List<String>>> fields) {
        this.fields = Map.copyOf(fields);
    }

    /** The predicate the request's filters make (true for all when it has none). */
    Predicate<T> of(QueryParams params) {
        List<Predicate<T>> all = new ArrayList<>();
        for (QueryParams filter : Ec2Params.structs(params, "Filter")) {
            String name = filter.get("Name");
            Function<T, List<String>> field = name == null ? null : fields.get(name);
            if (field == null) {
                throw new AwsException(AwsError.EC2_INVALID_PARAMETER_VALUE, "The filter '" + name
                        + "' is invalid");
            }
            List<Pattern> values = Ec2Params.list(filter, "Value").stream().map(Ec2Filters::wildcard).toList();
            all.add(item -> field.apply(item).stream()
                    .anyMatch(v -> values.stream().anyMatch(p -> p.matcher(v).matches())));
        }
        return item -> all.stream().allMatch(p -> p.test(item));
    }

    private static Pattern wildcard(String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : value.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
