package dev.ballast.dns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Record;

/**
 * Route 53's multivalue answer routing for one query: up to {@link #MAX_VALUES} of the records, chosen at random
 * (each subset of that size equally likely), in random order.
 *
 * <p>Thread-safe (immutable).
 */
final class MultivalueChoice implements RecordChoice {
    /** Route 53 answers at most eight records of a multivalue answer name. */
    static final int MAX_VALUES = 8;
    private final List<Record> records;

    /** A choice among {@code records}, which must be more than {@link #MAX_VALUES} (fewer need no choice). */
    MultivalueChoice(List<Record> records) {
        if (records.size() <= MAX_VALUES) {
            throw new IllegalArgumentException("records: " + records.size() + " (expected: more than " + MAX_VALUES
                    + ")");
        }
        this.records = List.copyOf(records);
    }

    @Override
    public List<Record> pick(RandomGenerator random) {
        List<Record> pool = new ArrayList<>(records);
        // A partial Fisher-Yates shuffle: the first MAX_VALUES places get a uniform random sample.
        for (int i = 0; i < MAX_VALUES; i++) {
            Collections.swap(pool, i, i + random.nextInt(pool.size() - i));
        }
        return List.copyOf(pool.subList(0, MAX_VALUES));
    }
}
