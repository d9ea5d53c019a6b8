package dev.ballast.control.labels;

import dev.ballast.control.acm.AcmCommands;
import dev.ballast.control.classic.ClassicControl;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.elbv2.ElbQueries;
import dev.ballast.control.elbv2.ElbState;
import dev.ballast.control.elbv2.ListenerCommands;
import dev.ballast.control.elbv2.ListenerEntry;
import dev.ballast.control.elbv2.LoadBalancerEntry;
import dev.ballast.control.elbv2.Tags;
import dev.ballast.control.elbv2.TargetGroupCommands.TargetRef;
import dev.ballast.control.elbv2.TargetGroupCommands;
import dev.ballast.control.elbv2.TargetGroupEntry;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the labelled containers into registrations, through the same ELBv2 commands the API uses: the engine's state
 * is the input, the desired targets are derived from it, and only the difference is sent as commands. It owns what
 * it created or registered, and knows it by tags (so a restart loses nothing, and a target a user registered by hand
 * is never touched): listeners and target groups it created carry {@value #CREATED_BY_KEY}={@value #CREATED_BY},
 * and each target it registered is recorded on its group as the tag {@value #OWNED_PREFIX}{@code <id>:<port>} =
 * the container's short id ({@code <node>/<short id>} on a cluster node, see {@link LabelOwner}: each node reconciles
 * only its own engine's targets). On a cluster node a created listener also records which nodes' containers need it,
 * as the tags {@value #NEEDED_PREFIX}{@code <node>}, and is deleted only once no node needs it; what a node that left
 * the cluster held is released by {@link #releaseNodes}.
 *
 * <p>Not thread-safe: called on the provider's worker thread only.
 */
final class LabelReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(LabelReconciler.class);
    /** The tag key marking what the provider created. */
    static final String CREATED_BY_KEY = "ballast:created-by";
    /** Its value. */
    static final String CREATED_BY = "docker-labels";
    /** The tag (on a created group) naming the container whose tuning it was created with. */
    static final String CREATOR_KEY = "ballast:docker-labels:creator";
    /** The prefix of the tags recording the targets the provider registered in a group. */
    static final String OWNED_PREFIX = "ballast:docker-labels:target:";
    /** The prefix of the tags (on a created listener) naming the cluster nodes whose containers need it. */
    static final String NEEDED_PREFIX = "ballast:docker-labels:needed-by:";
    /** The security policy of the HTTPS listeners the provider creates: the default of AWS's CreateListener. */
    static final String HTTPS_POLICY = "ELBSecurityPolicy-2016-08";

    private final ElbControl elb;
    private final ClassicControl classic;
    private final ClassicAttachments classicSide;
    private final LabelCertificates certificates;
    private final LabelOwner owner;
    private final AddressRule addresses;
    private final Set<String> tuningWarned = new HashSet<>();
    private boolean cleanupPending;

    /** A reconciler writing as {@code owner}, reaching containers as {@code addresses} says. */
    LabelReconciler(ElbControl elb, ClassicControl classic, AcmCommands acm, LabelOwner owner,
                    AddressRule addresses) {
        this.elb = elb;
        this.classic = classic;
        this.owner = owner;
        this.addresses = addresses;
        this.certificates = new LabelCertificates(acm, owner);
        this.classicSide = new ClassicAttachments(classic, certificates, owner, addresses);
    }

    /** True when the last pass left a created listener or group in place only because a target still drains. */
    boolean cleanupPending() {
        return cleanupPending;
    }

    /** Brings the registrations in line with {@code containers} and returns every label's status. */
    List<LabelStatus> reconcile(List<LabelledContainer> containers) {
        List<LabelOutcome> outcomes = new ArrayList<>();
        Set<String> neededListeners = new HashSet<>();
        Map<String, Set<Integer>> neededClassicListeners = new HashMap<>();
        for (LabelledContainer c : containers) {
            ContainerLabels parsed = LabelParser.parse(c.labels());
            for (LabelError error : parsed.errors()) {
                LabelOutcome o = new LabelOutcome(c, error.key(), error.value());
                o.state = "error: " + error.problem();
                outcomes.add(o);
            }
            for (PortLabel port : parsed.ports()) {
                LabelOutcome o = new LabelOutcome(c, port.key(), port.value());
                place(o, port, parsed.tuning(), neededListeners, neededClassicListeners);
                outcomes.add(o);
            }
        }
        Map<String, Map<String, LabelOutcome>> wanted = new LinkedHashMap<>();
        Map<String, Map<String, LabelOutcome>> wantedClassic = new LinkedHashMap<>();
        for (LabelOutcome o : outcomes) {
            if (o.wanted) {
                (o.classic != null ? wantedClassic.computeIfAbsent(o.classic, n -> new LinkedHashMap<>())
                        : wanted.computeIfAbsent(o.group, g -> new LinkedHashMap<>())).put(o.targetKey(), o);
            }
        }
        wanted.forEach(this::register);
        deregisterStale(wanted);
        removeUnneeded(neededListeners, wanted);
        wantedClassic.forEach(classicSide::register);
        classicSide.deregisterStale(wantedClassic);
        classicSide.removeUnneeded(neededClassicListeners);
        // after the listeners: a certificate is deleted only once no listener uses it
        certificates.removeUnused();
        // Two labels of one container naming the same target: the one registered speaks for both.
        for (LabelOutcome o : outcomes) {
            if (o.wanted) {
                Map<String, LabelOutcome> same = (o.classic != null ? wantedClassic.get(o.classic)
                        : wanted.get(o.group));
                o.state = same.get(o.targetKey()).state;
            }
        }
        return outcomes.stream().map(LabelOutcome::status).toList();
    }

    /** Resolves one port label to a listener, group and target, creating the listener when there is none. */
    private void place(LabelOutcome o, PortLabel port, LabelTuning tuning, Set<String> neededListeners,
                       Map<String, Set<Integer>> neededClassicListeners) {
        LabelledContainer c = o.container;
        if (!c.running()) {
            o.state = "stopped";
            return;
        }
        List<LoadBalancerLookup.Found> found = LoadBalancerLookup.find(elb.state(), classic.state(), classic::arn,
                port.loadBalancer());
        if (found.isEmpty()) {
            o.state = "waiting: load balancer " + port.loadBalancer() + " not found";
            return;
        }
        if (found.size() > 1) {
            o.state = "error: load balancer: " + port.loadBalancer() + " (expected: a name, ARN, id or Name tag of "
                    + "one load balancer; it matches " + String.join(", ", found.stream()
                    .map(LoadBalancerLookup.Found::arn).toList()) + ")";
            return;
        }
        o.loadBalancer = found.get(0).arn();
        if (found.get(0).classic() != null) {
            if (classicSide.place(o, port, tuning, found.get(0).classic(), neededClassicListeners)) {
                decide(o);
            }
            return;
        }
        ElbState state = elb.state();
        LoadBalancerEntry lb = found.get(0).elbv2();
        if (lb.model().type() != port.scheme().loadBalancerType()) {
            o.state = "error: load balancer " + lb.model().name() + " is a " + lb.model().type().wire()
                    + " load balancer (expected: a " + port.scheme().loadBalancerType().wire() + " load balancer for "
                    + port.scheme().wire() + "://)";
            return;
        }
        ListenerEntry listener = state.listeners().values().stream()
                .filter(l -> l.loadBalancerArn().equals(lb.arn()) && l.port() == port.frontPort())
                .findFirst().orElse(null);
        if (listener == null) {
            listener = createListener(o, lb, port, tuning);
            if (listener == null) {
                return;
            }
            state = elb.state();
        } else if (!port.scheme().servedBy(listener.protocol())) {
            o.state = "error: the listener on port " + port.frontPort() + " of " + lb.model().name() + " is "
                    + listener.protocol() + " (expected: " + port.scheme().protocol() + " for " + port.scheme().wire()
                    + "://)";
            return;
        }
        neededListeners.add(listener.arn());
        Set<String> groups = ElbQueries.forwardedGroups(listener.defaultAction());
        TargetGroupEntry group = groups.size() == 1 ? state.targetGroups().get(groups.iterator().next()) : null;
        if (group == null) {
            o.state = "waiting: the listener on port " + port.frontPort() + " of " + lb.model().name()
                    + " does not forward to exactly one target group";
            return;
        }
        o.group = group.arn();
        warnIgnoredTuning(c, tuning, group);
        String reason = addresses.apply(o, port, group.model().targetType() == TargetType.INSTANCE,
                elb.settings().nodeInstance());
        if (reason != null) {
            o.state = "waiting: " + reason;
        } else {
            decide(o);
        }
    }

    /** A placed target is wanted unless the container is not healthy yet or is stopping. */
    private static void decide(LabelOutcome o) {
        LabelledContainer c = o.container;
        if (c.health() != null && !c.health().equals("healthy")) {
            o.state = "waiting: health " + c.health();
        } else if (c.leaving()) {
            o.state = "waiting: container stopping (deregistered, draining)";
        } else {
            o.wanted = true;
            o.state = "registering";
        }
    }

    /** Creates a target group and a listener forwarding to it, both tagged as the provider's; null on a refusal. */
    private ListenerEntry createListener(LabelOutcome o, LoadBalancerEntry lb, PortLabel port, LabelTuning tuning) {
        String reason = addresses.apply(o, port, false, null);
        if (reason != null) {
            o.state = "waiting: " + reason;
            return null;
        }
        String name = groupName(lb, port.frontPort());
        Tags.Tag createdBy = new Tags.Tag(CREATED_BY_KEY, CREATED_BY);
        List<Tags.Tag> listenerTags = owner.inCluster()
                ? List.of(createdBy, new Tags.Tag(NEEDED_PREFIX + owner.node(), "")) : List.of(createdBy);
        try {
            // the certificate first: a refused request leaves no group behind
            boolean https = port.scheme() == LabelScheme.HTTPS;
            String certificate = https ? certificates.certificateFor(lb.arn(), lb.model().dnsName(),
                    port.frontPort(), tuning.httpsDomain()) : null;
            Protocol groupProtocol = port.scheme().targetProtocol();
            TargetGroupEntry group = elb.targetGroups().create(new TargetGroupCommands.Create(name,
                    groupProtocol, groupProtocol.isHttp() ? tuning.protocolVersion() : null,
                    o.target.port(), null, tuning.healthCheck(), TargetType.IP, null,
                    List.of(createdBy, new Tags.Tag(CREATOR_KEY, o.container.name()))));
            if (!tuning.attributes().isEmpty()) {
                elb.targetGroups().modifyAttributes(group.arn(), tuning.attributes());
            }
            ListenerEntry listener = elb.listeners().create(lb.arn(), new ListenerCommands.Settings(
                    port.scheme().protocol(), port.frontPort(), Action.Forward.to(group.arn()),
                    https ? HTTPS_POLICY : null, certificate, null), listenerTags);
            LOG.info("docker-labels: created listener {}:{} on {} forwarding to target group {} for container {}",
                    port.scheme().protocol(), port.frontPort(), lb.model().name(), name, o.container.name());
            return listener;
        } catch (AwsException e) {
            o.state = "error: creating the listener " + port.scheme().protocol() + ":" + port.frontPort() + " on "
                    + lb.model().name() + ": " + e.getMessage();
            return null;
        }
    }

    /** Says once per container and group that its tuning labels do not apply: the group's creator set them. */
    private void warnIgnoredTuning(LabelledContainer c, LabelTuning tuning, TargetGroupEntry group) {
        String creator = group.tags().values().get(CREATOR_KEY);
        if (!tuning.isEmpty() && !c.name().equals(creator) && tuningWarned.add(c.id() + " " + group.arn())) {
            LOG.warn("docker-labels: container {}: its ballast.lb.* tuning does not apply to target group {}, which "
                    + "{} (first creator wins)", c.name(), group.model().name(),
                    creator == null ? "it did not create" : "was created with the tuning of container " + creator);
        }
    }

    /** A target group name unique per load balancer and front port, at most 32 characters: dl-web-lb-80-1a2b3c. */
    static String groupName(LoadBalancerEntry lb, int frontPort) {
        String base = lb.model().name().replaceAll("[^A-Za-z0-9-]", "-").replaceAll("-+", "-");
        base = base.length() > 14 ? base.substring(0, 14) : base;
        base = base.replaceAll("^-|-$", "");
        CRC32 crc = new CRC32();
        crc.update((lb.arn() + ":" + frontPort).getBytes(StandardCharsets.UTF_8));
        String hash = String.format("%08x", crc.getValue()).substring(0, 6);
        return "dl-" + (base.isEmpty() ? "" : base + "-") + frontPort + "-" + hash;
    }

    /** Registers the wanted targets of one group that are not registered yet, recording them as the provider's. */
    private void register(String groupArn, Map<String, LabelOutcome> targets) {
        TargetGroupEntry group = elb.state().targetGroups().get(groupArn);
        if (group == null) {
            targets.values().forEach(o -> o.state = "waiting: target group " + groupArn + " is gone");
            return;
        }
        Set<String> registered = registeredKeys(group);
        Map<String, String> tags = group.tags().values();
        List<Tags.Tag> toTag = new ArrayList<>();
        List<TargetRef> toRegister = new ArrayList<>();
        targets.forEach((key, o) -> {
            String ownerTag = tags.get(OWNED_PREFIX + key);
            if (registered.contains(key) && ownerTag == null) {
                o.state = "registered (by hand before; the provider leaves it alone)";
                return;
            }
            o.state = "registered";
            // another node's tag on this node's own address is a leftover (its node had the address before)
            if (ownerTag == null || !owner.owns(ownerTag)) {
                toTag.add(new Tags.Tag(OWNED_PREFIX + key, owner.tagValue(o.container.shortId())));
            }
            if (!registered.contains(key)) {
                toRegister.add(o.target);
            }
        });
        try {
            // The ownership tag goes first: a crash in between leaves a tag the next pass removes, never a target
            // nobody owns.
            if (!toTag.isEmpty()) {
                elb.tags().add(List.of(groupArn), toTag);
            }
            if (!toRegister.isEmpty()) {
                elb.targetGroups().register(groupArn, toRegister);
            }
        } catch (AwsException e) {
            targets.values().forEach(o -> o.state = "error: registering in " + group.model().name() + ": "
                    + e.getMessage());
        }
    }

    /** Deregisters this provider's targets that none of its containers wants any more, and forgets them. */
    private void deregisterStale(Map<String, Map<String, LabelOutcome>> wanted) {
        deregisterOwned((group, key, tagValue) -> owner.owns(tagValue)
                && !wanted.getOrDefault(group, Map.of()).containsKey(key));
    }

    /**
     * Which ownership tags are stale.
     *
     * <p>Thread-safe implementations are not needed: called on the provider's thread.
     */
    @FunctionalInterface
    interface StaleOwnership {
        /**
         * True when the target {@code key} ({@code ip:port}) that {@code holder} (a target group's ARN or a Classic
         * load balancer's name) holds, recorded with the tag value {@code tagValue}, is to go.
         */
        boolean test(String holder, String key, String tagValue);
    }

    /** Deregisters the provider's targets whose ownership tags are {@code stale}, and forgets them. */
    private void deregisterOwned(StaleOwnership stale) {
        for (TargetGroupEntry group : elb.state().targetGroups().values()) {
            Set<String> registered = registeredKeys(group);
            List<String> staleTags = new ArrayList<>();
            List<TargetRef> toDeregister = new ArrayList<>();
            for (Map.Entry<String, String> tag : group.tags().values().entrySet()) {
                String key = tag.getKey().startsWith(OWNED_PREFIX) ? tag.getKey().substring(OWNED_PREFIX.length())
                        : null;
                if (key != null && stale.test(group.arn(), key, tag.getValue())) {
                    staleTags.add(tag.getKey());
                    if (registered.contains(key)) {
                        toDeregister.add(ref(key));
                    }
                }
            }
            try {
                if (!toDeregister.isEmpty()) {
                    elb.targetGroups().deregister(group.arn(), toDeregister);
                    LOG.info("docker-labels: deregistered {} from {}", toDeregister.stream()
                            .map(LabelOutcome::targetKey).toList(), group.model().name());
                }
                if (!staleTags.isEmpty()) {
                    elb.tags().remove(List.of(group.arn()), staleTags);
                }
            } catch (AwsException e) {
                LOG.warn("docker-labels: deregistering from {} failed: {}", group.model().name(), e.getMessage());
            }
        }
    }

    /**
     * Deletes the listeners and groups the provider created that no running container needs and nothing else uses
     * (a rule on the listener, another listener or rule forwarding to the group keeps them), once their targets
     * have drained.
     */
    private void removeUnneeded(Set<String> neededListeners, Map<String, Map<String, LabelOutcome>> wanted) {
        cleanupPending = false;
        if (owner.inCluster()) {
            recordNeeds(neededListeners);
        }
        ElbState state = elb.state();
        Set<String> neededGroups = new LinkedHashSet<>(wanted.keySet());
        for (ListenerEntry listener : state.listeners().values()) {
            if (neededListeners.contains(listener.arn())) {
                neededGroups.addAll(ElbQueries.forwardedGroups(listener.defaultAction()));
            }
        }
        for (ListenerEntry listener : state.listeners().values()) {
            if (!createdByProvider(listener.tags()) || neededListeners.contains(listener.arn())
                    || !nodesNeeding(listener).isEmpty()
                    || state.rules().values().stream().anyMatch(r -> r.listenerArn().equals(listener.arn()))) {
                continue;
            }
            Set<String> groups = ElbQueries.forwardedGroups(listener.defaultAction());
            if (groups.stream().anyMatch(this::holdsTargets)) {
                continue;
            }
            try {
                elb.listeners().delete(listener.arn());
                LOG.info("docker-labels: deleted listener {}:{} (no container needs it)", listener.protocol(),
                        listener.port());
            } catch (AwsException e) {
                LOG.warn("docker-labels: deleting listener {} failed: {}", listener.arn(), e.getMessage());
            }
        }
        state = elb.state();
        for (TargetGroupEntry group : state.targetGroups().values()) {
            if (!createdByProvider(group.tags()) || neededGroups.contains(group.arn())
                    || !ElbQueries.loadBalancersUsing(state, group.arn()).isEmpty() || holdsTargets(group.arn())) {
                continue;
            }
            try {
                elb.targetGroups().delete(group.arn());
                LOG.info("docker-labels: deleted target group {} (no container needs it)", group.model().name());
            } catch (AwsException e) {
                LOG.warn("docker-labels: deleting target group {} failed: {}", group.model().name(), e.getMessage());
            }
        }
    }

    /**
     * Records on each listener the provider created whether this node's containers need it (the tag
     * {@value #NEEDED_PREFIX}{@code <node>}), so that no other node deletes a listener this node's containers use
     * before they are registered (waiting for their health check, say).
     */
    private void recordNeeds(Set<String> neededListeners) {
        String key = NEEDED_PREFIX + owner.node();
        for (ListenerEntry listener : elb.state().listeners().values()) {
            boolean recorded = listener.tags().values().containsKey(key);
            boolean needed = neededListeners.contains(listener.arn());
            if (!createdByProvider(listener.tags()) || recorded == needed) {
                continue;
            }
            try {
                if (needed) {
                    elb.tags().add(List.of(listener.arn()), List.of(new Tags.Tag(key, "")));
                } else {
                    elb.tags().remove(List.of(listener.arn()), List.of(key));
                }
            } catch (AwsException e) {
                LOG.warn("docker-labels: recording the need of listener {} failed: {}", listener.arn(),
                        e.getMessage());
            }
        }
    }

    /** The cluster nodes whose containers need {@code listener}, as its tags record them. */
    private static Set<String> nodesNeeding(ListenerEntry listener) {
        Set<String> nodes = new HashSet<>();
        for (String key : listener.tags().values().keySet()) {
            if (key.startsWith(NEEDED_PREFIX)) {
                nodes.add(key.substring(NEEDED_PREFIX.length()));
            }
        }
        return nodes;
    }

    /**
     * The cluster nodes that hold something of the provider's: targets or instances they registered, created
     * listeners their containers need, certificates they requested.
     */
    Set<String> nodesHolding() {
        Set<String> nodes = new HashSet<>(certificates.requesters());
        for (TargetGroupEntry group : elb.state().targetGroups().values()) {
            group.tags().values().forEach((key, value) -> {
                if (key.startsWith(OWNED_PREFIX) && LabelOwner.nodeOf(value) != null) {
                    nodes.add(LabelOwner.nodeOf(value));
                }
            });
        }
        for (ListenerEntry listener : elb.state().listeners().values()) {
            nodes.addAll(nodesNeeding(listener));
        }
        nodes.addAll(classicSide.nodesHolding());
        return nodes;
    }

    /**
     * Releases what the cluster nodes {@code gone} (nodes that left the cluster) held: their targets and instances
     * are deregistered and forgotten, their needs of created listeners dropped and their unused certificates deleted;
     * the next pass deletes the listeners and groups nothing needs any more, as it does for this node's own.
     */
    void releaseNodes(Set<String> gone) {
        StaleOwnership theirs = (holder, key, tagValue) -> LabelOwner.nodeOf(tagValue) != null
                && gone.contains(LabelOwner.nodeOf(tagValue));
        deregisterOwned(theirs);
        classicSide.deregisterOwned(theirs);
        for (ListenerEntry listener : elb.state().listeners().values()) {
            List<String> needs = nodesNeeding(listener).stream().filter(gone::contains).map(n -> NEEDED_PREFIX + n)
                    .toList();
            try {
                if (!needs.isEmpty()) {
                    elb.tags().remove(List.of(listener.arn()), needs);
                }
            } catch (AwsException e) {
                LOG.warn("docker-labels: dropping the needs of listener {} failed: {}", listener.arn(),
                        e.getMessage());
            }
        }
        certificates.removeUnusedOf(gone);
    }

    /**
     * True while the group has registered or draining targets. Only draining ones make a later pass come back for it:
     * a target someone else registered keeps the group until they deregister it, which is a commit and a pass.
     */
    private boolean holdsTargets(String groupArn) {
        TargetGroupEntry group = elb.state().targetGroups().get(groupArn);
        if (group == null) {
            return false;
        }
        if (!group.model().targets().isEmpty()) {
            return true;
        }
        boolean draining = !elb.describeTargetHealth(groupArn, List.of()).isEmpty();
        cleanupPending |= draining;
        return draining;
    }

    private static boolean createdByProvider(Tags tags) {
        return CREATED_BY.equals(tags.values().get(CREATED_BY_KEY));
    }

    private static Set<String> registeredKeys(TargetGroupEntry group) {
        Set<String> keys = new HashSet<>();
        for (Target t : group.model().targets()) {
            keys.add(t.id() + ":" + t.port());
        }
        return keys;
    }

    private static TargetRef ref(String key) {
        int colon = key.lastIndexOf(':');
        return new TargetRef(key.substring(0, colon), Integer.parseInt(key.substring(colon + 1)), null);
    }
}
