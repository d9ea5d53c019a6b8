package dev.ballast.dns;

import dev.ballast.core.dns.HostedZone;
import dev.ballast.core.health.TargetHealthView;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.SnapshotConsumer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The DNS's view of the configuration: compiles a new {@link ZoneTable} from the latest configuration snapshot (load
 * balancer names), the latest Route 53 hosted zones and the load balancers' health (for aliases that evaluate target
 * health) whenever one of them changes, and publishes it with one reference swap, so a query reads one consistent
 * table and a change is answered as soon as it is published.
 *
 * <p>Thread-safe: compiling is serialised; {@link #current} reads a volatile reference.
 */
public final class DnsZones implements SnapshotConsumer {
    private final LoadBalancerZones loadBalancers;
    private final HostedZoneRecords hostedZoneRecords = new HostedZoneRecords();
    private ConfigSnapshot snapshot = ConfigSnapshot.empty();
    private List<HostedZone> hostedZones = List.of();
    private TargetHealthView targetHealth;
    private LoadBalancerHealth health = LoadBalancerHealth.UNKNOWN;
    private volatile ZoneTable current = ZoneTable.empty();

    /** Zones compiled with {@code loadBalancers}' rules for load balancer names. */
    public DnsZones(LoadBalancerZones loadBalancers) {
        this.loadBalancers = loadBalancers;
    }

    @Override
    public synchronized void apply(ConfigSnapshot next) {
        LoadBalancerHealth nextHealth = targetHealth == null ? health : LoadBalancerHealth.of(next, targetHealth);
        current = compile(next, hostedZones, nextHealth);
        snapshot = next;
        health = nextHealth;
    }

    /** Compiles the current configuration again (cluster mode: the live nodes changed). */
    public synchronized void recompile() {
        current = compile(snapshot, hostedZones, health);
    }

    /** Serves {@code zones} (every Route 53 hosted zone) from now on, beside the load balancer names. */
    public synchronized void applyHostedZones(List<HostedZone> zones) {
        current = compile(snapshot, List.copyOf(zones), health);
        hostedZones = List.copyOf(zones);
    }

    /**
     * Answers aliases that evaluate target health by {@code view} from now on. The zones are compiled again only
     * when a load balancer's health changed, so a view published for every probe costs one comparison.
     */
    public synchronized void applyTargetHealth(TargetHealthView view) {
        targetHealth = view;
        LoadBalancerHealth next = LoadBalancerHealth.of(snapshot, view);
        if (!next.equals(health)) {
            current = compile(snapshot, hostedZones, next);
            health = next;
        }
    }

    /**
     * The table of load balancer zones and hosted zones. Aliases are resolved against a first table without them,
     * so an alias to a load balancer (or to another record set) answers that target's records.
     */
    private ZoneTable compile(ConfigSnapshot config, List<HostedZone> zones, LoadBalancerHealth lbHealth) {
        Collection<Zone.Builder> lbZones = loadBalancers.zones(config);
        Map<String, Zone.Builder> hosted = hostedZoneRecords.zones(zones);
        // Hosted zones first: of a hosted zone and a load balancer zone with one name, the table keeps the first.
        List<Zone.Builder> builders = new ArrayList<>(hosted.values());
        builders.addAll(lbZones);
        ZoneTable withoutAliases = new ZoneTable(builders.stream().map(Zone.Builder::build).toList());
        hostedZoneRecords.aliases(zones, hosted, withoutAliases, lbHealth);
        return new ZoneTable(builders.stream().map(Zone.Builder::build).toList());
    }

    /** The table queries are answered from. */
    public ZoneTable current() {
        return current;
    }
}
