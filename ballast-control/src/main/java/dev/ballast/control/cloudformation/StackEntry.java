package dev.ballast.control.cloudformation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stack as stored: its template and parameters, status, resources, outputs and events (newest last).
 *
 * <p>Thread-safe (immutable).
 *
 * @param stackId the stack's ARN
 * @param stackName its name
 * @param description the template's description, or null
 * @param templateBody the template as given
 * @param parameters the given parameter values (defaults are not listed)
 * @param status e.g. {@code CREATE_COMPLETE}
 * @param statusReason the reason of the status, or null
 * @param createdAt epoch millis
 * @param updatedAt epoch millis of the last update, or null
 * @param deletedAt epoch millis of the deletion, or null
 * @param disableRollback whether a failed creation keeps what was created
 * @param resources the resources in creation order
 * @param outputs the evaluated outputs
 * @param events every event, oldest first
 */
public record StackEntry(String stackId, String stackName, String description, String templateBody,
                         Map<String, String> parameters, String status, String statusReason, long createdAt,
                         Long updatedAt, Long deletedAt, boolean disableRollback,
                         List<StackResourceEntry> resources, List<StackOutput> outputs, List<StackEvent> events) {
    /** Copies the collections. */
    public StackEntry {
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(parameters));
        resources = resources == null ? List.of() : List.copyOf(resources);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** Whether the stack was deleted (DescribeStacks by name no longer finds it). */
    public boolean deleted() {
        return status.equals(StackStatus.DELETE_COMPLETE);
    }

    /** Whether no operation is running on the stack (its status does not end in _IN_PROGRESS). */
    public boolean settled() {
        return !status.endsWith("_IN_PROGRESS");
    }

    /** The resource {@code logicalId}, or null. */
    public StackResourceEntry resource(String logicalId) {
        return resources.stream().filter(r -> r.logicalId().equals(logicalId)).findFirst().orElse(null);
    }

    /** This stack with {@code status} and {@code reason}. */
    public StackEntry withStatus(String newStatus, String reason) {
        return new StackEntry(stackId, stackName, description, templateBody, parameters, newStatus, reason,
                createdAt, updatedAt, deletedAt, disableRollback, resources, outputs, events);
    }

    /** This stack with {@code event} appended. */
    public StackEntry withEvent(StackEvent event) {
        List<StackEvent> all = new ArrayList<>(events);
        all.add(event);
        return new StackEntry(stackId, stackName, description, templateBody, parameters, status, statusReason,
                createdAt, updatedAt, deletedAt, disableRollback, resources, outputs, all);
    }

    /** This stack with {@code resource} replacing the one of its logical id (or appended). */
    public StackEntry withResource(StackResourceEntry resource) {
        List<StackResourceEntry> all = new ArrayList<>(resources);
        all.removeIf(r -> r.logicalId().equals(resource.logicalId()));
        all.add(resource);
        return new StackEntry(stackId, stackName, description, templateBody, parameters, status, statusReason,
                createdAt, updatedAt, deletedAt, disableRollback, all, outputs, events);
    }

    /** This stack without resource {@code logicalId}. */
    public StackEntry withoutResource(String logicalId) {
        List<StackResourceEntry> all = new ArrayList<>(resources);
        all.removeIf(r -> r.logicalId().equals(logicalId));
        return new StackEntry(stackId, stackName, description, templateBody, parameters, status, statusReason,
                createdAt, updatedAt, deletedAt, disableRollback, all, outputs, events);
    }

    /** This stack with {@code newOutputs}. */
    public StackEntry withOutputs(List<StackOutput> newOutputs) {
        return new StackEntry(stackId, stackName, description, templateBody, parameters, status, statusReason,
                createdAt, updatedAt, deletedAt, disableRollback, resources, newOutputs, events);
    }

    /** This stack running {@code body} with {@code newParameters} from {@code at} (an update begins). */
    public StackEntry withTemplate(String body, String newDescription, Map<String, String> newParameters, long at) {
        return new StackEntry(stackId, stackName, newDescription, body, newParameters, status, statusReason,
                createdAt, at, deletedAt, disableRollback, resources, outputs, events);
    }

    /** This stack deleted at {@code at}. */
    public StackEntry deletedAt(long at) {
        return new StackEntry(stackId, stackName, description, templateBody, parameters, status, statusReason,
                createdAt, updatedAt, at, disableRollback, resources, outputs, events);
    }
}
