package dev.ballast.api.query;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.validation.TextChars;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters of an AWS Query request ({@code Name=value} pairs, form-encoded), with readers for the
 * protocol's shapes: {@code Prefix.member.N} lists (an empty list is sent as a bare {@code Prefix=}),
 * nested structures ({@code Prefix.Field}) and scalars. Missing or malformed values raise {@code ValidationError}
 * naming the parameter.
 *
 * <p>Thread-safe (immutable).
 */
public final class QueryParams {
    private final String prefix;
    private final Map<String, String> values;

    private QueryParams(String prefix, Map<String, String> values) {
        this.prefix = prefix;
        this.values = values;
    }

    /**
     * Parses an {@code application/x-www-form-urlencoded} string (a POST body or a GET query). A parameter given
     * more than once is a ValidationError: AWS has no "last one wins", and a signed request must not be able to
     * carry a second {@code Action} that a lenient parser would pick.
     */
    public static QueryParams parse(String form) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> pair : pairs(form)) {
            if (out.putIfAbsent(pair.getKey(), pair.getValue()) != null) {
                throw new AwsException(AwsError.VALIDATION_ERROR, pair.getKey()
                        + ": given more than once (expected: each parameter at most once)");
            }
        }
        return new QueryParams("", Collections.unmodifiableMap(out));
    }

    /** The decoded {@code name=value} pairs of a form, in order and with repeats (empty for null). */
    public static List<Map.Entry<String, String>> pairs(String form) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (form != null && !form.isEmpty()) {
            for (String pair : form.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!TextChars.xmlText(name) || !TextChars.xmlText(value)) {
                    // whatever is stored is described in XML later: a value XML cannot carry never gets in
                    throw new AwsException(AwsError.VALIDATION_ERROR, (TextChars.xmlText(name) ? name
                            : TextChars.quoted(name)) + ": " + TextChars.quoted(value)
                            + " (expected: only characters allowed in XML 1.0)");
                }
                out.add(Map.entry(name, value));
            }
        }
        return out;
    }

    /** Parameters given as a map (tests, other front ends). */
    public static QueryParams of(Map<String, String> values) {
        return new QueryParams("", Collections.unmodifiableMap(new TreeMap<>(values)));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "request body: '" + s
                    + "' (expected: application/x-www-form-urlencoded text)");
        }
    }

    /** The value of {@code name}, or null. */
    public String get(String name) {
        return values.get(name);
    }

    /** The value of {@code name}, or ValidationError naming it. */
    public String required(String name) {
        String v = values.get(name);
        if (v == null || v.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, path(name) + ": missing (expected: a value)");
        }
        return v;
    }

    /** The integer value of {@code name}, or null when absent. */
    public Integer integer(String name) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        // AWS refuses ' 80': no trimming, no '+'
        if (!v.matches("-?\\d{1,10}")) {
            throw new AwsException(AwsError.VALIDATION_ERROR, path(name) + ": '" + v + "' (expected: an integer)");
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new AwsException(AwsError.VALIDATION_ERROR, path(name) + ": '" + v + "' (expected: an integer)");
        }
    }

    /** The boolean value of {@code name}, or null when absent. */
    public Boolean bool(String name) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new AwsException(AwsError.VALIDATION_ERROR, path(name) + ": " + v + " (expected: true or false)");
        }
        return Boolean.valueOf(v);
    }

    /** True if {@code name} or anything under {@code name.} is present. */
    public boolean has(String name) {
        if (values.containsKey(name)) {
            return true;
        }
        String p = name + ".";
        return values.keySet().stream().anyMatch(k -> k.startsWith(p));
    }

    /** The list {@code name.member.N} in order of N; null when absent, empty for a bare {@code name=}. */
    public List<String> list(String name) {
        List<QueryParams> members = members(name);
        if (members == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (QueryParams m : members) {
            out.add(m.values.getOrDefault("", ""));
        }
        return out;
    }

    /** Like {@link #list} but an absent list is empty. */
    public List<String> listOrEmpty(String name) {
        List<String> l = list(name);
        return l == null ? List.of() : l;
    }

    /** The structures {@code name.member.N.*} in order of N; null when absent, empty for a bare {@code name=}. */
    public List<QueryParams> members(String name) {
        String p = name + ".member.";
        TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!e.getKey().startsWith(p)) {
                continue;
            }
            String rest = e.getKey().substring(p.length());
            int dot = rest.indexOf('.');
            String index = dot < 0 ? rest : rest.substring(0, dot);
            int n;
            try {
                n = Integer.parseInt(index);
            } catch (NumberFormatException ex) {
                throw new AwsException(AwsError.VALIDATION_ERROR, path(e.getKey()) + ": malformed list index"
                        + " (expected: " + path(name) + ".member.N with N = 1, 2, ...)");
            }
            byIndex.computeIfAbsent(n, k -> new TreeMap<>()).put(dot < 0 ? "" : rest.substring(dot + 1), e.getValue());
        }
        if (byIndex.isEmpty()) {
            return values.containsKey(name) ? List.of() : null;
        }
        List<QueryParams> out = new ArrayList<>();
        byIndex.forEach((n, m) -> out.add(new QueryParams(path(name) + ".member." + n + ".",
                Collections.unmodifiableMap(m))));
        return out;
    }

    /** The structure {@code name.*}, or null when absent. */
    public QueryParams struct(String name) {
        String p = name + ".";
        Map<String, String> m = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(p)) {
                m.put(k.substring(p.length()), v);
            }
        });
        return m.isEmpty() ? null : new QueryParams(path(name) + ".", Collections.unmodifiableMap(m));
    }

    /** The {@code Key}/{@code Value} pairs of the list {@code name}, in order. */
    public Map<String, String> keyValues(String name) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        List<QueryParams> members = members(name);
        if (members != null) {
            members.forEach(m -> out.put(m.required("Key"), m.get("Value") == null ? "" : m.get("Value")));
        }
        return out;
    }

    /** Every parameter under this prefix, by name relative to it (read-only). */
    public Map<String, String> values() {
        return Collections.unmodifiableMap(values);
    }

    /** The full parameter name of {@code name} for messages. */
    public String path(String name) {
        return prefix + name;
    }
}
