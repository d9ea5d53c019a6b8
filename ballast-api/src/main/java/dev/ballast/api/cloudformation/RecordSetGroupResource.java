package dev.ballast.api.cloudformation;

import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.route53.RecordSetChange;
import dev.ballast.core.dns.ResourceRecordSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::Route53::RecordSetGroup} on ChangeResourceRecordSets' command, all its record sets in one batch; an
 * update upserts the sets it has and deletes those it no longer has; another zone replaces it.
 *
 * <p>Thread-safe (the commands are).
 */
final class RecordSetGroupResource implements ResourceProvisioner {
    private final RecordSets recordSets;

    RecordSetGroupResource(RecordSets recordSets) {
        this.recordSets = recordSets;
    }

    @Override
    public Set<String> properties() {
        return Set.of("HostedZoneId", "HostedZoneName", "RecordSets", "Comment");
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("HostedZoneId", "HostedZoneName");
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        List<RecordSetChange> changes = new ArrayList<>();
        sets(request.properties()).forEach(s -> changes.add(new RecordSetChange("CREATE", s)));
        recordSets.change(recordSets.zoneId(request.properties()), changes);
        return new Provisioned(request.generatedName(64, "[^A-Za-z0-9-]"), Map.of());
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        List<ResourceRecordSet> wanted = sets(request.properties());
        List<RecordSetChange> changes = new ArrayList<>();
        for (ResourceRecordSet old : sets(current.properties())) {
            if (wanted.stream().noneMatch(w -> sameKey(w, old))) {
                changes.add(new RecordSetChange("DELETE", old));
            }
        }
        wanted.forEach(s -> changes.add(new RecordSetChange("UPSERT", s)));
        recordSets.change(recordSets.zoneId(request.properties()), changes);
        return new Provisioned(current.physicalId(), Map.of());
    }

    @Override
    public void delete(StackResourceEntry current) {
        String zoneId = recordSets.zoneId(current.properties());
        if (recordSets.zoneExists(zoneId)) {
            List<RecordSetChange> changes = new ArrayList<>();
            sets(current.properties()).forEach(s -> changes.add(new RecordSetChange("DELETE", s)));
            recordSets.change(zoneId, changes);
        }
    }

    private static List<ResourceRecordSet> sets(Map<String, Object> properties) {
        List<ResourceRecordSet> out = new ArrayList<>();
        new ResourceProperties(properties).objects("RecordSets").forEach(s -> out.add(RecordSets.recordSet(s)));
        return out;
    }

    private static boolean sameKey(ResourceRecordSet a, ResourceRecordSet b) {
        return a.name().equalsIgnoreCase(b.name()) && a.type().equals(b.type())
                && java.util.Objects.equals(a.setIdentifier(), b.setIdentifier());
    }
}
