package dev.ballast.server.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * One counter or gauge family being filled during a scrape: its name (without {@code _total}), help text and a data
 * point per label set.
 *
 * <p>Not thread-safe: built and dropped within one scrape.
 */
final class MetricFamily {
    private final boolean counter;
    private final CounterSnapshot.Builder counters;
    private final GaugeSnapshot.Builder gauges;
    private boolean empty = true;

    private MetricFamily(boolean counter, String name, String help) {
        this.counter = counter;
        this.counters = counter ? CounterSnapshot.builder().name(name).help(help) : null;
        this.gauges = counter ? null : GaugeSnapshot.builder().name(name).help(help);
    }

    /** A counter family; the exposition adds {@code _total} to {@code name}. */
    static MetricFamily counter(String name, String help) {
        return new MetricFamily(true, name, help);
    }

    static MetricFamily gauge(String name, String help) {
        return new MetricFamily(false, name, help);
    }

    /** Adds the data point {@code value} with {@code labels}. */
    void add(double value, Labels labels) {
        empty = false;
        if (counter) {
            counters.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).labels(labels).build());
        } else {
            gauges.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).labels(labels).build());
        }
    }

    /** Adds the family to {@code out} if it has a data point (one without any is left out, as CloudWatch does). */
    void addTo(MetricSnapshots.Builder out) {
        if (!empty) {
            MetricSnapshot snapshot = counter ? counters.build() : gauges.build();
            out.metricSnapshot(snapshot);
        }
    }
}
