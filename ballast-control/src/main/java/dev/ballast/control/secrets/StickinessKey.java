package dev.ballast.control.secrets;

import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.Store;
import dev.ballast.control.store.StoreConflictException;
import dev.ballast.control.store.StoreContents;
import dev.ballast.control.store.StoreException;
import dev.ballast.control.store.StoreRecord;
import dev.ballast.core.balancing.StickyCookies;
import java.util.Base64;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The key that seals stickiness cookies, kept in the store so that a cookie keeps its target across restarts and
 * across the nodes that share the store. It is created once, on first start, and never changes; it is never logged
 * and no API returns it (no API reads keys under {@code secrets/}).
 *
 * <p>Thread-safe (stateless; the store serialises commits).
 */
public final class StickinessKey {
    /** Where the key lives in the store (base64 of {@link StickyCookies#KEY_BYTES} random bytes). */
    public static final String STORE_KEY = "secrets/stickiness-cookie-key";

    private StickinessKey() {
    }

    /**
     * The stored key, or a new one drawn from {@code random} (a {@code SecureRandom}) and committed if there is none
     * yet. When another node commits its key first, that one wins and is returned.
     *
     * @throws StoreException if the stored value is not a key of the expected size (the store was edited by hand)
     */
    public static byte[] loadOrCreate(Store store, RandomGenerator random) {
        while (true) {
            StoreContents contents = store.read(STORE_KEY);
            byte[] stored = stored(contents);
            if (stored != null) {
                return stored;
            }
            byte[] key = StickyCookies.newKey(random);
            try {
                store.commit(contents.revision(),
                        List.of(new Mutation.Put(STORE_KEY, Base64.getEncoder().encodeToString(key))));
                return key;
            } catch (StoreConflictException e) {
                // another writer committed in between (maybe this very key): read again
            }
        }
    }

    private static byte[] stored(StoreContents contents) {
        for (StoreRecord record : contents.records()) {
            if (!record.key().equals(STORE_KEY)) {
                continue;
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(record.value());
            } catch (IllegalArgumentException e) {
                key = null;
            }
            if (key == null || key.length != StickyCookies.KEY_BYTES) {
                // The value itself stays out of the message: it is a secret.
                throw new StoreException(STORE_KEY + ": not a key (expected: base64 of " + StickyCookies.KEY_BYTES
                        + " bytes)", null);
            }
            return key;
        }
        return null;
    }
}
