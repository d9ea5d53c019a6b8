package dev.ballast.dns;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The encoded responses to recent queries, for one {@link ZoneTable}: a response depends only on the table and the
 * query's bytes after its id (and on the transport), so a query seen before is answered by copying its response
 * and setting the id, without parsing or encoding. Bounded: once {@link #MAX_ENTRIES} responses are held, new ones
 * are not kept (a flood of distinct names cannot grow it); a new table starts an empty cache.
 *
 * <p>Thread-safe: a concurrent map; entries are never changed once put.
 */
final class ResponseCache {
    static final int MAX_ENTRIES = 10_000;
    private final ZoneTable table;
    private final ConcurrentHashMap<Key, byte[]> responses = new ConcurrentHashMap<>();

    ResponseCache(ZoneTable table) {
        this.table = table;
    }

    /** The table these responses were computed from. */
    ZoneTable table() {
        return table;
    }

    /** A copy of the response to {@code query} with the query's id, or null when none is cached. */
    byte[] get(byte[] query, boolean overUdp) {
        byte[] cached = responses.get(new Key(query, overUdp));
        if (cached == null) {
            return null;
        }
        byte[] response = cached.clone();
        response[0] = query[0];
        response[1] = query[1];
        return response;
    }

    /** Keeps {@code response} for queries equal to {@code query} after the id, unless the cache is full. */
    void put(byte[] query, boolean overUdp, byte[] response) {
        if (responses.size() < MAX_ENTRIES) {
            responses.putIfAbsent(new Key(query.clone(), overUdp), response.clone());
        }
    }

    /** A query's bytes after its two-byte id, and the transport. */
    private static final class Key {
        private final byte[] query;
        private final boolean overUdp;
        private final int hash;

        Key(byte[] query, boolean overUdp) {
            this.query = query;
            this.overUdp = overUdp;
            int h = overUdp ? 1 : 0;
            for (int i = 2; i < query.length; i++) {
                h = 31 * h + query[i];
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.overUdp == overUdp && k.hash == hash
                    && Arrays.equals(query, 2, query.length, k.query, 2, k.query.length);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
