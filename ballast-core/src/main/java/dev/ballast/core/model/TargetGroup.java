package dev.ballast.core.model;

import dev.ballast.core.validation.Check;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A target group: protocol and port, how targets are addressed, its health check, its attributes and its
 * registered targets.
 *
 * @param protocolVersion how HTTP and HTTPS groups speak to targets (HTTP1 when null; always HTTP1 for other
 *                        protocols)
 *
 * <p>Thread-safe (immutable).
 */
public record TargetGroup(String arn, String name, Protocol protocol, int port, TargetType targetType,
                          HealthCheck healthCheck, TargetGroupAttributes attributes, List<Target> targets,
                          ProtocolVersion protocolVersion) {
    /** A group speaking HTTP/1.1 to its targets (or a network group). */
    public TargetGroup(String arn, String name, Protocol protocol, int port, TargetType targetType,
                       HealthCheck healthCheck, TargetGroupAttributes attributes, List<Target> targets) {
        this(arn, name, protocol, port, targetType, healthCheck, attributes, targets, ProtocolVersion.HTTP1);
    }

    /** Validates the fields and that no target is registered twice. */
    public TargetGroup {
        Check.text("TargetGroupArn", arn);
        Check.resourceName("Name", name);
        Check.present("Protocol", protocol);
        Check.port("Port", port);
        targetType = targetType == null ? TargetType.IP : targetType;
        Check.present("HealthCheck", healthCheck);
        protocolVersion = protocolVersion == null ? ProtocolVersion.HTTP1 : protocolVersion;
        Check.that(protocolVersion == ProtocolVersion.HTTP1 || protocol.isHttp(), "ProtocolVersion", protocolVersion,
                "HTTP1 for a " + protocol + " target group");
        attributes = attributes == null ? TargetGroupAttributes.defaultsFor(protocol) : attributes;
        targets = List.copyOf(targets == null ? List.of() : targets);
        Set<String> seen = new HashSet<>();
        for (Target t : targets) {
            Check.that(seen.add(t.key()), "Targets", t.key(), "each target registered once");
        }
    }

    /** True for the protocols of a network load balancer's groups (TCP, TLS, UDP, TCP_UDP). */
    public boolean isNetwork() {
        return protocol.isNetwork();
    }

    /**
     * AWS's ELBv2 rule: HTTP and HTTPS groups are checked over HTTP or HTTPS; network groups over TCP, HTTP or HTTPS
     * (UDP, TCP_UDP, TLS and GENEVE are never health check protocols). The API and the configuration file apply
     * it; the model itself does not, because a Classic Load Balancer may check an HTTP listener's instances over
     * TCP.
     */
    public static void checkHealthCheckProtocol(Protocol group, Protocol check) {
        if (group.isHttp()) {
            Check.that(check.isHttp(), "HealthCheckProtocol", check, "HTTP or HTTPS for a " + group + " target group");
        } else if (group.isNetwork()) {
            Check.that(check.isHttp() || check == Protocol.TCP, "HealthCheckProtocol", check,
                    "TCP, HTTP or HTTPS for a " + group + " target group");
        }
    }

    /** This group with {@code newTargets} as its registered targets. */
    public TargetGroup withTargets(List<Target> newTargets) {
        return new TargetGroup(arn, name, protocol, port, targetType, healthCheck, attributes, newTargets,
                protocolVersion);
    }

    /** This group with {@code check} as its health check. */
    public TargetGroup withHealthCheck(HealthCheck check) {
        return new TargetGroup(arn, name, protocol, port, targetType, check, attributes, targets, protocolVersion);
    }
}
