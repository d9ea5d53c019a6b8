package dev.ballast.dns;

import dev.ballast.core.dns.HostedZone;
import dev.ballast.core.dns.ResourceRecordSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Compiles Route 53 hosted zones into zones the DNS serves. Record values are parsed from their presentation
 * format (as the API checked them). Record sets that share a name and type by set identifier are routed
 * ({@link RoutedRecordSets}): each query gets one weighted set, or up to eight multivalue records, of the healthy
 * ones. Alias record sets, and routed groups holding one, are left for {@link #aliases}, which resolves them once
 * every other record is known. Of two zones with one name, a private one is served (the first created).
 *
 * <p>Thread-safe (stateless).
 */
final class HostedZoneRecords {
    private static final Logger LOG = LoggerFactory.getLogger(HostedZoneRecords.class);
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

    /** The zones' builders, holding every record set but the aliases and the routed groups with an alias. */
    Map<String, Zone.Builder> zones(List<HostedZone> hostedZones) {
        Map<String, Zone.Builder> zones = new LinkedHashMap<>();
        List<HostedZone> privateFirst = hostedZones.stream()
                .sorted(Comparator.comparing((HostedZone z) -> !z.privateZone())).toList();
        for (HostedZone zone : privateFirst) {
            Name origin = name(zone.name());
            if (origin == null || zones.values().stream().anyMatch(b -> b.origin().equals(origin))) {
                continue;
            }
            SOARecord soa = soa(zone, origin);
            if (soa == null) {
                continue;
            }
            Zone.Builder builder = new Zone.Builder(soa);
            for (List<ResourceRecordSet> group : groups(zone.recordSets())) {
                if (group.stream().noneMatch(set -> set.aliasTarget() != null) && !group.get(0).type().equals("SOA")) {
                    add(group, HostedZoneRecords::records, set -> true, builder);
                }
            }
            zones.put(zone.id(), builder);
        }
        return zones;
    }

    /**
     * Adds the record sets left out by {@link #zones}: an alias answers its target's records in {@code table} (a
     * load balancer's addresses, or another record set), with the target's TTL as on Route 53; in a routed group, an
     * alias that evaluates target health is left out of the answer while {@code health} says its load balancer (or
     * every record set it points to) is unhealthy.
     */
    void aliases(List<HostedZone> hostedZones, Map<String, Zone.Builder> zones, ZoneTable table,
                 LoadBalancerHealth health) {
        AliasHealth aliasHealth = new AliasHealth(hostedZones, health);
        for (HostedZone zone : hostedZones) {
            Zone.Builder builder = zones.get(zone.id());
            if (builder == null) {
                continue;
            }
            for (List<ResourceRecordSet> group : groups(zone.recordSets())) {
                if (group.stream().anyMatch(set -> set.aliasTarget() != null)) {
                    add(group, set -> set.aliasTarget() == null ? records(set) : aliasRecords(set, table),
                            aliasHealth::healthy, builder);
                }
            }
        }
    }

    /** Adds one name and type's record sets: a simple set as it is, a routed group as its routing says. */
    private static void add(List<ResourceRecordSet> group, Function<ResourceRecordSet, List<Record>> records,
                            Predicate<ResourceRecordSet> healthy, Zone.Builder builder) {
        if (group.size() == 1 && group.get(0).setIdentifier() == null) {
            records.apply(group.get(0)).forEach(builder::add);
            return;
        }
        List<RoutedRecordSets.Member> members = new ArrayList<>();
        for (ResourceRecordSet set : group) {
            members.add(new RoutedRecordSets.Member(set.weight(), records.apply(set), healthy.test(set)));
        }
        RoutedRecordSets.addTo(builder, group.get(0).weight() != null, members);
    }

    /** The records of an alias: its target's, owned by the alias's name. */
    private static List<Record> aliasRecords(ResourceRecordSet set, ZoneTable table) {
        Name target = name(set.aliasTarget().dnsName());
        Name owner = name(set.name());
        if (target == null || owner == null) {
            return List.of();
        }
        int type = Type.value(set.type());
        List<Record> out = new ArrayList<>();
        for (Record r : table.answer(target, type).answer()) {
            if (r.getType() == type) {
                out.add(r.withName(owner));
            }
        }
        return out;
    }

    /** The record sets grouped by name and type, in their order. */
    private static Collection<List<ResourceRecordSet>> groups(List<ResourceRecordSet> sets) {
        Map<String, List<ResourceRecordSet>> groups = new LinkedHashMap<>();
        for (ResourceRecordSet set : sets) {
            groups.computeIfAbsent(set.name() + " " + set.type(), k -> new ArrayList<>()).add(set);
        }
        return groups.values();
    }

    private static List<Record> records(ResourceRecordSet set) {
        List<Record> out = new ArrayList<>();
        Name owner = name(set.name());
        if (owner == null) {
            return out;
        }
        for (String value : set.values()) {
            try {
                out.add(Record.fromString(owner, Type.value(set.type()), DClass.IN, set.ttl(), value, Name.root));
            } catch (Exception e) {
                // The API checked every value; one stored otherwise is skipped, not served half-parsed.
                LOG.warn("record {} {} value '{}' is not valid record data: {}", set.name(), set.type(), value,
                        e.getMessage());
            }
        }
        return out;
    }

    private static SOARecord soa(HostedZone zone, Name origin) {
        for (ResourceRecordSet set : zone.recordSets()) {
            if (set.type().equals("SOA") && !set.values().isEmpty() && name(set.name()) != null
                    && name(set.name()).equals(origin)) {
                List<Record> parsed = records(set);
                if (!parsed.isEmpty()) {
                    return (SOARecord) parsed.get(0);
                }
            }
        }
        LOG.warn("hosted zone {} ({}) has no valid SOA record and is not served", zone.id(), zone.name());
        return null;
    }

    /** The name of a Route 53 record set, whose {@code \ooo} escapes are octal (DNS's {@code \DDD} are decimal). */
    static Name name(String text) {
        if (text == null) {
            return null;
        }
        Matcher escape = OCTAL_ESCAPE.matcher(text);
        StringBuilder decimal = new StringBuilder();
        while (escape.find()) {
            escape.appendReplacement(decimal, Matcher.quoteReplacement(
                    String.format("\\%03d", Integer.parseInt(escape.group(1), 8))));
        }
        escape.appendTail(decimal);
        return LoadBalancerZones.nameOf(decimal.toString());
    }
}
