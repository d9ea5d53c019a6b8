package dev.ballast.control.store;

import java.util.List;

/**
 * Everything under a key prefix at one revision, in key order.
 *
 * <p>Thread-safe (immutable).
 */
public record StoreContents(long revision, List<StoreRecord> records) {
    /** Copies the list. */
    public StoreContents {
        records = List.copyOf(records);
    }
}
