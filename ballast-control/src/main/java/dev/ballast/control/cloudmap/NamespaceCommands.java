package dev.ballast.control.cloudmap;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.route53.DnsNames;
import dev.ballast.control.route53.HostedZoneCommands;
import dev.ballast.control.route53.HostedZoneEntry;
import dev.ballast.control.route53.HostedZoneVpc;
import dev.ballast.control.route53.Route53Draft;
import dev.ballast.control.route53.Route53Writer;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Cloud Map namespaces: create a private DNS namespace (with its private hosted zone, in the same commit) or an
 * HTTP namespace, find, list, delete (only without services; the hosted zone goes with it). A repeated create
 * with the same CreatorRequestId answers the first operation, as Cloud Map does.
 *
 * <p>Thread-safe: writes go through the single {@link Route53Writer}; reads use its latest state.
 */
public final class NamespaceCommands {
    private static final Pattern HTTP_NAME = Pattern.compile("[!-~]{1,1024}");
    private static final long MAX_TTL = 2147483647L;
    private final Route53Writer writer;
    private final HostedZoneCommands zones;
    private final CloudMapOperations operations;

    /** Commands writing through {@code writer}, creating hosted zones with {@code zones}. */
    public NamespaceCommands(Route53Writer writer, HostedZoneCommands zones, CloudMapOperations operations) {
        this.writer = writer;
        this.zones = zones;
        this.operations = operations;
    }

    /**
     * CreatePrivateDnsNamespace / CreateHttpNamespace input.
     *
     * @param vpc the VPC id of a private DNS namespace; null for HTTP
     * @param soaTtl Properties.DnsProperties.SOA.TTL, or null
     */
    public record Create(String type, String name, String creatorRequestId, String description, String vpc,
                         Long soaTtl, Map<String, String> tags) {}

    /** Creates a namespace and answers the id of its CREATE_NAMESPACE operation. */
    public String create(Create request) {
        boolean dns = DiscoveryNamespace.DNS_PRIVATE.equals(request.type());
        String name = dns ? dnsName(request.name()) : httpName(request.name());
        if (dns) {
            CloudMapErrors.required("Vpc", request.vpc(), 64);
        }
        CloudMapErrors.optional("CreatorRequestId", request.creatorRequestId(), 64);
        CloudMapErrors.optional("Description", request.description(), 1024);
        long soaTtl = request.soaTtl() == null ? 15 : request.soaTtl();
        if (soaTtl < 0 || soaTtl > MAX_TTL) {
            throw CloudMapErrors.invalid("Properties.DnsProperties.SOA.TTL", soaTtl, "0-" + MAX_TTL);
        }
        CloudMapTags.checked(request.tags());
        return writer.write(d -> {
            String earlier = repeated(d, request, name);
            if (earlier != null) {
                return earlier;
            }
            if (d.cloudMap.namespaces.values().stream().anyMatch(n -> n.name().equals(name))) {
                throw new AwsException(AwsError.CLOUD_MAP_NAMESPACE_ALREADY_EXISTS, "Namespace with name " + name
                        + " already exists");
            }
            long now = operations.clock().millis();
            String id = operations.ids().namespace();
            String zoneId = null;
            if (dns) {
                HostedZoneEntry zone = zones.newZone(name + ".", id, request.description(),
                        new HostedZoneVpc("us-east-1", request.vpc()), soaTtl, now);
                d.zones.put(zone.id(), zone);
                zoneId = zone.id();
            }
            DiscoveryNamespace namespace = new DiscoveryNamespace(id, CloudMapIds.namespaceArn(id), name,
                    request.type(), request.description(), zoneId, dns ? soaTtl : null, request.creatorRequestId(),
                    now, request.tags());
            d.cloudMap.namespaces.put(id, namespace);
            return operations.record(d, "CREATE_NAMESPACE", Map.of("NAMESPACE", id));
        });
    }

    /** The namespace {@code id}. */
    public DiscoveryNamespace find(String id) {
        DiscoveryNamespace namespace = writer.state().cloudMap().namespaces().get(id);
        if (namespace == null) {
            throw CloudMapErrors.namespaceNotFound(id);
        }
        return namespace;
    }

    /** Every namespace in creation order. */
    public List<DiscoveryNamespace> list() {
        return List.copyOf(writer.state().cloudMap().namespaces().values());
    }

    /** The number of services in namespace {@code id}. */
    public int serviceCount(String id) {
        return (int) writer.state().cloudMap().services().values().stream()
                .filter(s -> s.namespaceId().equals(id)).count();
    }

    /** Deletes namespace {@code id} (and its hosted zone) when it has no services; answers the operation id. */
    public String delete(String id) {
        return writer.write(d -> {
            DiscoveryNamespace namespace = d.cloudMap.namespaces.get(id);
            if (namespace == null) {
                throw CloudMapErrors.namespaceNotFound(id);
            }
            if (d.cloudMap.services.values().stream().anyMatch(s -> s.namespaceId().equals(id))) {
                throw new AwsException(AwsError.CLOUD_MAP_RESOURCE_IN_USE, "Namespace " + id
                        + " has associated services; delete them first");
            }
            d.cloudMap.namespaces.remove(id);
            if (namespace.hostedZoneId() != null) {
                d.zones.remove(namespace.hostedZoneId());
            }
            return operations.record(d, "DELETE_NAMESPACE", Map.of("NAMESPACE", id));
        });
    }

    /** The CREATE_NAMESPACE operation of an earlier create with the same CreatorRequestId, or null. */
    private static String repeated(Route53Draft d, Create request, String name) {
        if (request.creatorRequestId() == null) {
            return null;
        }
        for (DiscoveryNamespace n : d.cloudMap.namespaces.values()) {
            if (request.creatorRequestId().equals(n.creatorRequestId())) {
                if (!n.name().equals(name) || !n.type().equals(request.type())) {
                    throw new AwsException(AwsError.CLOUD_MAP_DUPLICATE_REQUEST, "CreatorRequestId: "
                            + request.creatorRequestId() + " (expected: a new id; it created namespace " + n.id()
                            + ")");
                }
                return d.cloudMap.operations.values().stream()
                        .filter(o -> o.type().equals("CREATE_NAMESPACE") && n.id().equals(o.targets().get("NAMESPACE")))
                        .map(DiscoveryOperation::id).findFirst().orElse(null);
            }
        }
        return null;
    }

    private static String dnsName(String name) {
        if (name == null || name.isEmpty() || name.length() > 253) {
            throw CloudMapErrors.invalid("Name", name == null ? "(none)" : name, "a domain name of 1-253 characters");
        }
        try {
            String normalized = DnsNames.normalize(name);
            if (normalized.startsWith("\\052")) {
                throw new IllegalArgumentException("a namespace cannot be a wildcard");
            }
            return normalized.substring(0, normalized.length() - 1);
        } catch (IllegalArgumentException e) {
            throw CloudMapErrors.invalid("Name", name, "a domain name such as example.local; " + e.getMessage());
        }
    }

    private static String httpName(String name) {
        if (name == null || !HTTP_NAME.matcher(name).matches()) {
            throw CloudMapErrors.invalid("Name", name == null ? "(none)" : name, "1-1024 printable ASCII characters");
        }
        return name;
    }
}
