package dev.ballast.control.ecs.placement;

import dev.ballast.control.ecs.EcsContainerDefinition;
import dev.ballast.control.ecs.EcsTaskDefinition;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * The cpu units and MiB of memory a task of a task definition reserves on its node, as ECS counts them: the
 * task-level {@code cpu} and {@code memory} when given ({@code "256"}, {@code "1 vCPU"}, {@code "512"},
 * {@code "2 GB"}), else the sum over its containers of {@code cpu} and of {@code memoryReservation} (or
 * {@code memory} when there is no reservation).
 *
 * <p>Thread-safe (stateless).
 */
public final class TaskResources {
    private TaskResources() {}

    /** What a task of {@code definition} (null: unknown, nothing) in {@code group} needs. */
    public static TaskNeeds of(String group, EcsTaskDefinition definition) {
        if (definition == null) {
            return new TaskNeeds(group, 0, 0);
        }
        int cpu = definition.cpu() != null ? units(definition.cpu(), "vcpu")
                : definition.containerDefinitions().stream().mapToInt(c -> c.cpu() == null ? 0 : c.cpu()).sum();
        int memory = definition.memory() != null ? units(definition.memory(), "gb")
                : definition.containerDefinitions().stream().mapToInt(TaskResources::memory).sum();
        return new TaskNeeds(group, cpu, memory);
    }

    private static int memory(EcsContainerDefinition c) {
        if (c.memoryReservation() != null) {
            return c.memoryReservation();
        }
        return c.memory() == null ? 0 : c.memory();
    }

    /** {@code "256"} as 256, {@code "1 vCPU"} / {@code "2 GB"} as 1024 times the number; 0 when unreadable. */
    private static int units(String value, String bigUnit) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        boolean big = v.endsWith(bigUnit);
        if (big) {
            v = v.substring(0, v.length() - bigUnit.length()).trim();
        }
        try {
            BigDecimal n = new BigDecimal(v);
            return (big ? n.multiply(BigDecimal.valueOf(1024)) : n).intValue();
        } catch (NumberFormatException e) {
            return 0; // checked when the task definition was registered
        }
    }
}
