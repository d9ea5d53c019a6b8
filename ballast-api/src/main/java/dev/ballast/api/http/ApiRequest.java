package dev.ballast.api.http;

import java.util.List;
import java.util.Map;

/**
 * One whole API request as received: method, raw path and query (null when absent), headers with lower-case names
 * and the body.
 *
 * <p>Thread-safe once built (handed from the event loop to a dispatch thread; the body is not changed).
 */
record ApiRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {}
