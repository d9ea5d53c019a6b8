package dev.ballast.control.ecs.placement;

/**
 * What one task asks of the node it is placed on: its group (for spread and distinctInstance) and the cpu units and
 * MiB of memory it reserves.
 *
 * <p>Thread-safe (immutable).
 */
public record TaskNeeds(String group, int cpu, int memory) {}
