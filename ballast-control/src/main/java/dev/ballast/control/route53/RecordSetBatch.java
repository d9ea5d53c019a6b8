package dev.ballast.control.route53;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.dns.AliasTarget;
import dev.ballast.core.dns.ResourceRecordSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a change batch to a hosted zone's record sets all or nothing, as Route 53 does: every change is checked
 * against the zone as the earlier changes of the batch left it, and if any fails, InvalidChangeBatch lists every
 * problem (in Route 53's words) and nothing is applied.
 *
 * <p>Not thread-safe: one per batch, used by the writer's thread.
 */
final class RecordSetBatch {
    private final HostedZoneEntry zone;
    private final Map<String, HostedZoneEntry> zones;
    private final LoadBalancerNames loadBalancers;
    private final List<ResourceRecordSet> sets;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param zones every hosted zone (for aliases to record sets of a hosted zone)
     */
    RecordSetBatch(HostedZoneEntry zone, Map<String, HostedZoneEntry> zones, LoadBalancerNames loadBalancers) {
        this.zone = zone;
        this.zones = zones;
        this.loadBalancers = loadBalancers;
        this.sets = new ArrayList<>(zone.recordSets());
    }

    /**
     * The zone's record sets after {@code changes} (already normalized and checked on their own).
     *
     * @throws AwsException InvalidChangeBatch naming every problem; nothing applied
     */
    List<ResourceRecordSet> apply(List<RecordSetChange> changes) {
        Set<String> keys = new HashSet<>();
        for (RecordSetChange change : changes) {
            ResourceRecordSet set = change.recordSet();
            if (!keys.add(set.type() + " " + set.name() + " " + set.setIdentifier())) {
                problems.add("The request contains an invalid set of changes for a resource record set '"
                        + set.type() + " " + set.name() + "'");
                continue;
            }
            if (!DnsNames.within(set.name(), zone.name())) {
                problems.add("RRSet with DNS name " + set.name() + " is not permitted in zone " + zone.name());
                continue;
            }
            problems.addAll(RecordValues.problems(set.name(), set.type(), set.values()));
            if (set.aliasTarget() != null) {
                checkAlias(set);
            }
            applyOne(change.action(), set);
        }
        checkConflicts();
        if (!problems.isEmpty()) {
            throw new AwsException(AwsError.INVALID_CHANGE_BATCH, problems.toString());
        }
        return List.copyOf(sets);
    }

    private void applyOne(String action, ResourceRecordSet set) {
        int index = indexOf(set);
        String what = "resource record set [name='" + set.name() + "', type='" + set.type() + "'"
                + (set.setIdentifier() == null ? "" : ", set-identifier='" + set.setIdentifier() + "'") + "]";
        switch (action) {
            case "CREATE" -> {
                if (index >= 0) {
                    problems.add("Tried to create " + what + " but it already exists");
                } else {
                    sets.add(set);
                }
            }
            case "DELETE" -> {
                if (index < 0) {
                    problems.add("Tried to delete " + what + " but it was not found");
                } else if (!sameContent(sets.get(index), set)) {
                    problems.add("Tried to delete " + what + " but the values provided do not match the current "
                            + "values");
                } else if (set.name().equals(zone.name()) && set.type().equals("NS")) {
                    problems.add("A HostedZone must contain at least one NS record for the zone itself.");
                } else if (set.name().equals(zone.name()) && set.type().equals("SOA")) {
                    problems.add("A HostedZone must contain exactly one SOA record.");
                } else {
                    sets.remove(index);
                }
            }
            default -> { // UPSERT (the action was checked when the request was read)
                if (index >= 0) {
                    sets.set(index, set);
                } else {
                    sets.add(set);
                }
            }
        }
    }

    private void checkAlias(ResourceRecordSet set) {
        AliasTarget alias = set.aliasTarget();
        HostedZoneEntry target = zones.get(alias.hostedZoneId());
        String tried = "Tried to create an alias that targets " + alias.dnsName() + ", type " + set.type()
                + " in zone " + alias.hostedZoneId();
        if (target == null) {
            if (!loadBalancers.exists(alias.dnsName())) {
                problems.add(tried + ", but that target was not found");
            }
            return;
        }
        if (!DnsNames.within(alias.dnsName(), target.name())) {
            problems.add(tried + ", but the alias target name does not lie within the target zone");
            return;
        }
        List<ResourceRecordSet> in = target == zone ? sets : target.recordSets();
        boolean found = in.stream().anyMatch(s -> s.name().equals(alias.dnsName())
                && (s.type().equals(set.type()) || s.type().equals("CNAME")));
        if (!found) {
            problems.add(tried + ", but that target was not found");
        }
    }

    /** CNAME beside other types at one name, CNAME at the apex, and simple beside routed sets of one name and type. */
    private void checkConflicts() {
        Map<String, Set<String>> typesByName = new HashMap<>();
        Map<String, Set<Boolean>> routedByKey = new HashMap<>();
        for (ResourceRecordSet set : sets) {
            typesByName.computeIfAbsent(set.name(), n -> new HashSet<>()).add(set.type());
            routedByKey.computeIfAbsent(set.name() + " " + set.type(), k -> new HashSet<>())
                    .add(set.setIdentifier() != null);
        }
        typesByName.forEach((name, types) -> {
            if (types.contains("CNAME") && name.equals(zone.name())) {
                problems.add("RRSet of type CNAME with DNS name " + name + " is not permitted at apex in zone "
                        + zone.name());
            } else if (types.contains("CNAME") && types.size() > 1) {
                problems.add("RRSet of type CNAME with DNS name " + name + " is not permitted as it conflicts with "
                        + "other records with the same DNS name in zone " + zone.name());
            }
        });
        routedByKey.forEach((key, routed) -> {
            if (routed.size() > 1) {
                String[] nameType = key.split(" ");
                problems.add("RRSet with DNS name " + nameType[0] + ", type " + nameType[1] + " cannot be created "
                        + "as a non-weighted set exists with the same name and type.");
            }
        });
    }

    private int indexOf(ResourceRecordSet set) {
        for (int i = 0; i < sets.size(); i++) {
            if (sets.get(i).sameKey(set)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean sameContent(ResourceRecordSet a, ResourceRecordSet b) {
        return Objects.equals(a.ttl(), b.ttl()) && new HashSet<>(a.values()).equals(new HashSet<>(b.values()))
                && Objects.equals(a.aliasTarget(), b.aliasTarget()) && Objects.equals(a.weight(), b.weight())
                && Objects.equals(a.multiValueAnswer(), b.multiValueAnswer());
    }
}
