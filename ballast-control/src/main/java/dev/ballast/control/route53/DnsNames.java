package dev.ballast.control.route53;

import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Domain names as Route 53 stores them: lower case, absolute (with the trailing dot), a leading wildcard written
 * {@code \052}; and the order ListResourceRecordSets and ListHostedZonesByName use (labels reversed, then ASCII).
 *
 * <p>Thread-safe (stateless).
 */
public final class DnsNames {
    /** How Route 53 writes the wildcard label. */
    static final String WILDCARD = "\\052";

    private DnsNames() {}

    /**
     * {@code name} as Route 53 stores it.
     *
     * @throws IllegalArgumentException with dnsjava's reason when it is not a valid domain name
     */
    public static String normalize(String name) {
        String text = name.trim().toLowerCase(Locale.ROOT);
        if (text.isEmpty() || text.equals(".")) {
            throw new IllegalArgumentException("the name is empty");
        }
        if (!text.endsWith(".")) {
            text = text + ".";
        }
        if (text.startsWith("*.")) {
            text = WILDCARD + text.substring(1);
        }
        try {
            Name.fromString(text);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return text;
    }

    /** True when {@code name} is {@code zone} or below it (both normalized). */
    public static boolean within(String name, String zone) {
        return name.equals(zone) || name.endsWith("." + zone);
    }

    /** The sort key of a normalized name: its labels reversed, e.g. {@code com.example.www.}. */
    public static String sortKey(String name) {
        String[] labels = name.substring(0, name.length() - 1).split("\\.");
        StringBuilder key = new StringBuilder(name.length());
        for (int i = labels.length - 1; i >= 0; i--) {
            key.append(labels[i]).append('.');
        }
        return key.toString();
    }
}
