package dev.ballast.control.ecs;

import java.util.List;

/**
 * One revision of an ECS task definition as stored.
 *
 * <p>Thread-safe (immutable).
 *
 * @param status         {@code ACTIVE} or {@code INACTIVE} (deregistered)
 * @param cpu            task-level cpu units as a string, as ECS's model types it, or null
 * @param memory         task-level memory (MiB) as a string, or null
 * @param registeredAt   epoch milliseconds
 * @param deregisteredAt epoch milliseconds, or null while ACTIVE
 * @param tags           the revision's resource tags
 */
public record EcsTaskDefinition(String family, int revision, String status, String networkMode,
                                List<EcsContainerDefinition> containerDefinitions,
                                List<String> requiresCompatibilities, String cpu, String memory,
                                long registeredAt, Long deregisteredAt, List<EcsTag> tags) {
    /** The status of a registered revision. */
    public static final String ACTIVE = "ACTIVE";
    /** The status of a deregistered revision. */
    public static final String INACTIVE = "INACTIVE";
    /** The prefix of every task definition ARN. */
    public static final String ARN_PREFIX = "arn:aws:ecs:us-east-1:000000000000:task-definition/";

    /** Copies the lists. */
    public EcsTaskDefinition {
        containerDefinitions = List.copyOf(containerDefinitions);
        requiresCompatibilities = requiresCompatibilities == null ? List.of() : List.copyOf(requiresCompatibilities);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A revision without tags. */
    public EcsTaskDefinition(String family, int revision, String status, String networkMode,
                             List<EcsContainerDefinition> containerDefinitions, List<String> requiresCompatibilities,
                             String cpu, String memory, long registeredAt, Long deregisteredAt) {
        this(family, revision, status, networkMode, containerDefinitions, requiresCompatibilities, cpu, memory,
                registeredAt, deregisteredAt, List.of());
    }

    /** {@code <family>:<revision>}, the key of this revision. */
    public String key() {
        return family + ":" + revision;
    }

    /** {@code arn:aws:ecs:us-east-1:000000000000:task-definition/<family>:<revision>}. */
    public String arn() {
        return ARN_PREFIX + key();
    }

    /** This revision deregistered at {@code now}. */
    public EcsTaskDefinition deregistered(long now) {
        return new EcsTaskDefinition(family, revision, INACTIVE, networkMode, containerDefinitions,
                requiresCompatibilities, cpu, memory, registeredAt, now, tags);
    }

    /** This revision with {@code newTags} instead of its tags. */
    public EcsTaskDefinition withTags(List<EcsTag> newTags) {
        return new EcsTaskDefinition(family, revision, status, networkMode, containerDefinitions,
                requiresCompatibilities, cpu, memory, registeredAt, deregisteredAt, newTags);
    }

    /** The container definition named {@code name}, or null. */
    public EcsContainerDefinition container(String name) {
        return containerDefinitions.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}
