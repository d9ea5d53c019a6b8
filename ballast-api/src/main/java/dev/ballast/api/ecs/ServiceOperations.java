package dev.ballast.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.ecs.ClusterCommands;
import dev.ballast.control.ecs.EcsServiceEntry;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.ServiceCommands;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The ECS service operations: CreateService, UpdateService, DescribeServices (DRAINING and INACTIVE ones too,
 * MISSING failures for unknown names), ListServices (ACTIVE only, 10 per page by default) and DeleteService.
 *
 * <p>Thread-safe (stateless apart from the commands).
 */
final class ServiceOperations {
    private static final int MAX_DESCRIBED = 10;
    private static final Set<String> INCLUDE = Set.of("TAGS");

    private final ServiceCommands services;

    ServiceOperations(ServiceCommands services) {
        this.services = services;
    }

    /** Adds these operations to {@code operations} by name. */
    void addTo(Map<String, Function<ObjectNode, ObjectNode>> operations) {
        operations.put("CreateService", this::createService);
        operations.put("UpdateService", this::updateService);
        operations.put("DescribeServices", this::describeServices);
        operations.put("ListServices", this::listServices);
        operations.put("DeleteService", this::deleteService);
    }

    private ObjectNode createService(ObjectNode request) {
        return one(services.create(ServiceJson.createRequest(request)), true);
    }

    private ObjectNode updateService(ObjectNode request) {
        return one(services.update(ServiceJson.updateRequest(request)), false);
    }

    private ObjectNode deleteService(ObjectNode request) {
        Boolean force = EcsJson.bool(request, "force");
        return one(services.delete(EcsJson.string(request, "cluster"), EcsJson.string(request, "service"),
                force != null && force), false);
    }

    private ObjectNode describeServices(ObjectNode request) {
        List<String> names = EcsJson.strings(request, "services");
        if (names.isEmpty() || names.size() > MAX_DESCRIBED) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "services: " + names.size()
                    + " names (expected: 1-" + MAX_DESCRIBED + ")");
        }
        boolean withTags = EcsJson.include(request, INCLUDE).contains("TAGS");
        String cluster = EcsJson.string(request, "cluster");
        List<EcsServiceEntry> found = services.find(cluster, names);
        EcsState state = services.state();
        ObjectNode out = EcsJson.object();
        ArrayNode described = out.putArray("services");
        ArrayNode failures = out.putArray("failures");
        for (int i = 0; i < names.size(); i++) {
            EcsServiceEntry service = found.get(i);
            if (service == null) {
                String name = names.get(i);
                failures.addObject().put("arn", name.startsWith("arn:") ? name : EcsServiceEntry.ARN_PREFIX
                        + clusterName(cluster) + "/" + name).put("reason", "MISSING");
            } else {
                described.add(ServiceJson.render(service, state, withTags));
            }
        }
        return out;
    }

    private ObjectNode listServices(ObjectNode request) {
        List<String> arns = services.list(EcsJson.string(request, "cluster"), EcsJson.string(request, "launchType"),
                EcsJson.string(request, "schedulingStrategy")).stream().map(EcsServiceEntry::arn).toList();
        return EcsPaging.page(request, "ListServices", "serviceArns", arns, EcsPaging.SERVICES_PAGE);
    }

    private ObjectNode one(EcsServiceEntry service, boolean withTags) {
        ObjectNode out = EcsJson.object();
        out.set("service", ServiceJson.render(service, services.state(), withTags));
        return out;
    }

    /** The cluster name a request's {@code cluster} (name, ARN or null) means. */
    static String clusterName(String cluster) {
        if (cluster == null || cluster.isEmpty()) {
            return ClusterCommands.DEFAULT;
        }
        return cluster.startsWith("arn:") ? cluster.substring(cluster.indexOf('/') + 1) : cluster;
    }
}
