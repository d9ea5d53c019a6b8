package dev.ballast.proxy;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named event counters of the data plane (responses by status, failures by cause).
 *
 * <p>Thread-safe: counters are {@link LongAdder}s, incremented from every event loop.
 */
public final class ProxyCounters {
    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();

    /** Adds one to counter {@code name}. */
    public void increment(String name) {
        LongAdder adder = counters.get(name);
        if (adder == null) {
            adder = counters.computeIfAbsent(name, n -> new LongAdder());
        }
        adder.increment();
    }

    /** The current value of counter {@code name} (0 if it never counted). */
    public long get(String name) {
        LongAdder adder = counters.get(name);
        return adder == null ? 0 : adder.sum();
    }

    /** Every counter and its current value, sorted by name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((name, adder) -> out.put(name, adder.sum()));
        return out;
    }
}
