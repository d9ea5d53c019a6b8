package dev.ballast.server.metrics;

import dev.ballast.proxy.accesslog.AccessLogWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The access log writer's own counters: entries written, and entries dropped because the disk did not keep up (the
 * queue was full) or a write failed.
 *
 * <p>Thread-safe: reads the writer's lock-free counters.
 */
final class AccessLogCollector implements MultiCollector {
    private final AccessLogWriter writer;

    AccessLogCollector(AccessLogWriter writer) {
        this.writer = writer;
    }

    @Override
    public MetricSnapshots collect() {
        MetricFamily written = MetricFamily.counter("ballast_access_log_written_entries",
                "access log entries written to files");
        MetricFamily dropped = MetricFamily.counter("ballast_access_log_dropped_entries",
                "access log entries dropped: the queue was full (the disk did not keep up) or a write failed");
        written.add(writer.written(), Labels.EMPTY);
        dropped.add(writer.dropped(), Labels.EMPTY);
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        written.addTo(out);
        dropped.addTo(out);
        return out.build();
    }
}
