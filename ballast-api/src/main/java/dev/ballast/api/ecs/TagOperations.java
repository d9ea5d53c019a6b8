package dev.ballast.api.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.ecs.ResourceTagCommands;
import java.util.Map;
import java.util.function.Function;

/**
 * The ECS tag operations on cluster, service, task and task definition ARNs: TagResource, UntagResource and
 * ListTagsForResource.
 *
 * <p>Thread-safe (stateless apart from the commands).
 */
final class TagOperations {
    private final ResourceTagCommands tags;

    TagOperations(ResourceTagCommands tags) {
        this.tags = tags;
    }

    /** Adds these operations to {@code operations} by name. */
    void addTo(Map<String, Function<ObjectNode, ObjectNode>> operations) {
        operations.put("TagResource", this::tagResource);
        operations.put("UntagResource", this::untagResource);
        operations.put("ListTagsForResource", this::listTagsForResource);
    }

    private ObjectNode tagResource(ObjectNode request) {
        tags.tag(EcsJson.string(request, "resourceArn"), EcsJson.tags(request));
        return EcsJson.object();
    }

    private ObjectNode untagResource(ObjectNode request) {
        tags.untag(EcsJson.string(request, "resourceArn"), EcsJson.strings(request, "tagKeys"));
        return EcsJson.object();
    }

    private ObjectNode listTagsForResource(ObjectNode request) {
        ObjectNode out = EcsJson.object();
        out.set("tags", EcsJson.tagArray(tags.list(EcsJson.string(request, "resourceArn"))));
        return out;
    }
}
