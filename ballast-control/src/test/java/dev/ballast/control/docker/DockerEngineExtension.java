package dev.ballast.control.docker;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real {@link DockerEngine} for a test class: started before its first test, stopped (by PID, with its bridge
 * and directory) after its last. Register it as {@code @RegisterExtension static final DockerEngineExtension
 * DOCKER = new DockerEngineExtension();} and use {@link #engine()}.
 *
 * <p>Not thread-safe: driven by the test class's lifecycle thread.
 */
public final class DockerEngineExtension implements BeforeAllCallback, AfterAllCallback {
    private DockerEngine engine;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        engine = DockerEngine.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    /** The running engine. */
    public DockerEngine engine() {
        return engine;
    }
}
