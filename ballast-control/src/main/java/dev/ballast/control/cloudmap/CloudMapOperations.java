package dev.ballast.control.cloudmap;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.route53.Route53Draft;
import dev.ballast.control.route53.Route53Writer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The operations Cloud Map commands start: each is recorded in the same commit as its change, with status SUCCESS,
 * and GetOperation / ListOperations read them.
 *
 * <p>Thread-safe: records are written within the single {@link Route53Writer}'s commands; reads use its latest
 * state.
 */
public final class CloudMapOperations {
    private final Route53Writer writer;
    private final Clock clock;
    private final CloudMapIds ids;

    /** Operations of {@code writer}'s commands, ids from {@code random}, dates from {@code clock}. */
    public CloudMapOperations(Route53Writer writer, Clock clock, RandomGenerator random) {
        this.writer = writer;
        this.clock = clock;
        this.ids = new CloudMapIds(random);
    }

    /** Records a new {@code type} operation on {@code targets} in {@code draft}; answers its id. */
    String record(Route53Draft draft, String type, Map<String, String> targets) {
        DiscoveryOperation operation = new DiscoveryOperation(ids.operation(), type, DiscoveryOperation.SUCCESS,
                targets, clock.millis());
        draft.cloudMap.record(operation);
        return operation.id();
    }

    /** The clock the commands date their resources with. */
    Clock clock() {
        return clock;
    }

    /** The ids new resources get. */
    CloudMapIds ids() {
        return ids;
    }

    /** The operation {@code id}. */
    public DiscoveryOperation find(String id) {
        DiscoveryOperation operation = writer.state().cloudMap().operations().get(id);
        if (operation == null) {
            throw new AwsException(AwsError.CLOUD_MAP_OPERATION_NOT_FOUND, "Operation not found: " + id);
        }
        return operation;
    }

    /** The operations kept, oldest first (the latest {@value CloudMapDraft#MAX_OPERATIONS}). */
    public List<DiscoveryOperation> list() {
        return List.copyOf(writer.state().cloudMap().operations().values());
    }
}
