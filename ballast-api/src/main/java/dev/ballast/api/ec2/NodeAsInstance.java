package dev.ballast.api.ec2;

import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.ec2.SecurityGroup;
import dev.ballast.control.ec2.Subnet;
import java.time.Instant;
import java.util.List;

/**
 * A Ballast node as an EC2 instance DescribeInstances lists: its instance id (the one instance targets name), its
 * address, and when it started (null when a node did not register it). It sits in the default VPC's first default
 * subnet.
 *
 * <p>Thread-safe (immutable).
 */
public record NodeAsInstance(String id, String address, Instant launchTime) {
    static void write(XmlWriter x, NodeAsInstance n, Subnet subnet, SecurityGroup group) {
        x.element("instanceId", n.id()).element("imageId", "ami-ba11a57")
                .start("instanceState").element("code", 16).element("name", "running").end()
                .element("privateDnsName", "ip-" + n.address().replace('.', '-') + ".ec2.internal")
                .element("dnsName", "").element("instanceType", "ballast.node")
                .element("launchTime", n.launchTime() == null ? null : n.launchTime().toString());
        x.start("placement").element("availabilityZone", subnet == null ? null : subnet.availabilityZone())
                .element("tenancy", "default").end();
        if (subnet != null) {
            x.element("subnetId", subnet.id()).element("vpcId", subnet.vpcId());
        }
        x.element("privateIpAddress", n.address()).element("architecture", "x86_64");
        Ec2Xml.items(x, "groupSet", group == null ? List.<SecurityGroup>of() : List.of(group), (w, g) -> w
                .element("groupId", g.id()).element("groupName", g.name()));
    }
}
