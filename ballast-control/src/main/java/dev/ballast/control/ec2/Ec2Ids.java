package dev.ballast.control.ec2;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * New EC2 resource ids in EC2's long form: a prefix ({@code vpc-}, {@code subnet-}, {@code sg-}) and 17 lowercase
 * hex digits.
 *
 * <p>Thread-safe if the random generator is.
 */
final class Ec2Ids {
    private final RandomGenerator random;

    Ec2Ids(RandomGenerator random) {
        this.random = random;
    }

    /** A new id with {@code prefix} (without the dash). */
    String next(String prefix) {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        return prefix + "-" + HexFormat.of().formatHex(bytes).substring(0, 17);
    }
}
