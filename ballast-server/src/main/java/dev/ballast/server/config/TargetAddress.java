package dev.ballast.server.config;

import dev.ballast.core.model.Target;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Parses the short forms of a target: {@code 10.0.0.5:8080}, {@code [2001:db8::5]:8080}, or an address alone
 * (the target group's port).
 *
 * <p>Thread-safe (stateless).
 */
final class TargetAddress {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d"
            + "|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private TargetAddress() {}

    /** The target written as {@code text}, with {@code defaultPort} when the text has no port. */
    static Target parse(ConfigNode at, String text, int defaultPort) {
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || (close + 1 < text.length() && text.charAt(close + 1) != ':')) {
                throw at.failure("'" + text + "'", "ip:port, [ipv6]:port or an ip address");
            }
            host = text.substring(1, close);
            port = close + 1 < text.length() ? text.substring(close + 2) : null;
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        if (port != null && !PORT.matcher(port).matches()) {
            throw at.failure("'" + text + "'", "ip:port with a port of 1-65535");
        }
        int portNumber = port == null ? defaultPort : Integer.parseInt(port);
        String ip = requireIp(at, host);
        return at.build(() -> new Target(ip, portNumber));
    }

    /** Returns {@code id} if it is an IPv4 or IPv6 literal (targets of type {@code ip}, bind addresses). */
    static String requireIp(ConfigNode at, String id) {
        if (IPV4.matcher(id).matches()) {
            return id;
        }
        if (IPV6.matcher(id).matches()) {
            try {
                InetAddress.getByName(id); // a literal with ':' is parsed, never looked up
                return id;
            } catch (UnknownHostException | IllegalArgumentException e) {
                // falls through to the error below
            }
        }
        throw at.failure("'" + id + "'", "an IPv4 or IPv6 address");
    }
}
