package dev.ballast.control;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The addresses internet-facing load balancers bind, from {@code --public-address}: one address (every
 * internet-facing load balancer binds it, so two of them cannot both listen on one port), or a pool given as a
 * comma-separated list or an IPv4 CIDR, from which each internet-facing load balancer gets an address of its own
 * (as each internal one gets its own 127.0.10.x), stored with it.
 *
 * <p>Thread-safe (immutable).
 */
public record PublicAddresses(String option, List<String> addresses) {
    /** The largest pool: a /22. */
    public static final int MAX_POOL = 1024;

    /** Copies the list. */
    public PublicAddresses {
        addresses = List.copyOf(addresses);
    }

    /**
     * Parses {@code --public-address}.
     *
     * @throws IllegalArgumentException in the form {@code --public-address: <value> (expected: ...)}
     */
    public static PublicAddresses parse(String option) {
        String value = option == null ? "" : option.trim();
        Set<String> out = new LinkedHashSet<>();
        if (value.contains("/")) {
            cidr(value, out);
        } else {
            for (String part : value.split(",", -1)) {
                String a = part.trim();
                if (a.isEmpty() || !(isIpv4(a) || a.contains(":"))) {
                    throw invalid(option);
                }
                out.add(a);
            }
        }
        if (out.isEmpty() || (out.size() > 1 && out.stream().anyMatch(PublicAddresses::isWildcard))) {
            throw invalid(option);
        }
        return new PublicAddresses(value, new ArrayList<>(out));
    }

    /** True when each internet-facing load balancer gets an address of its own. */
    public boolean pooled() {
        return addresses.size() > 1;
    }

    /** The address of a single-address option. */
    public String single() {
        return addresses.get(0);
    }

    /** True when {@code address} is one of these. */
    public boolean contains(String address) {
        return addresses.contains(address);
    }

    /**
     * The address a new internet-facing load balancer binds: the single address, or the first of the pool that no
     * load balancer of this API has ({@code usedHere}) and that is not taken on the host (by another API's load
     * balancers or another program).
     *
     * @throws AwsException TooManyLoadBalancers when the pool is used up
     */
    public String next(Set<String> usedHere, Predicate<String> takenOnHost) {
        if (!pooled()) {
            return single();
        }
        for (String candidate : addresses) {
            if (!usedHere.contains(candidate) && !takenOnHost.test(candidate)) {
                return candidate;
            }
        }
        throw new AwsException(AwsError.TOO_MANY_LOAD_BALANCERS, "All " + addresses.size() + " public addresses of"
                + " --public-address " + option + " are in use");
    }

    /**
     * Where a stored internet-facing load balancer binds at start: the single address; in a pool, its stored address
     * if the pool still has it and no load balancer loaded before took it ({@code assigned}), else the next free
     * one (its stored address when the pool is used up, so that it is reported as not served rather than lost).
     * Adds the answer to {@code assigned}.
     */
    public String rebind(String stored, Set<String> assigned, Predicate<String> takenOnHost) {
        if (!pooled()) {
            return single();
        }
        if (contains(stored) && !assigned.contains(stored)) {
            assigned.add(stored);
            return stored;
        }
        String next;
        try {
            next = next(assigned, takenOnHost);
        } catch (AwsException usedUp) {
            next = stored;
        }
        assigned.add(next);
        return next;
    }

    private static void cidr(String value, Set<String> out) {
        String[] parts = value.split("/", -1);
        if (parts.length != 2 || !isIpv4(parts[0]) || !parts[1].matches("\\d{1,2}")) {
            throw invalid(value);
        }
        int bits = Integer.parseInt(parts[1]);
        if (bits > 32 || (1L << (32 - bits)) > MAX_POOL + 2L) {
            throw new IllegalArgumentException("--public-address: " + value + " (expected: an IPv4 CIDR of at most "
                    + MAX_POOL + " addresses, /22 or longer)");
        }
        long base = toLong(parts[0]) & (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        long size = 1L << (32 - bits);
        // /31 and /32 have no network or broadcast address to skip
        long first = size > 2 ? base + 1 : base;
        long last = size > 2 ? base + size - 2 : base + size - 1;
        for (long a = first; a <= last; a++) {
            out.add(((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255));
        }
    }

    private static boolean isIpv4(String s) {
        if (!s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        for (String octet : s.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    private static long toLong(String ipv4) {
        long out = 0;
        for (String octet : ipv4.split("\\.")) {
            out = (out << 8) | Integer.parseInt(octet);
        }
        return out;
    }

    private static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::");
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException("--public-address: " + value + " (expected: an address, a comma-separated"
                + " list of addresses or an IPv4 CIDR such as 127.0.20.0/24)");
    }
}
