package dev.ballast.control.docker;

/**
 * Words for a failed call to a Docker engine: docker-java's transport often throws exceptions without a message of
 * their own (a closed socket while the engine stops), so the reason is looked for along the cause chain.
 *
 * <p>Thread-safe: stateless.
 */
public final class EngineErrors {
    private EngineErrors() {}

    /** The first message along {@code error}'s causes, else the innermost exception's class name. */
    public static String describe(Throwable error) {
        Throwable innermost = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
            innermost = t;
        }
        return innermost.getClass().getSimpleName() + " (no message)";
    }
}
