package dev.ballast.api.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes an AWS JSON 1.1 call ({@code X-Amz-Target: <prefix><Op>}) to its operation and answers it: the operation's
 * JSON with 200, an AWS error as the service renders it, anything else as the service's internal error (logged).
 *
 * <p>Thread-safe: immutable; the operations serialise their writes themselves.
 */
public final class JsonTargetDispatch {
    /** How a service renders an AWS error as its JSON error answer. */
    @FunctionalInterface
    public interface ErrorWriter {
        /** The answer for {@code error} with {@code message}. */
        ApiResponse write(AwsError error, String message, String requestId);
    }

    private static final Logger log = LoggerFactory.getLogger(JsonTargetDispatch.class);
    private final String service;
    private final String prefix;
    private final Map<String, Function<ObjectNode, ObjectNode>> operations;
    private final JsonFields fields;
    private final AwsError unknownOperation;
    private final AwsError internal;
    private final ErrorWriter errors;

    /**
     * Dispatch of {@code service}'s {@code operations} (by name, under the X-Amz-Target {@code prefix}), unknown
     * names answered with {@code unknownOperation}, failures with {@code internal}.
     */
    public JsonTargetDispatch(String service, String prefix, Map<String, Function<ObjectNode, ObjectNode>> operations,
                              JsonFields fields, AwsError unknownOperation, AwsError internal, ErrorWriter errors) {
        this.service = service;
        this.prefix = prefix;
        this.operations = Map.copyOf(operations);
        this.fields = fields;
        this.unknownOperation = unknownOperation;
        this.internal = internal;
        this.errors = errors;
    }

    /** Answers operation {@code target} (the whole X-Amz-Target value) with request {@code body}. */
    public ApiResponse answer(String target, byte[] body, String requestId, String contentType) {
        String operation = target.substring(prefix.length());
        try {
            Function<ObjectNode, ObjectNode> handler = operations.get(operation);
            if (handler == null) {
                throw new AwsException(unknownOperation, "X-Amz-Target: " + target + " (expected: " + prefix
                        + " followed by one of " + operations.keySet().stream().sorted().toList() + ")");
            }
            ObjectNode answer = handler.apply(fields.parse(body));
            return new ApiResponse(200, JsonFields.write(answer), requestId, contentType);
        } catch (AwsException e) {
            return errors.write(e.error(), e.getMessage(), requestId);
        } catch (RuntimeException e) {
            log.error("{} {} failed", service, operation, e);
            return errors.write(internal, "Internal failure: " + e.getClass().getSimpleName(), requestId);
        }
    }
}
