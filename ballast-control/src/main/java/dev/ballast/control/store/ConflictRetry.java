package dev.ballast.control.store;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs a writer's command until it commits on top of what other nodes committed (cluster mode): on a
 * {@link StoreConflictException} the writer catches up with the store and the command runs again on the new
 * state, as if it had arrived after the other node's, after a short random back-off; after {@value #ATTEMPTS} conflicts in a row the call fails
 * with {@link StoreErrors#answer}.
 *
 * <p>Thread-safe (stateless); the writer serialises its own calls.
 */
public final class ConflictRetry {
    /** How often a command runs when other nodes keep committing first. */
    public static final int ATTEMPTS = 20;

    private ConflictRetry() {}

    /**
     * Waits a few random milliseconds, longer after each conflict, so that two nodes writing at once stop taking turns
     * at losing (each attempt reads the whole state, so the loser's window is wide).
     */
    private static void backOff(int conflicts) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + 4 * conflicts));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns what {@code attempt} returned once it committed; {@code catchUp} runs after each conflict. */
    public static <T> T run(Supplier<T> attempt, Runnable catchUp) {
        for (int i = 1; ; i++) {
            try {
                return attempt.get();
            } catch (StoreConflictException e) {
                if (i == ATTEMPTS) {
                    throw StoreErrors.answer(e);
                }
                backOff(i);
                catchUp.run();
            }
        }
    }
}
