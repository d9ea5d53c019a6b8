package dev.ballast.control.ecs;

import java.util.function.Function;

/**
 * The ECS resources as a part of the scheduler reads and changes them: the latest committed state, and commands run
 * on a copy of it and committed. {@link EcsWriter} is one; {@link EcsWriter#guarded} gives the leader's view, whose
 * commits are fenced by its term.
 *
 * <p>Implementations are thread-safe.
 */
public interface EcsCommits {
    /** The latest committed state. */
    EcsState state();

    /**
     * Runs {@code command} on a copy of the resources and commits what it changed; returns what it returned.
     *
     * @throws dev.ballast.control.error.AwsException if the command or the store refused; nothing changed
     */
    <T> T write(Function<EcsDraft, T> command);
}
