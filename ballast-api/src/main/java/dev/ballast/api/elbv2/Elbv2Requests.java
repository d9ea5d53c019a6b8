package dev.ballast.api.elbv2;

import dev.ballast.api.query.QueryParams;
import dev.ballast.control.elbv2.ListenerCommands;
import dev.ballast.control.elbv2.LoadBalancerCommands;
import dev.ballast.control.elbv2.TargetGroupCommands;
import dev.ballast.control.error.AwsMessages;
import dev.ballast.control.elbv2.Tags;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.Condition;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.TargetType;
import dev.ballast.core.model.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the ELBv2 request structures (actions, conditions, tags, targets, health-check settings) from Query
 * parameters into the control plane's types.
 *
 * <p>Thread-safe (stateless).
 */
public final class Elbv2Requests {
    private Elbv2Requests() {}

    /** CreateLoadBalancer's request. */
    public static LoadBalancerCommands.Create loadBalancer(QueryParams p) {
        List<String> subnets = p.list("Subnets");
        List<QueryParams> mappings = p.members("SubnetMappings");
        if (subnets == null && mappings != null) {
            subnets = new ArrayList<>();
            for (QueryParams m : mappings) {
                subnets.add(m.required("SubnetId"));
            }
        }
        String type = p.get("Type");
        if (type != null && type.equals("gateway")) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Type: gateway (expected: application or network)");
        }
        String scheme = p.get("Scheme");
        return new LoadBalancerCommands.Create(p.required("Name"),
                type == null ? null : LoadBalancerType.fromWire(type),
                scheme == null ? null : Scheme.fromWire(scheme), subnets, p.list("SecurityGroups"),
                p.get("IpAddressType"), tags(p));
    }

    /** CreateTargetGroup's request. */
    public static TargetGroupCommands.Create targetGroup(QueryParams p) {
        String targetType = p.get("TargetType");
        return new TargetGroupCommands.Create(p.required("Name"), protocol(p, "Protocol"), p.get("ProtocolVersion"),
                p.integer("Port"), p.get("VpcId"), healthCheck(p),
                targetType == null ? null : TargetType.fromWire(targetType), p.get("IpAddressType"), tags(p));
    }

    /** The CanonicalHostedZoneId AWS shows for a load balancer of {@code type}. */
    public static String canonicalHostedZoneId(LoadBalancerType type) {
        return type == LoadBalancerType.APPLICATION ? Elbv2Xml.ALB_HOSTED_ZONE : Elbv2Xml.NLB_HOSTED_ZONE;
    }

    /** The settings of CreateListener ({@code create}) or ModifyListener. */
    public static ListenerCommands.Settings listenerSettings(QueryParams p, boolean create) {
        List<String> certificates = new ArrayList<>();
        List<QueryParams> certs = p.members("Certificates");
        if (certs != null) {
            certs.forEach(c -> certificates.add(c.required("CertificateArn")));
        }
        if (certificates.size() > 1) {
            throw new AwsException(AwsError.TOO_MANY_CERTIFICATES, "Certificates: " + certificates.size()
                    + " (expected: one default certificate; add more with AddListenerCertificates)");
        }
        Integer port = p.integer("Port");
        if (create && port == null) {
            throw AwsMessages.listenerPortMissing();
        }
        return new ListenerCommands.Settings(Elbv2Requests.protocol(p, "Protocol"), port,
                Elbv2Requests.action(p, "DefaultActions"), p.get("SslPolicy"),
                certificates.isEmpty() ? null : certificates.get(0), p.list("AlpnPolicy"));
    }

    /** The single terminal action of an {@code Actions}/{@code DefaultActions} list, or null when absent. */
    public static Action action(QueryParams params, String name) {
        List<QueryParams> members = params.members(name);
        if (members == null) {
            return null;
        }
        if (members.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, params.path(name) + ": empty (expected: one action)");
        }
        Action terminal = null;
        for (QueryParams m : members) {
            String type = m.required("Type");
            if (type.startsWith("authenticate-")) {
                throw new AwsException(AwsError.INVALID_LOAD_BALANCER_ACTION, m.path("Type") + ": " + type
                        + " (expected: forward, redirect or fixed-response; authenticate actions are not supported)");
            }
            if (terminal != null) {
                throw new AwsException(AwsError.TOO_MANY_ACTIONS, params.path(name) + ": " + members.size()
                        + " actions (expected: exactly one forward, redirect or fixed-response action)");
            }
            terminal = switch (type) {
                case "forward" -> forward(m);
                case "redirect" -> redirect(m);
                case "fixed-response" -> fixedResponse(m);
                default -> throw new AwsException(AwsError.VALIDATION_ERROR, m.path("Type") + ": " + type
                        + " (expected: forward, redirect or fixed-response)");
            };
        }
        return terminal;
    }

    private static Action.Forward forward(QueryParams m) {
        String single = m.get("TargetGroupArn");
        QueryParams config = m.struct("ForwardConfig");
        List<QueryParams> groups = config == null ? null : config.members("TargetGroups");
        if (groups == null || groups.isEmpty()) {
            if (single == null) {
                throw new AwsException(AwsError.VALIDATION_ERROR, m.path("TargetGroupArn")
                        + ": missing (expected: a target group ARN or ForwardConfig.TargetGroups)");
            }
            return new Action.Forward(List.of(new Action.WeightedTargetGroup(single, 1)), stickiness(config));
        }
        List<Action.WeightedTargetGroup> weighted = new ArrayList<>();
        for (QueryParams g : groups) {
            Integer weight = g.integer("Weight");
            weighted.add(new Action.WeightedTargetGroup(g.required("TargetGroupArn"), weight == null ? 1 : weight));
        }
        if (single != null && (weighted.size() != 1 || !weighted.get(0).targetGroupArn().equals(single))) {
            throw new AwsException(AwsError.VALIDATION_ERROR, m.path("TargetGroupArn") + ": " + single
                    + " (expected: the same single target group as ForwardConfig, or only one of them)");
        }
        return new Action.Forward(weighted, stickiness(config));
    }

    private static Action.GroupStickiness stickiness(QueryParams config) {
        QueryParams s = config == null ? null : config.struct("TargetGroupStickinessConfig");
        if (s == null) {
            return Action.GroupStickiness.OFF;
        }
        boolean enabled = Boolean.TRUE.equals(s.bool("Enabled"));
        Integer duration = s.integer("DurationSeconds");
        // "You must specify this value when enabling target group stickiness." (API reference,
        // TargetGroupStickinessConfig.DurationSeconds)
        if (enabled && duration == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, s.path("DurationSeconds")
                    + ": missing (expected: 1-604800 when Enabled is true)");
        }
        return new Action.GroupStickiness(enabled, duration == null ? 3600 : duration);
    }

    private static Action.Redirect redirect(QueryParams m) {
        QueryParams c = m.struct("RedirectConfig");
        if (c == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, m.path("RedirectConfig") + ": missing (expected: a value)");
        }
        String status = c.required("StatusCode");
        Action.RedirectStatus code;
        try {
            code = Action.RedirectStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new AwsException(AwsError.VALIDATION_ERROR, c.path("StatusCode") + ": " + status
                    + " (expected: HTTP_301 or HTTP_302)");
        }
        return new Action.Redirect(c.get("Protocol"), c.get("Port"), c.get("Host"), c.get("Path"), c.get("Query"), code);
    }

    private static Action.FixedResponse fixedResponse(QueryParams m) {
        QueryParams c = m.struct("FixedResponseConfig");
        if (c == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, m.path("FixedResponseConfig")
                    + ": missing (expected: a value)");
        }
        String status = c.required("StatusCode");
        if (!status.matches("\\d{3}")) {
            throw new AwsException(AwsError.VALIDATION_ERROR, c.path("StatusCode") + ": " + status
                    + " (expected: a 2XX, 4XX or 5XX status code)");
        }
        return new Action.FixedResponse(Integer.parseInt(status), c.get("ContentType"), c.get("MessageBody"));
    }

    /** The conditions of a rule, or null when absent. */
    public static List<Condition> conditions(QueryParams params) {
        List<QueryParams> members = params.members("Conditions");
        if (members == null) {
            return null;
        }
        List<Condition> out = new ArrayList<>();
        for (QueryParams m : members) {
            out.add(condition(m));
        }
        return out;
    }

    private static Condition condition(QueryParams m) {
        String field = m.required("Field");
        return switch (field) {
            case "host-header" -> new Condition.HostHeader(values(m, "HostHeaderConfig"));
            case "path-pattern" -> new Condition.PathPattern(values(m, "PathPatternConfig"));
            case "http-request-method" -> new Condition.HttpRequestMethod(values(m, "HttpRequestMethodConfig"));
            case "source-ip" -> new Condition.SourceIp(values(m, "SourceIpConfig"));
            case "http-header" -> {
                QueryParams c = m.struct("HttpHeaderConfig");
                if (c == null) {
                    throw new AwsException(AwsError.VALIDATION_ERROR, m.path("HttpHeaderConfig")
                            + ": missing (expected: HttpHeaderName and Values)");
                }
                yield new Condition.HttpHeader(c.required("HttpHeaderName"), c.listOrEmpty("Values"));
            }
            case "query-string" -> {
                QueryParams c = m.struct("QueryStringConfig");
                List<QueryParams> kvs = c == null ? null : c.members("Values");
                if (kvs == null) {
                    throw new AwsException(AwsError.VALIDATION_ERROR, m.path("QueryStringConfig.Values")
                            + ": missing (expected: key/value pairs)");
                }
                List<Condition.KeyValue> pairs = new ArrayList<>();
                kvs.forEach(kv -> pairs.add(new Condition.KeyValue(kv.get("Key"), kv.get("Value"))));
                yield new Condition.QueryString(pairs);
            }
            default -> throw new AwsException(AwsError.VALIDATION_ERROR, m.path("Field") + ": " + field
                    + " (expected: host-header, path-pattern, http-header, http-request-method, query-string or "
                    + "source-ip)");
        };
    }

    /** A condition's values from {@code Values} (the legacy form) or {@code <Config>.Values}. */
    private static List<String> values(QueryParams m, String config) {
        QueryParams c = m.struct(config);
        List<String> fromConfig = c == null ? null : c.list("Values");
        List<String> legacy = m.list("Values");
        // "If Field is host-header and you are not using HostHeaderConfig, you can specify a single host name ... in
        // Values." (API reference, RuleCondition.Values; the same for path-pattern): AWS's text from moto.
        if (legacy != null && legacy.size() > 1) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "The '" + m.get("Field")
                    + "' field contains too many values; the limit is '1'");
        }
        if (fromConfig != null && legacy != null && !fromConfig.equals(legacy)) {
            throw new AwsException(AwsError.VALIDATION_ERROR, m.path("Values") + ": " + legacy
                    + " (expected: either Values or " + config + ".Values)");
        }
        return fromConfig != null ? fromConfig : legacy == null ? List.of() : legacy;
    }

    /** The {@code Tags.member.N.Key/Value} list (empty when absent). */
    public static List<Tags.Tag> tags(QueryParams params) {
        List<QueryParams> members = params.members("Tags");
        List<Tags.Tag> out = new ArrayList<>();
        if (members != null) {
            members.forEach(m -> out.add(new Tags.Tag(m.get("Key"), m.get("Value"))));
        }
        return out;
    }

    /** The {@code Targets.member.N} list (empty when absent). */
    public static List<TargetGroupCommands.TargetRef> targets(QueryParams params) {
        List<QueryParams> members = params.members("Targets");
        List<TargetGroupCommands.TargetRef> out = new ArrayList<>();
        if (members != null) {
            members.forEach(m -> out.add(new TargetGroupCommands.TargetRef(m.required("Id"), m.integer("Port"),
                    m.get("AvailabilityZone"))));
        }
        return out;
    }

    /** The health-check settings of CreateTargetGroup or ModifyTargetGroup. */
    public static TargetGroupCommands.HealthCheckChange healthCheck(QueryParams p) {
        String protocol = p.get("HealthCheckProtocol");
        QueryParams matcher = p.struct("Matcher");
        return new TargetGroupCommands.HealthCheckChange(p.bool("HealthCheckEnabled"),
                protocol == null ? null : Protocol.fromWire("HealthCheckProtocol", protocol), p.get("HealthCheckPort"),
                p.get("HealthCheckPath"), p.integer("HealthCheckIntervalSeconds"),
                p.integer("HealthCheckTimeoutSeconds"), p.integer("HealthyThresholdCount"),
                p.integer("UnhealthyThresholdCount"), matcher == null ? null : matcher.get("HttpCode"),
                matcher == null ? null : matcher.get("GrpcCode"));
    }

    /** A protocol parameter, or null when absent. */
    public static Protocol protocol(QueryParams p, String name) {
        String v = p.get(name);
        return v == null ? null : Protocol.fromWire(name, v);
    }
}
