package dev.ballast.control.classic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ballast.control.store.KeyedDiff;
import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.StoreContents;
import dev.ballast.control.store.StoreException;
import dev.ballast.control.store.StoreRecord;
import dev.ballast.control.store.StoredText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps {@link ClassicState} to store records (one JSON record per load balancer, keyed by name) and back, and
 * computes the mutations between two states.
 *
 * <p>Thread-safe (the mapper is configured once).
 */
public final class ClassicCodec {
    /** The key prefix of everything the Classic API stores. */
    public static final String PREFIX = "classic/loadbalancers/";

    private static final Logger log = LoggerFactory.getLogger(ClassicCodec.class);

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The state stored in {@code contents}, in creation order. */
    public ClassicState decode(StoreContents contents) {
        List<ClassicLoadBalancer> all = new ArrayList<>();
        for (StoreRecord record : contents.records()) {
            try {
                JsonNode tree = mapper.readTree(record.value());
                if (StoredText.sanitize(tree) > 0) {
                    log.warn("record {}: values held characters the API refuses; replaced by U+FFFD", record.key());
                }
                all.add(mapper.treeToValue(tree, ClassicLoadBalancer.class));
            } catch (JsonProcessingException e) {
                throw new StoreException("record " + record.key() + " is not a classic load balancer: "
                        + e.getOriginalMessage(), e);
            }
        }
        all.sort(Comparator.comparingLong(ClassicLoadBalancer::createdAt));
        Map<String, ClassicLoadBalancer> byName = new LinkedHashMap<>();
        all.forEach(lb -> byName.put(lb.name(), lb));
        return new ClassicState(contents.revision(), byName);
    }

    /** The puts and deletes that turn {@code from} into {@code to}. */
    public List<Mutation> diff(ClassicState from, ClassicState to) {
        return KeyedDiff.between(PREFIX, from.loadBalancers(), to.loadBalancers(), this::encode);
    }

    private String encode(ClassicLoadBalancer lb) {
        try {
            return mapper.writeValueAsString(lb);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + lb.name(), e);
        }
    }
}
