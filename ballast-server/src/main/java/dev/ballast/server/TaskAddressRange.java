package dev.ballast.server;

import dev.ballast.control.ecs.run.process.LoopbackAddressPool;
import java.util.Map;

/**
 * The {@code --task-address-range} option: the loopback range from which this server's process driver gives each
 * {@code awsvpc} task an address of its own. Nodes of a cluster on one machine each need a range of their own, or
 * their tasks would take the same addresses.
 *
 * <p>Thread-safe (stateless).
 */
final class TaskAddressRange {
    /** The option's name, as errors and the start-up line spell it. */
    static final String OPTION = "--task-address-range";
    /**
     * The fewest task addresses a range may hold (a /29): a node runs a service's replacement beside the task it
     * replaces, and an address that was just released is reused last.
     */
    static final int MIN_ADDRESSES = 6;

    private TaskAddressRange() {}

    /**
     * The pool of {@code cidr}.
     *
     * @param boundAddresses the addresses this server binds itself, by the option that names them (e.g.
     *     {@code --node-address}); a range holding one of them is refused, since a task there could take a port the
     *     server needs
     * @throws IllegalArgumentException in the form {@code --task-address-range <cidr> (expected: ...)} when
     *     {@code cidr} is not an IPv4 CIDR inside 127.0.0.0/8 (the process driver's tasks listen on loopback
     *     addresses, which need no setup), holds fewer than {@value #MIN_ADDRESSES} addresses, or holds one of
     *     {@code boundAddresses}
     */
    static LoopbackAddressPool parse(String cidr, Map<String, String> boundAddresses) {
        LoopbackAddressPool pool;
        try {
            pool = LoopbackAddressPool.of(cidr);
        } catch (IllegalArgumentException e) {
            throw invalid(cidr, "an IPv4 CIDR inside 127.0.0.0/8, where the process driver's awsvpc tasks listen "
                    + "with no setup, e.g. 127.77.1.0/24", e);
        }
        if (pool.size() < MIN_ADDRESSES) {
            throw invalid(cidr, "a range of at least " + MIN_ADDRESSES + " task addresses, /29 or larger, e.g. "
                    + "127.77.1.0/24", null);
        }
        for (Map.Entry<String, String> bound : boundAddresses.entrySet()) {
            if (pool.contains(bound.getValue())) {
                throw invalid(cidr, "a range apart from the addresses this server binds; it holds "
                        + bound.getKey() + " " + bound.getValue(), null);
            }
        }
        return pool;
    }

    private static IllegalArgumentException invalid(String cidr, String expected, Exception cause) {
        return new IllegalArgumentException(OPTION + " " + cidr + " (expected: " + expected + ")", cause);
    }
}
