package dev.ballast.api.cloudformation;

import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.route53.RecordSetChange;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::Route53::RecordSet} on ChangeResourceRecordSets' command: Ref is the record's name; zone, name,
 * type and set identifier replace it, values, TTL, alias and weight change in place (UPSERT).
 *
 * <p>Thread-safe (the commands are).
 */
final class RecordSetResource implements ResourceProvisioner {
    private final RecordSets recordSets;

    RecordSetResource(RecordSets recordSets) {
        this.recordSets = recordSets;
    }

    @Override
    public Set<String> properties() {
        return Set.of("HostedZoneId", "HostedZoneName", "Name", "Type", "TTL", "ResourceRecords", "AliasTarget",
                "SetIdentifier", "Weight", "MultiValueAnswer", "Comment", "Region", "Failover", "GeoLocation",
                "HealthCheckId", "CidrRoutingConfig");
    }

    @Override
    public Set<String> requiredProperties() {
        return Set.of("Name", "Type");
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("HostedZoneId", "HostedZoneName", "Name", "Type", "SetIdentifier");
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        recordSets.change(recordSets.zoneId(request.properties()),
                List.of(new RecordSetChange("CREATE", RecordSets.recordSet(request.properties()))));
        return provisioned(request.properties());
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        recordSets.change(recordSets.zoneId(request.properties()),
                List.of(new RecordSetChange("UPSERT", RecordSets.recordSet(request.properties()))));
        return provisioned(request.properties());
    }

    @Override
    public void delete(StackResourceEntry current) {
        String zoneId = recordSets.zoneId(current.properties());
        if (recordSets.zoneExists(zoneId)) {
            recordSets.change(zoneId, List.of(new RecordSetChange("DELETE",
                    RecordSets.recordSet(current.properties()))));
        }
    }

    private static Provisioned provisioned(Map<String, Object> properties) {
        return new Provisioned(String.valueOf(properties.get("Name")), Map.of());
    }
}
