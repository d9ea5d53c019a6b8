package dev.ballast.api.ec2;

import dev.ballast.api.query.QueryAction;
import dev.ballast.api.query.QueryDialect;
import dev.ballast.api.query.QueryParams;
import dev.ballast.api.query.QueryService;
import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.ec2.AvailabilityZones;
import dev.ballast.control.ec2.DefaultVpc;
import dev.ballast.control.ec2.Ec2Control;
import dev.ballast.control.ec2.SecurityGroup;
import dev.ballast.control.ec2.Subnet;
import dev.ballast.control.ec2.Vpc;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The EC2 subset that load balancer users touch, over the Query protocol in EC2's dialect
 * ({@code Version=2016-11-15}): VPCs, subnets, security groups and their rules, the availability zones, and the
 * Ballast nodes as the running instances (this node alone, or every live node of its cluster).
 *
 * <p>Thread-safe: stateless apart from the commands.
 */
public final class Ec2Service implements QueryService {
    /** EC2's API version. */
    public static final String VERSION = "2016-11-15";
    /** The SigV4 signing name of EC2. */
    public static final String SIGNING_NAME = "ec2";
    private static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final QueryDialect DIALECT = new Ec2Dialect();

    private final Ec2Control ec2;
    private final String region;
    private final String ownerId;
    private final Supplier<List<NodeAsInstance>> nodes;
    private final Map<String, QueryAction> actions = new LinkedHashMap<>();

    /**
     * The EC2 actions on {@code ec2} for account {@code ownerId} in {@code region}; {@code nodes} supplies the
     * instances DescribeInstances lists (the live Ballast nodes).
     */
    public Ec2Service(Ec2Control ec2, String region, String ownerId, Supplier<List<NodeAsInstance>> nodes) {
        this.ec2 = ec2;
        this.region = region;
        this.ownerId = ownerId;
        this.nodes = nodes;
        actions.put("CreateVpc", this::createVpc);
        actions.put("DescribeVpcs", this::describeVpcs);
        actions.put("DeleteVpc", (p, x) -> {
            ec2.vpcs().delete(p.get("VpcId"));
            x.element("return", true);
        });
        actions.put("CreateSubnet", this::createSubnet);
        actions.put("DescribeSubnets", this::describeSubnets);
        actions.put("DeleteSubnet", (p, x) -> {
            ec2.subnets().delete(p.get("SubnetId"));
            x.element("return", true);
        });
        actions.put("CreateSecurityGroup", this::createGroup);
        actions.put("DescribeSecurityGroups", this::describeGroups);
        actions.put("DeleteSecurityGroup", (p, x) -> {
            ec2.groups().delete(p.get("GroupId"), p.get("GroupName"));
            x.element("return", true);
        });
        actions.put("AuthorizeSecurityGroupIngress", (p, x) -> changeRules(p, x, true, true));
        actions.put("AuthorizeSecurityGroupEgress", (p, x) -> changeRules(p, x, false, true));
        actions.put("RevokeSecurityGroupIngress", (p, x) -> changeRules(p, x, true, false));
        actions.put("RevokeSecurityGroupEgress", (p, x) -> changeRules(p, x, false, false));
        actions.put("DescribeAvailabilityZones", this::describeZones);
        actions.put("DescribeInstances", this::describeInstances);
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public Map<String, QueryAction> actions() {
        return actions;
    }

    @Override
    public String signingName() {
        return SIGNING_NAME;
    }

    @Override
    public QueryDialect dialect() {
        return DIALECT;
    }

    private void createVpc(QueryParams p, XmlWriter x) {
        Vpc vpc = ec2.vpcs().create(p.get("CidrBlock"));
        x.start("vpc");
        Ec2Xml.vpc(x, vpc, ownerId);
        x.end();
    }

    private void describeVpcs(QueryParams p, XmlWriter x) {
        Predicate<Vpc> filter = new Ec2Filters<Vpc>(Map.of(
                "vpc-id", v -> List.of(v.id()),
                "cidr", v -> List.of(v.cidrBlock()),
                "cidr-block-association.cidr-block", v -> List.of(v.cidrBlock()),
                "is-default", v -> List.of(String.valueOf(v.isDefault())),
                "isDefault", v -> List.of(String.valueOf(v.isDefault())),
                "state", v -> List.of("available"),
                "owner-id", v -> List.of(ownerId))).of(p);
        List<Vpc> vpcs = ec2.vpcs().describe(Ec2Params.list(p, "VpcId")).stream().filter(filter).toList();
        Ec2Xml.items(x, "vpcSet", vpcs, (w, v) -> Ec2Xml.vpc(w, v, ownerId));
    }

    private void createSubnet(QueryParams p, XmlWriter x) {
        Subnet subnet = ec2.subnets().create(p.get("VpcId"), p.get("CidrBlock"), p.get("AvailabilityZone"));
        x.start("subnet");
        Ec2Xml.subnet(x, subnet, ownerId, region, ec2.zones());
        x.end();
    }

    private void describeSubnets(QueryParams p, XmlWriter x) {
        AvailabilityZones zones = ec2.zones();
        Map<String, Function<Subnet, List<String>>> fields = new LinkedHashMap<>();
        fields.put("subnet-id", s -> List.of(s.id()));
        fields.put("vpc-id", s -> List.of(s.vpcId()));
        fields.put("availability-zone", s -> List.of(s.availabilityZone()));
        fields.put("availabilityZone", s -> List.of(s.availabilityZone()));
        fields.put("availability-zone-id", s -> List.of(zones.zoneId(s.availabilityZone())));
        fields.put("default-for-az", s -> List.of(String.valueOf(s.defaultForAz())));
        fields.put("defaultForAz", s -> List.of(String.valueOf(s.defaultForAz())));
        fields.put("cidr-block", s -> List.of(s.cidrBlock()));
        fields.put("cidrBlock", s -> List.of(s.cidrBlock()));
        fields.put("state", s -> List.of("available"));
        fields.put("owner-id", s -> List.of(ownerId));
        Predicate<Subnet> filter = new Ec2Filters<>(fields).of(p);
        List<Subnet> subnets = ec2.subnets().describe(Ec2Params.list(p, "SubnetId")).stream().filter(filter)
                .toList();
        Ec2Xml.items(x, "subnetSet", subnets, (w, s) -> Ec2Xml.subnet(w, s, ownerId, region, zones));
    }

    private void createGroup(QueryParams p, XmlWriter x) {
        SecurityGroup group = ec2.groups().create(p.get("GroupName"), p.get("GroupDescription"), p.get("VpcId"));
        x.element("return", true).element("groupId", group.id());
    }

    private void describeGroups(QueryParams p, XmlWriter x) {
        Predicate<SecurityGroup> filter = new Ec2Filters<SecurityGroup>(Map.of(
                "group-id", g -> List.of(g.id()),
                "group-name", g -> List.of(g.name()),
                "description", g -> List.of(g.description()),
                "vpc-id", g -> List.of(g.vpcId()),
                "owner-id", g -> List.of(ownerId))).of(p);
        List<SecurityGroup> groups = ec2.groups().describe(Ec2Params.list(p, "GroupId"),
                Ec2Params.list(p, "GroupName")).stream().filter(filter).toList();
        Ec2Xml.items(x, "securityGroupInfo", groups, (w, g) -> Ec2Xml.group(w, g, ownerId));
    }

    private void changeRules(QueryParams p, XmlWriter x, boolean ingress, boolean authorize) {
        String groupId = p.get("GroupId");
        String groupName = p.get("GroupName");
        if (authorize) {
            ec2.groups().authorize(groupId, groupName, ingress, IpPermissionParams.read(p));
        } else {
            ec2.groups().revoke(groupId, groupName, ingress, IpPermissionParams.read(p));
        }
        x.element("return", true);
    }

    private void describeZones(QueryParams p, XmlWriter x) {
        AvailabilityZones zones = ec2.zones();
        Predicate<String> filter = new Ec2Filters<String>(Map.of(
                "zone-name", z -> List.of(z),
                "zone-id", z -> List.of(zones.zoneId(z)),
                "region-name", z -> List.of(region),
                "state", z -> List.of("available"),
                "zone-type", z -> List.of("availability-zone"))).of(p);
        List<String> names = Ec2Params.list(p, "ZoneName");
        List<String> zoneIds = Ec2Params.list(p, "ZoneId");
        for (String name : names) {
            if (!zones.contains(name)) {
                throw new AwsException(AwsError.EC2_INVALID_PARAMETER_VALUE, "The zone '" + name
                        + "' does not exist.");
            }
        }
        List<String> listed = zones.names().stream()
                .filter(z -> names.isEmpty() && zoneIds.isEmpty() || names.contains(z)
                        || zoneIds.contains(zones.zoneId(z)))
                .filter(filter).toList();
        Ec2Xml.items(x, "availabilityZoneInfo", listed, (w, z) -> w.element("optInStatus", "opt-in-not-required")
                .element("zoneName", z).element("zoneId", zones.zoneId(z)).element("zoneState", "available")
                .element("regionName", region).element("groupName", region).element("networkBorderGroup", region)
                .element("zoneType", "availability-zone").empty("messageSet"));
    }

    private void describeInstances(QueryParams p, XmlWriter x) {
        List<String> ids = Ec2Params.list(p, "InstanceId");
        List<NodeAsInstance> running = nodes.get();
        for (String id : ids) {
            if (running.stream().noneMatch(n -> n.id().equals(id))) {
                throw new AwsException(AwsError.EC2_INSTANCE_NOT_FOUND, "The instance ID '" + id
                        + "' does not exist");
            }
        }
        Subnet subnet = ec2.state().subnets().get(DefaultVpc.subnetId(0));
        SecurityGroup group = subnet == null ? null : ec2.state().defaultGroup(subnet.vpcId());
        Map<String, Function<NodeAsInstance, List<String>>> fields = new LinkedHashMap<>();
        fields.put("instance-id", n -> List.of(n.id()));
        fields.put("instance-state-name", n -> List.of("running"));
        fields.put("private-ip-address", n -> List.of(n.address()));
        fields.put("availability-zone", n -> subnet == null ? List.of() : List.of(subnet.availabilityZone()));
        fields.put("subnet-id", n -> subnet == null ? List.of() : List.of(subnet.id()));
        fields.put("vpc-id", n -> subnet == null ? List.of() : List.of(subnet.vpcId()));
        Predicate<NodeAsInstance> filter = new Ec2Filters<>(fields).of(p);
        List<NodeAsInstance> listed = running.stream()
                .filter(n -> ids.isEmpty() || ids.contains(n.id())).filter(filter).toList();
        // one reservation per node: each was started on its own, as instances launched one at a time are
        Ec2Xml.items(x, "reservationSet", listed, (w, n) -> {
            w.element("reservationId", "r-" + n.id().substring(2)).element("ownerId", ownerId).empty("groupSet");
            Ec2Xml.items(w, "instancesSet", List.of(n), (i, in) -> NodeAsInstance.write(i, in, subnet, group));
        });
    }
}
