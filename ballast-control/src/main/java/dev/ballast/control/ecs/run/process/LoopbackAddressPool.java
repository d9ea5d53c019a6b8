package dev.ballast.control.ecs.run.process;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The loopback addresses the process driver gives {@code awsvpc} tasks, one each, from an IPv4 range inside
 * 127.0.0.0/8 (all of which Linux routes to {@code lo} with no setup), so several tasks can listen on the same port
 * the way Fargate tasks each have their own network interface. Addresses are handed out round-robin, so a released
 * address is reused last (its ports may still have connections in TIME_WAIT).
 *
 * <p>Thread-safe: every method is synchronized.
 */
public final class LoopbackAddressPool {
    /** The range used when none is configured. */
    public static final String DEFAULT_RANGE = "127.77.0.0/16";

    private final String range;
    private final int first;
    private final int last;
    private final Set<Integer> taken = new HashSet<>();
    private int cursor;

    private LoopbackAddressPool(String range, int first, int last) {
        this.range = range;
        this.first = first;
        this.last = last;
        this.cursor = first;
    }

    /**
     * The pool of {@code cidr}'s host addresses (without its first and last address when the prefix is shorter than
     * /31).
     *
     * @throws IllegalArgumentException when {@code cidr} is not an IPv4 range inside 127.0.0.0/8
     */
    public static LoopbackAddressPool of(String cidr) {
        String[] parts = cidr.split("/", -1);
        int prefix;
        int base;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            prefix = Integer.parseInt(parts[1]);
            base = parseIpv4(parts[0]);
        } catch (NumberFormatException e) {
            throw invalid(cidr);
        }
        if (prefix < 8 || prefix > 32 || (base >>> 24) != 127) {
            throw invalid(cidr);
        }
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        int network = base & mask;
        int broadcast = network | ~mask;
        boolean skipEnds = prefix < 31;
        return new LoopbackAddressPool(cidr, skipEnds ? network + 1 : network, skipEnds ? broadcast - 1 : broadcast);
    }

    /** The range this pool hands out, as configured. */
    public String range() {
        return range;
    }

    /** How many addresses the pool hands out (the range's host addresses). */
    public long size() {
        return (long) last - first + 1;
    }

    /** True if {@code address} is one this pool may hand out; false for anything else, malformed text included. */
    public boolean contains(String address) {
        try {
            int value = parseIpv4(address);
            return value >= first && value <= last;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Takes the next free address, or empty when every address of the range is taken. */
    public synchronized Optional<String> acquire() {
        long size = size();
        for (long i = 0; i < size; i++) {
            int candidate = cursor;
            cursor = cursor == last ? first : cursor + 1;
            if (taken.add(candidate)) {
                return Optional.of(format(candidate));
            }
        }
        return Optional.empty();
    }

    /** Marks {@code address} taken (a task recovered after a restart holds it); ignores addresses outside the range. */
    public synchronized void reserve(String address) {
        int value = parseIpv4(address);
        if (value >= first && value <= last) {
            taken.add(value);
        }
    }

    /** Gives {@code address} back to the pool. */
    public synchronized void release(String address) {
        taken.remove(parseIpv4(address));
    }

    private static IllegalArgumentException invalid(String cidr) {
        return new IllegalArgumentException("task address range: " + cidr
                + " (expected: an IPv4 CIDR inside 127.0.0.0/8, e.g. " + DEFAULT_RANGE + ")");
    }

    private static int parseIpv4(String address) {
        String[] octets = address.split("\\.", -1);
        if (octets.length != 4) {
            throw new NumberFormatException(address);
        }
        int value = 0;
        for (String octet : octets) {
            int part = Integer.parseInt(octet);
            if (part < 0 || part > 255) {
                throw new NumberFormatException(address);
            }
            value = value << 8 | part;
        }
        return value;
    }

    private static String format(int value) {
        return (value >>> 24) + "." + (value >>> 16 & 0xff) + "." + (value >>> 8 & 0xff) + "." + (value & 0xff);
    }
}
