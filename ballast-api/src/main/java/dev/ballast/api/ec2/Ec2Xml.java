package dev.ballast.api.ec2;

import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.ec2.AvailabilityZones;
import dev.ballast.control.ec2.SecurityGroup;
import dev.ballast.control.ec2.SecurityGroupRule;
import dev.ballast.control.ec2.Subnet;
import dev.ballast.control.ec2.Vpc;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Writes EC2's response shapes (lower-camel element names, lists as {@code <xSet><item>…</item></xSet>}) for VPCs,
 * subnets and security groups, as botocore's ec2 model names them.
 *
 * <p>Thread-safe (stateless).
 */
final class Ec2Xml {
    private Ec2Xml() {}

    /** {@code <name><item>…</item>…</name>}, or {@code <name/>} when empty. */
    static <T> void items(XmlWriter x, String name, Collection<T> items, BiConsumer<XmlWriter, T> item) {
        if (items.isEmpty()) {
            x.empty(name);
            return;
        }
        x.start(name);
        for (T i : items) {
            x.start("item");
            item.accept(x, i);
            x.end();
        }
        x.end();
    }

    static void vpc(XmlWriter x, Vpc vpc, String ownerId) {
        x.element("vpcId", vpc.id()).element("ownerId", ownerId).element("state", "available")
                .element("cidrBlock", vpc.cidrBlock());
        items(x, "cidrBlockAssociationSet", List.of(vpc), (w, v) -> w.element("associationId",
                        "vpc-cidr-assoc-" + v.id().substring(4)).element("cidrBlock", v.cidrBlock())
                .start("cidrBlockState").element("state", "associated").end());
        x.element("dhcpOptionsId", "default").element("instanceTenancy", "default")
                .element("isDefault", vpc.isDefault());
    }

    static void subnet(XmlWriter x, Subnet s, String ownerId, String region, AvailabilityZones zones) {
        x.element("subnetId", s.id())
                .element("subnetArn", "arn:aws:ec2:" + region + ":" + ownerId + ":subnet/" + s.id())
                .element("state", "available").element("vpcId", s.vpcId()).element("cidrBlock", s.cidrBlock())
                .element("availableIpAddressCount", s.availableIpAddressCount())
                .element("availabilityZone", s.availabilityZone())
                .element("availabilityZoneId", zones.zoneId(s.availabilityZone()))
                .element("defaultForAz", s.defaultForAz()).element("mapPublicIpOnLaunch", s.defaultForAz())
                .element("ownerId", ownerId).element("assignIpv6AddressOnCreation", false);
    }

    static void group(XmlWriter x, SecurityGroup g, String ownerId) {
        x.element("ownerId", ownerId).element("groupId", g.id()).element("groupName", g.name())
                .element("groupDescription", g.description()).element("vpcId", g.vpcId());
        permissions(x, "ipPermissions", g.ingress(), ownerId);
        permissions(x, "ipPermissionsEgress", g.egress(), ownerId);
    }

    /** The rules as EC2 lists them: one IpPermission per protocol and port range, with all its peers. */
    private static void permissions(XmlWriter x, String name, List<SecurityGroupRule> rules, String ownerId) {
        Map<String, List<SecurityGroupRule>> byRange = new LinkedHashMap<>();
        rules.forEach(r -> byRange.computeIfAbsent(r.protocol() + "/" + r.fromPort() + "/" + r.toPort(),
                k -> new ArrayList<>()).add(r));
        items(x, name, byRange.values(), (w, same) -> {
            SecurityGroupRule first = same.get(0);
            w.element("ipProtocol", first.protocol());
            if (!first.allProtocols()) {
                w.element("fromPort", first.fromPort()).element("toPort", first.toPort());
            }
            items(w, "groups", same.stream().filter(r -> r.groupId() != null).toList(), (g, r) -> g
                    .element("userId", ownerId).element("groupId", r.groupId()).element("description",
                            r.description()));
            items(w, "ipRanges", same.stream().filter(r -> r.cidrIpv4() != null).toList(), (g, r) -> g
                    .element("cidrIp", r.cidrIpv4()).element("description", r.description()));
            items(w, "ipv6Ranges", same.stream().filter(r -> r.cidrIpv6() != null).toList(), (g, r) -> g
                    .element("cidrIpv6", r.cidrIpv6()).element("description", r.description()));
            w.empty("prefixListIds");
        });
    }
}
