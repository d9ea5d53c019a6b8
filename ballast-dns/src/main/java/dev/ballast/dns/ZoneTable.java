package dev.ballast.dns;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Every zone Ballast serves, compiled once per configuration change, and the lookup an authoritative server does
 * in them: the most specific zone holding a name, CNAMEs followed across Ballast's zones in the same answer,
 * wildcards, and NXDOMAIN or NODATA with the zone's SOA.
 *
 * <p>Thread-safe (immutable).
 */
public final class ZoneTable {
    /** CNAMEs followed in one answer at most, so that a loop of CNAMEs ends. */
    static final int MAX_CNAME_HOPS = 8;
    private static final ZoneTable EMPTY = new ZoneTable(List.of());
    private static final Name WILDCARD_LABEL = wildcardLabel();

    private final Map<Name, Zone> zones;

    /** A table of {@code zones}; of two zones with the same apex, the first wins. */
    public ZoneTable(Collection<Zone> zones) {
        Map<Name, Zone> byOrigin = new LinkedHashMap<>();
        zones.forEach(z -> byOrigin.putIfAbsent(z.origin(), z));
        this.zones = Map.copyOf(byOrigin);
    }

    /** The table without zones: every question is refused. */
    public static ZoneTable empty() {
        return EMPTY;
    }

    /** The zones by apex. */
    public Map<Name, Zone> zones() {
        return zones;
    }

    /** The most specific zone that holds {@code name}, or null when Ballast serves none. */
    public Zone zoneOf(Name name) {
        for (int skip = 0; skip < name.labels(); skip++) {
            Zone zone = zones.get(skip == 0 ? name : new Name(name, skip));
            if (zone != null) {
                return zone;
            }
        }
        return null;
    }

    /**
     * The answer to a question of class IN for {@code qname} and {@code qtype}, with every record a routed name
     * (weighted, multivalue) may give: what an alias to such a name copies.
     */
    public DnsAnswer answer(Name qname, int qtype) {
        return answer(qname, qtype, null);
    }

    /**
     * The answer to a question of class IN for {@code qname} and {@code qtype}; a routed name's records are chosen
     * with {@code random} (null: all of them).
     */
    public DnsAnswer answer(Name qname, int qtype, RandomGenerator random) {
        Zone zone = zoneOf(qname);
        if (zone == null) {
            return new DnsAnswer(Rcode.REFUSED, false, List.of(), List.of());
        }
        List<Record> answer = new ArrayList<>();
        Set<Name> visited = new HashSet<>();
        boolean chosen = false;
        Name name = qname;
        while (true) {
            visited.add(name);
            Name owner = name;
            Map<Integer, List<Record>> node = zone.node(name);
            if (node == null && !zone.exists(name)) {
                owner = wildcardFor(zone, name);
                node = zone.node(owner);
            }
            if (node == null) {
                int rcode = zone.exists(name) ? Rcode.NOERROR : Rcode.NXDOMAIN;
                return new DnsAnswer(rcode, true, answer, List.of(zone.negativeSoa()), chosen);
            }
            if (node.get(Type.CNAME) != null && qtype != Type.CNAME && qtype != Type.ANY) {
                RecordChoice choice = random == null ? null : zone.choice(owner, Type.CNAME);
                chosen |= choice != null;
                List<Record> cname = choice == null ? node.get(Type.CNAME) : choice.pick(random);
                addAll(answer, cname, name);
                Name target = ((CNAMERecord) cname.get(0)).getTarget();
                Zone next = zoneOf(target);
                // A target outside Ballast's zones is for the client's resolver to follow.
                if (next == null || visited.contains(target) || visited.size() > MAX_CNAME_HOPS) {
                    return new DnsAnswer(Rcode.NOERROR, true, answer, List.of(), chosen);
                }
                zone = next;
                name = target;
                continue;
            }
            if (qtype == Type.ANY) {
                for (List<Record> set : node.values()) {
                    addAll(answer, set, name);
                }
                return new DnsAnswer(Rcode.NOERROR, true, answer, List.of(), chosen);
            }
            List<Record> set = node.get(qtype);
            if (set == null) {
                return new DnsAnswer(Rcode.NOERROR, true, answer, List.of(zone.negativeSoa()), chosen);
            }
            RecordChoice choice = random == null ? null : zone.choice(owner, qtype);
            addAll(answer, choice == null ? set : choice.pick(random), name);
            return new DnsAnswer(Rcode.NOERROR, true, answer, List.of(), chosen || choice != null);
        }
    }

    /** {@code *.<closest encloser>} of a name that does not exist in {@code zone}. */
    private static Name wildcardFor(Zone zone, Name name) {
        Name encloser = name;
        while (!zone.exists(encloser)) {
            encloser = new Name(encloser, 1);
        }
        try {
            return Name.concatenate(WILDCARD_LABEL, encloser);
        } catch (org.xbill.DNS.NameTooLongException e) {
            return encloser; // *.<encloser> is too long to exist: look at the encloser, which has no such set
        }
    }

    /** Adds {@code set} owned by {@code owner} as the question spelled it (case, or a wildcard's expansion). */
    private static void addAll(List<Record> answer, List<Record> set, Name owner) {
        for (Record r : set) {
            answer.add(r.getName() == owner ? r : r.withName(owner));
        }
    }

    private static Name wildcardLabel() {
        try {
            return Name.fromString("*");
        } catch (TextParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
