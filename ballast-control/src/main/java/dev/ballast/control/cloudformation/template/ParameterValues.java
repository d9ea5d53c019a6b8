package dev.ballast.control.cloudformation.template;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A stack's parameter values: those given, else the template's defaults, checked against each parameter's type,
 * AllowedValues and AllowedPattern as CloudFormation checks them (with its messages); list types become lists.
 *
 * <p>Thread-safe (stateless).
 */
public final class ParameterValues {
    private ParameterValues() {}

    /**
     * The values of {@code template}'s parameters from {@code given}, with {@code pseudo}'s values added.
     *
     * @throws AwsException ValidationError "Parameters: [X] must have values", "Parameters: [X] do not exist in the
     *     template", "Parameter 'X' must be one of AllowedValues", ...
     */
    public static Map<String, Object> resolve(Template template, Map<String, String> given, PseudoParameters pseudo) {
        List<String> undeclared = given.keySet().stream().filter(k -> !template.parameters().containsKey(k)).toList();
        if (!undeclared.isEmpty()) {
            throw invalid("Parameters: " + undeclared + " do not exist in the template");
        }
        List<String> missing = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>(pseudo.values());
        for (TemplateParameter p : template.parameters().values()) {
            String value = given.containsKey(p.name()) ? given.get(p.name()) : p.defaultValue();
            if (value == null) {
                missing.add(p.name());
                continue;
            }
            out.put(p.name(), check(p, value));
        }
        if (!missing.isEmpty()) {
            throw invalid("Parameters: " + missing + " must have values");
        }
        return out;
    }

    private static Object check(TemplateParameter p, String value) {
        if (!p.allowedValues().isEmpty() && !p.allowedValues().contains(value)) {
            throw invalid("Parameter '" + p.name() + "' must be one of AllowedValues");
        }
        if (p.allowedPattern() != null && !Pattern.compile(p.allowedPattern()).matcher(value).matches()) {
            throw invalid("Parameter '" + p.name() + "' must match pattern " + p.allowedPattern());
        }
        if (p.type().equals("Number") && !isNumber(value)) {
            throw invalid("Parameter '" + p.name() + "' must be a number.");
        }
        if (!p.isList()) {
            return value;
        }
        List<Object> items = new ArrayList<>();
        for (String item : value.isEmpty() ? new String[0] : value.split(",", -1)) {
            String trimmed = item.strip();
            if (p.type().equals("List<Number>") && !isNumber(trimmed)) {
                throw invalid("Parameter '" + p.name() + "' must be a number list.");
            }
            items.add(trimmed);
        }
        return items;
    }

    private static boolean isNumber(String value) {
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static AwsException invalid(String message) {
        return new AwsException(AwsError.VALIDATION_ERROR, message);
    }
}
