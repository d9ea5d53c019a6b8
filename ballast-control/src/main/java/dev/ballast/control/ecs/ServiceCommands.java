package dev.ballast.control.ecs;

import dev.ballast.control.ecs.placement.PlacementChecks;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The ECS service commands and queries, which write the <em>desired</em> state only: create (an ACTIVE service with
 * one PRIMARY deployment and no task; the scheduler starts them), update (desired count, or a new PRIMARY deployment
 * for a new task definition, load balancers, network configuration or a forced deployment), delete (DRAINING while
 * tasks remain, else INACTIVE at once), find and list.
 *
 * <p>Thread-safe: writes go through the {@link EcsWriter}; reads use one committed state.
 */
public final class ServiceCommands {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final String REPLICA = "REPLICA";

    private final EcsWriter writer;
    private final ClusterCommands clusters;
    private final TargetGroupLookup targetGroups;
    private final ServiceRegistryLookup registries;
    private final EcsIds ids;
    private final Clock clock;

    /**
     * Commands on {@code writer}'s services, checking target groups with {@code targetGroups} and Cloud Map services
     * with {@code registries}.
     */
    public ServiceCommands(EcsWriter writer, ClusterCommands clusters, TargetGroupLookup targetGroups,
                           ServiceRegistryLookup registries, EcsIds ids, Clock clock) {
        this.writer = writer;
        this.clusters = clusters;
        this.targetGroups = targetGroups;
        this.registries = registries;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Creates a service, or returns the ACTIVE one of that name when the request asks for exactly what it has.
     *
     * @throws AwsException ClusterNotFoundException, ClientException (task definition unknown) or
     *     InvalidParameterException (with ECS's messages); nothing is stored
     */
    public EcsServiceEntry create(CreateServiceRequest request) {
        String name = request.serviceName();
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid("serviceName: " + (name == null ? "missing" : name)
                    + " (expected: up to 255 letters, numbers, hyphens and underscores)");
        }
        String strategy = request.schedulingStrategy() == null ? REPLICA : request.schedulingStrategy();
        if (!strategy.equals(REPLICA)) {
            throw invalid("schedulingStrategy: " + strategy + " (expected: REPLICA; DAEMON needs container instances, "
                    + "which Ballast does not have)");
        }
        if (request.desiredCount() == null) {
            throw invalid("desiredCount: missing (expected: the number of tasks to run, required with REPLICA)");
        }
        checkDesiredCount(request.desiredCount());
        int grace = gracePeriod(request.healthCheckGracePeriodSeconds(), 0);
        EcsDeploymentConfiguration configuration = deploymentConfiguration(request.deploymentConfiguration(),
                EcsDeploymentConfiguration.defaults());
        ResourceTags.checkCount(request.tags());
        String cluster = clusters.existing(request.cluster());
        long now = clock.millis();
        return writer.write(draft -> {
            requireCluster(draft, cluster);
            EcsTaskDefinition definition = TaskDefinitionCommands.launchable(draft.taskDefinitions(),
                    request.taskDefinition());
            String launchType = LaunchChecks.launchType(definition, request.launchType());
            LaunchChecks.network(definition, request.networkConfiguration());
            PlacementChecks.check(request.placement(), launchType);
            LoadBalancerChecks.check(definition, request.loadBalancers(), targetGroups);
            ServiceRegistryChecks.check(definition, request.serviceRegistries(), registries);
            EcsDeployment primary = newDeployment(definition.key(), request.desiredCount(), now);
            EcsServiceEntry created = new EcsServiceEntry(cluster, name, definition.key(), request.desiredCount(),
                    launchType, request.loadBalancers(), request.networkConfiguration(), grace, configuration, strategy,
                    EcsServiceEntry.ACTIVE, List.of(primary), List.of(), request.tags(), now, null,
                    request.serviceRegistries(), request.placement());
            EcsServiceEntry existing = draft.services().get(created.key());
            if (existing != null && !existing.status().equals(EcsServiceEntry.INACTIVE)) {
                if (sameRequest(existing, created)) {
                    return existing;
                }
                throw invalid("Creation of service was not idempotent.");
            }
            draft.services().put(created.key(), created);
            return created;
        });
    }

    /**
     * Applies an UpdateService request and returns the service as it now is.
     *
     * @throws AwsException ServiceNotFoundException, ServiceNotActiveException, ClusterNotFoundException,
     *     ClientException or InvalidParameterException; nothing is stored
     */
    public EcsServiceEntry update(UpdateServiceRequest request) {
        if (request.desiredCount() != null) {
            checkDesiredCount(request.desiredCount());
        }
        String cluster = clusters.existing(request.cluster());
        long now = clock.millis();
        return writer.write(draft -> {
            requireCluster(draft, cluster);
            EcsServiceEntry current = activeService(draft, cluster, request.service());
            EcsTaskDefinition definition = request.taskDefinition() == null
                    ? draft.taskDefinitions().get(current.taskDefinition())
                    : TaskDefinitionCommands.launchable(draft.taskDefinitions(), request.taskDefinition());
            List<EcsLoadBalancer> loadBalancers = request.loadBalancers() == null ? current.loadBalancers()
                    : request.loadBalancers();
            EcsNetworkConfiguration network = request.networkConfiguration() == null
                    ? current.networkConfiguration() : request.networkConfiguration();
            List<EcsServiceRegistry> serviceRegistries = request.serviceRegistries() == null
                    ? current.serviceRegistries() : request.serviceRegistries();
            EcsPlacement placement = new EcsPlacement(request.placementConstraints() == null
                    ? current.placement().constraints() : request.placementConstraints(),
                    request.placementStrategy() == null
                    ? current.placement().strategies() : request.placementStrategy());
            // New placement, like new load balancers, starts a deployment: its tasks are placed by the new rules.
            boolean newDeployment = request.forceNewDeployment()
                    || !placement.equals(current.placement())
                    || !serviceRegistries.equals(current.serviceRegistries())
                    || !definition.key().equals(current.taskDefinition())
                    || !loadBalancers.equals(current.loadBalancers())
                    || !Objects.equals(network, current.networkConfiguration());
            if (newDeployment) {
                LaunchChecks.launchType(definition, current.launchType());
                LaunchChecks.network(definition, network);
                PlacementChecks.check(placement, current.launchType());
                LoadBalancerChecks.check(definition, loadBalancers, targetGroups);
                ServiceRegistryChecks.check(definition, serviceRegistries, registries);
            }
            int desired = request.desiredCount() == null ? current.desiredCount() : request.desiredCount();
            List<EcsDeployment> deployments = newDeployment
                    ? withNewPrimary(current.deployments(), definition.key(), desired, now)
                    : withPrimaryDesired(current.deployments(), desired, now);
            EcsServiceEntry updated = new EcsServiceEntry(cluster, current.name(), definition.key(), desired,
                    current.launchType(), loadBalancers, network,
                    gracePeriod(request.healthCheckGracePeriodSeconds(), current.healthCheckGracePeriodSeconds()),
                    deploymentConfiguration(request.deploymentConfiguration(), current.deploymentConfiguration()),
                    current.schedulingStrategy(), current.status(), deployments, current.events(), current.tags(),
                    current.createdAt(), null, serviceRegistries, placement);
            draft.services().put(updated.key(), updated);
            return updated;
        });
    }

    /**
     * Deletes a service: refused while it is scaled above 0 unless {@code force} (which scales it to 0); it turns
     * INACTIVE at once when none of its tasks is left, else DRAINING until the scheduler has stopped them.
     *
     * @throws AwsException ServiceNotFoundException, ServiceNotActiveException, ClusterNotFoundException or
     *     InvalidParameterException; nothing is stored
     */
    public EcsServiceEntry delete(String clusterRef, String serviceRef, boolean force) {
        String cluster = clusters.existing(clusterRef);
        long now = clock.millis();
        return writer.write(draft -> {
            requireCluster(draft, cluster);
            EcsServiceEntry current = activeService(draft, cluster, serviceRef);
            if (current.desiredCount() > 0 && !force) {
                throw invalid("The service cannot be stopped while it is scaled above 0.");
            }
            boolean tasksLeft = draft.tasks().values().stream().anyMatch(t -> t.cluster().equals(cluster)
                    && current.name().equals(t.serviceName()) && !t.lastStatus().equals(EcsTask.STOPPED));
            List<EcsDeployment> deployments = current.deployments().stream().map(d -> new EcsDeployment(d.id(),
                    d.status(), d.taskDefinition(), 0, d.failedTasks(), d.rolloutState(), d.rolloutStateReason(),
                    d.createdAt(), d.desiredCount() == 0 ? d.updatedAt() : now)).toList();
            EcsServiceEntry deleted = new EcsServiceEntry(cluster, current.name(), current.taskDefinition(), 0,
                    current.launchType(), current.loadBalancers(), current.networkConfiguration(),
                    current.healthCheckGracePeriodSeconds(), current.deploymentConfiguration(),
                    current.schedulingStrategy(), tasksLeft ? EcsServiceEntry.DRAINING : EcsServiceEntry.INACTIVE,
                    deployments, current.events(), current.tags(), current.createdAt(), tasksLeft ? null : now,
                    current.serviceRegistries(), current.placement());
            draft.services().put(deleted.key(), deleted);
            return deleted;
        });
    }

    /**
     * The services of {@code clusterRef} that {@code references} (names or ARNs) name, in order, any status; null
     * in place of one that does not exist.
     *
     * @throws AwsException ClusterNotFoundException
     */
    public List<EcsServiceEntry> find(String clusterRef, List<String> references) {
        return ResourceRefs.inCluster(writer.state().services(), clusters.existing(clusterRef), references,
                "services", "service names or ARNs");
    }

    /**
     * The ACTIVE services of {@code clusterRef} in creation order, of {@code launchType} and {@code schedulingStrategy}
     * when not null.
     *
     * @throws AwsException ClusterNotFoundException
     */
    public List<EcsServiceEntry> list(String clusterRef, String launchType, String schedulingStrategy) {
        String cluster = clusters.existing(clusterRef);
        return writer.state().services().values().stream()
                .filter(s -> s.cluster().equals(cluster) && s.status().equals(EcsServiceEntry.ACTIVE))
                .filter(s -> launchType == null || s.launchType().equals(launchType))
                .filter(s -> schedulingStrategy == null || s.schedulingStrategy().equals(schedulingStrategy))
                .toList();
    }

    /** The committed state the services were read from, for the counts derived from tasks. */
    public EcsState state() {
        return writer.state();
    }

    /** The service name in {@code arn:aws:ecs:…:service/<cluster>/<name>} (or the old {@code service/<name>}). */
    static String nameOf(String reference) {
        return ResourceRefs.lastPart(reference, "service", "a service name or ARN");
    }

    /** The ACTIVE service {@code reference} names in {@code cluster}. */
    private static EcsServiceEntry activeService(EcsDraft draft, String cluster, String reference) {
        EcsServiceEntry service = draft.services().get(cluster + "/" + nameOf(reference));
        if (service == null) {
            throw new AwsException(AwsError.ECS_SERVICE_NOT_FOUND, "Service not found.");
        }
        if (!service.status().equals(EcsServiceEntry.ACTIVE)) {
            throw new AwsException(AwsError.ECS_SERVICE_NOT_ACTIVE, "Service was not ACTIVE.");
        }
        return service;
    }

    private static void requireCluster(EcsDraft draft, String cluster) {
        if (!draft.clusters().containsKey(cluster)) {
            throw ClusterCommands.notFound();
        }
    }

    private EcsDeployment newDeployment(String taskDefinition, int desiredCount, long now) {
        String id = ids.deploymentId();
        return new EcsDeployment(id, EcsDeployment.PRIMARY, taskDefinition, desiredCount, 0, "IN_PROGRESS",
                "ECS deployment " + id + " in progress.", now, now);
    }

    /** A new PRIMARY deployment first; the old PRIMARY becomes ACTIVE until the scheduler has replaced its tasks. */
    private List<EcsDeployment> withNewPrimary(List<EcsDeployment> deployments, String taskDefinition, int desired,
                                               long now) {
        List<EcsDeployment> out = new ArrayList<>();
        out.add(newDeployment(taskDefinition, desired, now));
        for (EcsDeployment d : deployments) {
            out.add(d.status().equals(EcsDeployment.PRIMARY) ? new EcsDeployment(d.id(), EcsDeployment.ACTIVE,
                    d.taskDefinition(), d.desiredCount(), d.failedTasks(), d.rolloutState(), d.rolloutStateReason(),
                    d.createdAt(), now) : d);
        }
        return out;
    }

    private static List<EcsDeployment> withPrimaryDesired(List<EcsDeployment> deployments, int desired, long now) {
        return deployments.stream().map(d -> d.status().equals(EcsDeployment.PRIMARY) && d.desiredCount() != desired
                ? new EcsDeployment(d.id(), d.status(), d.taskDefinition(), desired, d.failedTasks(), d.rolloutState(),
                        d.rolloutStateReason(), d.createdAt(), now) : d).toList();
    }

    /** True if {@code created} asks for what {@code existing} has, which makes CreateService idempotent. */
    private static boolean sameRequest(EcsServiceEntry existing, EcsServiceEntry created) {
        return existing.status().equals(EcsServiceEntry.ACTIVE)
                && existing.taskDefinition().equals(created.taskDefinition())
                && existing.desiredCount() == created.desiredCount()
                && existing.launchType().equals(created.launchType())
                && existing.loadBalancers().equals(created.loadBalancers())
                && existing.serviceRegistries().equals(created.serviceRegistries())
                && existing.placement().equals(created.placement())
                && Objects.equals(existing.networkConfiguration(), created.networkConfiguration())
                && existing.healthCheckGracePeriodSeconds() == created.healthCheckGracePeriodSeconds()
                && existing.deploymentConfiguration().equals(created.deploymentConfiguration());
    }

    private static void checkDesiredCount(int desiredCount) {
        if (desiredCount < 0) {
            throw invalid("desiredCount: " + desiredCount + " (expected: 0 or more)");
        }
    }

    private static int gracePeriod(Integer requested, int current) {
        if (requested == null) {
            return current;
        }
        if (requested < 0) {
            throw invalid("healthCheckGracePeriodSeconds: " + requested + " (expected: 0 or more)");
        }
        return requested;
    }

    private static EcsDeploymentConfiguration deploymentConfiguration(DeploymentConfigurationInput input,
                                                                      EcsDeploymentConfiguration base) {
        EcsDeploymentConfiguration out = input == null ? base : input.applyTo(base);
        if (out.minimumHealthyPercent() < 0 || out.minimumHealthyPercent() > 100) {
            throw invalid("deploymentConfiguration.minimumHealthyPercent: " + out.minimumHealthyPercent()
                    + " (expected: 0-100)");
        }
        if (out.maximumPercent() < 100) {
            throw invalid("deploymentConfiguration.maximumPercent: " + out.maximumPercent()
                    + " (expected: 100 or more)");
        }
        return out;
    }

    private static AwsException invalid(String message) {
        return new AwsException(AwsError.ECS_INVALID_PARAMETER, message);
    }
}
