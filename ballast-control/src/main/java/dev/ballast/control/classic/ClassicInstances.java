package dev.ballast.control.classic;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.model.Target;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a Classic Load Balancer's instance ids address targets. An id is an EC2-style instance id
 * ({@code i-0123…}: a Ballast node, reached at the node's address on each listener's instance port, see
 * {@link dev.ballast.core.model.TargetAddresses}), an IP address ({@code 127.0.0.2}: traffic goes to each
 * listener's instance port on it) or an address and port ({@code 127.0.0.1:8081}, {@code [::1]:8081}: every
 * listener's traffic goes to that port).
 *
 * <p>Thread-safe (stateless).
 */
public final class ClassicInstances {
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    /** EC2's short (8 hex digits) and long (17) instance ids. */
    private static final Pattern INSTANCE_ID = Pattern.compile("i-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern WITH_PORT = Pattern.compile("(?:\\[([^]]+)]|([^:\\[\\]]+)):(\\d{1,5})");

    private ClassicInstances() {}

    /** True when {@code id} is an EC2-style instance id (a node's) rather than an address. */
    public static boolean isInstanceId(String id) {
        return INSTANCE_ID.matcher(id).matches();
    }

    /** Checks that {@code id} is a form Ballast resolves; returns it unchanged. */
    public static String check(String id) {
        target(id, 80);
        return id;
    }

    /** The target of instance {@code id} for a listener whose instance port is {@code instancePort}. */
    public static Target target(String id, int instancePort) {
        if (id == null || id.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Instances.InstanceId: missing (expected: a value)");
        }
        if (INSTANCE_ID.matcher(id).matches() || IPV4.matcher(id).matches() || (id.indexOf(':') >= 0 && !id.contains("[") && IPV6.matcher(id).matches()
                && id.indexOf(':') != id.lastIndexOf(':'))) {
            return new Target(id, instancePort);
        }
        Matcher m = WITH_PORT.matcher(id);
        if (m.matches()) {
            String host = m.group(1) != null ? m.group(1) : m.group(2);
            int port = Integer.parseInt(m.group(3));
            if ((IPV4.matcher(host).matches() || (m.group(1) != null && IPV6.matcher(host).matches()))
                    && port >= 1 && port <= 65535) {
                return new Target(host, port);
            }
        }
        throw new AwsException(AwsError.INVALID_INSTANCE, "The requested instance '" + id + "' is not valid"
                + " (expected: a node's instance id such as i-0123456789abcdef0, an IP address such as 127.0.0.2,"
                + " or address:port such as 127.0.0.1:8081)");
    }
}
