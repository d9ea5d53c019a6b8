package dev.ballast.dns;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many queries the DNS server answered, dropped (too short, or responses), and how many errors reached a
 * handler (which the handler absorbed).
 *
 * <p>Thread-safe: counters are {@link LongAdder}s, incremented from every event loop.
 */
public final class DnsCounters {
    private final LongAdder answered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();

    void answered() {
        answered.increment();
    }

    void dropped() {
        dropped.increment();
    }

    void failed() {
        failed.increment();
    }

    /** Queries answered (including FORMERR, REFUSED and truncated answers). */
    public long answeredCount() {
        return answered.sum();
    }

    /** Datagrams or frames not answered because they were not queries. */
    public long droppedCount() {
        return dropped.sum();
    }

    /** Errors that reached a handler. */
    public long failedCount() {
        return failed.sum();
    }
}
