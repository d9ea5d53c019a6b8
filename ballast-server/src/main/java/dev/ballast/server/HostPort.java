package dev.ballast.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Writes addresses the way users type them: {@code 0.0.0.0:8080}, {@code [::]:8080}, {@code 127.0.0.1:9500} (never
 * Java's {@code 0:0:0:0:0:0:0:0:8080}), and names the host a user on this machine can curl for a wildcard bind.
 *
 * <p>Thread-safe (stateless).
 */
final class HostPort {
    private HostPort() {}

    /** {@code host:port}, with an IPv6 host in brackets and in its short form. */
    static String format(String host, int port) {
        String shortHost = host;
        if (host.indexOf(':') >= 0) {
            shortHost = host.startsWith("[") ? host : "[" + compact(host) + "]";
        }
        return shortHost + ":" + port;
    }

    /** The configured {@code bindHost} with the port actually bound (e.g. {@code 0.0.0.0:8080}). */
    static String format(String bindHost, InetSocketAddress bound) {
        return format(bindHost, bound.getPort());
    }

    /** A host on this machine that reaches a listener bound to {@code bindHost}: loopback for a wildcard. */
    static String reachableHost(String bindHost) {
        if (bindHost.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (bindHost.indexOf(':') >= 0) {
            String compact = compact(bindHost);
            return "[" + (compact.equals("::") ? "::1" : compact) + "]";
        }
        return bindHost;
    }

    /** {@code ::} for {@code 0:0:0:0:0:0:0:0}; other IPv6 literals in the JDK's form when they parse. */
    private static String compact(String ipv6) {
        try {
            InetAddress address = InetAddress.getByName(ipv6);
            if (address.isAnyLocalAddress()) {
                return "::";
            }
            if (address.isLoopbackAddress() && address instanceof Inet6Address) {
                return "::1";
            }
            return ipv6;
        } catch (java.net.UnknownHostException e) {
            return ipv6;
        }
    }
}
