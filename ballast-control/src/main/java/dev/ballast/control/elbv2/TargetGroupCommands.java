package dev.ballast.control.elbv2;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.ProtocolVersion;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetGroupAttributes;
import dev.ballast.core.model.TargetType;
import dev.ballast.core.validation.Check;
import dev.ballast.core.validation.TextChars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Commands on target groups: create (idempotent for identical settings), modify the health check, delete
 * (refused while an action uses the group), attributes, register and deregister targets.
 *
 * <p>Thread-safe: every command runs through the single {@link ElbWriter}.
 */
public final class TargetGroupCommands {
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
    private static final Pattern LOAD_BALANCER_ARN = Pattern.compile(
            "arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:loadbalancer/(app|net|gwy)/[^/\\s]+/[0-9a-zA-Z]+");
    private static final List<String> PROTOCOL_VERSIONS = List.of("HTTP1", "HTTP2", "GRPC");

    private final ElbWriter writer;
    private final ElbEnvironment env;
    private final Supplier<RunningInstances> running;

    /** Commands through {@code writer}; instance targets must name an instance {@code running} holds. */
    public TargetGroupCommands(ElbWriter writer, ElbEnvironment env,
                               Supplier<RunningInstances> running) {
        this.writer = writer;
        this.env = env;
        this.running = running;
    }

    /**
     * Health-check settings of a request; null fields keep the current (or default) value. {@code matcher} is
     * {@code Matcher.HttpCode}, {@code grpcCode} {@code Matcher.GrpcCode} (only for GRPC target groups).
     */
    public record HealthCheckChange(Boolean enabled, Protocol protocol, String port, String path, Integer interval,
                                    Integer timeout, Integer healthyThreshold, Integer unhealthyThreshold,
                                    String matcher, String grpcCode) {
        /** Settings without a gRPC code. */
        public HealthCheckChange(Boolean enabled, Protocol protocol, String port, String path, Integer interval,
                                 Integer timeout, Integer healthyThreshold, Integer unhealthyThreshold,
                                 String matcher) {
            this(enabled, protocol, port, path, interval, timeout, healthyThreshold, unhealthyThreshold, matcher,
                    null);
        }

        HealthCheck applyTo(HealthCheck base, boolean network) {
            Protocol p = protocol == null ? base.protocol() : protocol;
            if (base.grpc()) {
                Check.that(matcher == null, "Matcher.HttpCode", matcher, "Matcher.GrpcCode for a GRPC target group");
            } else {
                Check.that(grpcCode == null, "Matcher.GrpcCode", grpcCode,
                        "Matcher.HttpCode; GrpcCode is for target groups whose ProtocolVersion is GRPC");
            }
            String defaultMatcher = network ? "200-399" : "200";
            String asked = base.grpc() ? grpcCode : matcher;
            String m = asked != null ? asked : p.isHttp() ? (base.matcher() == null ? defaultMatcher
                    : base.matcher()) : null;
            String pathValue = path != null ? path : p.isHttp() ? (base.path() == null ? "/" : base.path()) : null;
            return new HealthCheck(enabled == null ? base.enabled() : enabled, p, port == null ? base.port() : port,
                    pathValue, interval == null ? base.intervalSeconds() : interval,
                    timeout == null ? base.timeoutSeconds() : timeout,
                    healthyThreshold == null ? base.healthyThreshold() : healthyThreshold,
                    unhealthyThreshold == null ? base.unhealthyThreshold() : unhealthyThreshold, m, base.grpc());
        }
    }

    /** What CreateTargetGroup asks for; null fields take AWS's defaults. */
    public record Create(String name, Protocol protocol, String protocolVersion, Integer port, String vpcId,
                         HealthCheckChange healthCheck, TargetType targetType, String ipAddressType,
                         List<Tags.Tag> tags) {}

    /** Creates a target group, or returns the existing one of that name if its settings are the same. */
    public TargetGroupEntry create(Create r) {
        Check.resourceName("Name", r.name());
        TargetType type = r.targetType() == null ? TargetType.INSTANCE : r.targetType();
        Check.that(type != TargetType.LAMBDA, "TargetType", type.wire(),
                "ip, instance or alb (lambda targets are not supported)");
        Protocol protocol = Check.present("Protocol", r.protocol());
        Check.that(protocol != Protocol.GENEVE, "Protocol", protocol, "HTTP, HTTPS, TCP, TLS, UDP or TCP_UDP");
        AlbTargets.checkProtocol(type, protocol);
        int port = Check.port("Port", Check.present("Port", r.port()));
        String version = null;
        if (protocol.isHttp()) {
            version = r.protocolVersion() == null ? "HTTP1" : r.protocolVersion();
            Check.that(PROTOCOL_VERSIONS.contains(version), "ProtocolVersion", version, "HTTP1, HTTP2 or GRPC");
        } else {
            Check.that(r.protocolVersion() == null, "ProtocolVersion", r.protocolVersion(),
                    "no protocol version for a " + protocol + " target group");
        }
        String ipType = r.ipAddressType() == null ? "ipv4" : r.ipAddressType();
        Check.that(ipType.equals("ipv4") || ipType.equals("ipv6"), "IpAddressType", ipType, "ipv4 or ipv6");
        boolean network = !protocol.isHttp();
        ProtocolVersion protocolVersion = version == null ? ProtocolVersion.HTTP1 : ProtocolVersion.fromWire(version);
        HealthCheck base = HealthCheck.defaultsFor(protocol, network ? LoadBalancerType.NETWORK
                : LoadBalancerType.APPLICATION);
        if (protocolVersion == ProtocolVersion.GRPC) {
            base = HealthCheck.grpcDefaults(base.protocol());
        } else if (type == TargetType.ALB) {
            base = AlbTargets.defaultHealthCheck();
        }
        HealthCheck hc = r.healthCheck() == null ? base : r.healthCheck().applyTo(base, network);
        checkHealthCheckProtocol(protocol, hc);
        AlbTargets.checkHealthCheck(type, hc);
        Tags tags = Tags.of(r.tags() == null ? List.of() : r.tags());
        Check.that(r.vpcId() == null || r.vpcId().matches("vpc-[0-9A-Za-z]{1,64}"), "VpcId",
                r.vpcId() == null ? null : TextChars.quoted(r.vpcId()), "a VPC id such as vpc-0abc123");
        String vpc = r.vpcId() == null ? env.settings().vpcId() : r.vpcId();
        String versionWire = version;
        return writer.write(d -> {
            for (TargetGroupEntry existing : d.targetGroups.values()) {
                TargetGroup m = existing.model();
                if (m.name().equals(r.name())) {
                    if (m.protocol() == protocol && m.port() == port && m.targetType() == type
                            && m.protocolVersion() == protocolVersion
                            && m.healthCheck().equals(hc)) {
                        return existing;
                    }
                    throw new AwsException(AwsError.DUPLICATE_TARGET_GROUP_NAME,
                            "A target group with the same name '" + r.name() + "' exists, but with different settings");
                }
            }
            int limit = env.settings().limits().get("target-groups");
            if (d.targetGroups.size() >= limit) {
                throw new AwsException(AwsError.TOO_MANY_TARGET_GROUPS, "The quota of target-groups (" + limit
                        + ") is reached");
            }
            String arn = env.arns().targetGroup(r.name());
            TargetGroupAttributes attributes = new TargetGroupAttributes(AttributeSpecs.targetGroup(protocol).defaults());
            TargetGroupEntry entry = new TargetGroupEntry(new TargetGroup(arn, r.name(), protocol, port, type, hc,
                    attributes, List.of(), protocolVersion), versionWire, vpc, ipType, env.now(), tags);
            d.targetGroups.put(arn, entry);
            return entry;
        });
    }

    private static void checkHealthCheckProtocol(Protocol protocol, HealthCheck hc) {
        if (protocol.isHttp()) {
            Check.that(hc.protocol().isHttp(), "HealthCheckProtocol", hc.protocol(),
                    "HTTP or HTTPS for a " + protocol + " target group");
        } else {
            Check.that(hc.protocol().isHttp() || hc.protocol() == Protocol.TCP, "HealthCheckProtocol", hc.protocol(),
                    "TCP, HTTP or HTTPS for a " + protocol + " target group");
        }
    }

    /** Changes the health check. */
    public TargetGroupEntry modify(String arn, HealthCheckChange change) {
        return writer.write(d -> {
            TargetGroupEntry tg = d.targetGroup(arn);
            TargetGroup m = tg.model();
            HealthCheck hc = change.applyTo(m.healthCheck(), !m.protocol().isHttp());
            checkHealthCheckProtocol(m.protocol(), hc);
            AlbTargets.checkHealthCheck(m.targetType(), hc);
            TargetGroupEntry next = tg.with(m.withHealthCheck(hc));
            d.targetGroups.put(arn, next);
            return next;
        });
    }

    /** Deletes a target group that no action uses; deleting one that does not exist succeeds. */
    public void delete(String arn) {
        writer.write(d -> {
            if (!d.targetGroups.containsKey(arn)) {
                return null;
            }
            if (d.targetGroupInUse(arn)) {
                throw new AwsException(AwsError.RESOURCE_IN_USE, "Target group '" + arn
                        + "' is currently in use by a listener or a rule");
            }
            d.targetGroups.remove(arn);
            return null;
        });
    }

    /** Applies attribute changes (all validated first) and returns every attribute. */
    public Map<String, String> modifyAttributes(String arn, Map<String, String> changes) {
        return writer.write(d -> {
            TargetGroupEntry tg = d.targetGroup(arn);
            TargetGroup m = tg.model();
            TargetGroupAttributes attributes = m.attributes().with(m.protocol(), changes);
            d.targetGroups.put(arn, tg.with(new TargetGroup(m.arn(), m.name(), m.protocol(), m.port(),
                    m.targetType(), m.healthCheck(), attributes, m.targets(), m.protocolVersion())));
            return attributes.values();
        });
    }

    private static Map<String, Target> registeredByKey(TargetGroup group) {
        Map<String, Target> registered = new LinkedHashMap<>();
        group.targets().forEach(t -> registered.put(t.key(), t));
        return registered;
    }

    /** A target as a request names it; a null port means the group's port. */
    public record TargetRef(String id, Integer port, String availabilityZone) {}

    /**
     * Registers targets; registering one that is already registered is a no-op. An instance target must name an
     * instance that runs (this server's own, or a live node of its cluster), else InvalidTarget.
     */
    public void register(String arn, List<TargetRef> targets) {
        Check.list("Targets", targets, 1, 1000);
        RunningInstances known = running.get();
        writer.write(d -> {
            TargetGroupEntry tg = d.targetGroup(arn);
            TargetGroup m = tg.model();
            Map<String, Target> registered = registeredByKey(m);
            List<String> notRunning = new ArrayList<>();
            for (TargetRef ref : targets) {
                Target t = resolve(m, ref);
                if (m.targetType() == TargetType.INSTANCE && !known.isRunning(t.id())) {
                    notRunning.add("'" + t.id() + "'");
                }
                registered.putIfAbsent(t.key(), t);
            }
            if (!notRunning.isEmpty()) {
                // AWS's words for an instance that is not running; the instances here are the live nodes.
                throw new AwsException(AwsError.INVALID_TARGET, "The following targets are not in a running state "
                        + "and cannot be registered: " + String.join(", ", notRunning));
            }
            AlbTargets.checkRegistered(d, m, registered.values());
            int limit = env.settings().limits().get("targets-per-target-group");
            if (registered.size() > limit) {
                throw new AwsException(AwsError.TOO_MANY_TARGETS, "Targets: " + registered.size()
                        + " (expected: at most " + limit + " targets per target group)");
            }
            d.targetGroups.put(arn, tg.with(m.withTargets(new ArrayList<>(registered.values()))));
            return null;
        });
    }

    /**
     * Deregisters targets. A target that is not registered is skipped: AWS's DeregisterTargets succeeds for it
     * (the AWS CLI reference's example deregisters targets whatever their state, and AWS answers no error).
     */
    public void deregister(String arn, List<TargetRef> targets) {
        Check.list("Targets", targets, 1, 1000);
        writer.write(d -> {
            TargetGroupEntry tg = d.targetGroup(arn);
            TargetGroup m = tg.model();
            Map<String, Target> registered = registeredByKey(m);
            for (TargetRef ref : targets) {
                Target t = resolve(m, ref);
                registered.remove(t.key());
            }
            d.targetGroups.put(arn, tg.with(m.withTargets(new ArrayList<>(registered.values()))));
            return null;
        });
    }

    /** The target {@code ref} names in group {@code m}, checked against the group's target type. */
    public static Target resolve(TargetGroup m, TargetRef ref) {
        String id = Check.text("Targets.Id", ref.id());
        boolean valid = switch (m.targetType()) {
            case IP -> IPV4.matcher(id).matches() || (id.indexOf(':') >= 0 && IPV6.matcher(id).matches());
            case ALB -> LOAD_BALANCER_ARN.matcher(id).matches();
            default -> INSTANCE_ID.matcher(id).matches();
        };
        if (!valid) {
            String expected = switch (m.targetType()) {
                case IP -> "an IPv4 or IPv6 address";
                case ALB -> "the ARN of an application load balancer";
                default -> "an instance id such as i-0123456789abcdef0";
            };
            throw new AwsException(AwsError.INVALID_TARGET, "Targets.Id: " + id + " (expected: " + expected
                    + " for a target group of type " + m.targetType().wire() + ")");
        }
        int port = ref.port() == null ? m.port() : Check.port("Targets.Port", ref.port());
        return new Target(id, port, ref.availabilityZone());
    }
}
