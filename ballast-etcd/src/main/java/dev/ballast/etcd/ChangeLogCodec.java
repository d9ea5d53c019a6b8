package dev.ballast.etcd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.StoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a commit's mutations as the JSON value of its change-log key and reads them back:
 * {@code [{"put":"k","value":"v"},{"delete":"j"}]}, in commit order.
 *
 * <p>Thread-safe (the mapper is).
 */
final class ChangeLogCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private ChangeLogCodec() {}

    static String encode(List<Mutation> mutations) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Mutation m : mutations) {
            if (m instanceof Mutation.Put p) {
                array.addObject().put("put", p.key()).put("value", p.value());
            } else {
                array.addObject().put("delete", m.key());
            }
        }
        return array.toString();
    }

    static List<Mutation> decode(String json) {
        List<Mutation> mutations = new ArrayList<>();
        try {
            for (JsonNode n : MAPPER.readTree(json)) {
                mutations.add(n.has("put") ? new Mutation.Put(n.get("put").asText(), n.get("value").asText())
                        : new Mutation.Delete(n.get("delete").asText()));
            }
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("change log entry: " + json + " (expected: a JSON array of puts and deletes)", e);
        }
        return mutations;
    }
}
