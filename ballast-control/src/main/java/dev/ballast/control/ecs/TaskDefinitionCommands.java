package dev.ballast.control.ecs;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The ECS task definition commands and queries: register a new revision of a family (revisions count 1, 2, … per
 * family), find one by family, {@code family:revision} or ARN, list them, and deregister a revision (it stays
 * describable by revision, as on AWS).
 *
 * <p>Thread-safe: writes go through the {@link EcsWriter}; reads use one committed state.
 */
public final class TaskDefinitionCommands {
    private static final Pattern FAMILY = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final String FAMILY_RULE = "up to 255 letters, numbers, hyphens and underscores";
    private static final Set<String> NETWORK_MODES = Set.of("bridge", "awsvpc", "host");
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp");
    private static final Set<String> COMPATIBILITIES = Set.of("EC2", "FARGATE", "EXTERNAL");

    private final EcsWriter writer;
    private final Clock clock;

    /** Commands on {@code writer}'s task definitions, timestamped by {@code clock}. */
    public TaskDefinitionCommands(EcsWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Registers the next revision of {@code family}.
     *
     * @param networkMode {@code bridge} when null
     * @throws AwsException ClientException or InvalidParameterException for a bad definition; nothing is stored
     */
    public EcsTaskDefinition register(String family, String networkMode, List<EcsContainerDefinition> containers,
                                      List<String> requiresCompatibilities, String cpu, String memory) {
        return register(family, networkMode, containers, requiresCompatibilities, cpu, memory, List.of());
    }

    /**
     * Registers the next revision of {@code family} with resource {@code tags}.
     *
     * @param networkMode {@code bridge} when null
     * @throws AwsException ClientException or InvalidParameterException for a bad definition; nothing is stored
     */
    public EcsTaskDefinition register(String family, String networkMode, List<EcsContainerDefinition> containers,
                                      List<String> requiresCompatibilities, String cpu, String memory,
                                      List<EcsTag> tags) {
        if (family == null || !FAMILY.matcher(family).matches()) {
            throw new AwsException(AwsError.ECS_CLIENT_EXCEPTION, "family: " + (family == null ? "missing" : family)
                    + " (expected: " + FAMILY_RULE + ")");
        }
        String mode = networkMode == null ? "bridge" : networkMode;
        if (!NETWORK_MODES.contains(mode)) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "networkMode: " + mode + " (expected: one of "
                    + NETWORK_MODES.stream().sorted().toList() + ")");
        }
        for (String compatibility : requiresCompatibilities) {
            if (!COMPATIBILITIES.contains(compatibility)) {
                throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "requiresCompatibilities: " + compatibility
                        + " (expected: one of " + COMPATIBILITIES.stream().sorted().toList() + ")");
            }
        }
        checkContainers(containers);
        TaskDefinitionRules.check(mode, containers, requiresCompatibilities, cpu, memory);
        List<EcsContainerDefinition> stored = TaskDefinitionRules.withHostPorts(mode, containers);
        ResourceTags.checkCount(tags);
        long now = clock.millis();
        return writer.write(draft -> {
            int revision = 1 + draft.taskDefinitions().values().stream().filter(t -> t.family().equals(family))
                    .mapToInt(EcsTaskDefinition::revision).max().orElse(0);
            EcsTaskDefinition registered = new EcsTaskDefinition(family, revision, EcsTaskDefinition.ACTIVE, mode,
                    stored, requiresCompatibilities, cpu, memory, now, null, tags);
            draft.taskDefinitions().put(registered.key(), registered);
            return registered;
        });
    }

    /**
     * The revision {@code reference} names: a bare family means its latest ACTIVE revision; {@code family:revision}
     * and an ARN name one revision, ACTIVE or INACTIVE.
     *
     * @throws AwsException ClientException "Unable to describe task definition." when there is none
     */
    public EcsTaskDefinition find(String reference) {
        EcsTaskDefinition found = lookup(writer.state().taskDefinitions(), keyOf(reference));
        if (found == null) {
            throw new AwsException(AwsError.ECS_CLIENT_EXCEPTION, "Unable to describe task definition.");
        }
        return found;
    }

    /**
     * The revision a new service, deployment or task is to run: {@code reference} as {@link #find} reads it, which
     * must exist and be ACTIVE.
     *
     * @throws AwsException ClientException "TaskDefinition not found." or InvalidParameterException "TaskDefinition
     *     is inactive"
     */
    static EcsTaskDefinition launchable(Map<String, EcsTaskDefinition> all, String reference) {
        EcsTaskDefinition found = lookup(all, keyOf(reference));
        if (found == null) {
            throw new AwsException(AwsError.ECS_CLIENT_EXCEPTION, "TaskDefinition not found.");
        }
        if (!found.status().equals(EcsTaskDefinition.ACTIVE)) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "TaskDefinition is inactive");
        }
        return found;
    }

    /** The revision {@code key} ({@code family:revision}, or a family for its latest ACTIVE revision) names. */
    private static EcsTaskDefinition lookup(Map<String, EcsTaskDefinition> all, String key) {
        if (key.contains(":")) {
            return all.get(key);
        }
        return all.values().stream().filter(t -> t.family().equals(key) && t.status().equals(EcsTaskDefinition.ACTIVE))
                .max(Comparator.comparingInt(EcsTaskDefinition::revision)).orElse(null);
    }

    /**
     * The families whose name starts with {@code familyPrefix} (null: any), sorted, that have an ACTIVE revision
     * ({@code status} ACTIVE), only INACTIVE revisions (INACTIVE) or any revision (ALL).
     */
    public List<String> families(String familyPrefix, String status) {
        Map<String, Boolean> anyActive = new TreeMap<>();
        for (EcsTaskDefinition t : writer.state().taskDefinitions().values()) {
            if (familyPrefix == null || t.family().startsWith(familyPrefix)) {
                anyActive.merge(t.family(), t.status().equals(EcsTaskDefinition.ACTIVE), Boolean::logicalOr);
            }
        }
        return anyActive.entrySet().stream()
                .filter(e -> status.equals("ALL") || e.getValue() == status.equals(EcsTaskDefinition.ACTIVE))
                .map(Map.Entry::getKey).toList();
    }

    /**
     * The revisions with {@code status} whose family starts with {@code familyPrefix} (null: any), ordered by family
     * and revision, descending when {@code descending}.
     */
    public List<EcsTaskDefinition> list(String familyPrefix, String status, boolean descending) {
        Comparator<EcsTaskDefinition> order = Comparator.comparing(EcsTaskDefinition::family)
                .thenComparingInt(EcsTaskDefinition::revision);
        return writer.state().taskDefinitions().values().stream()
                .filter(t -> familyPrefix == null || t.family().startsWith(familyPrefix))
                .filter(t -> t.status().equals(status))
                .sorted(descending ? order.reversed() : order)
                .toList();
    }

    /**
     * Deregisters the revision {@code reference} names ({@code family:revision} or ARN) and returns it INACTIVE;
     * deregistering an INACTIVE revision again returns it unchanged.
     *
     * @throws AwsException ClientException when the reference has no revision or names none
     */
    public EcsTaskDefinition deregister(String reference) {
        String key = keyOf(reference);
        if (!key.contains(":")) {
            throw new AwsException(AwsError.ECS_CLIENT_EXCEPTION, "taskDefinition: " + reference
                    + " (expected: family:revision or the ARN of a task definition revision)");
        }
        long now = clock.millis();
        return writer.write(draft -> {
            EcsTaskDefinition current = draft.taskDefinitions().get(key);
            if (current == null) {
                throw new AwsException(AwsError.ECS_CLIENT_EXCEPTION, "The specified task definition does not exist.");
            }
            if (current.status().equals(EcsTaskDefinition.INACTIVE)) {
                return current;
            }
            EcsTaskDefinition inactive = current.deregistered(now);
            draft.taskDefinitions().put(key, inactive);
            return inactive;
        });
    }

    private static void checkContainers(List<EcsContainerDefinition> containers) {
        if (containers.isEmpty()) {
            throw new AwsException(AwsError.ECS_CLIENT_EXCEPTION, "Container list cannot be empty.");
        }
        Set<String> names = new HashSet<>();
        for (EcsContainerDefinition container : containers) {
            if (container.name() == null || container.name().isEmpty()) {
                throw new AwsException(AwsError.ECS_CLIENT_EXCEPTION, "Container.name should not be null or empty.");
            }
            if (container.image() == null || container.image().isEmpty()) {
                throw new AwsException(AwsError.ECS_CLIENT_EXCEPTION,
                        "Container.image should not be null or empty.");
            }
            if (!names.add(container.name())) {
                throw new AwsException(AwsError.ECS_CLIENT_EXCEPTION, "containerDefinitions.name: " + container.name()
                        + " (expected: container names unique within the task definition)");
            }
            for (EcsPortMapping port : container.portMappings()) {
                if (!PROTOCOLS.contains(port.protocol())) {
                    throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "portMappings.protocol: " + port.protocol()
                            + " (expected: tcp or udp)");
                }
                if (port.containerPort() < 1 || port.containerPort() > 65535) {
                    throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "portMappings.containerPort: "
                            + port.containerPort() + " (expected: 1-65535)");
                }
            }
        }
    }

    /** {@code family} or {@code family:revision} from a reference that may be an ARN. */
    private static String keyOf(String reference) {
        if (reference == null || reference.isEmpty()) {
            throw new AwsException(AwsError.ECS_CLIENT_EXCEPTION, "taskDefinition: missing (expected: family, "
                    + "family:revision or the ARN of a task definition)");
        }
        int slash = reference.indexOf(":task-definition/");
        return reference.startsWith("arn:") && slash >= 0
                ? reference.substring(slash + ":task-definition/".length()) : reference;
    }
}
