package dev.ballast.core.routing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a raw query string into {@code key=value} parameters and percent-decodes them, as ALB does before
 * comparing them with query-string conditions. A parameter without {@code =} has that text as its key and an
 * empty value; {@code +} is left as is (RFC 3986 has no special meaning for it); a malformed escape stays
 * literal.
 *
 * <p>Thread-safe (stateless).
 */
final class QueryParameters {
    /** One decoded parameter. */
    record Parameter(String key, String value) {}

    private QueryParameters() {}

    static List<Parameter> parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return List.of();
        }
        List<Parameter> out = new ArrayList<>();
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                if (eq < 0 || eq > end) {
                    out.add(new Parameter(decode(rawQuery, start, end), ""));
                } else {
                    out.add(new Parameter(decode(rawQuery, start, eq), decode(rawQuery, eq + 1, end)));
                }
            }
            start = end + 1;
        }
        return out;
    }

    static String decode(String s, int from, int to) {
        int percent = s.indexOf('%', from);
        if (percent < 0 || percent >= to) {
            return s.substring(from, to);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        int plain = from;
        for (int i = percent; i < to; i++) {
            if (s.charAt(i) != '%' || i + 2 >= to) {
                continue;
            }
            int hi = Character.digit(s.charAt(i + 1), 16);
            int lo = Character.digit(s.charAt(i + 2), 16);
            if (hi >= 0 && lo >= 0) {
                bytes.writeBytes(s.substring(plain, i).getBytes(StandardCharsets.UTF_8));
                bytes.write(hi << 4 | lo);
                i += 2;
                plain = i + 1;
            }
        }
        bytes.writeBytes(s.substring(plain, to).getBytes(StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
