package dev.ballast.api.query;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The constraints of a service model's input members (enum value sets, lengths, ranges, patterns), checked before an
 * action runs and reported as AWS's front end reports them: {@code 1 validation error detected: Value 'X' at
 * 'protocol' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, HTTPS, ...]}, every violated
 * member of the request in one {@code ValidationError}. Each constraint is copied from botocore's service model;
 * {@code MemberConstraintsModelTest} checks them against it.
 *
 * <p>Thread-safe once built (immutable).
 */
public final class MemberConstraints {
    /** No constraints. */
    public static final MemberConstraints NONE = new MemberConstraints(List.of());

    private final List<Entry> entries;

    private MemberConstraints(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** A constraint on a parameter: the actions it applies to (empty: all) and its wire path, {@code N} for indexes. */
    public record Entry(Set<String> actions, String path, Constraint constraint) {
        Pattern regex() {
            return Pattern.compile(Pattern.quote(path).replace(".N.", "\\E\\.[0-9]+\\.\\Q"));
        }
    }

    /** One of the model's constraint kinds. */
    public sealed interface Constraint {
        /** AWS's text for a violating {@code value}, or null when it satisfies the constraint. */
        String violation(String value);
    }

    /** An enum shape: the value must be one of {@code values}, listed in the model's order. */
    public record OneOf(List<String> values) implements Constraint {
        @Override
        public String violation(String value) {
            return values.contains(value) ? null : "Member must satisfy enum value set: [" + String.join(", ", values)
                    + "]";
        }
    }

    /** An integer shape with a {@code min} and {@code max}; a value that is not an integer is left to the action. */
    public record Range(long min, long max) implements Constraint {
        @Override
        public String violation(String value) {
            long v;
            try {
                v = Long.parseLong(value);
            } catch (NumberFormatException e) {
                return null;
            }
            if (v < min) {
                return "Member must have value greater than or equal to " + min;
            }
            return v > max ? "Member must have value less than or equal to " + max : null;
        }
    }

    /** A string shape with a length between {@code min} and {@code max} (in UTF-16 code units, as Java counts). */
    public record Length(int min, int max) implements Constraint {
        @Override
        public String violation(String value) {
            if (value.length() < min) {
                return "Member must have length greater than or equal to " + min;
            }
            return value.length() > max ? "Member must have length less than or equal to " + max : null;
        }
    }

    /** A string shape with a regular expression the whole value must match (botocore's pattern, as AWS prints it). */
    public record Matches(String pattern) implements Constraint {
        @Override
        public String violation(String value) {
            return Pattern.compile(pattern).matcher(value).matches() ? null
                    : "Member must satisfy regular expression pattern: " + pattern;
        }
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The constraints, in the order they are checked and reported. */
    public List<Entry> entries() {
        return entries;
    }

    /** Throws one ValidationError listing every member of {@code params} that breaks a constraint of {@code action}. */
    public void check(String action, QueryParams params) {
        List<String> violations = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.actions().isEmpty() && !e.actions().contains(action)) {
                continue;
            }
            Pattern regex = e.regex();
            for (Map.Entry<String, String> param : params.values().entrySet()) {
                if (!regex.matcher(param.getKey()).matches()) {
                    continue;
                }
                String text = e.constraint().violation(param.getValue());
                if (text != null) {
                    violations.add("Value '" + param.getValue() + "' at '" + memberPath(param.getKey())
                            + "' failed to satisfy constraint: " + text);
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, violations.size() + " validation error"
                    + (violations.size() == 1 ? "" : "s") + " detected: " + String.join("; ", violations));
        }
    }

    /**
     * The member path as AWS's messages write it: names start lower case and a list index comes before
     * {@code member} ({@code DefaultActions.member.1.Type} is {@code defaultActions.1.member.type}).
     */
    static String memberPath(String wirePath) {
        String[] parts = wirePath.split("\\.");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("member") && i + 1 < parts.length) {
                out.add(parts[i + 1]);
                out.add("member");
                i++;
            } else {
                String p = parts[i];
                out.add(p.isEmpty() ? p : Character.toLowerCase(p.charAt(0)) + p.substring(1));
            }
        }
        return String.join(".", out);
    }

    /** Collects constraints. Not thread-safe. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        /** Adds {@code constraint} on {@code path} for every action. */
        public Builder add(String path, Constraint constraint) {
            entries.add(new Entry(Set.of(), path, constraint));
            return this;
        }

        /** Adds {@code constraint} on {@code path} for {@code actions} only. */
        public Builder add(Set<String> actions, String path, Constraint constraint) {
            entries.add(new Entry(Set.copyOf(actions), path, constraint));
            return this;
        }

        /** The constraints. */
        public MemberConstraints build() {
            return new MemberConstraints(entries);
        }
    }
}
