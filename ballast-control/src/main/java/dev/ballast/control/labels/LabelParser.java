package dev.ballast.control.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a container's load-balancer labels: {@code aliyun.lb.port_<containerPort>} and
 * {@code ballast.lb.port_<containerPort>} with the value {@code <scheme>://<load balancer>:<front port>} (scheme
 * {@code http}, {@code https}, {@code tcp} or {@code udp}), and the tuning keys under {@code ballast.lb.}. Every
 * label it cannot use becomes a {@link LabelError} saying what was expected; it never throws.
 *
 * <p>Thread-safe (stateless).
 */
public final class LabelParser {
    /** The prefix of seed 004's labels (Alibaba Cloud container service). */
    public static final String ALIYUN_PREFIX = "aliyun.lb.";
    /** Ballast's own prefix. */
    public static final String BALLAST_PREFIX = "ballast.lb.";
    private static final String PORT_KEY = "port_";
    private static final String GRAMMAR = "<scheme>://<load balancer>:<front port>";
    private static final Pattern VALUE = Pattern.compile("([^:/]*)://(.*)", Pattern.DOTALL);
    private static final Pattern PORT = Pattern.compile("\\d{1,9}");
    /** The tuning keys, after {@link #BALLAST_PREFIX}. */
    static final List<String> TUNING_KEYS = List.of("healthcheck.path", "healthcheck.port", "healthcheck.interval",
            "healthcheck.healthy_threshold", "healthcheck.unhealthy_threshold", "deregistration_delay",
            "protocol_version", "https.domain");

    private LabelParser() {}

    /** True when {@code key} is a label this provider reads (a container with one is watched). */
    public static boolean isProviderLabel(String key) {
        return key.startsWith(BALLAST_PREFIX) || key.startsWith(ALIYUN_PREFIX + PORT_KEY);
    }

    /** Parses the provider's labels among {@code labels}; other labels are ignored. */
    public static ContainerLabels parse(Map<String, String> labels) {
        List<PortLabel> ports = new ArrayList<>();
        List<LabelError> errors = new ArrayList<>();
        TuningReader tuning = new TuningReader();
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            String key = label.getKey();
            String value = label.getValue() == null ? "" : label.getValue();
            if (key.startsWith(ALIYUN_PREFIX + PORT_KEY) || key.startsWith(BALLAST_PREFIX + PORT_KEY)) {
                Object parsed = portLabel(key, value);
                if (parsed instanceof PortLabel port) {
                    ports.add(port);
                } else {
                    errors.add((LabelError) parsed);
                }
            } else if (key.startsWith(BALLAST_PREFIX)) {
                String problem = tuning.read(key.substring(BALLAST_PREFIX.length()), value.strip());
                if (problem != null) {
                    errors.add(new LabelError(key, value, problem));
                }
            }
        }
        return new ContainerLabels(ports, tuning.build(), errors);
    }

    /** A {@link PortLabel}, or the {@link LabelError} saying what is wrong with it. */
    private static Object portLabel(String key, String value) {
        String portText = key.substring(key.indexOf(PORT_KEY) + PORT_KEY.length());
        Integer containerPort = port(portText);
        if (containerPort == null) {
            return new LabelError(key, value, "container port: " + quoted(portText)
                    + " (expected: " + key.substring(0, key.indexOf(PORT_KEY)) + "port_<1-65535>)");
        }
        Matcher m = VALUE.matcher(value.strip());
        if (!m.matches()) {
            return new LabelError(key, value, "value: " + quoted(value) + " (expected: " + GRAMMAR + ")");
        }
        LabelScheme scheme = LabelScheme.parse(m.group(1));
        if (scheme == null) {
            return new LabelError(key, value, "scheme: " + quoted(m.group(1)) + " (expected: http, https, tcp or udp)");
        }
        String rest = m.group(2);
        int colon = rest.lastIndexOf(':');
        if (colon < 0 || colon == rest.length() - 1) {
            return new LabelError(key, value, "front port: missing (expected: " + GRAMMAR + ")");
        }
        String loadBalancer = rest.substring(0, colon);
        if (loadBalancer.isBlank()) {
            return new LabelError(key, value, "load balancer: missing (expected: " + GRAMMAR
                    + ", naming it by name, ARN, id or Name tag)");
        }
        String frontText = rest.substring(colon + 1);
        Integer frontPort = port(frontText);
        if (frontPort == null) {
            return new LabelError(key, value, "front port: " + quoted(frontText) + " (expected: 1-65535)");
        }
        return new PortLabel(key, value, containerPort, scheme, loadBalancer, frontPort);
    }

    /** The port {@code text} names, or null when it is not a number in 1-65535. */
    private static Integer port(String text) {
        if (!PORT.matcher(text).matches()) {
            return null;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535 ? port : null;
    }

    /** {@code text} for a message: as is when printable and short, else with its odd characters escaped. */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        return text.codePointCount(0, text.length()) > 80 ? out + "..." : out.toString();
    }

    /** Collects the tuning keys of one container. Not thread-safe: one per parse. */
    private static final class TuningReader {
        private String path;
        private String port;
        private Integer interval;
        private Integer healthy;
        private Integer unhealthy;
        private Integer delay;
        private String protocolVersion;
        private String httpsDomain;

        /** Reads {@code name=value}; returns what is wrong with it, or null. */
        String read(String name, String value) {
            switch (name) {
                case "healthcheck.path" -> {
                    if (!value.startsWith("/") || value.length() > 1024 || !value.chars().allMatch(c -> c > 0x20
                            && c < 0x7f)) {
                        return "health check path: " + quoted(value)
                                + " (expected: a path of 1-1024 visible characters beginning with /)";
                    }
                    path = value;
                }
                case "healthcheck.port" -> {
                    if (!value.equals("traffic-port") && port(value) == null) {
                        return "health check port: " + quoted(value) + " (expected: 1-65535 or traffic-port)";
                    }
                    port = value;
                }
                case "healthcheck.interval" -> {
                    interval = number(value, 5, 300);
                    return interval == null ? "health check interval: " + quoted(value) + " (expected: 5-300 seconds)"
                            : null;
                }
                case "healthcheck.healthy_threshold" -> {
                    healthy = number(value, 2, 10);
                    return healthy == null ? "healthy threshold: " + quoted(value) + " (expected: 2-10)" : null;
                }
                case "healthcheck.unhealthy_threshold" -> {
                    unhealthy = number(value, 2, 10);
                    return unhealthy == null ? "unhealthy threshold: " + quoted(value) + " (expected: 2-10)" : null;
                }
                case "deregistration_delay" -> {
                    delay = number(value, 0, 3600);
                    return delay == null ? "deregistration delay: " + quoted(value) + " (expected: 0-3600 seconds)"
                            : null;
                }
                case "protocol_version" -> {
                    if (!List.of("HTTP1", "HTTP2", "GRPC").contains(value)) {
                        return "protocol version: " + quoted(value) + " (expected: HTTP1, HTTP2 or GRPC)";
                    }
                    protocolVersion = value;
                }
                // checked as a name when the certificate is requested, by the same check as RequestCertificate's
                case "https.domain" -> {
                    if (value.isEmpty()) {
                        return "https domain: missing (expected: a domain name such as www.example.com)";
                    }
                    httpsDomain = value;
                }
                default -> {
                    return "key: " + quoted(BALLAST_PREFIX + name) + " (expected: " + BALLAST_PREFIX
                            + "port_<container port> or one of " + BALLAST_PREFIX + String.join(", " + BALLAST_PREFIX,
                            TUNING_KEYS) + ")";
                }
            }
            return null;
        }

        private static Integer number(String text, int min, int max) {
            if (!PORT.matcher(text).matches()) {
                return null;
            }
            int n = Integer.parseInt(text);
            return n >= min && n <= max ? n : null;
        }

        LabelTuning build() {
            return new LabelTuning(path, port, interval, healthy, unhealthy, delay, protocolVersion,
                    httpsDomain);
        }
    }
}
