package dev.ballast.control.cloudformation.template;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a template's Conditions block once per stack: each condition may use parameters, mappings and other
 * conditions, never resources; a condition that names itself through others is a cycle.
 *
 * <p>Not thread-safe: build, then read {@link #values}.
 */
public final class ConditionValues {
    private final Template template;
    private final Map<String, Object> parameters;
    private final String region;
    private final Map<String, Boolean> values = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();

    private ConditionValues(Template template, Map<String, Object> parameters, String region) {
        this.template = template;
        this.parameters = parameters;
        this.region = region;
    }

    /**
     * Every condition of {@code template} with parameter values {@code parameters}.
     *
     * @throws dev.ballast.control.error.AwsException ValidationError when one cannot be evaluated
     */
    public static Map<String, Boolean> evaluate(Template template, Map<String, Object> parameters, String region) {
        ConditionValues c = new ConditionValues(template, parameters, region);
        template.conditions().keySet().forEach(c::value);
        return Map.copyOf(c.values);
    }

    private Boolean value(String name) {
        Boolean known = values.get(name);
        if (known != null) {
            return known;
        }
        if (!template.conditions().containsKey(name)) {
            return null;
        }
        if (!evaluating.add(name)) {
            throw TemplateErrors.format("/Conditions/" + name, "Circular condition dependency: " + name);
        }
        Evaluator evaluator = new Evaluator(new Evaluator.Scope(parameters, template.mappings(), this::value,
                Evaluator.NO_RESOURCES, exportName -> null, region));
        boolean value = evaluator.condition(template.conditions().get(name), "/Conditions/" + name);
        evaluating.remove(name);
        values.put(name, value);
        return value;
    }
}
