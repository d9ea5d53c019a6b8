package dev.ballast.control.cloudmap;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.route53.Route53Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tags of Cloud Map namespaces and services by ARN: TagResource, UntagResource, ListTagsForResource (at most
 * {@link #MAX_TAGS} per resource, keys 1-128 and values 0-256 characters).
 *
 * <p>Thread-safe: writes go through the single {@link Route53Writer}; reads use its latest state.
 */
public final class CloudMapTags {
    static final int MAX_TAGS = 50;
    private final Route53Writer writer;

    /** Tags written through {@code writer}. */
    public CloudMapTags(Route53Writer writer) {
        this.writer = writer;
    }

    /** Adds (or replaces) {@code tags} on the resource {@code arn}. */
    public void tag(String arn, Map<String, String> tags) {
        checked(tags);
        change(arn, current -> {
            Map<String, String> next = new LinkedHashMap<>(current);
            next.putAll(tags);
            return next;
        });
    }

    /** Removes {@code keys} from the resource {@code arn}. */
    public void untag(String arn, List<String> keys) {
        change(arn, current -> {
            Map<String, String> next = new LinkedHashMap<>(current);
            keys.forEach(next::remove);
            return next;
        });
    }

    /** The tags of the resource {@code arn}, sorted by key. */
    public Map<String, String> list(String arn) {
        CloudMapState state = writer.state().cloudMap();
        for (DiscoveryNamespace n : state.namespaces().values()) {
            if (n.arn().equals(arn)) {
                return n.tags();
            }
        }
        for (DiscoveryService s : state.services().values()) {
            if (s.arn().equals(arn)) {
                return s.tags();
            }
        }
        throw notFound(arn);
    }

    /** {@code tags} checked against Cloud Map's limits. */
    static Map<String, String> checked(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new AwsException(AwsError.CLOUD_MAP_TOO_MANY_TAGS, "Tags: " + tags.size()
                    + " (expected: at most " + MAX_TAGS + " per resource)");
        }
        tags.forEach((k, v) -> {
            CloudMapErrors.required("Tags.Key", k, 128);
            if (v == null || v.length() > 256) {
                throw CloudMapErrors.invalid("Tags.Value", v, "0-256 characters");
            }
        });
        return tags;
    }

    private void change(String arn, java.util.function.UnaryOperator<Map<String, String>> edit) {
        writer.write(d -> {
            CloudMapDraft draft = d.cloudMap;
            for (DiscoveryNamespace n : draft.namespaces.values()) {
                if (n.arn().equals(arn)) {
                    draft.namespaces.put(n.id(), n.withTags(checked(edit.apply(n.tags()))));
                    return null;
                }
            }
            for (DiscoveryService s : draft.services.values()) {
                if (s.arn().equals(arn)) {
                    draft.services.put(s.id(), s.withTags(checked(edit.apply(s.tags()))));
                    return null;
                }
            }
            throw notFound(arn);
        });
    }

    private static AwsException notFound(String arn) {
        return new AwsException(AwsError.CLOUD_MAP_RESOURCE_NOT_FOUND, "ResourceARN: " + arn
                + " (expected: the ARN of a namespace or service)");
    }
}
