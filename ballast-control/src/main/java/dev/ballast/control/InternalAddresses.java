package dev.ballast.control;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Picks the local address of a new internal load balancer: the first of {@code <prefix>1} to {@code <prefix>254}
 * that no load balancer of this server has and that is free on the host, so that two servers on one host (each with
 * its own data directory) do not hand out the same address. The address is then stored with the load balancer and
 * kept across restarts.
 *
 * <p>Thread-safe (stateless).
 */
public final class InternalAddresses {
    private InternalAddresses() {}

    /**
     * The next free address.
     *
     * @param prefix the first three octets and a dot, e.g. {@code 127.0.10.}
     * @param usedHere addresses this server's load balancers have
     * @param takenOnHost whether another program (another server) uses an address on this host, or it cannot be bound
     * @throws AwsException TooManyLoadBalancers when all 254 are used
     */
    public static String next(String prefix, Set<String> usedHere, Predicate<String> takenOnHost) {
        for (int i = 1; i <= 254; i++) {
            String candidate = prefix + i;
            if (!usedHere.contains(candidate) && !takenOnHost.test(candidate)) {
                return candidate;
            }
        }
        throw new AwsException(AwsError.TOO_MANY_LOAD_BALANCERS, "All 254 internal addresses " + prefix + "1-254 "
                + "are in use on this host");
    }
}
