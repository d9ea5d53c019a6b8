package dev.ballast.control.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ballast.core.validation.TextChars;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes a stored record loadable under today's text checks: a store written before control characters were
 * refused may hold them, and the model's constructors would now reject the whole record (and with it the
 * server's start). Every string value loses its control characters and anything XML 1.0 cannot carry, each
 * replaced by U+FFFD; only a fixed-response {@code messageBody} keeps tab, newline and carriage return, which are
 * legitimate there.
 *
 * <p>Thread-safe (stateless).
 */
public final class StoredText {
    /** The one stored field whose text may contain tab, newline and carriage return. */
    private static final String MULTI_LINE_FIELD = "messageBody";

    private StoredText() {}

    /** Replaces refused characters in every string of {@code node}, in place; returns how many were replaced. */
    public static int sanitize(JsonNode node) {
        int replaced = 0;
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
            for (Map.Entry<String, JsonNode> field : fields) {
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    String clean = clean(value.asText(), field.getKey().equals(MULTI_LINE_FIELD));
                    if (!clean.equals(value.asText())) {
                        object.set(field.getKey(), TextNode.valueOf(clean));
                        replaced++;
                    }
                } else {
                    replaced += sanitize(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    String clean = clean(value.asText(), false);
                    if (!clean.equals(value.asText())) {
                        array.set(i, TextNode.valueOf(clean));
                        replaced++;
                    }
                } else {
                    replaced += sanitize(value);
                }
            }
        }
        return replaced;
    }

    private static String clean(String text, boolean multiLine) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean keep = TextChars.xmlAllowed(c) && (!TextChars.control(c) || (multiLine && c <= 0x0D));
            b.appendCodePoint(keep ? c : 0xFFFD);
        });
        return b.toString();
    }
}
