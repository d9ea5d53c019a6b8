package dev.ballast.control.cloudformation;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A resource type Ballast gives no meaning to (IAM roles, Auto Scaling groups, launch configurations, gateways,
 * route tables, and the EC2 types other than VPCs, subnets and security groups): recorded with a physical id shaped as AWS shapes
 * it and the {@code Fn::GetAtt} values templates commonly use, so that the rest of the template works; its events
 * say it has no effect here.
 *
 * <p>Thread-safe (the random generator is only used under the stack runner's single thread).
 */
final class PlaceholderProvisioner implements ResourceProvisioner {
    private static final Map<String, String> ID_PREFIXES = Map.ofEntries(
            Map.entry("AWS::EC2::InternetGateway", "igw-"),
            Map.entry("AWS::EC2::RouteTable", "rtb-"), Map.entry("AWS::EC2::NatGateway", "nat-"),
            Map.entry("AWS::EC2::NetworkAcl", "acl-"), Map.entry("AWS::EC2::Instance", "i-"),
            Map.entry("AWS::EC2::VPCEndpoint", "vpce-"), Map.entry("AWS::EC2::LaunchTemplate", "lt-"));

    private final String type;
    private final String region;
    private final String accountId;
    private final RandomGenerator random;

    PlaceholderProvisioner(String type, String region, String accountId, RandomGenerator random) {
        this.type = type;
        this.region = region;
        this.accountId = accountId;
        this.random = random;
    }

    @Override
    public Set<String> properties() {
        return null;
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of();
    }

    @Override
    public String note() {
        return "Recorded only: " + type + " has no effect in Ballast (a placeholder with a physical id)";
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        String prefix = ID_PREFIXES.get(type);
        String id;
        if (prefix != null) {
            byte[] bytes = new byte[9];
            random.nextBytes(bytes);
            id = prefix + HexFormat.of().formatHex(bytes).substring(0, 17);
        } else if (type.equals("AWS::EC2::EIP")) {
            id = "192.0.2." + (1 + random.nextInt(254));
        } else {
            id = request.generatedName(64, "[^A-Za-z0-9-]");
        }
        return new Provisioned(id, attributes(id, request.properties()));
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        return new Provisioned(current.physicalId(), attributes(current.physicalId(), request.properties()));
    }

    @Override
    public void delete(StackResourceEntry current) {
        // Nothing was made.
    }

    private Map<String, Object> attributes(String id, Map<String, Object> properties) {
        Map<String, Object> out = new LinkedHashMap<>();
        String[] parts = type.split("::");
        String service = parts.length > 1 ? parts[1].toLowerCase() : "ballast";
        String kind = parts.length > 2 ? parts[2].toLowerCase() : "resource";
        out.put("Arn", "arn:aws:" + service + ":" + (service.equals("iam") ? "" : region) + ":" + accountId + ":"
                + kind + "/" + id);
        switch (type) {
            case "AWS::EC2::EIP" -> {
                out.put("AllocationId", "eipalloc-" + Integer.toHexString(id.hashCode()));
                out.put("PublicIp", id);
            }
            case "AWS::IAM::Role", "AWS::IAM::InstanceProfile", "AWS::IAM::User", "AWS::IAM::ManagedPolicy" ->
                    out.put("RoleId", "AROA" + Integer.toHexString(id.hashCode()).toUpperCase());
            default -> {
                // The Arn above and the physical id (for any other attribute) serve.
            }
        }
        return out;
    }
}
