package dev.ballast.control.elbv2;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.validation.Check;
import dev.ballast.core.validation.TextChars;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A resource's tags in the order they were added, with AWS's limits (50 per resource, key 1-128 characters,
 * value 0-256, both of letters, digits, spaces and {@code _.:/=+-@}, no {@code aws:} prefix).
 *
 * <p>Thread-safe (immutable).
 */
public record Tags(Map<String, String> values) {
    /** The most tags one resource may carry. */
    public static final int MAX_TAGS = 50;
    /**
     * The Classic API's limit: "Each load balancer can have a maximum of 10 tags." (Classic API reference,
     * AddTags).
     */
    public static final int CLASSIC_MAX_TAGS = 10;
    /** No tags. */
    public static final Tags NONE = new Tags(Map.of());

    /** Copies the map, keeping its order. */
    public Tags {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values == null ? Map.of() : values));
    }

    /** AWS's pattern for tag keys and values (botocore's TagKey and TagValue shapes). */
    public static final Pattern CHARACTERS = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");

    /** One tag of a request. */
    public record Tag(String key, String value) {
        /** Validates key and value. */
        public Tag {
            Check.that(key != null && !key.isEmpty() && key.length() <= 128, "Tags.Key", key, "1-128 characters");
            Check.that(CHARACTERS.matcher(key).matches(), "Tags.Key", TextChars.quoted(key),
                    "letters, digits, spaces and _ . : / = + - @, matching " + CHARACTERS.pattern());
            Check.that(!key.startsWith("aws:"), "Tags.Key", key, "a key not beginning with aws:");
            value = value == null ? "" : value;
            Check.that(value.length() <= 256, "Tags.Value", value, "0-256 characters");
            Check.that(CHARACTERS.matcher(value).matches(), "Tags.Value", TextChars.quoted(value),
                    "letters, digits, spaces and _ . : / = + - @, matching " + CHARACTERS.pattern());
        }
    }

    /** Tags from a request's list, rejecting repeated keys. */
    public static Tags of(List<Tag> tags) {
        return NONE.plus(tags);
    }

    /** Tags from a request's list, rejecting repeated keys and more than {@code max} tags. */
    public static Tags of(List<Tag> tags, int max) {
        return NONE.plus(tags, max);
    }

    /** These tags with {@code added} set (replacing values of existing keys), at most {@link #MAX_TAGS}. */
    public Tags plus(List<Tag> added) {
        return plus(added, MAX_TAGS);
    }

    /** These tags with {@code added} set (replacing values of existing keys), at most {@code max}. */
    public Tags plus(List<Tag> added, int max) {
        Map<String, String> out = new LinkedHashMap<>(values);
        Map<String, String> seen = new LinkedHashMap<>();
        for (Tag t : added) {
            if (seen.put(t.key(), t.value()) != null) {
                throw new AwsException(AwsError.DUPLICATE_TAG_KEYS, "Tags.Key: " + t.key()
                        + " (expected: each tag key once per request)");
            }
            out.put(t.key(), t.value());
        }
        if (out.size() > max) {
            throw new AwsException(AwsError.TOO_MANY_TAGS, "Tags: " + out.size() + " tags (expected: at most "
                    + max + " tags per resource)");
        }
        return new Tags(out);
    }

    /** These tags without {@code keys}. */
    public Tags minus(List<String> keys) {
        Map<String, String> out = new LinkedHashMap<>(values);
        keys.forEach(out::remove);
        return new Tags(out);
    }
}
