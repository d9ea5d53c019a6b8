package dev.ballast.control.cloudformation;

import dev.ballast.control.cloudformation.template.ConditionValues;
import dev.ballast.control.cloudformation.template.DependencyGraph;
import dev.ballast.control.cloudformation.template.Template;
import dev.ballast.control.cloudformation.template.TemplateErrors;
import dev.ballast.control.cloudformation.template.TemplateResource;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What CreateStack, UpdateStack and ValidateTemplate check before anything runs: the template's grammar, its
 * dependency graph (no names that resolve to nothing, no cycles), that every resource type is known, and that each
 * resource of a mapped type names only properties the type has and all it requires.
 *
 * <p>Thread-safe (stateless apart from the immutable types).
 */
final class TemplateCheck {
    private TemplateCheck() {}

    /** The parsed, checked template of {@code body} and its graph. */
    record Checked(Template template, DependencyGraph graph) {}

    static Checked check(String body, ResourceTypes types) {
        Template template = Template.parse(body);
        List<String> unknown = template.resources().values().stream().map(TemplateResource::type).distinct()
                .filter(t -> types.provisioner(t) == null).toList();
        if (!unknown.isEmpty()) {
            throw TemplateErrors.format("Unrecognized resource types: " + unknown);
        }
        for (TemplateResource r : template.resources().values()) {
            if (r.condition() != null && !template.conditions().containsKey(r.condition())) {
                throw TemplateErrors.format("/Resources/" + r.logicalId() + "/Condition",
                        "Unresolved dependencies [" + r.condition() + "]. Cannot find a condition named "
                                + r.condition() + " in the Conditions block of the template");
            }
            properties(r, types.provisioner(r.type()));
        }
        return new Checked(template, DependencyGraph.of(template));
    }

    /** Evaluates the conditions with {@code parameters}, which checks the Conditions block. */
    static Map<String, Boolean> conditions(Template template, Map<String, Object> parameters, String region) {
        return ConditionValues.evaluate(template, parameters, region);
    }

    private static void properties(TemplateResource r, ResourceProvisioner provisioner) {
        Set<String> allowed = provisioner.properties();
        if (allowed == null) {
            return;
        }
        List<String> extraneous = new ArrayList<>();
        r.properties().keySet().stream().filter(k -> !allowed.contains(k)).forEach(extraneous::add);
        if (!extraneous.isEmpty()) {
            throw invalidProperties(r.logicalId(), "#: extraneous key [" + extraneous.get(0)
                    + "] is not permitted (at /Resources/" + r.logicalId() + "/Properties/" + extraneous.get(0)
                    + "; expected one of " + allowed.stream().sorted().toList() + ")");
        }
        for (String required : provisioner.requiredProperties()) {
            if (!r.properties().containsKey(required)) {
                throw invalidProperties(r.logicalId(), "#: required key [" + required + "] not found (at /Resources/"
                        + r.logicalId() + "/Properties)");
            }
        }
    }

    /** CloudFormation's message for a resource whose properties do not match its type's schema. */
    static AwsException invalidProperties(String logicalId, String message) {
        return new AwsException(AwsError.VALIDATION_ERROR, "Properties validation failed for resource " + logicalId
                + " with message: " + message);
    }
}
