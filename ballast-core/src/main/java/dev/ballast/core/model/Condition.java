package dev.ballast.core.model;

import dev.ballast.core.validation.Check;
import java.util.List;

/**
 * A rule condition; one record per AWS field, each carrying its own match values.
 *
 * <p>Thread-safe (immutable records).
 */
public sealed interface Condition {
    /** The most match values (comparison strings) AWS allows in one condition; a rule allows 5 in all. */
    int MAX_VALUES = 3;

    /** AWS's {@code Field} wire string. */
    String field();

    /** How many match evaluations (values) the condition has; AWS allows at most 5 per rule. */
    int valueCount();

    /** All value strings, for counting wildcards. */
    List<String> wildcardTexts();

    /** {@code host-header}: case-insensitive, port ignored, {@code *} and {@code ?} wildcards. */
    record HostHeader(List<String> values) implements Condition {
        /** Validates value count and length. */
        public HostHeader {
            values = Check.list("HostHeaderConfig.Values", values, 1, MAX_VALUES);
            values.forEach(v -> Check.that(v != null && !v.isEmpty() && v.length() <= 128
                    && v.matches("[A-Za-z0-9\\-.*?_]+"), "HostHeaderConfig.Values", v,
                    "1-128 characters of A-Z, a-z, 0-9, - . * ? _"));
        }

        @Override public String field() { return "host-header"; }
        @Override public int valueCount() { return values.size(); }
        @Override public List<String> wildcardTexts() { return values; }
    }

    /** {@code path-pattern}: case-sensitive on the path (no query), {@code *} and {@code ?} wildcards. */
    record PathPattern(List<String> values) implements Condition {
        /** Validates value count and length. */
        public PathPattern {
            values = Check.list("PathPatternConfig.Values", values, 1, MAX_VALUES);
            values.forEach(v -> Check.that(v != null && !v.isEmpty() && v.length() <= 128,
                    "PathPatternConfig.Values", v, "1-128 characters"));
            values.forEach(v -> Check.printable("PathPatternConfig.Values", v));
        }

        @Override public String field() { return "path-pattern"; }
        @Override public int valueCount() { return values.size(); }
        @Override public List<String> wildcardTexts() { return values; }
    }

    /** {@code http-header}: any occurrence of the named header matches one of the values (case-insensitive). */
    record HttpHeader(String name, List<String> values) implements Condition {
        /** Validates the header name and values. */
        public HttpHeader {
            Check.that(name != null && name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}"),
                    "HttpHeaderConfig.HttpHeaderName", name, "a header name token of 1-40 characters");
            Check.that(!name.equalsIgnoreCase("host"), "HttpHeaderConfig.HttpHeaderName", name,
                    "a header other than Host (use host-header)");
            values = Check.list("HttpHeaderConfig.Values", values, 1, MAX_VALUES);
            values.forEach(v -> Check.that(v != null && !v.isEmpty() && v.length() <= 128,
                    "HttpHeaderConfig.Values", v, "1-128 characters"));
            values.forEach(v -> Check.printable("HttpHeaderConfig.Values", v));
        }

        @Override public String field() { return "http-header"; }
        @Override public int valueCount() { return values.size(); }
        @Override public List<String> wildcardTexts() { return values; }
    }

    /** {@code http-request-method}: exact, case-sensitive method names. */
    record HttpRequestMethod(List<String> values) implements Condition {
        /** Validates the method names. */
        public HttpRequestMethod {
            values = Check.list("HttpRequestMethodConfig.Values", values, 1, MAX_VALUES);
            values.forEach(v -> Check.that(v != null && v.matches("[A-Z_-]{1,40}"),
                    "HttpRequestMethodConfig.Values", v, "1-40 characters of A-Z, _ and -"));
        }

        @Override public String field() { return "http-request-method"; }
        @Override public int valueCount() { return values.size(); }
        @Override public List<String> wildcardTexts() { return List.of(); }
    }

    /** One {@code key=value} pair of a query-string condition; a null key matches any key. */
    record KeyValue(String key, String value) {
        /** Validates lengths and characters; the value is required. */
        public KeyValue {
            Check.that(key == null || (!key.isEmpty() && key.length() <= 128), "QueryStringConfig.Values.Key", key,
                    "1-128 characters or absent");
            Check.that(value != null && !value.isEmpty() && value.length() <= 128, "QueryStringConfig.Values.Value",
                    value, "1-128 characters");
            Check.printable("QueryStringConfig.Values.Key", key);
            Check.printable("QueryStringConfig.Values.Value", value);
        }
    }

    /** {@code query-string}: one of the key/value pairs matches (case-insensitive, wildcards, {@code \} escapes). */
    record QueryString(List<KeyValue> values) implements Condition {
        /** Validates value count. */
        public QueryString {
            values = Check.list("QueryStringConfig.Values", values, 1, MAX_VALUES);
        }

        @Override public String field() { return "query-string"; }
        @Override public int valueCount() { return values.size(); }

        @Override
        public List<String> wildcardTexts() {
            return values.stream()
                    .flatMap(kv -> kv.key() == null ? java.util.stream.Stream.of(kv.value())
                            : java.util.stream.Stream.of(kv.key(), kv.value()))
                    .toList();
        }
    }

    /** {@code source-ip}: the TCP peer address is in one of the CIDR blocks (IPv4 or IPv6). */
    record SourceIp(List<String> values) implements Condition {
        /** Validates the CIDR notation. */
        public SourceIp {
            values = Check.list("SourceIpConfig.Values", values, 1, MAX_VALUES);
            values.forEach(v -> Cidr.parse("SourceIpConfig.Values", v));
        }

        @Override public String field() { return "source-ip"; }
        @Override public int valueCount() { return values.size(); }
        @Override public List<String> wildcardTexts() { return List.of(); }
    }
}
