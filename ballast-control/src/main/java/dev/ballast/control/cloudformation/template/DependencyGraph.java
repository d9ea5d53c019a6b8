package dev.ballast.control.cloudformation.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order a template's resources are created in: each resource after those it names with DependsOn, Ref,
 * Fn::GetAtt or a {@code ${...}} of Fn::Sub; deleted in the reverse order. Names that are neither a resource nor a
 * parameter are CloudFormation's "Unresolved resource dependencies", and a cycle is its "Circular dependency between
 * resources".
 *
 * <p>Thread-safe (immutable once built).
 */
public final class DependencyGraph {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
    private static final Set<String> PSEUDO = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    private final Map<String, Set<String>> dependencies;
    private final List<String> order;

    private DependencyGraph(Map<String, Set<String>> dependencies, List<String> order) {
        this.dependencies = dependencies;
        this.order = order;
    }

    /**
     * The graph of {@code template}'s resources.
     *
     * @throws dev.ballast.control.error.AwsException ValidationError for a name that resolves to nothing (with its
     *     location) or a cycle (naming the resources on it)
     */
    public static DependencyGraph of(Template template) {
        Map<String, Set<String>> deps = new LinkedHashMap<>();
        for (TemplateResource r : template.resources().values()) {
            String at = "/Resources/" + r.logicalId();
            Set<String> names = new LinkedHashSet<>();
            for (String d : r.dependsOn()) {
                if (!template.resources().containsKey(d)) {
                    throw TemplateErrors.format(at + "/DependsOn", "Unresolved resource dependencies [" + d
                            + "] in the Resources block of the template");
                }
                names.add(d);
            }
            collect(template, r.properties(), at + "/Properties", names);
            deps.put(r.logicalId(), names);
        }
        for (TemplateOutput o : template.outputs().values()) {
            collect(template, o.value(), "/Outputs/" + o.logicalId() + "/Value", new LinkedHashSet<>());
        }
        return new DependencyGraph(deps, sort(deps));
    }

    /** The resources {@code logicalId} depends on directly. */
    public Set<String> dependencies(String logicalId) {
        return dependencies.getOrDefault(logicalId, Set.of());
    }

    /** Every resource, each after the resources it depends on (template order otherwise). */
    public List<String> creationOrder() {
        return order;
    }

    /** Every resource, each before the resources it depends on. */
    public List<String> deletionOrder() {
        List<String> reversed = new ArrayList<>(order);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    /** The resources named in {@code value} (Ref, Fn::GetAtt, Fn::Sub), added to {@code into}. */
    private static void collect(Template template, Object value, String at, Set<String> into) {
        String function = Values.functionName(value);
        if (function != null) {
            Object arg = Values.argument(value);
            String here = at + "/" + function;
            switch (function) {
                case "Ref" -> name(template, Values.scalar(arg), here, into);
                case "Fn::GetAtt" -> {
                    List<Object> parts = Values.asList(arg);
                    String id = parts != null && !parts.isEmpty() ? Values.scalar(parts.get(0))
                            : Values.scalar(arg).split("\\.", 2)[0];
                    resource(template, id, here, "Fn::GetAtt", into);
                    if (parts != null) {
                        parts.stream().skip(1).forEach(p -> collect(template, p, here, into));
                    }
                }
                case "Fn::Sub" -> sub(template, arg, here, into);
                default -> collect(template, arg, here, into);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collect(template, v, at + "/" + k, into));
        } else if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                collect(template, item, at + "/" + i++, into);
            }
        }
    }

    private static void sub(Template template, Object arg, String at, Set<String> into) {
        List<Object> list = Values.asList(arg);
        String text = list == null ? Values.scalar(arg) : list.isEmpty() ? "" : Values.scalar(list.get(0));
        Map<String, Object> variables = list != null && list.size() > 1 && Values.asMap(list.get(1)) != null
                ? Values.asMap(list.get(1)) : Map.of();
        variables.forEach((k, v) -> collect(template, v, at + "/1/" + k, into));
        Matcher m = SUB_VARIABLE.matcher(text);
        while (m.find()) {
            String name = m.group(1).strip();
            if (variables.containsKey(name)) {
                continue;
            }
            int dot = name.indexOf('.');
            if (dot > 0 && !template.parameters().containsKey(name)) {
                resource(template, name.substring(0, dot), at, "Fn::Sub", into);
            } else {
                name(template, name, at, into);
            }
        }
    }

    private static void name(Template template, String name, String at, Set<String> into) {
        if (PSEUDO.contains(name) || template.parameters().containsKey(name)) {
            return;
        }
        if (!template.resources().containsKey(name)) {
            throw TemplateErrors.format(at, "Unresolved resource dependencies [" + name
                    + "] in the Resources block of the template");
        }
        into.add(name);
    }

    private static void resource(Template template, String id, String at, String function, Set<String> into) {
        if (!template.resources().containsKey(id)) {
            throw TemplateErrors.evaluation(at, "instance of " + function + " references undefined resource " + id);
        }
        into.add(id);
    }

    /** Depth-first topological sort in template order; a back edge is a cycle. */
    private static List<String> sort(Map<String, Set<String>> deps) {
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        List<String> path = new ArrayList<>();
        for (String id : deps.keySet()) {
            visit(id, deps, done, path, order);
        }
        return List.copyOf(order);
    }

    private static void visit(String id, Map<String, Set<String>> deps, Set<String> done, List<String> path,
                              List<String> order) {
        if (done.contains(id)) {
            return;
        }
        int onPath = path.indexOf(id);
        if (onPath >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(onPath, path.size()));
            java.util.Collections.sort(cycle);
            throw new dev.ballast.control.error.AwsException(dev.ballast.control.error.AwsError.VALIDATION_ERROR,
                    "Circular dependency between resources: " + cycle);
        }
        path.add(id);
        for (String d : deps.get(id)) {
            visit(d, deps, done, path, order);
        }
        path.remove(path.size() - 1);
        done.add(id);
        order.add(id);
    }
}
