package dev.ballast.control.cloudmap;

import java.util.random.RandomGenerator;

/**
 * New ids and ARNs in Cloud Map's shapes: namespaces {@code ns-} and services {@code srv-} followed by 16
 * lower-case letters and digits, operations of 32 such characters, a dash and 8 more.
 *
 * <p>Thread-safe when the random generator is.
 */
final class CloudMapIds {
    /** The ARN prefix of Cloud Map resources. */
    static final String ARN_PREFIX = "arn:aws:servicediscovery:us-east-1:000000000000:";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private final RandomGenerator random;

    CloudMapIds(RandomGenerator random) {
        this.random = random;
    }

    String namespace() {
        return "ns-" + suffix(16);
    }

    String service() {
        return "srv-" + suffix(16);
    }

    String operation() {
        return suffix(32) + "-" + suffix(8);
    }

    static String namespaceArn(String id) {
        return ARN_PREFIX + "namespace/" + id;
    }

    static String serviceArn(String id) {
        return ARN_PREFIX + "service/" + id;
    }

    private String suffix(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
