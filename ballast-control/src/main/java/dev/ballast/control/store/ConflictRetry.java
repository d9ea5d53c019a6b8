package dev.ballast.control.store;

import java.util.function.Supplier;

/**
 * Runs a writer's command until it commits on top of what other nodes committed (cluster mode): on a
 * {@link StoreConflictException} the writer catches up with the store and the command runs again on the new
 * state, as if it had arrived after the other node's; after {@value #ATTEMPTS} conflicts in a row the call fails
 * with {@link StoreErrors#answer}.
 *
 * <p>Thread-safe (stateless); the writer serialises its own calls.
 */
public final class ConflictRetry {
    /** How often a command runs when other nodes keep committing first. */
    public static final int ATTEMPTS = 10;

    private ConflictRetry() {}

    /** Returns what {@code attempt} returned once it committed; {@code catchUp} runs after each conflict. */
    public static <T> T run(Supplier<T> attempt, Runnable catchUp) {
        for (int i = 1; ; i++) {
            try {
                return attempt.get();
            } catch (StoreConflictException e) {
                if (i == ATTEMPTS) {
                    throw StoreErrors.answer(e);
                }
                catchUp.run();
            }
        }
    }
}
