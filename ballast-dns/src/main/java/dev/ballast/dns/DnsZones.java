package dev.ballast.dns;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.SnapshotConsumer;
import java.util.ArrayList;
import java.util.List;

/**
 * The DNS's view of the configuration: compiles a new {@link ZoneTable} from each configuration snapshot (load
 * balancer names) and publishes it with one reference swap, so a query reads one consistent table and a change is
 * answered as soon as it is published.
 *
 * <p>Thread-safe: {@link #apply} is serialised; {@link #current} reads a volatile reference.
 */
public final class DnsZones implements SnapshotConsumer {
    private final LoadBalancerZones loadBalancers;
    private volatile ZoneTable current = ZoneTable.empty();

    /** Zones compiled with {@code loadBalancers}' rules for load balancer names. */
    public DnsZones(LoadBalancerZones loadBalancers) {
        this.loadBalancers = loadBalancers;
    }

    @Override
    public synchronized void apply(ConfigSnapshot snapshot) {
        List<Zone> zones = new ArrayList<>();
        loadBalancers.zones(snapshot).forEach(b -> zones.add(b.build()));
        current = new ZoneTable(zones);
    }

    /** The table queries are answered from. */
    public ZoneTable current() {
        return current;
    }
}
