package dev.ballast.core.model;

import dev.ballast.core.validation.Check;

/**
 * How a target group probes its targets, with AWS's ranges: interval 5-300 s, timeout 2-120 s and below
 * the interval, thresholds 2-10.
 *
 * @param port {@code "traffic-port"} or a port number as text, as AWS shows it
 * @param path the HTTP(S) path; null for TCP checks
 * @param matcher HTTP codes: {@code "200"}, {@code "200,202"} or {@code "200-299"}; gRPC codes (0-99, e.g.
 *                {@code "12"} or {@code "0-99"}) when {@code grpc}; null for TCP checks
 * @param grpc true for a GRPC target group's check: a gRPC call to {@code path}, judged by its {@code grpc-status}
 *
 * <p>Thread-safe (immutable).
 */
public record HealthCheck(boolean enabled, Protocol protocol, String port, String path, int intervalSeconds,
                          int timeoutSeconds, int healthyThreshold, int unhealthyThreshold, String matcher,
                          boolean grpc) {
    /** The path a GRPC target group's check calls unless one is given (AWS's default). */
    public static final String GRPC_DEFAULT_PATH = "/AWS.ALB/healthcheck";
    /** The gRPC code a GRPC target group's check expects unless one is given: 12, UNIMPLEMENTED. */
    public static final String GRPC_DEFAULT_MATCHER = "12";

    /** The matcher a network load balancer's HTTP(S) health check uses unless one is given. */
    public static final String NETWORK_DEFAULT_MATCHER = "200-399";

    /** The port value meaning "the port each target receives traffic on". */
    public static final String TRAFFIC_PORT = "traffic-port";

    /** An HTTP(S) or TCP check (not gRPC). */
    public HealthCheck(boolean enabled, Protocol protocol, String port, String path, int intervalSeconds,
                       int timeoutSeconds, int healthyThreshold, int unhealthyThreshold, String matcher) {
        this(enabled, protocol, port, path, intervalSeconds, timeoutSeconds, healthyThreshold, unhealthyThreshold,
                matcher, false);
    }

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
        Check.that(!grpc || protocol.isHttp(), "HealthCheckProtocol", protocol, "HTTP or HTTPS for a gRPC check");
        if (grpc) {
            path = path == null ? GRPC_DEFAULT_PATH : path;
            matcher = matcher == null ? GRPC_DEFAULT_MATCHER : matcher;
            checkCodes("Matcher.GrpcCode", matcher, "\\d{1,2}", "codes from 0 to 99 like 12, 0,1 or 0-5");
        }
        if (protocol.isHttp()) {
            path = path == null ? "/" : path;
            Check.that(path.startsWith("/") && path.length() <= 1024, "HealthCheckPath", path,
                    "a path starting with / of at most 1024 characters");
            Check.printable("HealthCheckPath", path);
            if (!grpc) {
                matcher = matcher == null ? "200" : matcher;
                checkCodes("Matcher.HttpCode", matcher, "\\d{3}", "codes like 200, 200,202 or 200-299");
            }
        }
    }

    /** Checks a matcher: a list of codes or ranges of {@code code}, each range's first code not above its last. */
    private static void checkCodes(String field, String matcher, String code, String expected) {
        Check.that(matcher.matches(code + "(-" + code + ")?(," + code + "(-" + code + ")?)*"), field, matcher,
                expected);
        for (String range : matcher.split(",")) {
            String[] ends = range.split("-");
            Check.that(ends.length == 1 || Integer.parseInt(ends[0]) <= Integer.parseInt(ends[1]),
                    field, matcher, "ranges whose first code is not above the last, like "
                            + (code.equals("\\d{3}") ? "200-299" : "0-5"));
        }
    }

    /**
     * AWS's defaults for a GRPC target group checked over {@code protocol}: a gRPC call to
     * {@value #GRPC_DEFAULT_PATH} expecting code {@value #GRPC_DEFAULT_MATCHER}; ALB's interval, timeout and
     * thresholds.
     */
    public static HealthCheck grpcDefaults(Protocol protocol) {
        return new HealthCheck(true, protocol, TRAFFIC_PORT, GRPC_DEFAULT_PATH, 30, 5, 5, 2, GRPC_DEFAULT_MATCHER,
                true);
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

    /** True if the HTTP status {@code code} (a gRPC status code for a gRPC check) satisfies the matcher. */
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
