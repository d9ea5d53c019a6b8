package dev.ballast.api.servicediscovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.cloudmap.DiscoveryNamespace;
import dev.ballast.control.cloudmap.DiscoveryServiceCommands;
import dev.ballast.control.cloudmap.DnsRecordTemplate;
import dev.ballast.control.cloudmap.NamespaceCommands;
import java.util.ArrayList;
import java.util.List;

/**
 * The Cloud Map create requests read from their JSON form, for the API and for other front ends of the same
 * commands (CloudFormation's ServiceDiscovery resources, whose properties are these requests).
 *
 * <p>Thread-safe (stateless).
 */
public final class CloudMapRequests {
    private CloudMapRequests() {}

    /** CreateService's request in {@code request}. */
    public static DiscoveryServiceCommands.Create createService(ObjectNode request) {
        ObjectNode dnsConfig = CloudMapJson.objectField(request, "DnsConfig");
        String namespaceId = CloudMapJson.string(request, "NamespaceId");
        if (namespaceId == null && dnsConfig != null) {
            namespaceId = CloudMapJson.string(dnsConfig, "NamespaceId"); // the deprecated place
        }
        ObjectNode custom = CloudMapJson.objectField(request, "HealthCheckCustomConfig");
        Long threshold = custom == null ? null : CloudMapJson.number(custom, "FailureThreshold");
        return new DiscoveryServiceCommands.Create(
                CloudMapJson.string(request, "Name"), namespaceId, CloudMapJson.string(request, "CreatorRequestId"),
                CloudMapJson.string(request, "Description"),
                dnsConfig == null ? null : CloudMapJson.string(dnsConfig, "RoutingPolicy"),
                dnsConfig == null ? null : records(dnsConfig),
                CloudMapJson.objectField(request, "HealthCheckConfig") != null, custom != null,
                threshold == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, threshold)),
                CloudMapJson.string(request, "Type"), CloudMapJson.tags(request));
    }

    /** Create{Private,Public}DnsNamespace's or CreateHttpNamespace's request ({@code type}) in {@code request}. */
    public static NamespaceCommands.Create createNamespace(ObjectNode request, String type) {
        Long soaTtl = null;
        ObjectNode properties = CloudMapJson.objectField(request, "Properties");
        ObjectNode dns = properties == null ? null : CloudMapJson.objectField(properties, "DnsProperties");
        ObjectNode soa = dns == null ? null : CloudMapJson.objectField(dns, "SOA");
        if (soa != null) {
            soaTtl = CloudMapJson.number(soa, "TTL");
        }
        return new NamespaceCommands.Create(type, CloudMapJson.string(request, "Name"),
                CloudMapJson.string(request, "CreatorRequestId"), CloudMapJson.string(request, "Description"),
                type.equals(DiscoveryNamespace.HTTP) ? null : CloudMapJson.string(request, "Vpc"), soaTtl,
                CloudMapJson.tags(request));
    }

    /** The DnsRecords of a DnsConfig. */
    static List<DnsRecordTemplate> records(ObjectNode dnsConfig) {
        List<ObjectNode> given = CloudMapJson.objects(dnsConfig, "DnsRecords");
        List<DnsRecordTemplate> out = new ArrayList<>();
        for (ObjectNode record : given) {
            Long ttl = CloudMapJson.number(record, "TTL");
            out.add(new DnsRecordTemplate(CloudMapJson.required(record, "Type"), ttl == null ? -1 : ttl));
        }
        return out;
    }
}
