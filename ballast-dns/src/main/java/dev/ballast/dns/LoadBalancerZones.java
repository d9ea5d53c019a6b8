package dev.ballast.dns;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.LoadBalancer;
import java.net.InetAddress;
import java.net.Inet6Address;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/**
 * The zones of load balancer DNS names: every name {@code <lb>-<digits>.<region>.elb.<domain>} (and its
 * {@code dualstack.} form, as on AWS) answers with the address the load balancer's listeners are bound to. A load
 * balancer bound to the wildcard address answers with {@code wildcardAnswer} (the DNS server's own address, or
 * loopback). Each parent of such names ({@code us-east-1.elb.localhost}) is a zone with a generated SOA and NS.
 *
 * <p>Thread-safe (stateless; each call builds new zones).
 */
public final class LoadBalancerZones {
    /** TTL of load balancer address records; AWS's load balancer names have 60 s. */
    public static final long ADDRESS_TTL = 60;
    private static final long SOA_TTL = 900;
    private static final long NEGATIVE_TTL = 60;

    private final List<Name> standingZones;
    private final InetAddress wildcardAnswer4;
    private final InetAddress wildcardAnswer6;
    private final Supplier<List<InetAddress>> meshAddresses;

    /**
     * Load balancer zones whose wildcard-bound load balancers answer with {@code wildcardAnswer4} (A) and
     * {@code wildcardAnswer6} (AAAA; null for none).
     *
     * @param standingZones the zones new load balancer names are made in ({@code us-east-1.elb.localhost}): they
     *     exist even without load balancers, so a deleted load balancer's name is NXDOMAIN, not REFUSED
     */
    public LoadBalancerZones(List<String> standingZones, InetAddress wildcardAnswer4, InetAddress wildcardAnswer6) {
        this(standingZones.stream().map(LoadBalancerZones::nameOf).toList(), wildcardAnswer4, wildcardAnswer6, null);
    }

    private LoadBalancerZones(List<Name> standingZones, InetAddress wildcardAnswer4, InetAddress wildcardAnswer6,
                              Supplier<List<InetAddress>> meshAddresses) {
        this.standingZones = standingZones;
        this.wildcardAnswer4 = wildcardAnswer4;
        this.wildcardAnswer6 = wildcardAnswer6;
        this.meshAddresses = meshAddresses;
    }

    /**
     * These zones in cluster mode: every load balancer name answers with {@code addresses} (the live nodes' addresses,
     * each serving every listener), read again at each compilation.
     */
    public LoadBalancerZones withMeshAddresses(Supplier<List<InetAddress>> addresses) {
        return new LoadBalancerZones(standingZones, wildcardAnswer4, wildcardAnswer6, addresses);
    }

    /** The zones holding the names of {@code snapshot}'s load balancers, SOA serial = the snapshot's revision. */
    public Collection<Zone.Builder> zones(ConfigSnapshot snapshot) {
        Map<Name, Zone.Builder> zones = new LinkedHashMap<>();
        standingZones.forEach(origin -> zones.put(origin, newZone(origin, snapshot.revision())));
        for (LoadBalancer lb : snapshot.loadBalancers().values()) {
            Name name = nameOf(lb.dnsName());
            if (name == null || name.labels() < 3) {
                continue; // not a name a resolver can ask for (the config file may leave it out)
            }
            Name origin = new Name(name, 1);
            Zone.Builder zone = zones.computeIfAbsent(origin, o -> newZone(o, snapshot.revision()));
            List<InetAddress> answers = meshAddresses != null ? meshAddresses.get() : answers(lb.bindAddress());
            for (InetAddress address : answers) {
                zone.add(addressRecord(name, address));
                zone.add(addressRecord(dualstack(name), address));
            }
        }
        return zones.values();
    }

    private List<InetAddress> answers(String bindAddress) {
        InetAddress bound;
        try {
            bound = InetAddress.getByName(bindAddress); // a literal: no lookup happens
        } catch (java.net.UnknownHostException e) {
            return List.of();
        }
        if (!bound.isAnyLocalAddress()) {
            return List.of(bound);
        }
        if (bound instanceof Inet6Address && wildcardAnswer6 != null) {
            // "::" also accepts IPv4 connections on Linux (dual-stack sockets).
            return List.of(wildcardAnswer4, wildcardAnswer6);
        }
        return List.of(wildcardAnswer4);
    }

    private static Record addressRecord(Name name, InetAddress address) {
        return address instanceof Inet6Address
                ? new AAAARecord(name, DClass.IN, ADDRESS_TTL, address)
                : new ARecord(name, DClass.IN, ADDRESS_TTL, address);
    }

    private static Zone.Builder newZone(Name origin, long revision) {
        Name ns = child("ns", origin);
        SOARecord soa = new SOARecord(origin, DClass.IN, SOA_TTL, ns, child("hostmaster", origin),
                revision & 0xFFFFFFFFL, 7200, 900, 1209600, NEGATIVE_TTL);
        return new Zone.Builder(soa).add(new NSRecord(origin, DClass.IN, 172800, ns));
    }

    private static Name dualstack(Name name) {
        return child("dualstack", name);
    }

    private static Name child(String label, Name parent) {
        try {
            return Name.concatenate(Name.fromString(label), parent);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            return parent;
        }
    }

    /** The absolute name {@code text}, or null when it is not a valid DNS name. */
    static Name nameOf(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".");
        } catch (TextParseException e) {
            return null;
        }
    }
}
