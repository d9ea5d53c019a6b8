package dev.ballast.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * The load balancer attribute {@code routing.http.drop_invalid_header_fields.enabled}: removes request headers
 * whose names are not made of letters, digits and hyphens ({@code [-A-Za-z0-9]+}, as ALB defines a valid name),
 * e.g. {@code Transfer_Encoding} or {@code X.Forwarded.For}.
 *
 * <p>Thread-safe (stateless).
 */
final class InvalidHeaderFields {
    private InvalidHeaderFields() {
    }

    /** Removes the headers with invalid names from {@code headers}. */
    static void drop(HttpHeaders headers) {
        List<String> invalid = null;
        for (String name : headers.names()) {
            if (!isValid(name)) {
                if (invalid == null) {
                    invalid = new ArrayList<>(2);
                }
                invalid.add(name);
            }
        }
        if (invalid != null) {
            invalid.forEach(headers::remove);
        }
    }

    static boolean isValid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }
}
