package dev.ballast.control.ecs;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the references to services and tasks ECS requests carry: a bare name or id, or an ARN whose last path part
 * is the name or id ({@code …:service/<cluster>/<name>}, {@code …:task/<cluster>/<id>}, or the old forms
 * without the cluster).
 *
 * <p>Thread-safe (stateless).
 */
final class ResourceRefs {
    private ResourceRefs() {}

    /**
     * The name or id {@code reference} carries.
     *
     * @param field the request field, for the error when it is missing
     * @param what  what the field names, e.g. "a service name or ARN"
     */
    static String lastPart(String reference, String field, String what) {
        if (reference == null || reference.isEmpty()) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, field + ": missing (expected: " + what + ")");
        }
        return reference.startsWith("arn:") ? reference.substring(reference.lastIndexOf('/') + 1) : reference;
    }

    /** The entries of {@code byKey} that {@code references} name in {@code cluster}, in order; null if missing. */
    static <T> List<T> inCluster(Map<String, T> byKey, String cluster, List<String> references, String field,
                                 String what) {
        List<T> out = new ArrayList<>();
        for (String reference : references) {
            out.add(byKey.get(cluster + "/" + lastPart(reference, field, what)));
        }
        return out;
    }
}
