package dev.ballast.control.route53;

import java.util.random.RandomGenerator;

/**
 * New ids in Route 53's shapes: hosted zones {@code Z} and changes {@code C}, each followed by 20 upper-case
 * letters and digits.
 *
 * <p>Thread-safe when the random generator is.
 */
final class Route53Ids {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private final RandomGenerator random;

    Route53Ids(RandomGenerator random) {
        this.random = random;
    }

    String hostedZone() {
        return "Z" + suffix();
    }

    String change() {
        return "C" + suffix();
    }

    private String suffix() {
        StringBuilder id = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
