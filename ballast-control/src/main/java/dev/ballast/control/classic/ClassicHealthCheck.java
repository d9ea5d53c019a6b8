package dev.ballast.control.classic;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.validation.TextChars;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Classic Load Balancer's health check: {@code Target} is {@code PROTOCOL:PORT[/path]} ({@code HTTP:8080/health},
 * {@code TCP:5000}); only HTTP 200 counts as healthy. Ranges as AWS: interval 5-300 s, timeout 2-60 s and below
 * the interval, thresholds 2-10.
 *
 * <p>Thread-safe (immutable).
 */
public record ClassicHealthCheck(String target, int interval, int timeout, int unhealthyThreshold,
                                 int healthyThreshold) {
    private static final Pattern TARGET = Pattern.compile("(?i)(HTTP|HTTPS|TCP|SSL):(\\d{1,5})(/.*)?");

    /** Validates the target and the ranges. */
    public ClassicHealthCheck {
        Matcher m = parse(target);
        String protocol = m.group(1).toUpperCase(Locale.ROOT);
        target = protocol + ":" + m.group(2) + (m.group(3) == null ? "" : m.group(3));
        range("HealthCheck.Interval", interval, 5, 300);
        range("HealthCheck.Timeout", timeout, 2, 60);
        if (timeout >= interval) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "HealthCheck.Timeout: " + timeout
                    + " (expected: less than HealthCheck.Interval " + interval + ")");
        }
        range("HealthCheck.UnhealthyThreshold", unhealthyThreshold, 2, 10);
        range("HealthCheck.HealthyThreshold", healthyThreshold, 2, 10);
    }

    /** AWS's default check for a new load balancer: TCP on the first listener's instance port. */
    public static ClassicHealthCheck defaultFor(int instancePort) {
        return new ClassicHealthCheck("TCP:" + instancePort, 30, 5, 2, 10);
    }

    /** The equivalent target group health check (matcher 200, the check's own port). */
    public HealthCheck toHealthCheck() {
        Matcher m = parse(target);
        String p = m.group(1).toUpperCase(Locale.ROOT);
        Protocol protocol = switch (p) {
            case "HTTP" -> Protocol.HTTP;
            case "HTTPS" -> Protocol.HTTPS;
            default -> Protocol.TCP; // SSL checks open a connection, as TCP does
        };
        String path = protocol.isHttp() ? m.group(3) : null;
        return new HealthCheck(true, protocol, m.group(2), path, interval, timeout, healthyThreshold,
                unhealthyThreshold, protocol.isHttp() ? "200" : null);
    }

    private static Matcher parse(String target) {
        if (target != null && !TextChars.printable(target)) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "HealthCheck.Target: " + TextChars.quoted(target)
                    + " (expected: no control characters)");
        }
        Matcher m = target == null ? null : TARGET.matcher(target);
        if (m == null || !m.matches()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "HealthCheck.Target: " + target
                    + " (expected: PROTOCOL:PORT with a path for HTTP and HTTPS, e.g. HTTP:8080/health or TCP:5000)");
        }
        int port = Integer.parseInt(m.group(2));
        String protocol = m.group(1).toUpperCase(Locale.ROOT);
        boolean http = protocol.startsWith("HTTP");
        if (port < 1 || port > 65535 || http != (m.group(3) != null)) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "HealthCheck.Target: " + target
                    + " (expected: a port of 1-65535, and a path for HTTP and HTTPS only)");
        }
        return m;
    }

    private static void range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new AwsException(AwsError.VALIDATION_ERROR, field + ": " + value + " (expected: " + min + "-"
                    + max + ")");
        }
    }
}
