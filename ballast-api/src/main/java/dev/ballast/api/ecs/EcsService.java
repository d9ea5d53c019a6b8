package dev.ballast.api.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.json.JsonTargetDispatch;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.control.ecs.EcsControl;
import dev.ballast.control.error.AwsError;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The ECS API over AWS JSON 1.1 (clusters, task definitions, services, tasks, tags): routes {@code X-Amz-Target:
 * AmazonEC2ContainerServiceV20141113.<Op>} to its operation, and answers AWS errors as JSON errors.
 *
 * <p>Thread-safe: stateless apart from the commands, which serialise writes themselves.
 */
public final class EcsService {
    /** The {@code X-Amz-Target} prefix of ECS operations, dot included. */
    public static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
    /** The SigV4 signing name of ECS. */
    public static final String SIGNING_NAME = "ecs";
    /** The content type an ECS request carries. */
    public static final String CONTENT_TYPE = EcsJson.CONTENT_TYPE;

    private final JsonTargetDispatch dispatch;

    /** The ECS API on {@code control}'s commands. */
    public EcsService(EcsControl control) {
        Map<String, Function<ObjectNode, ObjectNode>> all = new HashMap<>();
        new ClusterOperations(control.clusters(), control.writer()).addTo(all);
        new TaskDefinitionOperations(control.taskDefinitions()).addTo(all);
        new ServiceOperations(control.services()).addTo(all);
        new TaskOperations(control.tasks()).addTo(all);
        new TagOperations(control.tags()).addTo(all);
        this.dispatch = new JsonTargetDispatch("ECS", TARGET_PREFIX, all, EcsJson.fields(),
                AwsError.ECS_UNKNOWN_OPERATION, AwsError.ECS_SERVER_EXCEPTION, EcsJson::error);
    }

    /** Answers operation {@code target} (the whole X-Amz-Target value) with request {@code body}. */
    public ApiResponse answer(String target, byte[] body, String requestId) {
        return dispatch.answer(target, body, requestId, CONTENT_TYPE);
    }

    /** An AWS error raised before the operation ran (e.g. by signature checks), as a JSON error. */
    public static ApiResponse error(AwsError error, String message, String requestId) {
        return EcsJson.error(error, message, requestId);
    }
}
