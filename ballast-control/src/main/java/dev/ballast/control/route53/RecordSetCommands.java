package dev.ballast.control.route53;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.dns.AliasTarget;
import dev.ballast.core.dns.ResourceRecordSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * ChangeResourceRecordSets (an atomic batch of CREATE, DELETE and UPSERT) and ListResourceRecordSets (Route 53's
 * order: name with labels reversed, then type, then set identifier; paged by name, type and identifier).
 *
 * <p>Thread-safe: writes go through the single {@link Route53Writer}; reads use its latest state.
 */
public final class RecordSetCommands {
    /** ListResourceRecordSets' default and largest page. */
    public static final int MAX_ITEMS = 300;
    private static final Set<String> ACTIONS = Set.of("CREATE", "DELETE", "UPSERT");
    private static final Comparator<ResourceRecordSet> ORDER = Comparator
            .comparing((ResourceRecordSet s) -> DnsNames.sortKey(s.name()))
            .thenComparing(ResourceRecordSet::type)
            .thenComparing(s -> s.setIdentifier() == null ? "" : s.setIdentifier());

    private final Route53Writer writer;
    private final Clock clock;
    private final Route53Ids ids;
    private final LoadBalancerNames loadBalancers;

    /** Commands writing through {@code writer}; aliases may target the names {@code loadBalancers} knows. */
    public RecordSetCommands(Route53Writer writer, Clock clock, RandomGenerator random,
                             LoadBalancerNames loadBalancers) {
        this.writer = writer;
        this.clock = clock;
        this.ids = new Route53Ids(random);
        this.loadBalancers = loadBalancers;
    }

    /** One page of ListResourceRecordSets; the next fields are null when not truncated. */
    public record Page(List<ResourceRecordSet> recordSets, boolean truncated, String nextName, String nextType,
                       String nextIdentifier, int maxItems) {}

    /**
     * Applies {@code changes} to zone {@code zoneId} all or nothing.
     *
     * @throws AwsException NoSuchHostedZone, InvalidInput (a malformed change), InvalidChangeBatch (a change that
     *     cannot be applied); nothing changed
     */
    public Route53Change change(String zoneId, String comment, List<RecordSetChange> changes) {
        if (changes.isEmpty()) {
            throw new AwsException(AwsError.INVALID_INPUT, "ChangeBatch.Changes: (none) (expected: 1 or more "
                    + "changes)");
        }
        List<RecordSetChange> normalized = new ArrayList<>();
        for (RecordSetChange change : changes) {
            normalized.add(normalize(change));
        }
        return writer.write(d -> {
            HostedZoneEntry zone = d.zones.get(HostedZoneCommands.bareId(zoneId));
            if (zone == null) {
                throw HostedZoneCommands.noSuchZone(zoneId);
            }
            List<ResourceRecordSet> next = new RecordSetBatch(zone, d.zones, loadBalancers).apply(normalized);
            d.zones.put(zone.id(), zone.withRecordSets(next));
            Route53Change change = new Route53Change(ids.change(), clock.millis(), comment);
            d.record(change);
            return change;
        });
    }

    /**
     * The record sets of zone {@code zoneId} from the first at or after {@code startName} (and {@code startType},
     * {@code startIdentifier}), at most {@code maxItems}.
     */
    public Page list(String zoneId, String startName, String startType, String startIdentifier, Integer maxItems) {
        HostedZoneEntry zone = writer.state().zones().get(HostedZoneCommands.bareId(zoneId));
        if (zone == null) {
            throw HostedZoneCommands.noSuchZone(zoneId);
        }
        if (startType != null && startName == null) {
            throw new AwsException(AwsError.INVALID_INPUT, "type: " + startType + " (expected: only together with "
                    + "name)");
        }
        int limit = maxItems == null ? MAX_ITEMS : maxItems;
        if (limit < 1) {
            throw new AwsException(AwsError.INVALID_INPUT, "maxitems: " + limit + " (expected: 1 or more)");
        }
        limit = Math.min(limit, MAX_ITEMS);
        List<ResourceRecordSet> sorted = zone.recordSets().stream().sorted(ORDER).toList();
        int from = 0;
        if (startName != null) {
            String startKey = DnsNames.sortKey(normalizedName(startName));
            while (from < sorted.size() && before(sorted.get(from), startKey, startType, startIdentifier)) {
                from++;
            }
        }
        int to = Math.min(sorted.size(), from + limit);
        List<ResourceRecordSet> page = sorted.subList(from, to);
        if (to == sorted.size()) {
            return new Page(page, false, null, null, null, limit);
        }
        ResourceRecordSet next = sorted.get(to);
        return new Page(page, true, next.name(), next.type(), next.setIdentifier(), limit);
    }

    private static boolean before(ResourceRecordSet set, String startKey, String startType, String startId) {
        int byName = DnsNames.sortKey(set.name()).compareTo(startKey);
        if (byName != 0 || startType == null) {
            return byName < 0;
        }
        int byType = set.type().compareTo(startType);
        if (byType != 0 || startId == null) {
            return byType < 0;
        }
        return (set.setIdentifier() == null ? "" : set.setIdentifier()).compareTo(startId) < 0;
    }

    /** The change with its name normalized, checked for what Route 53 answers with InvalidInput. */
    private static RecordSetChange normalize(RecordSetChange change) {
        ResourceRecordSet set = change.recordSet();
        String where = "in Change with [Action=" + change.action() + ", Name=" + set.name() + ", Type="
                + set.type() + ", SetIdentifier=" + set.setIdentifier() + "]";
        if (change.action() == null || !ACTIONS.contains(change.action())) {
            throw new AwsException(AwsError.INVALID_INPUT, "Action: " + change.action() + " (expected: CREATE, "
                    + "DELETE or UPSERT)");
        }
        if (set.type() == null || !RecordValues.TYPES.contains(set.type())) {
            throw new AwsException(AwsError.INVALID_INPUT, "Type: " + set.type() + " (expected: one of "
                    + RecordValues.TYPES.stream().sorted().toList() + ")");
        }
        if (set.name() == null) {
            throw new AwsException(AwsError.INVALID_INPUT, "Name: (none) (expected: a domain name)");
        }
        boolean alias = set.aliasTarget() != null;
        boolean plain = set.ttl() != null && !set.values().isEmpty();
        if (alias ? set.ttl() != null || !set.values().isEmpty() : !plain) {
            throw new AwsException(AwsError.INVALID_INPUT, "Invalid request: Expected exactly one of "
                    + "[AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found "
                    + (alias ? "more than one" : "none") + " " + where);
        }
        if (set.ttl() != null && (set.ttl() < 0 || set.ttl() > Integer.MAX_VALUE)) {
            throw new AwsException(AwsError.INVALID_INPUT, "TTL: " + set.ttl() + " (expected: 0-2147483647)");
        }
        boolean routed = set.weight() != null || set.multiValueAnswer() != null;
        if (routed != (set.setIdentifier() != null)) {
            throw new AwsException(AwsError.INVALID_INPUT, routed
                    ? "Invalid request: Missing field 'SetIdentifier' " + where
                    : "Invalid request: Expected exactly one of [Weight, Region, Failover, GeoLocation, "
                            + "MultiValueAnswer, GeoProximityLocation, or CidrRoutingConfig], but found none " + where);
        }
        if (set.weight() != null && (set.weight() < 0 || set.weight() > 255)) {
            throw new AwsException(AwsError.INVALID_INPUT, "Weight: " + set.weight() + " (expected: 0-255)");
        }
        String name;
        try {
            name = DnsNames.normalize(set.name());
        } catch (IllegalArgumentException e) {
            throw new AwsException(AwsError.INVALID_CHANGE_BATCH, "[FATAL problem: InvalidDomainName ("
                    + e.getMessage() + ") encountered with '" + set.name() + "']");
        }
        AliasTarget target = set.aliasTarget();
        if (alias) {
            if (target.dnsName() == null || target.hostedZoneId() == null) {
                throw new AwsException(AwsError.INVALID_INPUT, "AliasTarget: " + target + " (expected: HostedZoneId, "
                        + "DNSName and EvaluateTargetHealth)");
            }
            target = new AliasTarget(HostedZoneCommands.bareId(target.hostedZoneId()),
                    normalizedName(target.dnsName()), target.evaluateTargetHealth());
        }
        return new RecordSetChange(change.action(), new ResourceRecordSet(name, set.type(), set.ttl(),
                set.values().stream().map(String::trim).toList(), target, set.setIdentifier(), set.weight(),
                set.multiValueAnswer()));
    }

    private static String normalizedName(String name) {
        try {
            return DnsNames.normalize(name);
        } catch (IllegalArgumentException e) {
            throw new AwsException(AwsError.INVALID_INPUT, "name: " + name + " (expected: a domain name; "
                    + e.getMessage() + ")");
        }
    }
}
