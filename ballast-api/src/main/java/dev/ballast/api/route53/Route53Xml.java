package dev.ballast.api.route53;

import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.route53.HostedZoneCommands;
import dev.ballast.control.route53.HostedZoneEntry;
import dev.ballast.control.route53.HostedZoneVpc;
import dev.ballast.control.route53.Route53Change;
import dev.ballast.core.dns.ResourceRecordSet;
import java.time.Instant;

/**
 * Writes Route 53's XML shapes (HostedZone, ChangeInfo, DelegationSet, VPCs, ResourceRecordSet) as the model and
 * the SDKs read them: ids with their {@code /hostedzone/} and {@code /change/} prefixes, times in ISO 8601.
 *
 * <p>Thread-safe (stateless).
 */
final class Route53Xml {
    /** Route 53's XML namespace. */
    static final String NAMESPACE = "https://route53.amazonaws.com/doc/2013-04-01/";

    private Route53Xml() {}

    static XmlWriter root(String name) {
        return new XmlWriter().startRoot(name, NAMESPACE);
    }

    static void hostedZone(XmlWriter xml, HostedZoneEntry zone) {
        xml.start("HostedZone")
                .element("Id", "/hostedzone/" + zone.id())
                .element("Name", zone.name())
                .element("CallerReference", zone.callerReference())
                .start("Config");
        xml.element("Comment", zone.comment())
                .element("PrivateZone", zone.privateZone())
                .end()
                .element("ResourceRecordSetCount", zone.recordSets().size())
                .end();
    }

    /** Every change is applied before its request returns, so it is reported INSYNC. */
    static void changeInfo(XmlWriter xml, Route53Change change) {
        xml.start("ChangeInfo")
                .element("Id", "/change/" + change.id())
                .element("Status", "INSYNC")
                .element("SubmittedAt", Instant.ofEpochMilli(change.submittedAt()).toString())
                .element("Comment", change.comment())
                .end();
    }

    /** The public zone's name servers, or the private zone's VPCs. */
    static void delegation(XmlWriter xml, HostedZoneEntry zone) {
        if (zone.privateZone()) {
            xml.start("VPCs");
            zone.vpcs().forEach(vpc -> vpc(xml, vpc));
            xml.end();
        } else {
            xml.start("DelegationSet").start("NameServers")
                    .element("NameServer", HostedZoneCommands.NAME_SERVER)
                    .end().end();
        }
    }

    static void vpc(XmlWriter xml, HostedZoneVpc vpc) {
        xml.start("VPC").element("VPCRegion", vpc.region()).element("VPCId", vpc.id()).end();
    }

    static void recordSet(XmlWriter xml, ResourceRecordSet set) {
        xml.start("ResourceRecordSet")
                .element("Name", set.name())
                .element("Type", set.type())
                .element("SetIdentifier", set.setIdentifier())
                .element("Weight", set.weight())
                .element("MultiValueAnswer", set.multiValueAnswer())
                .element("TTL", set.ttl());
        if (!set.values().isEmpty()) {
            xml.start("ResourceRecords");
            set.values().forEach(v -> xml.start("ResourceRecord").element("Value", v).end());
            xml.end();
        }
        if (set.aliasTarget() != null) {
            xml.start("AliasTarget")
                    .element("HostedZoneId", set.aliasTarget().hostedZoneId())
                    .element("DNSName", set.aliasTarget().dnsName())
                    .element("EvaluateTargetHealth", set.aliasTarget().evaluateTargetHealth())
                    .end();
        }
        xml.end();
    }
}
