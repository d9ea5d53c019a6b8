package dev.ballast.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * One live node of the cluster as it registers itself: its name, the address every listener binds, its EC2-style
 * instance id and its API's address ({@code host:port}).
 *
 * <p>Thread-safe (immutable).
 */
public record NodeRecord(String name, String address, String instanceId, String api) {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /** The record as its etcd value. */
    public String toJson() {
        return MAPPER.createObjectNode().put("name", name).put("address", address).put("instanceId", instanceId)
                .put("api", api).toString();
    }

    /** The record of an etcd value written by {@link #toJson}. */
    static NodeRecord fromJson(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            return new NodeRecord(n.path("name").asText(), n.path("address").asText(), n.path("instanceId").asText(),
                    n.path("api").asText());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("node record: " + json + " (expected: JSON of a node)", e);
        }
    }
}
