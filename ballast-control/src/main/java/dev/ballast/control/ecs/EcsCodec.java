package dev.ballast.control.ecs;

import dev.ballast.control.store.JsonRecords;
import dev.ballast.control.store.KeyedDiff;
import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.StoreContents;
import dev.ballast.control.store.StoreRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps {@link EcsState} to store records (one JSON record per cluster, keyed by name, one per task definition
 * revision, keyed by {@code family:revision}, one per service and one per task, keyed by {@code cluster/name} and
 * {@code cluster/id}) and back, and computes the mutations between two states.
 *
 * <p>Thread-safe (the mapper is configured once).
 */
final class EcsCodec {
    /** The key prefix of the clusters. */
    static final String CLUSTERS = "ecs/clusters/";
    /** The key prefix of the task definitions. */
    static final String TASK_DEFINITIONS = "ecs/task-definitions/";
    /** The key prefix of the services. */
    static final String SERVICES = "ecs/services/";
    /** The key prefix of the tasks. */
    static final String TASKS = "ecs/tasks/";
    /** The key prefix of every ECS record. */
    static final String ALL = "ecs/";

    private final JsonRecords json = new JsonRecords("ECS");

    /** The state stored in {@code contents}, clusters and task definitions in creation order. */
    EcsState decode(StoreContents contents) {
        List<EcsCluster> clusters = new ArrayList<>();
        List<EcsTaskDefinition> taskDefinitions = new ArrayList<>();
        List<EcsServiceEntry> services = new ArrayList<>();
        List<EcsTask> tasks = new ArrayList<>();
        for (StoreRecord record : contents.records()) {
            if (record.key().startsWith(TASK_DEFINITIONS)) {
                taskDefinitions.add(read(record, EcsTaskDefinition.class));
            } else if (record.key().startsWith(SERVICES)) {
                services.add(read(record, EcsServiceEntry.class));
            } else if (record.key().startsWith(TASKS)) {
                tasks.add(read(record, EcsTask.class));
            } else {
                clusters.add(read(record, EcsCluster.class));
            }
        }
        services.sort(Comparator.comparingLong(EcsServiceEntry::createdAt).thenComparing(EcsServiceEntry::key));
        tasks.sort(Comparator.comparingLong(EcsTask::createdAt).thenComparing(EcsTask::key));
        clusters.sort(Comparator.comparingLong(EcsCluster::createdAt));
        taskDefinitions.sort(Comparator.comparingLong(EcsTaskDefinition::registeredAt)
                .thenComparing(EcsTaskDefinition::family).thenComparingInt(EcsTaskDefinition::revision));
        Map<String, EcsCluster> byName = new LinkedHashMap<>();
        clusters.forEach(c -> byName.put(c.name(), c));
        Map<String, EcsTaskDefinition> byKey = new LinkedHashMap<>();
        taskDefinitions.forEach(t -> byKey.put(t.key(), t));
        Map<String, EcsServiceEntry> servicesByKey = new LinkedHashMap<>();
        services.forEach(s -> servicesByKey.put(s.key(), s));
        Map<String, EcsTask> tasksByKey = new LinkedHashMap<>();
        tasks.forEach(t -> tasksByKey.put(t.key(), t));
        return new EcsState(contents.revision(), byName, byKey, servicesByKey, tasksByKey);
    }

    /** The puts and deletes that turn {@code from} into {@code to}. */
    List<Mutation> diff(EcsState from, EcsState to) {
        List<Mutation> out = new ArrayList<>(KeyedDiff.between(CLUSTERS, from.clusters(), to.clusters(),
                this::encode));
        out.addAll(KeyedDiff.between(TASK_DEFINITIONS, from.taskDefinitions(), to.taskDefinitions(), this::encode));
        out.addAll(KeyedDiff.between(SERVICES, from.services(), to.services(), this::encode));
        out.addAll(KeyedDiff.between(TASKS, from.tasks(), to.tasks(), this::encode));
        return out;
    }

    private <T> T read(StoreRecord record, Class<T> type) {
        return json.read(record, type);
    }

    private String encode(Object value) {
        return json.encode(value);
    }
}
