package dev.ballast.core.model;

/**
 * A part that compiles its own form of each new configuration snapshot and swaps it in (the proxy, DNS).
 *
 * <p>Implementations must be thread-safe: {@link #apply} is called by the single writer thread.
 */
@FunctionalInterface
public interface SnapshotConsumer {
    /**
     * Compiles and publishes {@code snapshot}. Throws if it cannot be applied, in which case the consumer keeps
     * serving the previous snapshot.
     */
    void apply(ConfigSnapshot snapshot);
}
