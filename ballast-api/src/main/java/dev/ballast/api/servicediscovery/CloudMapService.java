package dev.ballast.api.servicediscovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.json.JsonTargetDispatch;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.control.cloudmap.CloudMapOperations;
import dev.ballast.control.cloudmap.CloudMapTags;
import dev.ballast.control.cloudmap.DiscoveryServiceCommands;
import dev.ballast.control.cloudmap.InstanceCommands;
import dev.ballast.control.cloudmap.NamespaceCommands;
import dev.ballast.control.error.AwsError;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The Cloud Map (servicediscovery) API over AWS JSON 1.1: routes {@code X-Amz-Target:
 * Route53AutoNaming_v20170314.<Op>} to its operation and answers AWS errors as JSON errors.
 *
 * <p>Thread-safe: stateless apart from the commands, which serialise writes themselves.
 */
public final class CloudMapService {
    /** The {@code X-Amz-Target} prefix of Cloud Map operations, dot included. */
    public static final String TARGET_PREFIX = "Route53AutoNaming_v20170314.";
    /** The SigV4 signing name of Cloud Map. */
    public static final String SIGNING_NAME = "servicediscovery";
    /** The content type a Cloud Map request carries. */
    public static final String CONTENT_TYPE = CloudMapJson.CONTENT_TYPE;

    private final JsonTargetDispatch dispatch;

    /** The Cloud Map API on these commands. */
    public CloudMapService(NamespaceCommands namespaces, DiscoveryServiceCommands services,
                           InstanceCommands instances, CloudMapOperations operations, CloudMapTags tags) {
        Map<String, Function<ObjectNode, ObjectNode>> all = new HashMap<>();
        new NamespaceOperations(namespaces).addTo(all);
        new ServiceOperations(services).addTo(all);
        new InstanceOperations(instances).addTo(all);
        new OperationTagOperations(operations, tags).addTo(all);
        this.dispatch = new JsonTargetDispatch("Cloud Map", TARGET_PREFIX, all, CloudMapJson.FIELDS,
                AwsError.ECS_UNKNOWN_OPERATION, AwsError.INTERNAL_FAILURE, CloudMapJson::error);
    }

    /** Answers operation {@code target} (the whole X-Amz-Target value) with request {@code body}. */
    public ApiResponse answer(String target, byte[] body, String requestId) {
        return dispatch.answer(target, body, requestId, CONTENT_TYPE);
    }

    /** An AWS error raised before the operation ran (e.g. by signature checks), as a JSON error. */
    public static ApiResponse error(AwsError error, String message, String requestId) {
        return CloudMapJson.error(error, message, requestId);
    }
}
