package dev.ballast.control.cloudmap;

import dev.ballast.control.store.JsonRecords;
import dev.ballast.control.store.KeyedDiff;
import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.StoreRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Maps {@link CloudMapState} to store records in the Route 53 store (one JSON record per namespace, service,
 * instance and operation, under {@link #PREFIX}) and back, and computes the mutations between two states.
 *
 * <p>Thread-safe (the mapper is configured once).
 */
public final class CloudMapCodec {
    /** The key prefix of every Cloud Map record. */
    public static final String PREFIX = "route53/cloudmap/";
    private static final String NAMESPACES = PREFIX + "namespaces/";
    private static final String SERVICES = PREFIX + "services/";
    private static final String INSTANCES = PREFIX + "instances/";
    private static final String OPERATIONS = PREFIX + "operations/";

    private final JsonRecords json = new JsonRecords("Cloud Map");

    /** The state stored in {@code records} (every one under {@link #PREFIX}), each kind in creation order. */
    public CloudMapState decode(List<StoreRecord> records) {
        List<DiscoveryNamespace> namespaces = new ArrayList<>();
        List<DiscoveryService> services = new ArrayList<>();
        List<DiscoveryInstance> instances = new ArrayList<>();
        List<DiscoveryOperation> operations = new ArrayList<>();
        for (StoreRecord record : records) {
            String key = record.key();
            if (key.startsWith(NAMESPACES)) {
                namespaces.add(json.read(record, DiscoveryNamespace.class));
            } else if (key.startsWith(SERVICES)) {
                services.add(json.read(record, DiscoveryService.class));
            } else if (key.startsWith(INSTANCES)) {
                instances.add(json.read(record, DiscoveryInstance.class));
            } else if (key.startsWith(OPERATIONS)) {
                operations.add(json.read(record, DiscoveryOperation.class));
            }
        }
        return new CloudMapState(
                byKey(namespaces, DiscoveryNamespace::createdAt, DiscoveryNamespace::id),
                byKey(services, DiscoveryService::createdAt, DiscoveryService::id),
                byKey(instances, DiscoveryInstance::registeredAt, DiscoveryInstance::key),
                byKey(operations, DiscoveryOperation::createdAt, DiscoveryOperation::id));
    }

    /** The puts and deletes that turn {@code from} into {@code to}. */
    public List<Mutation> diff(CloudMapState from, CloudMapState to) {
        List<Mutation> out = new ArrayList<>(KeyedDiff.between(NAMESPACES, from.namespaces(), to.namespaces(),
                json::encode));
        out.addAll(KeyedDiff.between(SERVICES, from.services(), to.services(), json::encode));
        out.addAll(KeyedDiff.between(INSTANCES, from.instances(), to.instances(), json::encode));
        out.addAll(KeyedDiff.between(OPERATIONS, from.operations(), to.operations(), json::encode));
        return out;
    }

    private static <T> Map<String, T> byKey(List<T> values, ToLongFunction<T> created, Function<T, String> key) {
        values.sort(Comparator.comparingLong(created).thenComparing(key));
        Map<String, T> out = new LinkedHashMap<>();
        values.forEach(v -> out.put(key.apply(v), v));
        return out;
    }
}
