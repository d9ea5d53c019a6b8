package dev.ballast.control.ecs;

import java.util.List;

/**
 * What the ECS commands need to know of a Cloud Map service named by a {@code serviceRegistries} entry.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface ServiceRegistryLookup {
    /** A lookup that knows no Cloud Map service: every registry is refused. */
    ServiceRegistryLookup NONE = arn -> null;

    /** The DNS record types (A, AAAA, SRV, CNAME) of the Cloud Map service {@code arn}, or null when none has it. */
    List<String> recordTypes(String arn);
}
