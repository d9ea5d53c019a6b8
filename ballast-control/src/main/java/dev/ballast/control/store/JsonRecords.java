package dev.ballast.control.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Store records holding one JSON document each, as the ECS and Route 53 codecs keep their resources: unknown
 * fields are ignored on reading, so a record written by a newer version still loads.
 *
 * <p>Thread-safe (the mapper is configured once).
 */
public final class JsonRecords {
    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final String kind;

    /** Records of {@code kind} ("ECS", "Route 53"), which error messages name. */
    public JsonRecords(String kind) {
        this.kind = kind;
    }

    /**
     * The value of {@code record} as a {@code type}.
     *
     * @throws StoreException naming the record when it is not one
     */
    public <T> T read(StoreRecord record, Class<T> type) {
        try {
            return mapper.readValue(record.value(), type);
        } catch (JsonProcessingException e) {
            throw new StoreException("record " + record.key() + " is not " + article(kind) + " " + kind + " "
                    + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** {@code value} as a JSON document. */
    public String encode(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value, e);
        }
    }

    private static String article(String word) {
        return "AEIOU".indexOf(Character.toUpperCase(word.charAt(0))) >= 0 ? "an" : "a";
    }
}
