package dev.ballast.control.ecs;

import java.util.HexFormat;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Makes the identifiers ECS hands out: task ids (32 lowercase hex digits), deployment ids ({@code ecs-svc/} and 19
 * digits) and UUIDs for containers and service events, from an injected random source.
 *
 * <p>Thread-safe when the random source is (a {@link java.security.SecureRandom} is).
 */
public final class EcsIds {
    private static final long NINETEEN_DIGITS = 1_000_000_000_000_000_000L;

    private final RandomGenerator random;

    /** Identifiers drawn from {@code random}. */
    public EcsIds(RandomGenerator random) {
        this.random = random;
    }

    /** A task id: 16 random bytes as 32 lowercase hex digits. */
    public String taskId() {
        byte[] bytes = new byte[16];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return HexFormat.of().formatHex(bytes);
    }

    /** A deployment id: {@code ecs-svc/} followed by 19 digits, the first not 0. */
    public String deploymentId() {
        return "ecs-svc/" + random.nextLong(NINETEEN_DIGITS, Long.MAX_VALUE);
    }

    /** A random (version 4) UUID. */
    public String uuid() {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
