package dev.ballast.control.cloudmap;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.route53.Route53Writer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cloud Map services: create (with the DNS records each instance gets in a DNS namespace, and custom health),
 * find, list, update (description and DNS records), delete (only without instances).
 *
 * <p>Thread-safe: writes go through the single {@link Route53Writer}; reads use its latest state.
 */
public final class DiscoveryServiceCommands {
    /** Cloud Map's service name pattern (dot-separated labels of up to 63 characters, at most 127 in all). */
    private static final Pattern NAME = Pattern.compile("((?=^.{1,127}$)^([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}"
            + "[a-zA-Z0-9_]|[a-zA-Z0-9])(\\.([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9]))*$)|(^\\.$)");
    private static final Set<String> RECORD_TYPES = Set.of("A", "AAAA", "SRV", "CNAME");
    private static final long MAX_TTL = 2147483647L;

    private final Route53Writer writer;
    private final CloudMapOperations operations;

    /** Commands writing through {@code writer}. */
    public DiscoveryServiceCommands(Route53Writer writer, CloudMapOperations operations) {
        this.writer = writer;
        this.operations = operations;
    }

    /**
     * CreateService input.
     *
     * @param routingPolicy DnsConfig.RoutingPolicy, or null (MULTIVALUE)
     * @param dnsRecords null without a DnsConfig
     * @param healthCheckConfig true when a (Route 53) HealthCheckConfig was given
     * @param customFailureThreshold HealthCheckCustomConfig.FailureThreshold, or null
     * @param type {@code HTTP} for an API-only service in a DNS namespace, or null
     */
    public record Create(String name, String namespaceId, String creatorRequestId, String description,
                         String routingPolicy, List<DnsRecordTemplate> dnsRecords, boolean healthCheckConfig,
                         boolean customHealth, Integer customFailureThreshold, String type,
                         Map<String, String> tags) {}

    /** Creates a service. */
    public DiscoveryService create(Create request) {
        String name = request.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw CloudMapErrors.invalid("Name", name == null ? "(none)" : name,
                    "DNS labels of letters, digits, '-' and '_', at most 127 characters");
        }
        CloudMapErrors.required("NamespaceId", request.namespaceId(), 64);
        CloudMapErrors.optional("CreatorRequestId", request.creatorRequestId(), 64);
        CloudMapErrors.optional("Description", request.description(), 1024);
        if (request.type() != null && !request.type().equals("HTTP")) {
            throw CloudMapErrors.invalid("Type", request.type(), "HTTP");
        }
        if (request.healthCheckConfig()) {
            throw CloudMapErrors.invalid("HealthCheckConfig", "(given)", "HealthCheckCustomConfig; Route 53 health "
                    + "checks are not available in Ballast, as in private DNS namespaces");
        }
        Integer threshold = request.customFailureThreshold();
        if (threshold != null && (threshold < 1 || threshold > 10)) {
            throw CloudMapErrors.invalid("HealthCheckCustomConfig.FailureThreshold", threshold, "1-10");
        }
        CloudMapTags.checked(request.tags());
        return writer.write(d -> {
            DiscoveryNamespace namespace = d.cloudMap.namespaces.get(request.namespaceId());
            if (namespace == null) {
                throw CloudMapErrors.namespaceNotFound(request.namespaceId());
            }
            boolean dns = namespace.dns() && !"HTTP".equals(request.type());
            String policy = request.routingPolicy() == null ? "MULTIVALUE" : request.routingPolicy();
            List<DnsRecordTemplate> records = dns ? dnsRecords(request.dnsRecords(), policy) : List.of();
            if (!dns && request.dnsRecords() != null) {
                throw CloudMapErrors.invalid("DnsConfig", "(given)", "no DnsConfig for a service in an HTTP "
                        + "namespace or of Type HTTP");
            }
            for (DiscoveryService s : d.cloudMap.services.values()) {
                if (request.creatorRequestId() != null && request.creatorRequestId().equals(s.creatorRequestId())
                        && s.namespaceId().equals(namespace.id()) && s.name().equalsIgnoreCase(name)) {
                    return s; // a retried request
                }
                if (s.namespaceId().equals(namespace.id()) && s.name().equalsIgnoreCase(name)) {
                    throw new AwsException(AwsError.CLOUD_MAP_SERVICE_ALREADY_EXISTS, "Service already exists: "
                            + s.id());
                }
            }
            String id = operations.ids().service();
            DiscoveryService service = new DiscoveryService(id, CloudMapIds.serviceArn(id), name, namespace.id(),
                    request.description(), dns ? policy : null, records, request.customHealth(),
                    dns ? "DNS_HTTP" : "HTTP", request.creatorRequestId(), operations.clock().millis(),
                    request.tags());
            d.cloudMap.services.put(id, service);
            return service;
        });
    }

    /** The service {@code id}. */
    public DiscoveryService find(String id) {
        DiscoveryService service = writer.state().cloudMap().services().get(id);
        if (service == null) {
            throw CloudMapErrors.serviceNotFound(id);
        }
        return service;
    }

    /** Every service in creation order. */
    public List<DiscoveryService> list() {
        return List.copyOf(writer.state().cloudMap().services().values());
    }

    /** The number of instances of service {@code id}. */
    public int instanceCount(String id) {
        return DiscoveryRecords.instancesOf(id, writer.state().cloudMap()).size();
    }

    /**
     * Replaces the description (when given) and the DNS records' TTLs (when given; the record types cannot change,
     * as on Cloud Map) of service {@code id}; answers the UPDATE_SERVICE operation's id.
     */
    public String update(String id, String description, List<DnsRecordTemplate> dnsRecords) {
        CloudMapErrors.optional("Service.Description", description, 1024);
        return writer.write(d -> {
            DiscoveryService service = d.cloudMap.services.get(id);
            if (service == null) {
                throw CloudMapErrors.serviceNotFound(id);
            }
            List<DnsRecordTemplate> records = service.dnsRecords();
            if (dnsRecords != null) {
                if (service.dnsRecords().isEmpty()) {
                    throw CloudMapErrors.invalid("Service.DnsConfig", "(given)", "no DnsConfig for a service "
                            + "without DNS records");
                }
                records = dnsRecords(dnsRecords, service.routingPolicy());
                Set<String> before = new HashSet<>(service.dnsRecords().stream().map(DnsRecordTemplate::type).toList());
                Set<String> after = new HashSet<>(records.stream().map(DnsRecordTemplate::type).toList());
                if (!before.equals(after)) {
                    throw CloudMapErrors.invalid("Service.DnsConfig.DnsRecords", after, "the types the service "
                            + "has, " + before + "; only their TTLs can change");
                }
            }
            d.cloudMap.services.put(id, service.withUpdate(description == null ? service.description() : description,
                    records));
            return operations.record(d, "UPDATE_SERVICE", Map.of("SERVICE", id));
        });
    }

    /** Deletes service {@code id} when it has no instances. */
    public void delete(String id) {
        writer.write(d -> {
            if (d.cloudMap.services.remove(id) == null) {
                throw CloudMapErrors.serviceNotFound(id);
            }
            if (d.cloudMap.instances.values().stream().anyMatch(i -> i.serviceId().equals(id))) {
                throw new AwsException(AwsError.CLOUD_MAP_RESOURCE_IN_USE, "Service " + id + " has registered "
                        + "instances; deregister them first");
            }
            return null;
        });
    }

    /** The DnsRecords of a DnsConfig, checked as Cloud Map checks them. */
    private static List<DnsRecordTemplate> dnsRecords(List<DnsRecordTemplate> records, String policy) {
        if (!policy.equals("MULTIVALUE") && !policy.equals("WEIGHTED")) {
            throw CloudMapErrors.invalid("DnsConfig.RoutingPolicy", policy, "MULTIVALUE or WEIGHTED");
        }
        if (records == null || records.isEmpty()) {
            throw CloudMapErrors.invalid("DnsConfig.DnsRecords", "(none)", "at least one of A, AAAA, SRV, CNAME "
                    + "for a service in a DNS namespace");
        }
        Set<String> types = new HashSet<>();
        for (DnsRecordTemplate r : records) {
            String type = r.type() == null ? null : r.type().toUpperCase(Locale.ROOT);
            if (type == null || !RECORD_TYPES.contains(r.type())) {
                throw CloudMapErrors.invalid("DnsConfig.DnsRecords.Type", r.type(), "A, AAAA, SRV or CNAME");
            }
            if (r.ttl() < 0 || r.ttl() > MAX_TTL) {
                throw CloudMapErrors.invalid("DnsConfig.DnsRecords.TTL", r.ttl(), "0-" + MAX_TTL);
            }
            if (!types.add(type)) {
                throw CloudMapErrors.invalid("DnsConfig.DnsRecords.Type", type, "each type once");
            }
        }
        if (types.contains("CNAME") && (types.size() > 1 || !policy.equals("WEIGHTED"))) {
            throw CloudMapErrors.invalid("DnsConfig", "CNAME with " + types + " and " + policy, "a CNAME record "
                    + "alone, with RoutingPolicy WEIGHTED");
        }
        return List.copyOf(records);
    }
}
