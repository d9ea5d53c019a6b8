package dev.ballast.api.servicediscovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.cloudmap.CloudMapOperations;
import dev.ballast.control.cloudmap.CloudMapTags;
import dev.ballast.control.cloudmap.DiscoveryOperation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Cloud Map operations about operations and tags: GetOperation, ListOperations (filters NAMESPACE_ID,
 * SERVICE_ID, STATUS, TYPE), TagResource, UntagResource and ListTagsForResource.
 *
 * <p>Thread-safe (stateless apart from the commands).
 */
final class OperationTagOperations {
    private final CloudMapOperations operations;
    private final CloudMapTags tags;

    OperationTagOperations(CloudMapOperations operations, CloudMapTags tags) {
        this.operations = operations;
        this.tags = tags;
    }

    /** Adds these operations to {@code all} by name. */
    void addTo(Map<String, Function<ObjectNode, ObjectNode>> all) {
        all.put("GetOperation", this::get);
        all.put("ListOperations", this::list);
        all.put("TagResource", this::tag);
        all.put("UntagResource", this::untag);
        all.put("ListTagsForResource", this::listTags);
    }

    private ObjectNode get(ObjectNode request) {
        DiscoveryOperation operation = operations.find(CloudMapJson.required(request, "OperationId"));
        ObjectNode out = CloudMapJson.object();
        ObjectNode rendered = out.putObject("Operation")
                .put("Id", operation.id())
                .put("Type", operation.type())
                .put("Status", operation.status())
                .put("CreateDate", CloudMapJson.seconds(operation.createdAt()))
                .put("UpdateDate", CloudMapJson.seconds(operation.createdAt()));
        rendered.set("Targets", CloudMapJson.stringMap(operation.targets()));
        return out;
    }

    private ObjectNode list(ObjectNode request) {
        List<DiscoveryOperation> all = operations.list().stream()
                .filter(ListFilters.of(request, Set.of("NAMESPACE_ID", "SERVICE_ID", "STATUS", "TYPE"),
                        (field, o) -> switch (field) {
                            case "NAMESPACE_ID" -> o.targets().get("NAMESPACE");
                            case "SERVICE_ID" -> o.targets().get("SERVICE");
                            case "STATUS" -> o.status();
                            default -> o.type();
                        }))
                .toList();
        return CloudMapJson.page(request, "Operations", all, 100,
                o -> CloudMapJson.object().put("Id", o.id()).put("Status", o.status()));
    }

    private ObjectNode tag(ObjectNode request) {
        tags.tag(CloudMapJson.required(request, "ResourceARN"), CloudMapJson.tags(request));
        return CloudMapJson.object();
    }

    private ObjectNode untag(ObjectNode request) {
        List<String> keys = CloudMapJson.strings(request, "TagKeys");
        tags.untag(CloudMapJson.required(request, "ResourceARN"), keys == null ? List.of() : keys);
        return CloudMapJson.object();
    }

    private ObjectNode listTags(ObjectNode request) {
        ObjectNode out = CloudMapJson.object();
        out.set("Tags", CloudMapJson.tagArray(tags.list(CloudMapJson.required(request, "ResourceARN"))));
        return out;
    }
}
