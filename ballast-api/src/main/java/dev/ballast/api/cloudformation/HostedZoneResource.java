package dev.ballast.api.cloudformation;

import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.cloudformation.template.Values;
import dev.ballast.control.route53.HostedZoneCommands;
import dev.ballast.control.route53.HostedZoneEntry;
import dev.ballast.control.route53.HostedZoneVpc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::Route53::HostedZone} on the Route 53 commands (private with its first VPC): Ref is the zone id; the
 * name and VPCs replace it (Ballast has no VPC association call), the comment and tags are recorded.
 *
 * <p>Thread-safe (the commands are).
 */
final class HostedZoneResource implements ResourceProvisioner {
    private final HostedZoneCommands zones;

    HostedZoneResource(HostedZoneCommands zones) {
        this.zones = zones;
    }

    @Override
    public Set<String> properties() {
        return Set.of("Name", "HostedZoneConfig", "VPCs", "HostedZoneTags", "QueryLoggingConfig");
    }

    @Override
    public Set<String> requiredProperties() {
        return Set.of("Name");
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("Name", "VPCs");
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        ResourceProperties p = new ResourceProperties(request.properties());
        List<Map<String, Object>> vpcs = p.objects("VPCs");
        HostedZoneVpc vpc = vpcs.isEmpty() ? null : new HostedZoneVpc(text(vpcs.get(0).get("VPCRegion")),
                text(vpcs.get(0).get("VPCId")));
        Map<String, Object> config = Values.asMap(request.property("HostedZoneConfig"));
        HostedZoneEntry zone = zones.create(new HostedZoneCommands.Create(p.required("Name"),
                request.stackName() + "-" + request.logicalId() + "-" + request.uniqueSuffix(),
                config == null ? null : text(config.get("Comment")), vpc == null ? null : true, vpc)).zone();
        Map<String, String> tags = p.keyValues("HostedZoneTags");
        if (!tags.isEmpty()) {
            zones.changeTags(zone.id(), tags, List.of());
        }
        return provisioned(zone.id());
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        ResourceProperties now = new ResourceProperties(request.properties());
        Map<String, String> before = new ResourceProperties(current.properties()).keyValues("HostedZoneTags");
        Map<String, String> tags = now.keyValues("HostedZoneTags");
        List<String> removed = before.keySet().stream().filter(k -> !tags.containsKey(k)).toList();
        if (!tags.isEmpty() || !removed.isEmpty()) {
            zones.changeTags(current.physicalId(), tags, removed);
        }
        return provisioned(current.physicalId());
    }

    @Override
    public void delete(StackResourceEntry current) {
        if (zones.list().stream().anyMatch(z -> z.id().equals(current.physicalId()))) {
            zones.delete(current.physicalId());
        }
    }

    private Provisioned provisioned(String id) {
        HostedZoneEntry zone = zones.find(id);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("Id", id);
        attributes.put("NameServers", zone.recordSets().stream().filter(r -> r.type().equals("NS"))
                .findFirst().map(r -> (Object) r.values()).orElse(List.of()));
        return new Provisioned(id, attributes);
    }

    private static String text(Object value) {
        return value == null ? null : Values.scalar(value);
    }
}
