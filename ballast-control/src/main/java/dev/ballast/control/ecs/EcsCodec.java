package dev.ballast.control.ecs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ballast.control.store.KeyedDiff;
import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.StoreContents;
import dev.ballast.control.store.StoreException;
import dev.ballast.control.store.StoreRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps {@link EcsState} to store records (one JSON record per cluster, keyed by name) and back, and computes the
 * mutations between two states.
 *
 * <p>Thread-safe (the mapper is configured once).
 */
final class EcsCodec {
    /** The key prefix of the clusters. */
    static final String CLUSTERS = "ecs/clusters/";

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The state stored in {@code contents}, clusters in creation order. */
    EcsState decode(StoreContents contents) {
        List<EcsCluster> all = new ArrayList<>();
        for (StoreRecord record : contents.records()) {
            try {
                all.add(mapper.readValue(record.value(), EcsCluster.class));
            } catch (JsonProcessingException e) {
                throw new StoreException("record " + record.key() + " is not an ECS cluster: "
                        + e.getOriginalMessage(), e);
            }
        }
        all.sort(Comparator.comparingLong(EcsCluster::createdAt));
        Map<String, EcsCluster> byName = new LinkedHashMap<>();
        all.forEach(c -> byName.put(c.name(), c));
        return new EcsState(contents.revision(), byName);
    }

    /** The puts and deletes that turn {@code from} into {@code to}. */
    List<Mutation> diff(EcsState from, EcsState to) {
        return KeyedDiff.between(CLUSTERS, from.clusters(), to.clusters(), this::encode);
    }

    private String encode(EcsCluster cluster) {
        try {
            return mapper.writeValueAsString(cluster);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode cluster " + cluster.name(), e);
        }
    }
}
