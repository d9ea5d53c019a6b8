package dev.ballast.api.http;

import dev.ballast.api.query.ApiResponse;

/**
 * The {@code GET /metrics} page of the API endpoint: what Prometheus scrapes. It is served without a signature, as
 * Prometheus scrapes unauthenticated; the API address (loopback by default) is what limits who can read it.
 *
 * <p>Implementations are thread-safe: scrapes run on the API's dispatch threads.
 */
public interface MetricsPage {
    /** The path the page is served on. */
    String PATH = "/metrics";

    /**
     * The current metrics in the format {@code accept} asks for (OpenMetrics when it names
     * {@code application/openmetrics-text}, the Prometheus text format otherwise); {@code accept} may be null.
     */
    ApiResponse render(String accept, String requestId);
}
