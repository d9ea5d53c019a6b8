package dev.ballast.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.paging.OffsetToken;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.List;

/**
 * One page of an ECS List operation: {@code maxResults} (1-100; the operation's default page size when absent) and
 * the opaque {@code nextToken} of the previous page.
 *
 * <p>Thread-safe (stateless).
 */
final class EcsPaging {
    /** The largest page, and the default of every List operation but ListServices. */
    static final int MAX_RESULTS = 100;
    /** ListServices' default page size. */
    static final int SERVICES_PAGE = 10;

    private EcsPaging() {}

    /** One page of {@code all} under {@code field}, {@code MAX_RESULTS} by default. */
    static ObjectNode page(ObjectNode request, String operation, String field, List<String> all) {
        return page(request, operation, field, all, MAX_RESULTS);
    }

    /** One page of {@code all} under {@code field}, {@code defaultSize} when the request names no maxResults. */
    static ObjectNode page(ObjectNode request, String operation, String field, List<String> all, int defaultSize) {
        Integer max = EcsJson.integer(request, "maxResults");
        int pageSize = max == null ? defaultSize : max;
        if (pageSize < 1 || pageSize > MAX_RESULTS) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "maxResults: " + pageSize + " (expected: 1-"
                    + MAX_RESULTS + ")");
        }
        String token = EcsJson.string(request, "nextToken");
        int from = token == null || token.isEmpty() ? 0 : OffsetToken.decode(token, all.size());
        if (from < 0) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "nextToken: " + token
                    + " (expected: a nextToken from a previous " + operation + " response)");
        }
        int to = Math.min(all.size(), from + pageSize);
        ObjectNode out = EcsJson.object();
        ArrayNode arns = out.putArray(field);
        all.subList(from, to).forEach(arns::add);
        if (to < all.size()) {
            out.put("nextToken", OffsetToken.encode(to));
        }
        return out;
    }
}
