package dev.ballast.control.ecs.schedule;

import dev.ballast.control.ecs.EcsDeployment;
import dev.ballast.control.ecs.EcsServiceEntry;
import dev.ballast.control.ecs.EcsServiceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A changed copy of an {@link EcsServiceEntry}: the scheduler changes what it owns (status, deployments, events,
 * deletedAt); events are added newest first and only the newest {@link EcsServiceEntry#MAX_EVENTS} are kept.
 *
 * <p>Not thread-safe: one edit is made and built by one thread.
 */
final class ServiceEdit {
    private final EcsServiceEntry from;
    private String status;
    private List<EcsDeployment> deployments;
    private final List<EcsServiceEvent> events;
    private Long deletedAt;

    private ServiceEdit(EcsServiceEntry from) {
        this.from = from;
        this.status = from.status();
        this.deployments = from.deployments();
        this.events = new ArrayList<>(from.events());
        this.deletedAt = from.deletedAt();
    }

    /** An edit of {@code service}. */
    static ServiceEdit of(EcsServiceEntry service) {
        return new ServiceEdit(service);
    }

    ServiceEdit status(String newStatus) {
        this.status = newStatus;
        return this;
    }

    ServiceEdit deployments(List<EcsDeployment> newDeployments) {
        this.deployments = newDeployments;
        return this;
    }

    ServiceEdit deletedAt(long at) {
        this.deletedAt = at;
        return this;
    }

    /** Adds event {@code message} at {@code now} as the newest one. */
    ServiceEdit event(String message, long now) {
        events.add(0, new EcsServiceEvent(UUID.randomUUID().toString(), now, message));
        return this;
    }

    /** The service with the changes, keeping the newest events only. */
    EcsServiceEntry build() {
        List<EcsServiceEvent> kept = events.size() > EcsServiceEntry.MAX_EVENTS
                ? events.subList(0, EcsServiceEntry.MAX_EVENTS) : events;
        return new EcsServiceEntry(from.cluster(), from.name(), from.taskDefinition(), from.desiredCount(),
                from.launchType(), from.loadBalancers(), from.networkConfiguration(),
                from.healthCheckGracePeriodSeconds(), from.deploymentConfiguration(), from.schedulingStrategy(),
                status, deployments, kept, from.tags(), from.createdAt(), deletedAt, from.serviceRegistries(),
                from.placement());
    }
}
