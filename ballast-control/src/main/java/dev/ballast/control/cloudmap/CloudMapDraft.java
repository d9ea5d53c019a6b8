package dev.ballast.control.cloudmap;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A working copy of the Cloud Map resources that one command changes, part of the Route 53 draft. Only the latest
 * {@link #MAX_OPERATIONS} operations are kept for GetOperation.
 *
 * <p>Not thread-safe: used by the writer's single thread of the moment.
 */
public final class CloudMapDraft {
    static final int MAX_OPERATIONS = 1000;
    /** Namespaces by id, in creation order. */
    public final Map<String, DiscoveryNamespace> namespaces;
    /** Services by id, in creation order. */
    public final Map<String, DiscoveryService> services;
    /** Instances by {@link DiscoveryInstance#key}, in registration order. */
    public final Map<String, DiscoveryInstance> instances;
    /** Operations by id, oldest first. */
    public final Map<String, DiscoveryOperation> operations;

    /** A copy of {@code state} to change. */
    public CloudMapDraft(CloudMapState state) {
        namespaces = new LinkedHashMap<>(state.namespaces());
        services = new LinkedHashMap<>(state.services());
        instances = new LinkedHashMap<>(state.instances());
        operations = new LinkedHashMap<>(state.operations());
    }

    /** Records {@code operation} for GetOperation, forgetting the oldest beyond {@link #MAX_OPERATIONS}. */
    public void record(DiscoveryOperation operation) {
        operations.put(operation.id(), operation);
        Iterator<String> oldest = operations.keySet().iterator();
        while (operations.size() > MAX_OPERATIONS) {
            oldest.next();
            oldest.remove();
        }
    }

    /** True when nothing differs from {@code state}. */
    public boolean sameAs(CloudMapState state) {
        return namespaces.equals(state.namespaces()) && services.equals(state.services())
                && instances.equals(state.instances()) && operations.equals(state.operations());
    }

    /** The state this draft holds. */
    public CloudMapState commit() {
        return new CloudMapState(namespaces, services, instances, operations);
    }
}
