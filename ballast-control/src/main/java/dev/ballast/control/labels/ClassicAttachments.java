package dev.ballast.control.labels;

import dev.ballast.control.classic.ClassicControl;
import dev.ballast.control.classic.ClassicListener;
import dev.ballast.control.classic.ClassicLoadBalancer;
import dev.ballast.control.elbv2.Tags;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's side of Classic Load Balancers, through the Classic commands the API uses. A container becomes the
 * instance {@code <ip>:<port>} (Classic instance ids of that form send every listener's traffic to that address and
 * port), so each container is its own target, as in an ELBv2 {@code ip} group. Ownership is recorded in the load
 * balancer's tags: {@value #INSTANCE_PREFIX}{@code <ip>:<port>} = the container's short id (on a cluster node
 * {@code <node>/<short id>}, see {@link LabelOwner}) for each registered instance, {@value #LISTENER_PREFIX}
 * {@code <port>} = the creating container's name for each listener it created.
 * An {@code https} label gets an HTTPS listener (to HTTP instances) with a certificate the provider requests.
 *
 * <p>Not thread-safe: called on the provider's thread only.
 */
final class ClassicAttachments {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicAttachments.class);
    /** The prefix of the tags recording the instances the provider registered. */
    static final String INSTANCE_PREFIX = "ballast:docker-labels:instance:";
    /** The prefix of the tags recording the listeners the provider created. */
    static final String LISTENER_PREFIX = "ballast:docker-labels:listener:";

    private final ClassicControl classic;
    private final LabelCertificates certificates;
    private final LabelOwner owner;
    private final AddressRule addresses;

    ClassicAttachments(ClassicControl classic, LabelCertificates certificates, LabelOwner owner,
                       AddressRule addresses) {
        this.classic = classic;
        this.certificates = certificates;
        this.owner = owner;
        this.addresses = addresses;
    }

    /**
     * Resolves {@code port} on Classic load balancer {@code lb}: its listener on the front port (created when there
     * is none) and the container's instance id; returns false when the outcome's state already says why not.
     */
    boolean place(LabelOutcome o, PortLabel port, LabelTuning tuning, ClassicLoadBalancer lb,
                  Map<String, Set<Integer>> needed) {
        o.classic = lb.name();
        if (port.scheme() == LabelScheme.UDP) {
            o.state = "error: load balancer " + lb.name() + " is a Classic load balancer (expected: http://, https:// "
                    + "or tcp:// for a Classic load balancer; udp:// needs a network load balancer)";
            return false;
        }
        String reason = addresses.apply(o, port, false, null);
        if (reason != null) {
            o.state = "waiting: " + reason;
            return false;
        }
        String protocol = port.scheme().protocol().name();
        ClassicListener listener = lb.listeners().stream().filter(l -> l.loadBalancerPort() == port.frontPort())
                .findFirst().orElse(null);
        try {
            if (listener == null) {
                // an HTTPS listener terminates TLS and sends HTTP on, as the ELBv2 side does
                String certificate = port.scheme() == LabelScheme.HTTPS ? certificates.certificateFor(
                        classic.arn(lb.name()), lb.dnsName(), port.frontPort(), tuning.httpsDomain()) : null;
                classic.createListeners(lb.name(), List.of(new ClassicListener(protocol, port.frontPort(),
                        port.scheme().targetProtocol().name(), o.target.port(), certificate)));
                classic.addTags(List.of(lb.name()), List.of(new Tags.Tag(LISTENER_PREFIX + port.frontPort(),
                        o.container.name())));
                LOG.info("docker-labels: created listener {}:{} on Classic load balancer {} for container {}",
                        protocol, port.frontPort(), lb.name(), o.container.name());
            } else if (!listener.protocol().equals(protocol)) {
                o.state = "error: the listener on port " + port.frontPort() + " of " + lb.name() + " is "
                        + listener.protocol() + " (expected: " + protocol + " for " + port.scheme().wire() + "://)";
                return false;
            }
        } catch (AwsException e) {
            o.state = "error: creating the listener " + protocol + ":" + port.frontPort() + " on " + lb.name() + ": "
                    + e.getMessage();
            return false;
        }
        needed.computeIfAbsent(lb.name(), n -> new HashSet<>()).add(port.frontPort());
        return true;
    }

    /** Registers the wanted instances of one load balancer that are not registered yet, recording them. */
    void register(String name, Map<String, LabelOutcome> instances) {
        ClassicLoadBalancer lb = classic.state().loadBalancers().get(name);
        if (lb == null) {
            instances.values().forEach(o -> o.state = "waiting: load balancer " + name + " is gone");
            return;
        }
        List<Tags.Tag> toTag = new ArrayList<>();
        List<String> toRegister = new ArrayList<>();
        instances.forEach((id, o) -> {
            String ownerTag = lb.tags().values().get(INSTANCE_PREFIX + id);
            boolean registered = lb.instances().contains(id);
            if (registered && ownerTag == null) {
                o.state = "registered (by hand before; the provider leaves it alone)";
                return;
            }
            o.state = "registered";
            if (ownerTag == null || !owner.owns(ownerTag)) {
                toTag.add(new Tags.Tag(INSTANCE_PREFIX + id, owner.tagValue(o.container.shortId())));
            }
            if (!registered) {
                toRegister.add(id);
            }
        });
        try {
            if (!toTag.isEmpty()) {
                classic.addTags(List.of(name), toTag); // first the record, then the registration
            }
            if (!toRegister.isEmpty()) {
                classic.register(name, toRegister);
            }
        } catch (AwsException e) {
            instances.values().forEach(o -> o.state = "error: registering with " + name + ": " + e.getMessage());
        }
    }

    /** Deregisters this provider's instances that none of its containers wants any more, and forgets them. */
    void deregisterStale(Map<String, Map<String, LabelOutcome>> wanted) {
        deregisterOwned((lb, id, tagValue) -> owner.owns(tagValue)
                && !wanted.getOrDefault(lb, Map.of()).containsKey(id));
    }

    /** Deregisters the provider's instances whose ownership tags are {@code stale}, and forgets them. */
    void deregisterOwned(LabelReconciler.StaleOwnership stale) {
        for (ClassicLoadBalancer lb : classic.state().loadBalancers().values()) {
            List<String> staleTags = new ArrayList<>();
            List<String> toDeregister = new ArrayList<>();
            for (Map.Entry<String, String> tag : lb.tags().values().entrySet()) {
                String id = tag.getKey().startsWith(INSTANCE_PREFIX)
                        ? tag.getKey().substring(INSTANCE_PREFIX.length()) : null;
                if (id != null && stale.test(lb.name(), id, tag.getValue())) {
                    staleTags.add(tag.getKey());
                    if (lb.instances().contains(id)) {
                        toDeregister.add(id);
                    }
                }
            }
            try {
                if (!toDeregister.isEmpty()) {
                    classic.deregister(lb.name(), toDeregister);
                    LOG.info("docker-labels: deregistered {} from Classic load balancer {}", toDeregister, lb.name());
                }
                if (!staleTags.isEmpty()) {
                    classic.removeTags(List.of(lb.name()), staleTags);
                }
            } catch (AwsException e) {
                LOG.warn("docker-labels: deregistering from {} failed: {}", lb.name(), e.getMessage());
            }
        }
    }

    /** The cluster nodes that registered instances of the provider's. */
    Set<String> nodesHolding() {
        Set<String> nodes = new HashSet<>();
        for (ClassicLoadBalancer lb : classic.state().loadBalancers().values()) {
            lb.tags().values().forEach((key, value) -> {
                if (key.startsWith(INSTANCE_PREFIX) && LabelOwner.nodeOf(value) != null) {
                    nodes.add(LabelOwner.nodeOf(value));
                }
            });
        }
        return nodes;
    }

    /**
     * Deletes the listeners the provider created that no running container needs, once the load balancer holds no
     * instance the provider registered (instances are shared by every listener of a Classic load balancer).
     */
    void removeUnneeded(Map<String, Set<Integer>> needed) {
        for (ClassicLoadBalancer lb : classic.state().loadBalancers().values()) {
            Set<Integer> keep = needed.getOrDefault(lb.name(), Set.of());
            Set<String> tags = lb.tags().values().keySet();
            if (tags.stream().anyMatch(t -> t.startsWith(INSTANCE_PREFIX))) {
                continue;
            }
            List<String> staleTags = tags.stream().filter(t -> t.startsWith(LISTENER_PREFIX)
                    && t.substring(LISTENER_PREFIX.length()).matches("\\d{1,5}")
                    && !keep.contains(Integer.parseInt(t.substring(LISTENER_PREFIX.length())))).toList();
            if (staleTags.isEmpty()) {
                continue;
            }
            List<Integer> ports = staleTags.stream().map(t -> Integer.parseInt(t.substring(LISTENER_PREFIX.length())))
                    .toList();
            try {
                classic.deleteListeners(lb.name(), ports);
                classic.removeTags(List.of(lb.name()), staleTags);
                LOG.info("docker-labels: deleted listeners {} of Classic load balancer {} (no container needs them)",
                        ports, lb.name());
            } catch (AwsException e) {
                LOG.warn("docker-labels: deleting listeners of {} failed: {}", lb.name(), e.getMessage());
            }
        }
    }
}
