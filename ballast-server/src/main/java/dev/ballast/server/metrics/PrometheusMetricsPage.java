package dev.ballast.server.metrics;

import dev.ballast.api.http.MetricsPage;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.server.DataPlane;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /metrics} with the Prometheus Java client: the data plane's load balancer metrics
 * ({@link LoadBalancerCollector})
 * and the client's JVM and process metrics, in its own registry (not the client's global default), written in the text
 * format or, when the scraper asks for it, OpenMetrics.
 *
 * <p>Thread-safe: scrapes may run at once; each reads the lock-free counters.
 */
public final class PrometheusMetricsPage implements MetricsPage {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();

    /** The page of {@code dataPlane}'s metrics plus the JVM's and the process'. */
    public PrometheusMetricsPage(DataPlane dataPlane) {
        registry.register(new LoadBalancerCollector(dataPlane.metrics(), dataPlane::snapshot,
                () -> dataPlane.health().view()));
        if (dataPlane.accessLogs() != null) {
            registry.register(new AccessLogCollector(dataPlane.accessLogs()));
        }
        JvmMetrics.builder().register(registry);
    }

    @Override
    public ApiResponse render(String accept, String requestId) {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        if (!writer.isAvailable()) {
            writer = formats.getPrometheusTextFormatWriter(); // protobuf was asked for: the text format instead
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return new ApiResponse(200, out.toString(StandardCharsets.UTF_8), requestId, writer.getContentType());
    }
}
