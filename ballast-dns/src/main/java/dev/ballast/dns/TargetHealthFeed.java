package dev.ballast.dns;

import dev.ballast.core.health.TargetHealthView;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the health checker's state to the DNS, one way: every interval it reads the latest published
 * {@link TargetHealthView} and, when it is a new one, hands it to its consumer ({@link DnsZones#applyTargetHealth},
 * which compiles the zones again only when a load balancer's health changed). The interval debounces a burst of probe results
 * into at most one compile.
 *
 * <p>Thread-safe: one scheduler thread of its own reads and applies; {@link #close} stops it.
 */
public final class TargetHealthFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TargetHealthFeed.class);
    /** How often the health view is read by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

    private final ScheduledExecutorService scheduler;
    private final Supplier<TargetHealthView> views;
    private final Consumer<TargetHealthView> zones;
    private TargetHealthView last;

    private TargetHealthFeed(Supplier<TargetHealthView> views, Consumer<TargetHealthView> zones) {
        this.views = views;
        this.zones = zones;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ballast-dns-health");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Hands {@code views}' latest view to {@code zones} now and then every {@code interval} when it is new. */
    public static TargetHealthFeed start(Supplier<TargetHealthView> views, Consumer<TargetHealthView> zones,
                                         Duration interval) {
        TargetHealthFeed feed = new TargetHealthFeed(views, zones);
        feed.scheduler.scheduleWithFixedDelay(feed::applyLatest, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return feed;
    }

    private void applyLatest() {
        try {
            TargetHealthView view = views.get();
            if (view != last) {
                zones.accept(view);
                last = view;
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and keep feeding.
            LOG.warn("applying target health to the DNS zones failed: {}", e.toString(), e);
        }
    }

    /** Stops reading the health view. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
