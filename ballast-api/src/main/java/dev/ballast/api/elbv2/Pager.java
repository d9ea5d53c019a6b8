package dev.ballast.api.elbv2;

import dev.ballast.api.paging.OffsetToken;
import dev.ballast.api.query.QueryParams;
import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.List;

/**
 * Paging with {@code Marker}, {@code PageSize} (1-400) and {@code NextMarker}: the marker is an opaque token for the
 * offset of the next page.
 *
 * <p>Thread-safe (stateless).
 */
final class Pager {
    static final int MAX_PAGE_SIZE = 400;

    private Pager() {}

    /** One page of {@code items}. */
    record Page<T>(List<T> items, String nextMarker) {
        /** Writes {@code NextMarker} when there is a next page. */
        void writeMarker(XmlWriter xml) {
            xml.element("NextMarker", nextMarker);
        }
    }

    static <T> Page<T> page(List<T> items, QueryParams params) {
        Integer size = params.integer("PageSize");
        int pageSize = size == null ? MAX_PAGE_SIZE : size;
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "PageSize: " + pageSize + " (expected: 1-"
                    + MAX_PAGE_SIZE + ")");
        }
        int from = offset(params.get("Marker"), items.size());
        int to = Math.min(items.size(), from + pageSize);
        String next = to < items.size() ? OffsetToken.encode(to) : null;
        return new Page<>(items.subList(from, to), next);
    }

    private static int offset(String marker, int size) {
        if (marker == null || marker.isEmpty()) {
            return 0;
        }
        int offset = OffsetToken.decode(marker, size);
        if (offset >= 0) {
            return offset;
        }
        throw new AwsException(AwsError.VALIDATION_ERROR, "Marker: " + marker
                + " (expected: a NextMarker from a previous page of this listing)");
    }
}
