package dev.ballast.control.route53;

import dev.ballast.control.cloudmap.CloudMapCodec;
import dev.ballast.control.store.JsonRecords;
import dev.ballast.control.store.KeyedDiff;
import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.StoreContents;
import dev.ballast.control.store.StoreRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps {@link Route53State} to store records (one JSON record per hosted zone, keyed by id, with its record sets and
 * tags; one per change, keyed by id; the Cloud Map resources through {@link CloudMapCodec}) and back, and computes the mutations between two states.
 *
 * <p>Thread-safe (the mapper is configured once).
 */
final class Route53Codec {
    /** The key prefix of every Route 53 record. */
    static final String ALL = "route53/";
    private static final String ZONES = "route53/zones/";
    private static final String CHANGES = "route53/changes/";

    private final JsonRecords json = new JsonRecords("Route 53");
    private final CloudMapCodec cloudMap = new CloudMapCodec();

    /** The state stored in {@code contents}, zones and changes in creation order. */
    Route53State decode(StoreContents contents) {
        List<HostedZoneEntry> zones = new ArrayList<>();
        List<Route53Change> changes = new ArrayList<>();
        List<StoreRecord> cloudMapRecords = new ArrayList<>();
        for (StoreRecord record : contents.records()) {
            if (record.key().startsWith(CloudMapCodec.PREFIX)) {
                cloudMapRecords.add(record);
            } else if (record.key().startsWith(CHANGES)) {
                changes.add(read(record, Route53Change.class));
            } else {
                zones.add(read(record, HostedZoneEntry.class));
            }
        }
        zones.sort(Comparator.comparingLong(HostedZoneEntry::createdAt).thenComparing(HostedZoneEntry::id));
        changes.sort(Comparator.comparingLong(Route53Change::submittedAt).thenComparing(Route53Change::id));
        Map<String, HostedZoneEntry> zonesById = new LinkedHashMap<>();
        zones.forEach(z -> zonesById.put(z.id(), z));
        Map<String, Route53Change> changesById = new LinkedHashMap<>();
        changes.forEach(c -> changesById.put(c.id(), c));
        return new Route53State(contents.revision(), zonesById, changesById,
                cloudMap.decode(cloudMapRecords));
    }

    /** The puts and deletes that turn {@code from} into {@code to}. */
    List<Mutation> diff(Route53State from, Route53State to) {
        List<Mutation> out = new ArrayList<>(KeyedDiff.between(ZONES, from.zones(), to.zones(), this::encode));
        out.addAll(KeyedDiff.between(CHANGES, from.changes(), to.changes(), this::encode));
        out.addAll(cloudMap.diff(from.cloudMap(), to.cloudMap()));
        return out;
    }

    private <T> T read(StoreRecord record, Class<T> type) {
        return json.read(record, type);
    }

    private String encode(Object value) {
        return json.encode(value);
    }
}
