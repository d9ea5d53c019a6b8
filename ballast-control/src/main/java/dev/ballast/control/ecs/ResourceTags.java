package dev.ballast.control.ecs;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of ECS resource tags: at most 50 per resource, keys unique, the {@code aws:} prefix reserved; and the
 * merge (TagResource) and removal (UntagResource) of tags, keeping their order.
 *
 * <p>Thread-safe (stateless).
 */
final class ResourceTags {
    /** ECS's limit of tags per resource. */
    static final int MAX_TAGS = 50;

    private ResourceTags() {}

    /** Checks the tags a request carries. */
    static void checkCount(List<EcsTag> tags) {
        if (tags.size() > MAX_TAGS) {
            throw invalid("tags: " + tags.size() + " tags (expected: at most " + MAX_TAGS + ")");
        }
        for (EcsTag tag : tags) {
            if (tag.key().regionMatches(true, 0, "aws:", 0, 4)) {
                throw invalid("tags.key: " + tag.key() + " (expected: a key that does not start with aws:, which "
                        + "AWS reserves)");
            }
        }
    }

    /** {@code current} with {@code added}: a key present in both takes the added value. */
    static List<EcsTag> merged(List<EcsTag> current, List<EcsTag> added) {
        checkCount(added);
        Map<String, EcsTag> byKey = new LinkedHashMap<>();
        current.forEach(t -> byKey.put(t.key(), t));
        added.forEach(t -> byKey.put(t.key(), t));
        if (byKey.size() > MAX_TAGS) {
            throw invalid("tags: " + byKey.size() + " tags on the resource (expected: at most " + MAX_TAGS + ")");
        }
        return List.copyOf(byKey.values());
    }

    /** {@code current} without the tags whose key is in {@code keys}; unknown keys are ignored, as on AWS. */
    static List<EcsTag> without(List<EcsTag> current, Collection<String> keys) {
        return current.stream().filter(t -> !keys.contains(t.key())).toList();
    }

    private static AwsException invalid(String message) {
        return new AwsException(AwsError.ECS_INVALID_PARAMETER, message);
    }
}
