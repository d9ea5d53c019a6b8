package dev.ballast.control;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.ServerCertificate;
import dev.ballast.core.model.SnapshotConsumer;
import dev.ballast.core.model.TargetAddresses;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.security.SecurityGroups;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Joins the configurations of several writers (the ELBv2 API, the Classic API, the certificates) into the one snapshot the data
 * plane serves. Each writer publishes to its own {@link Source}; the merger publishes the union of the latest part
 * of every source. If the union is refused (two listeners on one address and port, a port taken), the source keeps
 * its previous part and the exception reaches the writer that published.
 *
 * <p>Thread-safe: publishing is serialised on the merger.
 */
public final class SnapshotMerger {
    private final ConfigPublisher publisher;
    private final UnaryOperator<ConfigSnapshot> placement;
    private final Map<String, ConfigSnapshot> parts = new LinkedHashMap<>();

    /** A merger publishing to {@code publisher}. */
    public SnapshotMerger(ConfigPublisher publisher) {
        this(publisher, UnaryOperator.identity());
    }

    /**
     * A merger publishing {@code placement} of the union to {@code publisher} (cluster mode: every load balancer on
     * this node's address, see {@link NodePlacement}).
     */
    public SnapshotMerger(ConfigPublisher publisher, UnaryOperator<ConfigSnapshot> placement) {
        this.publisher = publisher;
        this.placement = placement;
    }

    /** A new source named {@code name}; give it to a writer's own {@link ConfigPublisher}. */
    public synchronized SnapshotConsumer source(String name) {
        parts.put(name, ConfigSnapshot.empty());
        return snapshot -> publish(name, snapshot);
    }

    private synchronized void publish(String name, ConfigSnapshot part) {
        ConfigSnapshot previous = parts.put(name, part);
        try {
            publisher.publish(placement.apply(union()));
        } catch (RuntimeException e) {
            parts.put(name, previous);
            throw e;
        }
    }

    /** The union of every part; its revision is the sum of theirs, so it grows whenever one part's does. */
    private ConfigSnapshot union() {
        long revision = 0;
        List<LoadBalancer> lbs = new ArrayList<>();
        List<Listener> listeners = new ArrayList<>();
        List<TargetGroup> groups = new ArrayList<>();
        List<ServerCertificate> certificates = new ArrayList<>();
        TargetAddresses addresses = TargetAddresses.none();
        SecurityGroups securityGroups = SecurityGroups.NONE;
        for (ConfigSnapshot part : parts.values()) {
            securityGroups = securityGroups.and(part.securityGroups());
            revision += part.revision();
            lbs.addAll(part.loadBalancers().values());
            listeners.addAll(part.listeners().values());
            groups.addAll(part.targetGroups().values());
            addresses = addresses.and(part.targetAddresses());
            certificates.addAll(part.certificates().values());
        }
        return new ConfigSnapshot(revision, lbs, listeners, groups, addresses, certificates, securityGroups);
    }
}
