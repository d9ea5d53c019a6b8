package dev.ballast.core.model;

import dev.ballast.core.validation.Check;

/**
 * How a target group probes its targets, with AWS's ranges: interval 5-300 s, timeout 2-120 s and below
 * the interval, thresholds 2-10.
 *
 * @param port {@code "traffic-port"} or a port number as text, as AWS shows it
 * @param path the HTTP(S) path; null for TCP checks
 * @param matcher HTTP codes: {@code "200"}, {@code "200,202"} or {@code "200-299"}; null for TCP checks
 *
 * <p>Thread-safe (immutable).
 */
public record HealthCheck(boolean enabled, Protocol protocol, String port, String path, int intervalSeconds,
                          int timeoutSeconds, int healthyThreshold, int unhealthyThreshold, String matcher) {
    /** The matcher a network load balancer's HTTP(S) health check uses unless one is given. */
    public static final String NETWORK_DEFAULT_MATCHER = "200-399";

    /** The port value meaning "the port each target receives traffic on". */
    public static final String TRAFFIC_PORT = "traffic-port";

    /** Validates the ranges. */
    public HealthCheck {
        Check.present("HealthCheckProtocol", protocol);
        port = port == null ? TRAFFIC_PORT : port;
        if (!port.equals(TRAFFIC_PORT)) {
            Check.that(port.matches("\\d{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535,
                    "HealthCheckPort", port, "traffic-port or 1-65535");
        }
        Check.range("HealthCheckIntervalSeconds", intervalSeconds, 5, 300);
        Check.range("HealthCheckTimeoutSeconds", timeoutSeconds, 2, 120);
        Check.that(timeoutSeconds < intervalSeconds, "HealthCheckTimeoutSeconds", timeoutSeconds,
                "less than HealthCheckIntervalSeconds " + intervalSeconds);
        Check.range("HealthyThresholdCount", healthyThreshold, 2, 10);
        Check.range("UnhealthyThresholdCount", unhealthyThreshold, 2, 10);
        if (protocol.isHttp()) {
            path = path == null ? "/" : path;
            Check.that(path.startsWith("/") && path.length() <= 1024, "HealthCheckPath", path,
                    "a path starting with / of at most 1024 characters");
            Check.printable("HealthCheckPath", path);
            matcher = matcher == null ? "200" : matcher;
            Check.that(matcher.matches("\\d{3}(-\\d{3})?(,\\d{3}(-\\d{3})?)*"), "Matcher.HttpCode", matcher,
                    "codes like 200, 200,202 or 200-299");
            for (String range : matcher.split(",")) {
                String[] ends = range.split("-");
                Check.that(ends.length == 1 || Integer.parseInt(ends[0]) <= Integer.parseInt(ends[1]),
                        "Matcher.HttpCode", matcher, "ranges whose first code is not above the last, like 200-299");
            }
        }
    }

    /** AWS's defaults for a target group of {@code protocol} on a load balancer of {@code type}. */
    public static HealthCheck defaultsFor(Protocol protocol, LoadBalancerType type) {
        if (type == LoadBalancerType.APPLICATION) {
            Protocol probe = protocol == Protocol.HTTPS ? Protocol.HTTPS : Protocol.HTTP;
            return new HealthCheck(true, probe, TRAFFIC_PORT, "/", 30, 5, 5, 2, "200");
        }
        return new HealthCheck(true, Protocol.TCP, TRAFFIC_PORT, null, 30, 10, 5, 2, null);
    }

    /**
     * AWS's defaults for a network target group checked over {@code checkProtocol}: TCP (interval 30 s, timeout
     * 10 s), or HTTP/HTTPS on path {@code /} with matcher {@code 200-399} (timeout 6 s); thresholds 5 and 2.
     */
    public static HealthCheck networkDefaults(Protocol checkProtocol) {
        if (checkProtocol.isHttp()) {
            return new HealthCheck(true, checkProtocol, TRAFFIC_PORT, "/", 30, 6, 5, 2, NETWORK_DEFAULT_MATCHER);
        }
        return new HealthCheck(true, checkProtocol, TRAFFIC_PORT, null, 30, 10, 5, 2, null);
    }

    /** The port to probe on a target that receives traffic on {@code trafficPort}. */
    public int probePort(int trafficPort) {
        return port.equals(TRAFFIC_PORT) ? trafficPort : Integer.parseInt(port);
    }

    /** True if the HTTP status {@code code} satisfies the matcher. */
    public boolean matches(int code) {
        for (String part : (matcher == null ? "200" : matcher).split(",")) {
            int dash = part.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int hi = dash < 0 ? lo : Integer.parseInt(part.substring(dash + 1));
            if (code >= lo && code <= hi) {
                return true;
            }
        }
        return false;
    }
}
