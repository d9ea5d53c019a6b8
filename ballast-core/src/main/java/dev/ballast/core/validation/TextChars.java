package dev.ballast.core.validation;

/**
 * Which characters a stored text may hold: what XML 1.0 can carry (every API answer is an XML document, so a value
 * outside it would make the resource impossible to describe) and what counts as a control character (never part of
 * a path, host name or header value).
 *
 * <p>Thread-safe (stateless).
 */
public final class TextChars {
    private TextChars() {}

    /** True if {@code codePoint} is a {@code Char} of XML 1.0: tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD, U+10000+. */
    public static boolean xmlAllowed(int codePoint) {
        return codePoint == 0x9 || codePoint == 0xA || codePoint == 0xD
                || (codePoint >= 0x20 && codePoint <= 0xD7FF)
                || (codePoint >= 0xE000 && codePoint <= 0xFFFD)
                || (codePoint >= 0x10000 && codePoint <= 0x10FFFF);
    }

    /** True if {@code codePoint} is a C0 or C1 control character or DEL. */
    public static boolean control(int codePoint) {
        return codePoint < 0x20 || (codePoint >= 0x7F && codePoint <= 0x9F);
    }

    /** True if every character of {@code s} may appear in an XML 1.0 document (an unpaired surrogate may not). */
    public static boolean xmlText(String s) {
        return s.codePoints().allMatch(TextChars::xmlAllowed);
    }

    /** True if {@code s} can be carried by XML and has no control characters, not even tab or newline. */
    public static boolean printable(String s) {
        return s.codePoints().allMatch(c -> xmlAllowed(c) && !control(c));
    }

    /** {@code s} in single quotes with control and non-XML characters shown as {@code \}{@code uXXXX}, for messages. */
    public static String quoted(String s) {
        StringBuilder b = new StringBuilder("'");
        s.codePoints().forEach(c -> {
            if (control(c) || !xmlAllowed(c)) {
                b.append(String.format("\\u%04X", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('\'').toString();
    }
}
