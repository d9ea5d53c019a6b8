package dev.ballast.control.classic;

import dev.ballast.core.model.AccessLogLocation;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.security.SecurityGroups;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.ListenerTls;
import dev.ballast.core.model.ListenerAttributes;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerAttributes;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetGroupAttributes;
import dev.ballast.core.model.TargetType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns Classic Load Balancers into the data plane's model: the HTTP and HTTPS listeners of a classic load balancer
 * become an application load balancer's listeners (served by the HTTP proxy), its TCP and SSL listeners a network
 * load balancer's (served by the L4 relay; SSL as TLS listeners), both on the classic load balancer's address. Each instance port of a
 * protocol gets one target group holding every instance, checked with the load balancer's health check (its own
 * port and path, only 200 healthy). Connection draining is the groups' deregistration delay, after which open
 * connections are closed; the idle timeout applies to both kinds of listener. A TCP or SSL listener whose instance
 * port has a ProxyProtocolPolicyType policy sends a PROXY protocol version 1 header on each connection.
 *
 * <p>Thread-safe (stateless).
 */
public final class ClassicSnapshot {
    /** The ARN of a classic load balancer, as AWS shows it (no type segment). */
    public static String arn(String region, String accountId, String name) {
        return "arn:aws:elasticloadbalancing:" + region + ":" + accountId + ":loadbalancer/" + name;
    }

    /** The security policy Classic load balancers' HTTPS and SSL listeners get, as AWS's console proposes. */
    public static final String DEFAULT_POLICY = "ELBSecurityPolicy-2016-08";
    /** The cookie an LBCookieStickinessPolicyType policy issues. */
    public static final String CLASSIC_COOKIE = "AWSELB";

    private final String region;
    private final String accountId;

    /** Models with ARNs in {@code region} and {@code accountId}. */
    public ClassicSnapshot(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    /** The parts of the data plane's configuration that {@code state} describes. */
    public ConfigSnapshot build(ClassicState state) {
        List<LoadBalancer> lbs = new ArrayList<>();
        List<Listener> listeners = new ArrayList<>();
        Map<String, TargetGroup> groups = new LinkedHashMap<>();
        for (ClassicLoadBalancer clb : state.loadBalancers().values()) {
            add(clb, lbs, listeners, groups);
        }
        Map<String, List<String>> securityGroups = new java.util.LinkedHashMap<>();
        // keyed by the data plane's load balancers (the HTTP and the TCP half), whose listeners the groups guard
        for (ClassicLoadBalancer clb : state.loadBalancers().values()) {
            String arn = arn(region, accountId, clb.name());
            securityGroups.put(arn + "/http", clb.securityGroups());
            securityGroups.put(arn + "/tcp", clb.securityGroups());
        }
        return new ConfigSnapshot(state.revision(), lbs, listeners, groups.values(),
                dev.ballast.core.model.TargetAddresses.none(), List.of(),
                new SecurityGroups(securityGroups, Map.of()));
    }

    /** The ARN of the target group carrying {@code lb}'s traffic of {@code protocol} to {@code instancePort}. */
    public String groupArn(String lb, String protocol, int instancePort) {
        return arn(region, accountId, lb) + "/targetgroup/" + protocol.toLowerCase(java.util.Locale.ROOT) + "-"
                + instancePort;
    }

    /**
     * The target groups of {@code clb}, in listener order: one per instance protocol and port. Classic enables
     * stickiness per listener while the data plane keeps it per group, so a listener whose stickiness differs from
     * that of the first listener on the same instance port gets a group of its own; the first keeps the plain ARN,
     * so enabling stickiness never renames a group (which would start its health checks again).
     */
    public List<TargetGroup> groups(ClassicLoadBalancer clb) {
        Set<String> seen = new LinkedHashSet<>();
        List<TargetGroup> out = new ArrayList<>();
        for (ClassicListener l : clb.listeners()) {
            if (seen.add(groupArn(clb, l))) {
                out.add(group(clb, l));
            }
        }
        return out;
    }

    /** The ARN of the group listener {@code l} of {@code clb} forwards to. */
    private String groupArn(ClassicLoadBalancer clb, ClassicListener l) {
        String base = groupArn(clb.name(), l.instanceProtocol(), l.instancePort());
        ClassicListener first = clb.listeners().stream().filter(o -> o.instanceProtocol()
                .equals(l.instanceProtocol()) && o.instancePort() == l.instancePort()).findFirst().orElseThrow();
        ClassicPolicy sticky = stickiness(clb, l);
        if (Objects.equals(sticky, stickiness(clb, first))) {
            return base;
        }
        return base + "/" + (sticky == null ? "not-sticky" : sticky.name());
    }

    /** The stickiness policy (LB-generated or application cookie) of an HTTP or HTTPS listener, or null. */
    private static ClassicPolicy stickiness(ClassicLoadBalancer clb, ClassicListener l) {
        if (!l.isHttp()) {
            return null;
        }
        return clb.policies().ofListener(l.loadBalancerPort()).stream()
                .filter(p -> p.typeName().equals(ClassicPolicyTypes.LB_COOKIE)
                        || p.typeName().equals(ClassicPolicyTypes.APP_COOKIE)).findFirst().orElse(null);
    }

    private void add(ClassicLoadBalancer clb, List<LoadBalancer> lbs, List<Listener> listeners,
                     Map<String, TargetGroup> groups) {
        String arn = arn(region, accountId, clb.name());
        groups(clb).forEach(g -> groups.put(g.arn(), g));
        LoadBalancer http = null;
        LoadBalancer tcp = null;
        for (ClassicListener l : clb.listeners()) {
            String groupArn = groupArn(clb, l);
            String listenerArn = arn + "/listener/" + l.loadBalancerPort();
            if (l.isHttp()) {
                if (http == null) {
                    // AdditionalAttributes elb.http.desyncmitigationmode is ALB's routing.http.desync_mitigation_mode
                    // (same three modes).
                    http = model(arn + "/http", clb, LoadBalancerType.APPLICATION, Map.of(
                            "idle_timeout.timeout_seconds", String.valueOf(clb.attributes().idleTimeout()),
                            "routing.http.desync_mitigation_mode", clb.attributes().desyncMitigationMode()));
                    lbs.add(http);
                }
                listeners.add(new Listener(listenerArn, http.arn(), l.terminatesTls() ? Protocol.HTTPS
                        : Protocol.HTTP, l.loadBalancerPort(), Action.Forward.to(groupArn), List.of(), Map.of(),
                        tls(clb, l)));
            } else {
                if (tcp == null) {
                    tcp = model(arn + "/tcp", clb, LoadBalancerType.NETWORK, Map.of());
                    lbs.add(tcp);
                }
                listeners.add(new Listener(listenerArn, tcp.arn(), l.terminatesTls() ? Protocol.TLS : Protocol.TCP,
                        l.loadBalancerPort(), Action.Forward.to(groupArn), List.of(), Map.of(
                        ListenerAttributes.TCP_IDLE_TIMEOUT, String.valueOf(clb.attributes().idleTimeout())),
                        tls(clb, l)));
            }
        }
    }

    /**
     * An HTTPS or SSL listener's certificate under its SSLNegotiationPolicyType policy: a predefined policy it
     * references, or the protocols and ciphers it enables; without one, Classic's default, ELBSecurityPolicy-2016-08.
     */
    private static ListenerTls tls(ClassicLoadBalancer clb, ClassicListener l) {
        if (!l.terminatesTls()) {
            return null;
        }
        ClassicPolicy negotiation = clb.policies().ofListener(l.loadBalancerPort()).stream()
                .filter(p -> p.typeName().equals(ClassicPolicyTypes.SSL_NEGOTIATION)).findFirst().orElse(null);
        String reference = negotiation == null ? DEFAULT_POLICY
                : negotiation.attribute(ClassicPolicyTypes.REFERENCE_SECURITY_POLICY);
        ClassicPolicy settings = reference == null ? negotiation : ClassicSamplePolicies.find(reference);
        var enabled = ClassicPolicyTypes.protocolsAndCiphers(settings);
        return new ListenerTls(List.of(l.sslCertificateId()), reference == null ? negotiation.name() : reference,
                enabled.get("protocols"), enabled.get("ciphers"), List.of());
    }

    private static LoadBalancer model(String arn, ClassicLoadBalancer clb, LoadBalancerType type,
                                      Map<String, String> attributes) {
        return new LoadBalancer(arn, clb.name(), type, clb.scheme(), clb.dnsName(), clb.bindAddress(),
                withAccessLog(LoadBalancerAttributes.defaults(type).with(type, attributes), clb.attributes()));
    }

    /**
     * {@code attributes} with Classic's access log settings when they are enabled: the bucket and prefix as ALB's
     * keys, and the emit interval under Ballast's key, which makes the data plane write Classic's entries and file
     * names. Set without the ELBv2 API's checks (Classic's come from ModifyLoadBalancerAttributes); a bucket or
     * prefix that would leave the log folder (stored before Classic checked them) writes nothing.
     */
    private static LoadBalancerAttributes withAccessLog(LoadBalancerAttributes attributes, ClassicAttributes classic) {
        String prefix = classic.accessLogPrefix() == null ? "" : classic.accessLogPrefix();
        if (!classic.accessLogEnabled() || !AccessLogLocation.validBucket(classic.accessLogBucket())
                || !AccessLogLocation.validPrefix(prefix)) {
            return attributes;
        }
        Map<String, String> values = new LinkedHashMap<>(attributes.values());
        values.put("access_logs.s3.enabled", "true");
        values.put("access_logs.s3.bucket", classic.accessLogBucket());
        values.put("access_logs.s3.prefix", prefix);
        values.put(LoadBalancerAttributes.CLASSIC_ACCESS_LOG_EMIT_INTERVAL,
                String.valueOf(classic.accessLogEmitInterval()));
        return new LoadBalancerAttributes(values);
    }

    private TargetGroup group(ClassicLoadBalancer clb, ClassicListener l) {
        Protocol protocol = switch (l.instanceProtocol()) {
            case "HTTPS" -> Protocol.HTTPS;
            case "SSL" -> Protocol.TLS;
            case "HTTP" -> Protocol.HTTP;
            default -> Protocol.TCP;
        };
        HealthCheck check = clb.healthCheck().toHealthCheck();
        List<Target> targets = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (String id : clb.instances()) {
            Target t = ClassicInstances.target(id, l.instancePort());
            if (keys.add(t.key())) {
                targets.add(t);
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("deregistration_delay.timeout_seconds",
                String.valueOf(clb.attributes().deregistrationDelaySeconds()));
        if (!l.isHttp()) {
            // A classic load balancer closes what is still open when draining ends (or at once without draining).
            attributes.put("deregistration_delay.connection_termination.enabled", "true");
        }
        String name = clb.name().length() > 26 ? clb.name().substring(0, 26) : clb.name();
        TargetGroupAttributes groupAttributes = withStickiness(
                TargetGroupAttributes.defaultsFor(protocol).with(protocol, attributes), stickiness(clb, l));
        if (!l.isHttp() && proxyProtocol(clb, l.instancePort())) {
            Map<String, String> values = new LinkedHashMap<>(groupAttributes.values());
            values.put(TargetGroupAttributes.PROXY_PROTOCOL_V1, "true");
            groupAttributes = new TargetGroupAttributes(values);
        }
        return new TargetGroup(groupArn(clb, l), trimHyphens(name + "-" + l.instancePort()), protocol,
                l.instancePort(), TargetType.INSTANCE, check, groupAttributes, targets);
    }

    /**
     * True when the backend servers on {@code instancePort} have a ProxyProtocolPolicyType policy whose
     * ProxyProtocol is true: the TCP and SSL listeners forwarding there then start each connection with a PROXY
     * protocol version 1 header (HTTP and HTTPS listeners send X-Forwarded-For instead, as on AWS).
     */
    private static boolean proxyProtocol(ClassicLoadBalancer clb, int instancePort) {
        return clb.policies().ofBackend(instancePort).stream().anyMatch(p -> p.typeName()
                .equals(ClassicPolicyTypes.PROXY_PROTOCOL) && "true".equalsIgnoreCase(p.attribute("ProxyProtocol")));
    }

    /**
     * {@code attributes} with the stickiness of a Classic policy: for LBCookieStickinessPolicyType, cookie
     * {@code AWSELB} with {@code Max-Age} CookieExpirationPeriod, or a session cookie when the period is 0 or absent;
     * for AppCookieStickinessPolicyType, a session {@code AWSELB} cookie issued when the application sets its cookie.
     * Set without the API's checks: Classic's period has no upper bound of 7 days, and the cookie name is Classic's.
     */
    private static TargetGroupAttributes withStickiness(TargetGroupAttributes attributes, ClassicPolicy sticky) {
        if (sticky == null) {
            return attributes;
        }
        Map<String, String> values = new LinkedHashMap<>(attributes.values());
        values.put("stickiness.enabled", "true");
        values.put(TargetGroupAttributes.STICKINESS_COOKIE_NAME, CLASSIC_COOKIE);
        if (sticky.typeName().equals(ClassicPolicyTypes.APP_COOKIE)) {
            values.put("stickiness.type", "app_cookie");
            values.put("stickiness.app_cookie.cookie_name", sticky.attribute("CookieName"));
            return new TargetGroupAttributes(values);
        }
        String period = sticky.attribute("CookieExpirationPeriod");
        boolean session = period == null || Long.parseLong(period) == 0;
        values.put("stickiness.type", "lb_cookie");
        if (session) {
            values.put(TargetGroupAttributes.STICKINESS_SESSION_COOKIE, "true");
        } else {
            values.put("stickiness.lb_cookie.duration_seconds", period);
        }
        return new TargetGroupAttributes(values);
    }

    private static String trimHyphens(String name) {
        String n = name.length() > 32 ? name.substring(0, 32) : name;
        while (n.endsWith("-")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }
}
