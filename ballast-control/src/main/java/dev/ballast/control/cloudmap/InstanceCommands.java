package dev.ballast.control.cloudmap;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.route53.Route53Writer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cloud Map instances: register (or re-register, replacing the attributes), deregister, find, list, report custom
 * health, and discover a service's instances by namespace and service name. Every change is answered by the DNS
 * with the next query (the writer publishes the zones before the command returns).
 *
 * <p>Thread-safe: writes go through the single {@link Route53Writer}; reads use its latest state.
 */
public final class InstanceCommands {
    private static final Pattern INSTANCE_ID = Pattern.compile("[0-9a-zA-Z_/:.@-]{1,64}");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final int MAX_ATTRIBUTES = 30;
    private static final Set<String> HEALTH = Set.of(DiscoveryInstance.HEALTHY, DiscoveryInstance.UNHEALTHY);

    private final Route53Writer writer;
    private final CloudMapOperations operations;

    /** Commands writing through {@code writer}. */
    public InstanceCommands(Route53Writer writer, CloudMapOperations operations) {
        this.writer = writer;
        this.operations = operations;
    }

    /** Registers (or updates) instance {@code instanceId} of service {@code serviceId}; answers the operation id. */
    public String register(String serviceId, String instanceId, String creatorRequestId,
                           Map<String, String> attributes) {
        CloudMapErrors.required("ServiceId", serviceId, 64);
        if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
            throw CloudMapErrors.invalid("InstanceId", instanceId == null ? "(none)" : instanceId,
                    "1-64 letters, digits and _/:.@-");
        }
        CloudMapErrors.optional("CreatorRequestId", creatorRequestId, 64);
        checkAttributes(attributes);
        return writer.write(d -> {
            DiscoveryService service = d.cloudMap.services.get(serviceId);
            if (service == null) {
                throw CloudMapErrors.serviceNotFound(serviceId);
            }
            checkAgainst(service, attributes);
            DiscoveryInstance before = d.cloudMap.instances.get(DiscoveryInstance.key(serviceId, instanceId));
            String health = null;
            if (service.customHealth()) {
                String init = attributes.get(DiscoveryInstance.INIT_HEALTH_STATUS);
                health = init != null ? init : before != null ? before.health() : DiscoveryInstance.HEALTHY;
            }
            long registeredAt = before != null ? before.registeredAt() : operations.clock().millis();
            DiscoveryInstance instance = new DiscoveryInstance(serviceId, instanceId, creatorRequestId, attributes,
                    health, registeredAt);
            d.cloudMap.instances.put(instance.key(), instance);
            return operations.record(d, "REGISTER_INSTANCE", Map.of("SERVICE", serviceId, "INSTANCE", instanceId));
        });
    }

    /** Deregisters instance {@code instanceId} of service {@code serviceId}; answers the operation id. */
    public String deregister(String serviceId, String instanceId) {
        return writer.write(d -> {
            if (!d.cloudMap.services.containsKey(serviceId)) {
                throw CloudMapErrors.serviceNotFound(serviceId);
            }
            if (d.cloudMap.instances.remove(DiscoveryInstance.key(serviceId, instanceId)) == null) {
                throw CloudMapErrors.instanceNotFound(serviceId, instanceId);
            }
            return operations.record(d, "DEREGISTER_INSTANCE", Map.of("SERVICE", serviceId,
                    "INSTANCE", instanceId));
        });
    }

    /** Instance {@code instanceId} of service {@code serviceId}. */
    public DiscoveryInstance find(String serviceId, String instanceId) {
        CloudMapState state = writer.state().cloudMap();
        if (!state.services().containsKey(serviceId)) {
            throw CloudMapErrors.serviceNotFound(serviceId);
        }
        DiscoveryInstance instance = state.instances().get(DiscoveryInstance.key(serviceId, instanceId));
        if (instance == null) {
            throw CloudMapErrors.instanceNotFound(serviceId, instanceId);
        }
        return instance;
    }

    /** Every instance of service {@code serviceId}, in registration order. */
    public List<DiscoveryInstance> list(String serviceId) {
        CloudMapState state = writer.state().cloudMap();
        if (!state.services().containsKey(serviceId)) {
            throw CloudMapErrors.serviceNotFound(serviceId);
        }
        return DiscoveryRecords.instancesOf(serviceId, state);
    }

    /** Every registered instance of every service, in registration order. */
    public List<DiscoveryInstance> all() {
        return List.copyOf(writer.state().cloudMap().instances().values());
    }

    /** True when service {@code serviceId} exists and takes custom health reports; null when it does not exist. */
    public Boolean customHealth(String serviceId) {
        DiscoveryService service = writer.state().cloudMap().services().get(serviceId);
        return service == null ? null : service.customHealth();
    }

    /** Sets the custom health of instance {@code instanceId}; the DNS answers accordingly from the next query. */
    public void updateHealth(String serviceId, String instanceId, String status) {
        if (status == null || !HEALTH.contains(status)) {
            throw CloudMapErrors.invalid("Status", status, "HEALTHY or UNHEALTHY");
        }
        writer.write(d -> {
            DiscoveryService service = d.cloudMap.services.get(serviceId);
            if (service == null) {
                throw CloudMapErrors.serviceNotFound(serviceId);
            }
            DiscoveryInstance instance = d.cloudMap.instances.get(DiscoveryInstance.key(serviceId, instanceId));
            if (instance == null) {
                throw CloudMapErrors.instanceNotFound(serviceId, instanceId);
            }
            if (!service.customHealth()) {
                throw new AwsException(AwsError.CLOUD_MAP_CUSTOM_HEALTH_NOT_FOUND, "Service " + serviceId
                        + " has no HealthCheckCustomConfig");
            }
            d.cloudMap.instances.put(instance.key(), instance.withHealth(status));
            return null;
        });
    }

    /** DiscoverInstances' query: its names, filters and health filter. */
    public record Discover(String namespaceName, String serviceName, Map<String, String> queryParameters,
                           Map<String, String> optionalParameters, String healthStatus) {}

    /** The instances of the named service that match {@code query}, in registration order. */
    public List<DiscoveredInstance> discover(Discover query) {
        String health = query.healthStatus() == null ? "HEALTHY" : query.healthStatus();
        if (!Set.of("HEALTHY", "UNHEALTHY", "ALL", "HEALTHY_OR_ELSE_ALL").contains(health)) {
            throw CloudMapErrors.invalid("HealthStatus", health, "HEALTHY, UNHEALTHY, ALL or HEALTHY_OR_ELSE_ALL");
        }
        CloudMapErrors.required("NamespaceName", query.namespaceName(), 1024);
        CloudMapErrors.required("ServiceName", query.serviceName(), 127);
        CloudMapState state = writer.state().cloudMap();
        DiscoveryNamespace namespace = namespaceNamed(state, query.namespaceName());
        DiscoveryService service = state.services().values().stream()
                .filter(s -> s.namespaceId().equals(namespace.id()) && s.name().equalsIgnoreCase(query.serviceName()))
                .findFirst().orElseThrow(() -> CloudMapErrors.serviceNotFound(query.serviceName()));
        List<DiscoveryInstance> matching = DiscoveryRecords.instancesOf(service.id(), state).stream()
                .filter(i -> matches(i, query.queryParameters())).toList();
        List<DiscoveryInstance> optional = matching.stream().filter(i -> matches(i, query.optionalParameters()))
                .toList();
        if (!optional.isEmpty()) {
            matching = optional; // OptionalParameters narrow the answer only when some instance has them
        }
        List<DiscoveryInstance> healthy = matching.stream().filter(DiscoveryInstance::healthy).toList();
        List<DiscoveryInstance> answer = switch (health) {
            case "HEALTHY" -> healthy;
            case "UNHEALTHY" -> matching.stream().filter(i -> !i.healthy()).toList();
            case "HEALTHY_OR_ELSE_ALL" -> healthy.isEmpty() ? matching : healthy;
            default -> matching;
        };
        return answer.stream().map(i -> new DiscoveredInstance(i, namespace.name(), service.name())).toList();
    }

    /** The revision of the instances, which changes whenever an instance or its health does. */
    public long revision() {
        return writer.state().revision();
    }

    /** An instance as DiscoverInstances answers it, with its namespace's and service's names. */
    public record DiscoveredInstance(DiscoveryInstance instance, String namespaceName, String serviceName) {}

    private static DiscoveryNamespace namespaceNamed(CloudMapState state, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String dnsName = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        return state.namespaces().values().stream()
                .filter(n -> n.dns() ? n.name().equals(dnsName) : n.name().equals(name))
                .findFirst().orElseThrow(() -> CloudMapErrors.namespaceNotFound(name));
    }

    private static boolean matches(DiscoveryInstance instance, Map<String, String> parameters) {
        return parameters == null || parameters.entrySet().stream()
                .allMatch(e -> e.getValue().equals(instance.attributes().get(e.getKey())));
    }

    private static void checkAttributes(Map<String, String> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            throw CloudMapErrors.invalid("Attributes", "(none)", "at least one attribute, such as "
                    + DiscoveryInstance.IPV4);
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw CloudMapErrors.invalid("Attributes", attributes.size() + " attributes", "at most "
                    + MAX_ATTRIBUTES);
        }
        attributes.forEach((k, v) -> {
            CloudMapErrors.required("Attributes key", k, 255);
            if (v == null || v.length() > 1024) {
                throw CloudMapErrors.invalid("Attributes." + k, v, "0-1024 characters");
            }
        });
        String ipv4 = attributes.get(DiscoveryInstance.IPV4);
        if (ipv4 != null && !IPV4.matcher(ipv4).matches()) {
            throw CloudMapErrors.invalid(DiscoveryInstance.IPV4, ipv4, "an IPv4 address such as 192.0.2.44");
        }
        String ipv6 = attributes.get(DiscoveryInstance.IPV6);
        if (ipv6 != null && !isIpv6(ipv6)) {
            throw CloudMapErrors.invalid(DiscoveryInstance.IPV6, ipv6, "an IPv6 address such as 2001:db8::1");
        }
        String port = attributes.get(DiscoveryInstance.PORT);
        if (port != null && !validPort(port)) {
            throw CloudMapErrors.invalid(DiscoveryInstance.PORT, port, "0-65535");
        }
        String init = attributes.get(DiscoveryInstance.INIT_HEALTH_STATUS);
        if (init != null && !HEALTH.contains(init)) {
            throw CloudMapErrors.invalid(DiscoveryInstance.INIT_HEALTH_STATUS, init, "HEALTHY or UNHEALTHY");
        }
    }

    /** The attributes the service's DNS records need, and AWS_INIT_HEALTH_STATUS only with custom health. */
    private static void checkAgainst(DiscoveryService service, Map<String, String> attributes) {
        List<String> types = service.dnsRecords().stream().map(DnsRecordTemplate::type).toList();
        boolean v4 = attributes.containsKey(DiscoveryInstance.IPV4);
        boolean v6 = attributes.containsKey(DiscoveryInstance.IPV6);
        if (types.contains("A") && types.contains("AAAA") ? !v4 && !v6
                : types.contains("A") && !v4 || types.contains("AAAA") && !v6) {
            throw CloudMapErrors.invalid("Attributes", attributes.keySet(), "the address attributes service "
                    + service.id() + "'s " + types + " records need: " + DiscoveryInstance.IPV4 + " for A, "
                    + DiscoveryInstance.IPV6 + " for AAAA");
        }
        if (types.contains("SRV") && (!attributes.containsKey(DiscoveryInstance.PORT) || !v4 && !v6)) {
            throw CloudMapErrors.invalid("Attributes", attributes.keySet(), DiscoveryInstance.PORT + " and an "
                    + "address attribute for service " + service.id() + "'s SRV record");
        }
        if (types.contains("CNAME") && !attributes.containsKey(DiscoveryInstance.CNAME)) {
            throw CloudMapErrors.invalid("Attributes", attributes.keySet(), DiscoveryInstance.CNAME
                    + " for service " + service.id() + "'s CNAME record");
        }
        if (!service.customHealth() && attributes.containsKey(DiscoveryInstance.INIT_HEALTH_STATUS)) {
            throw CloudMapErrors.invalid(DiscoveryInstance.INIT_HEALTH_STATUS, attributes.get(
                    DiscoveryInstance.INIT_HEALTH_STATUS), "no initial health for a service without "
                    + "HealthCheckCustomConfig");
        }
    }

    private static boolean validPort(String port) {
        try {
            int p = Integer.parseInt(port);
            return p >= 0 && p <= 65535 && String.valueOf(p).equals(port);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isIpv6(String text) {
        if (!text.contains(":") || !text.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(text).getAddress().length == 16;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
