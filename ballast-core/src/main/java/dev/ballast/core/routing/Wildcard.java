package dev.ballast.core.routing;

/**
 * A compiled AWS match value: {@code *} matches zero or more characters, {@code ?} exactly one; optionally
 * case-insensitive and optionally with {@code \} escaping a literal {@code *}, {@code ?} or {@code \}.
 * Matching is a linear scan with single-star backtracking (no regular expressions on the hot path).
 *
 * <p>Thread-safe (immutable).
 */
final class Wildcard {
    private static final byte LITERAL = 0;
    private static final byte ANY_ONE = 1;
    private static final byte ANY_RUN = 2;

    private final char[] chars;
    private final byte[] kinds;
    private final boolean ignoreCase;
    /** The pattern as one literal when it has no wildcard, so matching is a plain comparison. */
    private final String literal;

    private Wildcard(char[] chars, byte[] kinds, boolean ignoreCase, String literal) {
        this.chars = chars;
        this.kinds = kinds;
        this.ignoreCase = ignoreCase;
        this.literal = literal;
    }

    /** Compiles {@code pattern}; with {@code escapes}, a {@code \} makes the next character literal. */
    static Wildcard compile(String pattern, boolean ignoreCase, boolean escapes) {
        char[] chars = new char[pattern.length()];
        byte[] kinds = new byte[pattern.length()];
        int n = 0;
        boolean wild = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escapes && c == '\\' && i + 1 < pattern.length()) {
                chars[n] = fold(pattern.charAt(++i), ignoreCase);
                kinds[n++] = LITERAL;
            } else if (c == '*') {
                if (n > 0 && kinds[n - 1] == ANY_RUN) {
                    continue; // ** is the same as *
                }
                kinds[n++] = ANY_RUN;
                wild = true;
            } else if (c == '?') {
                kinds[n++] = ANY_ONE;
                wild = true;
            } else {
                chars[n] = fold(c, ignoreCase);
                kinds[n++] = LITERAL;
            }
        }
        char[] c = java.util.Arrays.copyOf(chars, n);
        return new Wildcard(c, java.util.Arrays.copyOf(kinds, n), ignoreCase, wild ? null : new String(c));
    }

    /** True if the whole of {@code text} matches the pattern. */
    boolean matches(String text) {
        if (literal != null) {
            return ignoreCase ? literal.equalsIgnoreCase(text) : literal.equals(text);
        }
        int p = 0;
        int t = 0;
        int star = -1;
        int starText = 0;
        int m = kinds.length;
        int n = text.length();
        while (t < n) {
            if (p < m && (kinds[p] == ANY_ONE
                    || (kinds[p] == LITERAL && chars[p] == fold(text.charAt(t), ignoreCase)))) {
                p++;
                t++;
            } else if (p < m && kinds[p] == ANY_RUN) {
                star = p++;
                starText = t;
            } else if (star >= 0) {
                // let the last * absorb one more character and retry from just after it
                p = star + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < m && kinds[p] == ANY_RUN) {
            p++;
        }
        return p == m;
    }

    private static char fold(char c, boolean ignoreCase) {
        return ignoreCase ? Character.toLowerCase(Character.toUpperCase(c)) : c;
    }
}
