package dev.ballast.server.config;

import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetGroupAttributes;
import dev.ballast.core.model.TargetType;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one entry of {@code targetGroups}: name, protocol, port, target type, health check, attributes, targets.
 * HTTP groups serve application load balancers; TCP, UDP and TCP_UDP groups network load balancers, with the
 * network attribute keys and health check defaults (TCP; HTTP and HTTPS checks match 200-399 unless told).
 *
 * <p>Thread-safe (stateless apart from the shared {@link NamedArns}).
 */
final class TargetGroupReader {
    private final NamedArns arns;

    TargetGroupReader(NamedArns arns) {
        this.arns = arns;
    }

    TargetGroup read(ConfigNode group) {
        group.allowOnly("name", "protocol", "port", "targetType", "healthCheck", "attributes", "targets");
        String name = group.text("name");
        Protocol protocol = group.build(() -> Protocol.fromWire("protocol", group.text("protocol",
                "HTTP")));
        if (protocol != Protocol.HTTP && protocol != Protocol.TCP && protocol != Protocol.UDP
                && protocol != Protocol.TCP_UDP) {
            throw group.get("protocol").failure(protocol, "HTTP, TCP, UDP or TCP_UDP");
        }
        int port = group.integer("port");
        TargetType targetType = group.build(() -> TargetType.fromWire(group.text("targetType",
                "ip")));
        if (targetType != TargetType.IP) {
            throw group.get("targetType").failure(targetType.wire(), "ip");
        }
        HealthCheck healthCheck = readHealthCheck(group, protocol);
        TargetGroupAttributes attributes = group.get("attributes")
                .build(() -> TargetGroupAttributes.defaultsFor(protocol).with(protocol, group.stringMap("attributes")));
        List<Target> targets = new ArrayList<>();
        for (ConfigNode target : group.list("targets")) {
            targets.add(readTarget(target, port));
        }
        return group.build(() -> {
            TargetGroup.checkHealthCheckProtocol(protocol, healthCheck.protocol());
            return new TargetGroup(arns.targetGroup(name), name, protocol, port, targetType, healthCheck, attributes,
                    targets);
        });
    }

    /** Reads {@code healthCheck}; absent fields take AWS's defaults for the group's and the check's protocol. */
    private static HealthCheck readHealthCheck(ConfigNode group, Protocol groupProtocol) {
        HealthCheck groupDefaults = HealthCheck.defaultsFor(groupProtocol, groupProtocol.isHttp()
                ? LoadBalancerType.APPLICATION : LoadBalancerType.NETWORK);
        if (!group.has("healthCheck")) {
            return groupDefaults;
        }
        ConfigNode node = group.get("healthCheck").allowOnly("enabled", "protocol", "port", "path",
                "intervalSeconds", "timeoutSeconds", "healthyThreshold", "unhealthyThreshold", "matcher");
        Protocol protocol = node.build(() -> Protocol.fromWire("protocol",
                node.text("protocol", groupDefaults.protocol().name())));
        HealthCheck defaults = groupProtocol.isHttp() ? groupDefaults : HealthCheck.networkDefaults(protocol);
        return node.build(() -> new HealthCheck(node.bool("enabled", true), protocol,
                node.text("port", defaults.port()), node.text("path", defaults.path()),
                node.integer("intervalSeconds", defaults.intervalSeconds()),
                node.integer("timeoutSeconds", defaults.timeoutSeconds()),
                node.integer("healthyThreshold", defaults.healthyThreshold()),
                node.integer("unhealthyThreshold", defaults.unhealthyThreshold()),
                node.text("matcher", defaults.matcher())));
    }

    private static Target readTarget(ConfigNode target, int groupPort) {
        if (target.isScalar()) {
            return TargetAddress.parse(target, target.text(), groupPort);
        }
        target.allowOnly("id", "port", "availabilityZone");
        String id = TargetAddress.requireIp(target.get("id"), target.text("id"));
        int port = target.integer("port", groupPort);
        return target.build(() -> new Target(id, port, target.text("availabilityZone", null)));
    }
}
