package dev.ballast.core.model;

import dev.ballast.core.security.LoadBalancerEgress;
import dev.ballast.core.security.LoadBalancerIngress;
import dev.ballast.core.security.SecurityGroups;
import dev.ballast.core.validation.Check;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One immutable, self-consistent revision of the whole configuration: load balancers, listeners (with their
 * rules), target groups (with their targets), the addresses of the instances that instance targets name and the
 * certificates TLS listeners present (by ARN; a listener naming one that is missing fails its handshakes).
 * Consumers compile their own form from it once and swap it in
 * atomically. Every reference (listener → load balancer, action → target group) resolves within the snapshot.
 *
 * <p>Thread-safe (deeply immutable).
 */
public final class ConfigSnapshot {
    private static final ConfigSnapshot EMPTY = new ConfigSnapshot(0, List.of(), List.of(), List.of());

    private final long revision;
    private final Map<String, LoadBalancer> loadBalancers;
    private final Map<String, Listener> listeners;
    private final Map<String, TargetGroup> targetGroups;
    private final TargetAddresses targetAddresses;
    private final Map<String, ServerCertificate> certificates;
    private final SecurityGroups securityGroups;
    /** The security groups' inbound rules by load balancer ARN; a load balancer without an entry admits everyone. */
    private final Map<String, LoadBalancerIngress> ingress;
    /** The security groups' outbound rules by load balancer ARN; one without an entry reaches every target. */
    private final Map<String, LoadBalancerEgress> egress;

    /** Builds a snapshot and checks that every reference resolves and no two listeners share an address and port. */
    public ConfigSnapshot(long revision, Collection<LoadBalancer> loadBalancers, Collection<Listener> listeners,
                          Collection<TargetGroup> targetGroups) {
        this(revision, loadBalancers, listeners, targetGroups, TargetAddresses.none());
    }

    /** Builds a snapshot whose instance targets resolve through {@code targetAddresses}; checks as above. */
    public ConfigSnapshot(long revision, Collection<LoadBalancer> loadBalancers, Collection<Listener> listeners,
                          Collection<TargetGroup> targetGroups, TargetAddresses targetAddresses) {
        this(revision, loadBalancers, listeners, targetGroups, targetAddresses, List.of());
    }

    /** Builds a snapshot that also holds {@code certificates}; checks as above. */
    public ConfigSnapshot(long revision, Collection<LoadBalancer> loadBalancers, Collection<Listener> listeners,
                          Collection<TargetGroup> targetGroups, TargetAddresses targetAddresses,
                          Collection<ServerCertificate> certificates) {
        this(revision, loadBalancers, listeners, targetGroups, targetAddresses, certificates, SecurityGroups.NONE);
    }

    /**
     * Builds a snapshot whose load balancers admit clients as their {@code securityGroups} say (a part may hold
     * groups of load balancers that another part has; they are joined when the parts are merged); checks as above.
     */
    public ConfigSnapshot(long revision, Collection<LoadBalancer> loadBalancers, Collection<Listener> listeners,
                          Collection<TargetGroup> targetGroups, TargetAddresses targetAddresses,
                          Collection<ServerCertificate> certificates, SecurityGroups securityGroups) {
        Check.present("targetAddresses", targetAddresses);
        Check.present("securityGroups", securityGroups);
        this.securityGroups = securityGroups;
        this.certificates = index(certificates, ServerCertificate::arn);
        this.revision = revision;
        this.loadBalancers = index(loadBalancers, LoadBalancer::arn);
        // alb targets resolve to the listeners' address of a load balancer in this same snapshot
        this.targetAddresses = targetAddresses.withLoadBalancers(this.loadBalancers.values());
        this.listeners = index(listeners, Listener::arn);
        this.targetGroups = index(targetGroups, TargetGroup::arn);
        this.ingress = securityGroups.resolve(this.loadBalancers);
        this.egress = securityGroups.resolveEgress(this.loadBalancers);
        Map<String, String> bound = new java.util.HashMap<>();
        for (Listener l : this.listeners.values()) {
            LoadBalancer lb = this.loadBalancers.get(l.loadBalancerArn());
            Check.that(lb != null, "LoadBalancerArn", l.loadBalancerArn(), "a load balancer in the configuration");
            String address = lb.bindAddress() + ":" + l.port();
            Check.that(bound.putIfAbsent(address, l.arn()) == null, "Port", address,
                    "an address and port used by one listener only");
            checkAction(l.defaultAction());
            l.rules().forEach(r -> checkAction(r.action()));
            NetworkListenerChecks.check(lb, l, this.targetGroups::get);
        }
    }

    /** The snapshot with nothing configured (revision 0). */
    public static ConfigSnapshot empty() {
        return EMPTY;
    }

    /** Monotonic revision; a later snapshot has a larger one. */
    public long revision() {
        return revision;
    }

    /** Load balancers by ARN, in insertion order. */
    public Map<String, LoadBalancer> loadBalancers() {
        return loadBalancers;
    }

    /** Listeners by ARN, in insertion order. */
    public Map<String, Listener> listeners() {
        return listeners;
    }

    /** Target groups by ARN, in insertion order. */
    public Map<String, TargetGroup> targetGroups() {
        return targetGroups;
    }

    /**
     * Where each target is connected to (instance targets at their instance's address, alb targets at their
     * application load balancer's).
     */
    public TargetAddresses targetAddresses() {
        return targetAddresses;
    }

    /** The certificates TLS listeners may name, by ARN. */
    public Map<String, ServerCertificate> certificates() {
        return certificates;
    }

    /** The certificate with {@code arn}, or null. */
    public ServerCertificate certificate(String arn) {
        return certificates.get(arn);
    }

    /** The load balancers' security groups and the groups' rules, as the parts gave them. */
    public SecurityGroups securityGroups() {
        return securityGroups;
    }

    /** This snapshot with {@code groups} as its security groups. */
    public ConfigSnapshot withSecurityGroups(SecurityGroups groups) {
        return new ConfigSnapshot(revision, loadBalancers.values(), listeners.values(), targetGroups.values(),
                targetAddresses, certificates.values(), groups);
    }

    /** The inbound rules of load balancer {@code arn}, or null when it admits every client. */
    public LoadBalancerIngress ingress(String arn) {
        return ingress.get(arn);
    }

    /** The outbound rules of load balancer {@code arn}, or null when it may reach every target. */
    public LoadBalancerEgress egress(String arn) {
        return egress.get(arn);
    }

    /** The load balancer with {@code arn}, or null. */
    public LoadBalancer loadBalancer(String arn) {
        return loadBalancers.get(arn);
    }

    /** The target group with {@code arn}, or null. */
    public TargetGroup targetGroup(String arn) {
        return targetGroups.get(arn);
    }

    private void checkAction(Action action) {
        if (action instanceof Action.Forward forward) {
            forward.targetGroups().forEach(g -> Check.that(targetGroups.containsKey(g.targetGroupArn()),
                    "TargetGroupArn", g.targetGroupArn(), "a target group in the configuration"));
        }
    }

    private static <T> Map<String, T> index(Collection<T> items, Function<T, String> key) {
        Map<String, T> out = new LinkedHashMap<>();
        for (T item : items) {
            Check.that(out.putIfAbsent(key.apply(item), item) == null, "Arn", key.apply(item), "a unique ARN");
        }
        return Collections.unmodifiableMap(out);
    }
}
