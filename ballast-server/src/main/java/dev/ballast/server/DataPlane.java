package dev.ballast.server;

import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.elbv2.TargetHealthSource;
import dev.ballast.core.balancing.PerThreadRandom;
import dev.ballast.core.balancing.StickyCookies;
import dev.ballast.core.balancing.TargetSelector;
import dev.ballast.core.health.TargetHealthTracker;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.proxy.ProxyCounters;
import dev.ballast.proxy.ProxyOptions;
import dev.ballast.proxy.ProxyServer;
import dev.ballast.proxy.accesslog.AccessLogWriter;
import dev.ballast.proxy.health.HealthCheckScheduler;
import dev.ballast.proxy.metrics.DataPlaneMetrics;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running data plane of one process: health checks and a {@link ProxyServer}, both fed through a
 * {@link ConfigPublisher}. The health tracker decides which targets the proxy's selector may use.
 *
 * <p>Thread-safe: {@link #publish} goes through the publisher's single-writer lock; {@link #close} is idempotent.
 */
public final class DataPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataPlane.class);
    private final ConfigPublisher publisher = new ConfigPublisher();
    private final TargetHealthTracker health;
    private final HealthCheckScheduler checks;
    private final ProxyServer proxy;
    private boolean closed;

    private DataPlane(int eventLoops, StickyCookies cookies, Path accessLogRoot) {
        this.health = new TargetHealthTracker(Clock.systemUTC());
        this.checks = new HealthCheckScheduler(health, PerThreadRandom.INSTANCE, 1);
        TargetSelector selector = new TargetSelector(PerThreadRandom.INSTANCE, health, health, cookies);
        this.proxy = new ProxyServer(ProxyOptions.defaults(eventLoops), selector, health,
                accessLogRoot == null ? null : AccessLogWriter.start(accessLogRoot));
        health.addListener(new HealthChangeLog());
    }

    /**
     * Starts a proxy (one event loop per core) serving {@code snapshot}, sealing stickiness cookies with a random key
     * of this process (cookies do not survive a restart). If a listener cannot be bound, the proxy is closed again
     * and the exception propagates.
     */
    public static DataPlane start(ConfigSnapshot snapshot) {
        return start(snapshot, 0, StickyCookies.withRandomKey());
    }

    /**
     * Like {@link #start(ConfigSnapshot)} with {@code eventLoops} proxy event loops (0 = one per core) and stickiness
     * cookies sealed by {@code cookies} (with the store's key, so that they survive restarts).
     */
    public static DataPlane start(ConfigSnapshot snapshot, int eventLoops, StickyCookies cookies) {
        return start(snapshot, eventLoops, cookies, null);
    }

    /**
     * Like {@link #start(ConfigSnapshot, int, StickyCookies)}, writing the access logs of load balancers with
     * {@code access_logs.s3.enabled} under {@code accessLogRoot} (null: access logs are not written).
     */
    public static DataPlane start(ConfigSnapshot snapshot, int eventLoops, StickyCookies cookies,
                                  Path accessLogRoot) {
        DataPlane plane = new DataPlane(eventLoops, cookies, accessLogRoot);
        try {
            // Health checks first (they feed the tracker): the tracker learns of new targets before traffic does.
            plane.publisher.subscribe(plane.checks);
            plane.publisher.subscribe(plane.proxy);
            // Last: they report only snapshots the parts above have taken.
            plane.publisher.subscribe(new ConfigChangeLog());
            plane.publisher.subscribe(new UnenforcedSettingsLog(accessLogRoot != null));
            plane.publish(snapshot);
            // Said once the first configuration is served, so that a start that fails says only why it failed.
            LOG.info("data plane on {} with {} event loops", plane.proxy.transportName(), plane.proxy.eventLoops());
            return plane;
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    /** Applies {@code snapshot} to the proxy; on failure the previous one stays in force and this throws. */
    public void publish(ConfigSnapshot snapshot) {
        publisher.publish(snapshot);
    }

    /** The publisher every configuration change goes through (the control plane's single writer uses it). */
    public ConfigPublisher publisher() {
        return publisher;
    }

    /** DescribeTargetHealth's view of the health tracker. */
    public TargetHealthSource healthSource() {
        return TargetHealthSource.of(health);
    }

    /** The snapshot being served. */
    public ConfigSnapshot snapshot() {
        return publisher.current();
    }

    /** The health of every target, as DescribeTargetHealth shows it. */
    public TargetHealthTracker health() {
        return health;
    }

    /** The data plane's counters (responses by status, L4 connections and flows, failures by cause). */
    public ProxyCounters counters() {
        return proxy.counters();
    }

    /** CloudWatch's metrics of the load balancers served (read by {@code /metrics}). */
    public DataPlaneMetrics metrics() {
        return proxy.metrics();
    }

    /** The access log writer, or null when this data plane writes none. */
    public AccessLogWriter accessLogs() {
        return proxy.accessLogs();
    }

    /** The address listener {@code listenerArn} is bound to, or null. */
    public InetSocketAddress boundAddress(String listenerArn) {
        return proxy.boundAddress(listenerArn);
    }

    /** Unbinds every listener and stops the proxy. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            proxy.close();
            checks.close();
        }
    }
}
