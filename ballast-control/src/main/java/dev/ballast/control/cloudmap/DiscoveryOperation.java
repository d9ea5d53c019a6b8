package dev.ballast.control.cloudmap;

import java.util.Map;
import java.util.TreeMap;

/**
 * A Cloud Map operation as GetOperation reports it. Ballast applies every operation before the request returns,
 * so each one is {@code SUCCESS} from the start.
 *
 * <p>Thread-safe (immutable).
 *
 * @param type {@code CREATE_NAMESPACE}, {@code DELETE_NAMESPACE}, {@code UPDATE_SERVICE}, {@code REGISTER_INSTANCE}
 *     or {@code DEREGISTER_INSTANCE}
 * @param targets {@code NAMESPACE}, {@code SERVICE} and {@code INSTANCE} ids the operation acted on
 * @param createdAt epoch milliseconds, also its update date
 */
public record DiscoveryOperation(String id, String type, String status, Map<String, String> targets,
                                 long createdAt) {
    /** The status of an operation that was applied. */
    public static final String SUCCESS = "SUCCESS";

    /** Copies the targets, sorted by key. */
    public DiscoveryOperation {
        targets = java.util.Collections.unmodifiableMap(new TreeMap<>(targets));
    }
}
