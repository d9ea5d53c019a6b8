package dev.ballast.control.cloudformation.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation's intrinsic functions in a template value: Ref, Fn::GetAtt, Fn::Sub, Fn::Join,
 * Fn::Select, Fn::Split, Fn::If, Fn::Equals/And/Or/Not, Fn::FindInMap, Fn::GetAZs, Fn::ImportValue, Fn::Base64 and
 * the Condition function; {@code Ref AWS::NoValue} removes the member or list item it is the value of.
 *
 * <p>Thread-safe if its {@link Scope}'s lookups are (it keeps no state).
 */
public final class Evaluator {
    /** What {@code Ref: AWS::NoValue} evaluates to before the enclosing map or list drops it. */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    /** The resources a template's functions may name. */
    public interface Resources {
        /** Whether {@code logicalId} is a resource of the template. */
        boolean exists(String logicalId);

        /** What {@code Ref logicalId} gives (the physical id, or the value the type documents). */
        Object ref(String logicalId);

        /** What {@code Fn::GetAtt [logicalId, attribute]} gives. */
        Object getAtt(String logicalId, String attribute);
    }

    /** No resources: what the Conditions block and parameter checks may see. */
    public static final Resources NO_RESOURCES = new Resources() {
        @Override
        public boolean exists(String logicalId) {
            return false;
        }

        @Override
        public Object ref(String logicalId) {
            throw new IllegalStateException(logicalId);
        }

        @Override
        public Object getAtt(String logicalId, String attribute) {
            throw new IllegalStateException(logicalId);
        }
    };

    /**
     * What functions see.
     *
     * @param parameters parameter and pseudo-parameter values (strings, or lists of strings for list types)
     * @param mappings the template's Mappings block
     * @param conditions a condition's value by name, null when the template has no such condition
     * @param resources the template's resources
     * @param exports an exported output's value by export name, null when nothing exports it
     * @param region the stack's region (Fn::GetAZs)
     */
    public record Scope(Map<String, Object> parameters, Map<String, Object> mappings,
                        Function<String, Boolean> conditions, Resources resources,
                        Function<String, String> exports, String region) {}

    private final Scope scope;

    /** An evaluator in {@code scope}. */
    public Evaluator(Scope scope) {
        this.scope = scope;
    }

    /**
     * {@code value} with every function evaluated; {@code at} is its location (a JSON pointer) for messages.
     *
     * @throws dev.ballast.control.error.AwsException ValidationError ("Template error: ...") when a function cannot
     *     be evaluated
     */
    public Object evaluate(Object value, String at) {
        String function = Values.functionName(value);
        if (function != null) {
            return call(function, Values.argument(value), at + "/" + function);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object result = evaluate(v, at + "/" + k);
                if (result != NO_VALUE) {
                    out.put(String.valueOf(k), result);
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object result = evaluate(list.get(i), at + "/" + i);
                if (result != NO_VALUE) {
                    out.add(result);
                }
            }
            return out;
        }
        return value;
    }

    /** The value of a condition expression (Fn::Equals, Fn::And, ..., or {@code Condition: name}). */
    public boolean condition(Object expression, String at) {
        Object value = evaluate(expression, at);
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equals("true") || s.equals("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw TemplateErrors.evaluation(at, "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition or "
                + "a boolean, not " + value);
    }

    private Object call(String function, Object arg, String at) {
        return switch (function) {
            case "Ref" -> ref(string(arg, at, "Ref"), at);
            case "Condition" -> namedCondition(string(arg, at, "Condition"), at);
            case "Fn::GetAtt" -> getAtt(arg, at);
            case "Fn::Sub" -> sub(arg, at);
            case "Fn::Join" -> join(arg, at);
            case "Fn::Select" -> select(arg, at);
            case "Fn::Split" -> split(arg, at);
            case "Fn::If" -> ifThen(arg, at);
            case "Fn::Equals" -> equalsFn(arg, at);
            case "Fn::And" -> andOr(arg, at, true);
            case "Fn::Or" -> andOr(arg, at, false);
            case "Fn::Not" -> not(arg, at);
            case "Fn::FindInMap" -> findInMap(arg, at);
            case "Fn::GetAZs" -> getAzs(arg, at);
            case "Fn::ImportValue" -> importValue(arg, at);
            case "Fn::Base64" -> Base64.getEncoder().encodeToString(
                    string(evaluate(arg, at), at, "Fn::Base64").getBytes(StandardCharsets.UTF_8));
            default -> throw TemplateErrors.format(at, "Encountered unsupported function: " + function
                    + " Supported functions are: [Fn::Base64, Fn::GetAtt, Fn::GetAZs, Fn::ImportValue, Fn::Join, "
                    + "Fn::Split, Fn::FindInMap, Fn::Select, Ref, Fn::Equals, Fn::If, Fn::Not, Condition, Fn::And, "
                    + "Fn::Or, Fn::Sub]");
        };
    }

    private Object ref(String name, String at) {
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        if (scope.parameters().containsKey(name)) {
            return scope.parameters().get(name);
        }
        if (scope.resources().exists(name)) {
            return scope.resources().ref(name);
        }
        throw TemplateErrors.format(at, "Unresolved resource dependencies [" + name
                + "] in the Resources block of the template");
    }

    private Object namedCondition(String name, String at) {
        Boolean value = scope.conditions().apply(name);
        if (value == null) {
            throw TemplateErrors.format(at, "Unresolved dependencies [" + name + "]. Cannot find a condition named "
                    + name + " in the Conditions block of the template");
        }
        return value;
    }

    private Object getAtt(Object arg, String at) {
        List<Object> parts = Values.asList(arg);
        if (arg instanceof String dotted && dotted.indexOf('.') > 0) {
            parts = List.of(dotted.substring(0, dotted.indexOf('.')), dotted.substring(dotted.indexOf('.') + 1));
        }
        if (parts == null || parts.size() != 2) {
            throw TemplateErrors.evaluation(at, "Fn::GetAtt: " + arg + " (expected: [logicalName, attributeName])");
        }
        String id = string(parts.get(0), at, "Fn::GetAtt");
        String attribute = string(evaluate(parts.get(1), at + "/1"), at, "Fn::GetAtt");
        if (!scope.resources().exists(id)) {
            throw TemplateErrors.evaluation(at, "instance of Fn::GetAtt references undefined resource " + id);
        }
        return scope.resources().getAtt(id, attribute);
    }

    private Object sub(Object arg, String at) {
        String text;
        Map<String, Object> variables = Map.of();
        List<Object> list = Values.asList(arg);
        if (list != null) {
            if (list.size() != 2 || Values.asMap(list.get(1)) == null) {
                throw TemplateErrors.evaluation(at, "Fn::Sub: " + arg + " (expected: a string, or [string, "
                        + "{variable: value}])");
            }
            text = string(list.get(0), at, "Fn::Sub");
            Map<String, Object> evaluated = new LinkedHashMap<>();
            Values.asMap(list.get(1)).forEach((k, v) -> evaluated.put(k, evaluate(v, at + "/1/" + k)));
            variables = evaluated;
        } else {
            text = string(arg, at, "Fn::Sub");
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).strip();
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}";
            } else if (variables.containsKey(name)) {
                replacement = text(variables.get(name), at);
            } else if (name.indexOf('.') > 0 && !scope.parameters().containsKey(name)) {
                int dot = name.indexOf('.');
                replacement = text(getAtt(List.of(name.substring(0, dot), name.substring(dot + 1)), at), at);
            } else {
                replacement = text(ref(name, at), at);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Object join(Object arg, String at) {
        List<Object> list = Values.asList(arg);
        if (list == null || list.size() != 2) {
            throw TemplateErrors.evaluation(at, "Fn::Join: " + arg + " (expected: [delimiter, [values]])");
        }
        String delimiter = string(list.get(0), at, "Fn::Join");
        List<Object> items = listValue(evaluate(list.get(1), at + "/1"), at, "Fn::Join");
        List<String> parts = new ArrayList<>();
        items.forEach(item -> parts.add(text(item, at)));
        return String.join(delimiter, parts);
    }

    private Object select(Object arg, String at) {
        List<Object> list = Values.asList(arg);
        if (list == null || list.size() != 2) {
            throw TemplateErrors.evaluation(at, "Fn::Select: " + arg + " (expected: [index, [values]])");
        }
        String indexText = text(evaluate(list.get(0), at + "/0"), at);
        List<Object> items = listValue(evaluate(list.get(1), at + "/1"), at, "Fn::Select");
        int index;
        try {
            index = Integer.parseInt(indexText);
        } catch (NumberFormatException e) {
            throw TemplateErrors.evaluation(at, "Fn::Select requires a list argument with two elements: an integer "
                    + "index and a list");
        }
        if (index < 0 || index >= items.size()) {
            throw TemplateErrors.evaluation(at, "Fn::Select cannot select nonexistent value at index " + index);
        }
        return items.get(index);
    }

    private Object split(Object arg, String at) {
        List<Object> list = Values.asList(arg);
        if (list == null || list.size() != 2) {
            throw TemplateErrors.evaluation(at, "Fn::Split: " + arg + " (expected: [delimiter, string])");
        }
        String delimiter = string(list.get(0), at, "Fn::Split");
        String source = text(evaluate(list.get(1), at + "/1"), at);
        return new ArrayList<Object>(List.of(source.split(Pattern.quote(delimiter), -1)));
    }

    private Object ifThen(Object arg, String at) {
        List<Object> list = Values.asList(arg);
        if (list == null || list.size() != 3) {
            throw TemplateErrors.evaluation(at, "Fn::If requires a list argument with three elements");
        }
        String name = string(list.get(0), at, "Fn::If");
        Boolean value = scope.conditions().apply(name);
        if (value == null) {
            throw TemplateErrors.evaluation(at, "unresolved condition dependency " + name + " in Fn::If");
        }
        return value ? evaluate(list.get(1), at + "/1") : evaluate(list.get(2), at + "/2");
    }

    private Object equalsFn(Object arg, String at) {
        List<Object> list = Values.asList(arg);
        if (list == null || list.size() != 2) {
            throw TemplateErrors.evaluation(at, "Fn::Equals requires a list argument with two elements");
        }
        return comparable(evaluate(list.get(0), at + "/0")).equals(comparable(evaluate(list.get(1), at + "/1")));
    }

    private static Object comparable(Object value) {
        return Values.isScalar(value) ? Values.scalar(value) : value;
    }

    private Object andOr(Object arg, String at, boolean and) {
        List<Object> list = Values.asList(arg);
        String name = and ? "Fn::And" : "Fn::Or";
        if (list == null || list.size() < 2 || list.size() > 10) {
            throw TemplateErrors.evaluation(at, name + " requires a list argument with between 2 and 10 elements");
        }
        for (int i = 0; i < list.size(); i++) {
            boolean value = condition(list.get(i), at + "/" + i);
            if (value != and) {
                return !and;
            }
        }
        return and;
    }

    private Object not(Object arg, String at) {
        List<Object> list = Values.asList(arg);
        if (list == null || list.size() != 1) {
            throw TemplateErrors.evaluation(at, "Fn::Not requires a list argument with one element");
        }
        return !condition(list.get(0), at + "/0");
    }

    private Object findInMap(Object arg, String at) {
        List<Object> list = Values.asList(arg);
        if (list == null || list.size() != 3) {
            throw TemplateErrors.evaluation(at, "Fn::FindInMap requires a list argument with three elements");
        }
        String map = text(evaluate(list.get(0), at + "/0"), at);
        String top = text(evaluate(list.get(1), at + "/1"), at);
        String second = text(evaluate(list.get(2), at + "/2"), at);
        Map<String, Object> mapping = Values.asMap(scope.mappings().get(map));
        Map<String, Object> level = mapping == null ? null : Values.asMap(mapping.get(top));
        Object value = level == null ? null : level.get(second);
        if (value == null) {
            throw TemplateErrors.evaluation(at, "Unable to get mapping for " + map + "::" + top + "::" + second);
        }
        return value;
    }

    private Object getAzs(Object arg, String at) {
        String region = text(evaluate(arg, at), at);
        String r = region.isEmpty() ? scope.region() : region;
        return new ArrayList<Object>(List.of(r + "a", r + "b", r + "c"));
    }

    private Object importValue(Object arg, String at) {
        String name = text(evaluate(arg, at), at);
        String value = scope.exports().apply(name);
        if (value == null) {
            throw TemplateErrors.evaluation(at, "No export named " + name + " found.");
        }
        return value;
    }

    private static String string(Object value, String at, String function) {
        if (!Values.isScalar(value)) {
            throw TemplateErrors.evaluation(at, function + ": " + value + " (expected: a string)");
        }
        return Values.scalar(value);
    }

    private static String text(Object value, String at) {
        if (!Values.isScalar(value)) {
            throw TemplateErrors.evaluation(at, value + " (expected: a string, not a list or object)");
        }
        return Values.scalar(value);
    }

    private static List<Object> listValue(Object value, String at, String function) {
        List<Object> list = Values.asList(value);
        if (list == null) {
            throw TemplateErrors.evaluation(at, function + ": " + value + " (expected: a list)");
        }
        return list;
    }
}
