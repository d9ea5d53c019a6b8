package dev.ballast.server.publish;

import java.util.Locale;

/**
 * A {@code --publish} value as Docker Swarm spells it: {@code [published:]target[/protocol]}, e.g. {@code 8080:80},
 * {@code 80} (a published port is chosen from {@value #FIRST_AUTO}-{@value #LAST_AUTO}, as Swarm does) or
 * {@code 5353:53/udp}. The protocol is {@code http} (an application load balancer listener, the default), {@code tcp}
 * or {@code udp} (a network load balancer listener).
 *
 * <p>Thread-safe (immutable).
 *
 * @param published the load balancer's port, or null to choose one
 * @param target    the container port
 */
public record PublishedPort(Integer published, int target, String protocol) {
    /** The first port chosen when none is published, as Swarm's ingress does. */
    public static final int FIRST_AUTO = 30000;
    /** The last port chosen when none is published. */
    public static final int LAST_AUTO = 32767;

    /**
     * Parses {@code value}.
     *
     * @throws IllegalArgumentException naming the part that is wrong and what was expected
     */
    public static PublishedPort parse(String value) {
        String ports = value;
        String protocol = "http";
        int slash = value.indexOf('/');
        if (slash >= 0) {
            ports = value.substring(0, slash);
            protocol = value.substring(slash + 1).toLowerCase(Locale.ROOT);
            if (!protocol.equals("http") && !protocol.equals("tcp") && !protocol.equals("udp")) {
                throw new IllegalArgumentException("--publish: " + value
                        + " (expected: [published:]target[/http|/tcp|/udp], e.g. 8080:80)");
            }
        }
        int colon = ports.indexOf(':');
        Integer published = colon < 0 ? null : port(value, ports.substring(0, colon));
        int target = port(value, colon < 0 ? ports : ports.substring(colon + 1));
        return new PublishedPort(published, target, protocol);
    }

    private static int port(String whole, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--publish: " + whole + " (expected: [published:]target[/http|/tcp|/udp] "
                + "with ports 1-65535, e.g. 8080:80)");
    }

    /** True when the port is served by a network load balancer (tcp or udp) rather than an application one. */
    public boolean layer4() {
        return !protocol.equals("http");
    }

    /** {@code published:target/protocol}, as {@code ballast service ls} shows it. */
    public String describe(int publishedPort) {
        return publishedPort + ":" + target + "/" + protocol;
    }
}
