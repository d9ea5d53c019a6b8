package dev.ballast.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code --dns-forward} and {@code --dns-upstream} into a {@link DnsForwarding}, refusing what is not one
 * with a message in the form {@code option: value (expected: ...)}.
 *
 * <p>Thread-safe (stateless).
 */
final class DnsForwardingOptions {
    private DnsForwardingOptions() {}

    /**
     * The forwarding {@code mode} ({@code containers}, {@code all}, {@code none}) to {@code upstreams}
     * ({@code address[:port]}, IPv4).
     *
     * @throws IllegalArgumentException naming the option and the value that is not valid
     */
    static DnsForwarding parse(String mode, List<String> upstreams) {
        DnsForwarding.Mode parsed;
        try {
            parsed = DnsForwarding.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dns-forward " + mode + " (expected: containers, all or none)", e);
        }
        List<InetSocketAddress> resolvers = new ArrayList<>();
        for (String upstream : upstreams) {
            resolvers.add(upstream(upstream));
        }
        return new DnsForwarding(parsed, resolvers);
    }

    private static InetSocketAddress upstream(String text) {
        String expected = " (expected: an IPv4 address with an optional port, such as 192.0.2.53 or 127.0.0.1:5353)";
        String[] parts = text.split(":", -1);
        if (parts.length > 2 || !parts[0].matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            throw new IllegalArgumentException("--dns-upstream " + text + expected);
        }
        int port = 53;
        if (parts.length == 2) {
            try {
                port = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--dns-upstream " + text + expected);
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(parts[0]), port); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--dns-upstream " + text + expected, e);
        }
    }
}
