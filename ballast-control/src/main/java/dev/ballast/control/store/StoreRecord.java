package dev.ballast.control.store;

/**
 * One key of the store with its value and the revision of the commit that last wrote it.
 *
 * <p>Thread-safe (immutable).
 */
public record StoreRecord(String key, String value, long modRevision) {}
