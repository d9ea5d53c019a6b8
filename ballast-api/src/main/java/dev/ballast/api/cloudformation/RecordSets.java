package dev.ballast.api.cloudformation;

import dev.ballast.control.cloudformation.template.Values;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.route53.DnsNames;
import dev.ballast.control.route53.HostedZoneCommands;
import dev.ballast.control.route53.HostedZoneEntry;
import dev.ballast.control.route53.RecordSetChange;
import dev.ballast.control.route53.RecordSetCommands;
import dev.ballast.core.dns.AliasTarget;
import dev.ballast.core.dns.ResourceRecordSet;
import java.util.List;
import java.util.Map;

/**
 * The record sets of {@code AWS::Route53::RecordSet} and {@code RecordSetGroup} properties, changed through
 * ChangeResourceRecordSets' command; the zone is given by id or by name.
 *
 * <p>Thread-safe (the commands are).
 */
final class RecordSets {
    private final HostedZoneCommands zones;
    private final RecordSetCommands recordSets;

    RecordSets(HostedZoneCommands zones, RecordSetCommands recordSets) {
        this.zones = zones;
        this.recordSets = recordSets;
    }

    /** The zone id that {@code properties} names by HostedZoneId or HostedZoneName. */
    String zoneId(Map<String, Object> properties) {
        ResourceProperties p = new ResourceProperties(properties);
        String id = p.string("HostedZoneId");
        if (id != null) {
            return id;
        }
        String name = p.string("HostedZoneName");
        if (name == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "HostedZoneId: missing (expected: HostedZoneId or "
                    + "HostedZoneName)");
        }
        String wanted = DnsNames.normalize(name);
        return zones.list().stream().filter(z -> z.name().equals(wanted)).map(HostedZoneEntry::id).findFirst()
                .orElseThrow(() -> new AwsException(AwsError.VALIDATION_ERROR, "HostedZoneName: " + name
                        + " (expected: the name of an existing hosted zone)"));
    }

    /** The record set {@code set} describes (RecordSet's properties, or one member of RecordSetGroup's list). */
    static ResourceRecordSet recordSet(Map<String, Object> set) {
        ResourceProperties p = new ResourceProperties(set);
        Map<String, Object> alias = Values.asMap(set.get("AliasTarget"));
        AliasTarget target = alias == null ? null : new AliasTarget(text(alias.get("HostedZoneId")),
                text(alias.get("DNSName")), "true".equals(text(alias.get("EvaluateTargetHealth"))));
        Integer ttl = p.integer("TTL");
        Integer weight = p.integer("Weight");
        String multi = p.string("MultiValueAnswer");
        List<String> values = p.strings("ResourceRecords");
        return new ResourceRecordSet(p.required("Name"), p.required("Type"), ttl == null ? null : ttl.longValue(),
                values, target, p.string("SetIdentifier"), weight == null ? null : weight.longValue(),
                multi == null ? null : Boolean.parseBoolean(multi));
    }

    /** Applies {@code changes} to zone {@code zoneId}. */
    void change(String zoneId, List<RecordSetChange> changes) {
        if (!changes.isEmpty()) {
            recordSets.change(zoneId, "AWS CloudFormation", changes);
        }
    }

    /** Whether zone {@code zoneId} still exists (a record set of a deleted zone is gone with it). */
    boolean zoneExists(String zoneId) {
        String bare = zoneId.substring(zoneId.lastIndexOf('/') + 1);
        return zones.list().stream().anyMatch(z -> z.id().equals(bare));
    }

    private static String text(Object value) {
        return value == null ? null : Values.scalar(value);
    }
}
