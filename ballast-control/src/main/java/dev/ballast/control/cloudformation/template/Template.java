package dev.ballast.control.cloudformation.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed template: its sections checked against CloudFormation's grammar, functions left unevaluated (they need
 * parameter values and resources; see {@link Evaluator}).
 *
 * <p>Thread-safe (immutable).
 *
 * @param body the text the template was read from
 * @param description the Description member, or null
 * @param parameters the Parameters block by name, in template order
 * @param mappings the Mappings block
 * @param conditions the Conditions block (unevaluated)
 * @param resources the Resources block by logical id, in template order
 * @param outputs the Outputs block by name, in template order
 */
public record Template(String body, String description, Map<String, TemplateParameter> parameters,
                       Map<String, Object> mappings, Map<String, Object> conditions,
                       Map<String, TemplateResource> resources, Map<String, TemplateOutput> outputs) {
    private static final Set<String> SECTIONS = Set.of("AWSTemplateFormatVersion", "Description", "Metadata",
            "Parameters", "Mappings", "Conditions", "Transform", "Resources", "Outputs", "Rules");
    private static final Set<String> RESOURCE_MEMBERS = Set.of("Type", "Properties", "DependsOn", "Condition",
            "DeletionPolicy", "UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy");
    private static final Set<String> PARAMETER_MEMBERS = Set.of("Type", "Default", "AllowedValues",
            "AllowedPattern", "Description", "NoEcho", "ConstraintDescription", "MinLength", "MaxLength", "MinValue",
            "MaxValue");
    private static final Set<String> PARAMETER_TYPES = Set.of("String", "Number", "List<Number>",
            "CommaDelimitedList");

    /** Copies the maps. */
    public Template {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        mappings = Values.copyMap(mappings);
        conditions = Values.copyMap(conditions);
        resources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(resources));
        outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /**
     * Reads and checks {@code body} (JSON or YAML).
     *
     * @throws dev.ballast.control.error.AwsException ValidationError naming what is wrong and where
     */
    public static Template parse(String body) {
        Map<String, Object> root = TemplateReader.read(body);
        List<String> unknown = root.keySet().stream().filter(k -> !SECTIONS.contains(k)).toList();
        if (!unknown.isEmpty()) {
            throw TemplateErrors.format("Invalid template property or properties " + unknown);
        }
        if (root.containsKey("Transform")) {
            throw TemplateErrors.format("/Transform", "Transform: " + root.get("Transform")
                    + " (expected: no Transform; macros are not supported here)");
        }
        Object version = root.get("AWSTemplateFormatVersion");
        if (version != null && !Values.scalar(version).equals("2010-09-09")) {
            throw TemplateErrors.format("'" + Values.scalar(version) + "' is not a valid template version");
        }
        Object description = root.get("Description");
        Map<String, Object> resourcesBlock = section(root, "Resources");
        if (resourcesBlock.isEmpty()) {
            throw TemplateErrors.format("At least one Resources member must be defined.");
        }
        return new Template(body, description == null ? null : Values.scalar(description),
                parameters(section(root, "Parameters")), section(root, "Mappings"), section(root, "Conditions"),
                resources(resourcesBlock), outputs(section(root, "Outputs")));
    }

    private static Map<String, Object> section(Map<String, Object> root, String name) {
        Object value = root.get(name);
        if (value == null) {
            return Map.of();
        }
        Map<String, Object> map = Values.asMap(value);
        if (map == null) {
            throw TemplateErrors.format("/" + name, name + " must be an object");
        }
        return map;
    }

    private static Map<String, TemplateParameter> parameters(Map<String, Object> block) {
        Map<String, TemplateParameter> out = new LinkedHashMap<>();
        block.forEach((name, value) -> {
            String at = "/Parameters/" + name;
            Map<String, Object> p = Values.asMap(value);
            if (p == null) {
                throw TemplateErrors.format(at, "Every Parameters object must be an object");
            }
            List<String> unknown = p.keySet().stream().filter(k -> !PARAMETER_MEMBERS.contains(k)).toList();
            if (!unknown.isEmpty()) {
                throw TemplateErrors.format(at, "Invalid template parameter property '" + unknown.get(0) + "'");
            }
            Object type = p.get("Type");
            if (type == null) {
                throw TemplateErrors.format(at, "Every Parameters object must contain a Type member.");
            }
            String typeName = Values.scalar(type);
            if (!PARAMETER_TYPES.contains(typeName) && !typeName.startsWith("AWS::EC2::")
                    && !typeName.startsWith("List<AWS::EC2::")) {
                throw TemplateErrors.format(at, "Unrecognized parameter type: " + typeName);
            }
            Object allowed = p.get("AllowedValues");
            List<Object> allowedList = allowed == null ? List.of() : Values.asList(allowed);
            if (allowedList == null) {
                throw TemplateErrors.format(at + "/AllowedValues", "AllowedValues must be a list");
            }
            Object def = p.get("Default");
            Object pattern = p.get("AllowedPattern");
            Object description = p.get("Description");
            out.put(name, new TemplateParameter(name, typeName, def == null ? null : defaultText(def),
                    Values.strings(allowedList), pattern == null ? null : Values.scalar(pattern),
                    description == null ? null : Values.scalar(description),
                    "true".equalsIgnoreCase(String.valueOf(p.get("NoEcho")))));
        });
        return out;
    }

    /** A list default ({@code Default: [a, b]} in YAML) is the comma-delimited string CloudFormation takes. */
    private static String defaultText(Object value) {
        List<Object> list = Values.asList(value);
        return list == null ? Values.scalar(value) : String.join(",", Values.strings(list));
    }

    private static Map<String, TemplateResource> resources(Map<String, Object> block) {
        Map<String, TemplateResource> out = new LinkedHashMap<>();
        block.forEach((id, value) -> {
            String at = "/Resources/" + id;
            if (!id.matches("[A-Za-z0-9]+")) {
                throw TemplateErrors.format(at, "Resource name " + id + " is non alphanumeric.");
            }
            Map<String, Object> r = Values.asMap(value);
            if (r == null) {
                throw TemplateErrors.format(at, "Every Resources object must be an object");
            }
            for (String member : r.keySet()) {
                if (!RESOURCE_MEMBERS.contains(member)) {
                    throw TemplateErrors.format(at, "Invalid template resource property '" + member + "'");
                }
            }
            Object type = r.get("Type");
            if (!(type instanceof String typeName)) {
                throw TemplateErrors.format(at, "Every Resources object must contain a Type member.");
            }
            Object properties = r.get("Properties");
            Map<String, Object> props = properties == null ? Map.of() : Values.asMap(properties);
            if (props == null) {
                throw TemplateErrors.format(at + "/Properties", "Properties must be an object");
            }
            Object condition = r.get("Condition");
            Object policy = r.get("DeletionPolicy");
            out.put(id, new TemplateResource(id, typeName, props, dependsOn(at, r.get("DependsOn")),
                    condition == null ? null : Values.scalar(condition),
                    policy == null ? null : Values.scalar(policy)));
        });
        return out;
    }

    private static List<String> dependsOn(String at, Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String single) {
            return List.of(single);
        }
        List<Object> list = Values.asList(value);
        if (list == null || !list.stream().allMatch(v -> v instanceof String)) {
            throw TemplateErrors.format(at + "/DependsOn", "DependsOn must be a string or a list of strings");
        }
        return new ArrayList<>(Values.strings(list));
    }

    private static Map<String, TemplateOutput> outputs(Map<String, Object> block) {
        Map<String, TemplateOutput> out = new LinkedHashMap<>();
        block.forEach((name, value) -> {
            String at = "/Outputs/" + name;
            Map<String, Object> o = Values.asMap(value);
            if (o == null || !o.containsKey("Value")) {
                throw TemplateErrors.format(at, "Every Outputs member must contain a Value object");
            }
            Map<String, Object> export = Values.asMap(o.get("Export"));
            Object description = o.get("Description");
            Object condition = o.get("Condition");
            out.put(name, new TemplateOutput(name, o.get("Value"),
                    description == null ? null : Values.scalar(description), export == null ? null
                    : export.get("Name"), condition == null ? null : Values.scalar(condition)));
        });
        return out;
    }
}
