package dev.ballast.control.classic;

import dev.ballast.control.elbv2.SslPolicies;
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
import java.util.Set;

/**
 * Turns Classic Load Balancers into the data plane's model: the HTTP and HTTPS listeners of a classic load balancer
 * become an application load balancer's listeners (served by the HTTP proxy), its TCP and SSL listeners a network
 * load balancer's (served by the L4 relay; SSL as TLS listeners), both on the classic load balancer's address. Each instance port of a
 * protocol gets one target group holding every instance, checked with the load balancer's health check (its own
 * port and path, only 200 healthy). Connection draining is the groups' deregistration delay, after which open
 * connections are closed; the idle timeout applies to both kinds of listener.
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
        state.loadBalancers().values().forEach(clb -> securityGroups.put(arn(region, accountId, clb.name()),
                clb.securityGroups()));
        return new ConfigSnapshot(state.revision(), lbs, listeners, groups.values(),
                dev.ballast.core.model.TargetAddresses.none(), List.of(),
                new SecurityGroups(securityGroups, Map.of()));
    }

    /** The ARN of the target group carrying {@code lb}'s traffic of {@code protocol} to {@code instancePort}. */
    public String groupArn(String lb, String protocol, int instancePort) {
        return arn(region, accountId, lb) + "/targetgroup/" + protocol.toLowerCase(java.util.Locale.ROOT) + "-"
                + instancePort;
    }

    /** The target groups of {@code clb}, one per instance protocol and port, in listener order. */
    public List<TargetGroup> groups(ClassicLoadBalancer clb) {
        Set<String> seen = new LinkedHashSet<>();
        List<TargetGroup> out = new ArrayList<>();
        for (ClassicListener l : clb.listeners()) {
            if (seen.add(l.instanceProtocol() + ":" + l.instancePort())) {
                out.add(group(clb, l));
            }
        }
        return out;
    }

    private void add(ClassicLoadBalancer clb, List<LoadBalancer> lbs, List<Listener> listeners,
                     Map<String, TargetGroup> groups) {
        String arn = arn(region, accountId, clb.name());
        groups(clb).forEach(g -> groups.put(g.arn(), g));
        LoadBalancer http = null;
        LoadBalancer tcp = null;
        for (ClassicListener l : clb.listeners()) {
            String groupArn = groupArn(clb.name(), l.instanceProtocol(), l.instancePort());
            String listenerArn = arn + "/listener/" + l.loadBalancerPort();
            if (l.isHttp()) {
                if (http == null) {
                    http = model(arn + "/http", clb, LoadBalancerType.APPLICATION, Map.of(
                            "idle_timeout.timeout_seconds", String.valueOf(clb.attributes().idleTimeout())));
                    lbs.add(http);
                }
                listeners.add(new Listener(listenerArn, http.arn(), l.terminatesTls() ? Protocol.HTTPS
                        : Protocol.HTTP, l.loadBalancerPort(), Action.Forward.to(groupArn), List.of(), Map.of(),
                        tls(l)));
            } else {
                if (tcp == null) {
                    tcp = model(arn + "/tcp", clb, LoadBalancerType.NETWORK, Map.of());
                    lbs.add(tcp);
                }
                listeners.add(new Listener(listenerArn, tcp.arn(), l.terminatesTls() ? Protocol.TLS : Protocol.TCP,
                        l.loadBalancerPort(), Action.Forward.to(groupArn), List.of(), Map.of(
                        ListenerAttributes.TCP_IDLE_TIMEOUT, String.valueOf(clb.attributes().idleTimeout())),
                        tls(l)));
            }
        }
    }

    /** An HTTPS or SSL listener's certificate under Classic's default policy, ELBSecurityPolicy-2016-08. */
    private static ListenerTls tls(ClassicListener l) {
        if (!l.terminatesTls()) {
            return null;
        }
        SslPolicies.Policy policy = SslPolicies.find(DEFAULT_POLICY);
        return new ListenerTls(List.of(l.sslCertificateId()), policy.name(), policy.protocols(), policy.ciphers(),
                List.of());
    }

    private static LoadBalancer model(String arn, ClassicLoadBalancer clb, LoadBalancerType type,
                                      Map<String, String> attributes) {
        return new LoadBalancer(arn, clb.name(), type, clb.scheme(), clb.dnsName(), clb.bindAddress(),
                LoadBalancerAttributes.defaults(type).with(type, attributes));
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
        return new TargetGroup(groupArn(clb.name(), l.instanceProtocol(), l.instancePort()),
                trimHyphens(name + "-" + l.instancePort()), protocol, l.instancePort(), TargetType.INSTANCE, check,
                TargetGroupAttributes.defaultsFor(protocol).with(protocol, attributes), targets);
    }

    private static String trimHyphens(String name) {
        String n = name.length() > 32 ? name.substring(0, 32) : name;
        while (n.endsWith("-")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }
}
