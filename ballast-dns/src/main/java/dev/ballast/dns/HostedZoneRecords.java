package dev.ballast.dns;

import dev.ballast.core.dns.HostedZone;
import dev.ballast.core.dns.ResourceRecordSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * format (as the API checked them). Of record sets that share a name and type by set identifier, a multivalue answer
 * serves all of them, a weighted one the sets with a weight above 0 (all when every weight is 0). Alias record sets
 * are left for {@link #aliases}, which resolves them once every zone is known. Of two zones with one name, a private
 * one is served (the first created).
 *
 * <p>Thread-safe (stateless).
 */
final class HostedZoneRecords {
    private static final Logger LOG = LoggerFactory.getLogger(HostedZoneRecords.class);
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

    /** The zones' builders, holding every record set but the aliases. */
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
            for (ResourceRecordSet set : served(zone.recordSets())) {
                if (set.aliasTarget() == null && !set.type().equals("SOA")) {
                    records(set).forEach(builder::add);
                }
            }
            zones.put(zone.id(), builder);
        }
        return zones;
    }

    /**
     * Adds the records of every alias record set, copied from its target's answer in {@code table} (a load
     * balancer's addresses, or another record set), with the target's TTL as on Route 53.
     */
    void aliases(List<HostedZone> hostedZones, Map<String, Zone.Builder> zones, ZoneTable table) {
        for (HostedZone zone : hostedZones) {
            Zone.Builder builder = zones.get(zone.id());
            if (builder == null) {
                continue;
            }
            for (ResourceRecordSet set : served(zone.recordSets())) {
                Name target = set.aliasTarget() == null ? null : name(set.aliasTarget().dnsName());
                Name owner = name(set.name());
                if (target == null || owner == null) {
                    continue;
                }
                int type = Type.value(set.type());
                for (Record r : table.answer(target, type).answer()) {
                    if (r.getType() == type) {
                        builder.add(r.withName(owner));
                    }
                }
            }
        }
    }

    /** The record sets that answer: simple ones, and of routed ones those with weight (see the class comment). */
    private static List<ResourceRecordSet> served(List<ResourceRecordSet> sets) {
        Set<String> weightedKeys = new HashSet<>();
        Set<String> anyPositive = new HashSet<>();
        for (ResourceRecordSet set : sets) {
            if (set.weight() != null) {
                weightedKeys.add(set.name() + " " + set.type());
                if (set.weight() > 0) {
                    anyPositive.add(set.name() + " " + set.type());
                }
            }
        }
        List<ResourceRecordSet> out = new ArrayList<>();
        for (ResourceRecordSet set : sets) {
            String key = set.name() + " " + set.type();
            if (!weightedKeys.contains(key) || set.weight() > 0 || !anyPositive.contains(key)) {
                out.add(set);
            }
        }
        return out;
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
