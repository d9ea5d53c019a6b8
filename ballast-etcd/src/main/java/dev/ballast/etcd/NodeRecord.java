package dev.ballast.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ballast.control.cluster.NodeProfile;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.format.DateTimeParseException;

/**
 * One live node of the cluster as it registers itself: its name, the address every listener binds, its EC2-style
 * instance id, its API's address ({@code host:port}) and when it started (EC2's launch time of the node as an
 * instance; null in a record of a node that did not say) and its profile for ECS placement (zone, attributes,
 * capacity; this machine's defaults in a record of a node that did not say).
 *
 * <p>Thread-safe (immutable).
 */
public record NodeRecord(String name, String address, String instanceId, String api, Instant started,
                         NodeProfile profile) {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /** A record without a profile has this machine's. */
    public NodeRecord {
        profile = profile == null ? NodeProfile.machine() : profile;
    }

    /** A record with this machine's profile. */
    public NodeRecord(String name, String address, String instanceId, String api, Instant started) {
        this(name, address, instanceId, api, started, null);
    }

    /** A record without a start time. */
    public NodeRecord(String name, String address, String instanceId, String api) {
        this(name, address, instanceId, api, null);
    }

    /** The record as its etcd value. */
    public String toJson() {
        var json = MAPPER.createObjectNode().put("name", name).put("address", address).put("instanceId", instanceId)
                .put("api", api);
        if (started != null) {
            json.put("started", started.toString());
        }
        var p = json.putObject("profile").put("zone", profile.availabilityZone()).put("cpu", profile.cpu())
                .put("memory", profile.memory());
        var attributes = p.putObject("attributes");
        profile.custom().forEach(attributes::put);
        return json.toString();
    }

    /** The record of an etcd value written by {@link #toJson}. */
    static NodeRecord fromJson(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            String started = n.path("started").asText(null);
            JsonNode p = n.path("profile");
            NodeProfile profile = null;
            if (p.isObject()) {
                Map<String, String> custom = new LinkedHashMap<>();
                p.path("attributes").properties().forEach(e -> custom.put(e.getKey(), e.getValue().asText()));
                profile = new NodeProfile(p.path("zone").asText(null), custom,
                        p.path("cpu").asInt(NodeProfile.machineCpu()),
                        p.path("memory").asInt(NodeProfile.machineMemory()));
            }
            return new NodeRecord(n.path("name").asText(), n.path("address").asText(), n.path("instanceId").asText(),
                    n.path("api").asText(), started == null ? null : Instant.parse(started), profile);
        } catch (java.io.IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("node record: " + json + " (expected: JSON of a node)", e);
        }
    }
}
