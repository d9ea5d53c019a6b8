package dev.ballast.control.store;

/**
 * One change to one key of the store.
 *
 * <p>Thread-safe (immutable records).
 */
public sealed interface Mutation {
    /** The key the mutation changes. */
    String key();

    /** Sets {@code key} to {@code value}. */
    record Put(String key, String value) implements Mutation {}

    /** Removes {@code key}. */
    record Delete(String key) implements Mutation {}
}
