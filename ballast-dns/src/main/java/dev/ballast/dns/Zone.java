package dev.ballast.dns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One compiled zone: its apex, its SOA, and its record sets by owner name and type. Owner names compare without
 * regard to case (dnsjava's {@link Name} does). The names that exist include the empty non-terminals between the
 * apex and each owner name, so that a name with records only below it is NODATA, not NXDOMAIN.
 *
 * <p>Thread-safe (immutable once built by {@link Builder}).
 */
public final class Zone {
    private final Name origin;
    private final SOARecord soa;
    private final Map<Name, Map<Integer, List<Record>>> nodes;
    private final Set<Name> names;
    private final Map<Name, Map<Integer, RecordChoice>> choices;

    private Zone(Name origin, SOARecord soa, Map<Name, Map<Integer, List<Record>>> nodes, Set<Name> names,
                 Map<Name, Map<Integer, RecordChoice>> choices) {
        this.origin = origin;
        this.soa = soa;
        this.nodes = nodes;
        this.names = names;
        this.choices = choices;
    }

    /** The zone's apex. */
    public Name origin() {
        return origin;
    }

    /** The zone's SOA record. */
    public SOARecord soa() {
        return soa;
    }

    /** The SOA for a negative answer's authority section: its TTL is the lower of its own and its minimum. */
    public SOARecord negativeSoa() {
        long ttl = Math.min(soa.getTTL(), soa.getMinimum());
        return new SOARecord(soa.getName(), soa.getDClass(), ttl, soa.getHost(), soa.getAdmin(), soa.getSerial(),
                soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
    }

    /** The record sets at {@code name} by type, or null when no records are owned by it. */
    public Map<Integer, List<Record>> node(Name name) {
        return nodes.get(name);
    }

    /**
     * How a query picks its records of {@code name} and {@code type}, or null when every query gets the whole set
     * {@link #node} holds (the set then holds every record a choice may give).
     */
    RecordChoice choice(Name name, int type) {
        Map<Integer, RecordChoice> byType = choices.get(name);
        return byType == null ? null : byType.get(type);
    }

    /** True when {@code name} owns records or has names with records below it. */
    public boolean exists(Name name) {
        return names.contains(name);
    }

    /** True when {@code name} is the apex or below it. */
    public boolean contains(Name name) {
        return name.subdomain(origin);
    }

    /** Collects a zone's records; {@link #build} freezes them. Not thread-safe. */
    public static final class Builder {
        private final Name origin;
        private final SOARecord soa;
        private final Map<Name, Map<Integer, List<Record>>> nodes = new HashMap<>();
        private final Map<Name, Map<Integer, RecordChoice>> choices = new HashMap<>();

        /** A zone at {@code soa}'s owner name. */
        public Builder(SOARecord soa) {
            this.origin = soa.getName();
            this.soa = soa;
            add(soa);
        }

        /** The apex of the zone being built. */
        public Name origin() {
            return origin;
        }

        /** Adds {@code record} to the set of its name and type; records outside the zone are ignored. */
        public Builder add(Record record) {
            if (!record.getName().subdomain(origin)) {
                return this;
            }
            nodes.computeIfAbsent(record.getName(), n -> new LinkedHashMap<>())
                    .computeIfAbsent(record.getType(), t -> new ArrayList<>())
                    .add(record);
            return this;
        }

        /**
         * Adds {@code records} (all of one name and type) as a set each query picks from with {@code choice}, which
         * gives some of them; records outside the zone are ignored.
         */
        Builder addChosen(List<Record> records, RecordChoice choice) {
            if (records.isEmpty() || !records.get(0).getName().subdomain(origin)) {
                return this;
            }
            records.forEach(this::add);
            Record first = records.get(0);
            choices.computeIfAbsent(first.getName(), n -> new HashMap<>()).put(first.getType(), choice);
            return this;
        }

        /** True when {@code name} already has records of {@code type}. */
        public boolean has(Name name, int type) {
            Map<Integer, List<Record>> node = nodes.get(name);
            return node != null && node.containsKey(type);
        }

        /** The immutable zone. */
        public Zone build() {
            Map<Name, Map<Integer, List<Record>>> frozen = new HashMap<>();
            Set<Name> names = new HashSet<>();
            nodes.forEach((name, byType) -> {
                Map<Integer, List<Record>> sets = new LinkedHashMap<>();
                byType.forEach((type, records) -> sets.put(type, List.copyOf(records)));
                frozen.put(name, Collections.unmodifiableMap(sets));
                for (Name n = name; n.subdomain(origin); n = parent(n)) {
                    if (!names.add(n) || n.equals(origin)) {
                        break;
                    }
                }
            });
            names.add(origin);
            Map<Name, Map<Integer, RecordChoice>> frozenChoices = new HashMap<>();
            choices.forEach((name, byType) -> frozenChoices.put(name, Map.copyOf(byType)));
            return new Zone(origin, soa, Collections.unmodifiableMap(frozen), Collections.unmodifiableSet(names),
                    Collections.unmodifiableMap(frozenChoices));
        }

        private static Name parent(Name name) {
            return new Name(name, 1);
        }
    }

    /** Whether {@code type} is a query type that asks for every record set of a name. */
    static boolean isAny(int type) {
        return type == Type.ANY;
    }
}
