package dev.ballast.proxy;

/**
 * Character classes of RFC 9110 §5.6.2 (tokens) and §5.5 (field values) on bytes read as ISO-8859-1.
 *
 * <p>Thread-safe (stateless).
 */
final class HttpTokens {
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HttpTokens() {
    }

    /** True for a token character ({@code tchar}). */
    static boolean isTchar(int c) {
        return c >= 0 && c < 128 && TCHAR[c];
    }

    /** True when {@code s} is a non-empty token. */
    static boolean isToken(CharSequence s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** True for a control character other than horizontal tab, or DEL. */
    static boolean isControl(int c) {
        return c < 0x20 && c != '\t' || c == 0x7f;
    }

    /** True for optional white space ({@code OWS}): space or horizontal tab. */
    static boolean isOws(int c) {
        return c == ' ' || c == '\t';
    }

    /** {@code s} without leading and trailing OWS. */
    static String trimOws(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isOws(s.charAt(from))) {
            from++;
        }
        while (to > from && isOws(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }
}
