package dev.ballast.proxy;

import dev.ballast.core.balancing.TargetSelector;
import dev.ballast.core.health.TargetHealthTracker;
import dev.ballast.core.health.TargetLifecycleListener;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.SnapshotConsumer;
import dev.ballast.core.model.Target;
import dev.ballast.proxy.accesslog.AccessLogWriter;
import dev.ballast.proxy.l4.L4Listeners;
import dev.ballast.proxy.tls.CertificateSelector;
import dev.ballast.proxy.tls.ServerContexts;
import dev.ballast.proxy.tls.TlsFrontend;
import dev.ballast.proxy.tls.TlsProvider;
import dev.ballast.proxy.metrics.DataPlaneMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane: binds every HTTP and HTTPS listener of application load balancers and every TCP, TLS, UDP and
 * TCP_UDP listener of network load balancers in the current snapshot ({@link L4Listeners}) and proxies their
 * traffic. HTTPS listeners terminate TLS ({@link TlsFrontend}) and then serve the protocol ALPN chose
 * ({@link FrontendProtocols}).
 *
 * <p>Thread-safe: {@link #apply} is called by the single writer; traffic runs on the event loops.
 */
public final class ProxyServer implements SnapshotConsumer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);
    private static final HostSockets HOST_SOCKETS = new HostSockets();
    // Pause reading from one side when the other side has this much unwritten data (backpressure).
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);

    private final ProxyOptions options;
    private final Transport transport;
    private final EventLoopGroup group;
    private final ProxyCounters counters = new ProxyCounters();
    private final DataPlaneMetrics metrics = new DataPlaneMetrics();
    private final AccessLogWriter accessLogs;
    private final ProxyContext context;
    private final L4Listeners l4;
    private final ServerContexts tlsContexts;
    // HTTP/2 preferred, as ALB offers it (unless the load balancer's routing.http2.enabled is false)
    private volatile FrontendProtocols frontendProtocols = FrontendProtocols.http11()
            .with(ApplicationProtocolNames.HTTP_2, Http2FrontendPipeline::install);
    /** Bindings by {@code address:port}; replaced as a whole by {@link #apply}. */
    private volatile Map<String, ListenerBinding> bindings = Map.of();
    /** Listener ARN to binding key, replaced with {@link #bindings}. */
    private volatile Map<String, String> listenerKeys = Map.of();

    /** A proxy with {@code eventLoops} event loops (0 = one per core). */
    public ProxyServer(int eventLoops) {
        this(ProxyOptions.defaults(eventLoops));
    }

    /** A proxy with explicit options. */
    public ProxyServer(ProxyOptions options) {
        this(options, new TargetSelector(options.random()));
    }

    /** A proxy that chooses targets with {@code selector} (shared with whatever else tracks target state). */
    public ProxyServer(ProxyOptions options, TargetSelector selector) {
        this(options, selector, new TargetHealthTracker(options.clock()));
    }

    /**
     * A proxy that follows target health: {@code selector} should route with {@code health} (its routable targets
     * and slow-start weights); connect failures are reported to {@code health}, and its draining events stop
     * connection reuse to a deregistered target and, when the deregistration delay ends, cut what is still open.
     */
    public ProxyServer(ProxyOptions options, TargetSelector selector, TargetHealthTracker health) {
        this(options, selector, health, null);
    }

    /**
     * Like {@link #ProxyServer(ProxyOptions, TargetSelector, TargetHealthTracker)}, writing the access logs of
     * load balancers with {@code access_logs.s3.enabled} through {@code accessLogs} (null: none are written); the
     * proxy closes it.
     */
    public ProxyServer(ProxyOptions options, TargetSelector selector, TargetHealthTracker health,
                       AccessLogWriter accessLogs) {
        this.options = options;
        this.accessLogs = accessLogs;
        this.transport = Transport.best();
        this.group = transport.newGroup(options.resolvedEventLoops());
        Map<EventLoop, BackendConnectionPool> pools = new IdentityHashMap<>();
        for (EventExecutor executor : group) {
            pools.put((EventLoop) executor, new BackendConnectionPool(options.maxIdleConnectionsPerTarget()));
        }
        BackendConnector connector = new BackendConnector(transport, options, counters, pools);
        this.context = new ProxyContext(selector, connector, counters,
                new ForwardedHeaders(new TraceIds(options.clock(), options.random())), options, health, accessLogs);
        this.tlsContexts = new ServerContexts(TlsProvider.best());
        LOG.info("TLS listeners run on {}", tlsContexts.provider().description());
        this.l4 = new L4Listeners(options, counters, health, metrics, tlsContexts, accessLogs);
        health.addListener(new TargetLifecycleListener() {
            @Override
            public void drainingStarted(String targetGroupArn, Target target) {
                connector.startDraining(target.key());
            }

            @Override
            public void drainingEnded(String targetGroupArn, Target target) {
                connector.endDraining(targetGroupArn, target.key());
                l4.drainingEnded(targetGroupArn, target);
            }

            @Override
            public void becameUnhealthy(String targetGroupArn, Target target, boolean stillRoutable) {
                l4.becameUnhealthy(targetGroupArn, target, stillRoutable);
            }
        });
    }

    /**
     * Offers {@code protocol} by ALPN on HTTPS listeners, preferred to those offered already, served by the handlers
     * {@code configurator} installs (the hook for HTTP/2). Takes effect for listeners compiled after the call.
     */
    synchronized void offer(String protocol, FrontendProtocols.Configurator configurator) {
        frontendProtocols = frontendProtocols.with(protocol, configurator);
    }

    /** The TLS implementation listeners use (OpenSSL or the JDK's). */
    public String tlsProvider() {
        return tlsContexts.provider().description();
    }

    /** The transport the event loops use ({@code epoll} or {@code nio}). */
    public String transportName() {
        return transport.name();
    }

    /** The number of event loops. */
    public int eventLoops() {
        return options.resolvedEventLoops();
    }

    /**
     * Compiles {@code snapshot}, binds listeners that are new, unbinds those that are gone and swaps the routing
     * tables in one atomic step. If a bind fails, the previous snapshot stays in force and this throws.
     */
    @Override
    public synchronized void apply(ConfigSnapshot snapshot) {
        Map<String, HttpListenerConfig> wanted = new LinkedHashMap<>();
        Map<String, String> keys = new HashMap<>();
        tlsContexts.beginApply();
        List<String> alpn = frontendProtocols.advertised();
        for (Listener listener : snapshot.listeners().values()) {
            LoadBalancer lb = snapshot.loadBalancer(listener.loadBalancerArn());
            if (lb.type() != LoadBalancerType.APPLICATION || !listener.protocol().isHttp()) {
                continue; // network listeners are served by L4Listeners
            }
            String key = lb.bindAddress() + ":" + listener.port();
            HttpListenerConfig config = HttpListenerConfig.compile(snapshot, lb, listener, metrics.loadBalancer(lb));
            if (listener.protocol() == Protocol.HTTPS) {
                List<String> offered = lb.attributes().http2Enabled() ? alpn
                        : alpn.stream().filter(p -> !p.equals(ApplicationProtocolNames.HTTP_2)).toList();
                config = config.withTls(CertificateSelector.compile(snapshot, listener.tls(), offered, tlsContexts,
                        counters));
            }
            wanted.put(key, config);
            keys.put(listener.arn(), key);
        }
        Map<String, ListenerBinding> current = bindings;
        Map<String, ListenerBinding> next = new HashMap<>();
        List<ListenerBinding> added = new ArrayList<>();
        L4Listeners.Plan l4Plan = l4.prepare(snapshot); // binds new network listeners first; throws changing nothing
        try {
            for (var entry : wanted.entrySet()) {
                ListenerBinding existing = current.get(entry.getKey());
                if (existing != null) {
                    next.put(entry.getKey(), existing);
                } else {
                    ListenerBinding binding = bind(entry.getKey(), entry.getValue());
                    added.add(binding);
                    next.put(entry.getKey(), binding);
                }
            }
        } catch (RuntimeException e) {
            added.forEach(ListenerBinding::unbind);
            l4Plan.abandon();
            throw e;
        }
        l4Plan.commit();
        tlsContexts.endApply();
        wanted.forEach((key, config) -> next.get(key).publish(config));
        bindings = Map.copyOf(next);
        listenerKeys = Map.copyOf(keys);
        context.selector().forgetRemovedGroups(snapshot);
        metrics.retain(snapshot);
        current.forEach((key, binding) -> {
            if (!next.containsKey(key)) {
                binding.unbind();
                LOG.info("listener {} unbound", key);
            }
        });
    }

    /** The local address listener {@code listenerArn} is bound to, or null if it is not bound. */
    public InetSocketAddress boundAddress(String listenerArn) {
        String key = listenerKeys.get(listenerArn);
        ListenerBinding binding = key == null ? null : bindings.get(key);
        return binding == null ? l4.boundAddress(listenerArn) : binding.localAddress();
    }

    /** The binding of HTTP listener {@code listenerArn}, or null (for front ends bound beside this server's). */
    ListenerBinding binding(String listenerArn) {
        String key = listenerKeys.get(listenerArn);
        return key == null ? null : bindings.get(key);
    }

    /** The shared services of client connections (for front ends bound beside this server's). */
    ProxyContext context() {
        return context;
    }

    /** The event loops client connections must run on: backend pools are per loop of this group. */
    EventLoopGroup eventLoopGroup() {
        return group;
    }

    /** The channel types of {@link #eventLoopGroup()}. */
    Transport transport() {
        return transport;
    }

    /** The network listeners (open flows per target, for tests and metrics). */
    public L4Listeners networkListeners() {
        return l4;
    }

    /** The data plane's counters (responses by status, failures by cause). */
    public ProxyCounters counters() {
        return counters;
    }

    /** CloudWatch's metrics of every load balancer served, summed on each read. */
    public DataPlaneMetrics metrics() {
        return metrics;
    }

    /** Unbinds every listener, closes connections and stops the event loops. */
    @Override
    public synchronized void close() {
        bindings.values().forEach(ListenerBinding::unbind);
        bindings = Map.of();
        l4.close();
        listenerKeys = Map.of();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (accessLogs != null) {
            accessLogs.close(); // after the event loops: the last exchanges' lines are queued by now
        }
    }

    /** The access log writer, or null when this proxy writes none. */
    public AccessLogWriter accessLogs() {
        return accessLogs;
    }

    private ListenerBinding bind(String key, HttpListenerConfig config) {
        ListenerBinding binding = new ListenerBinding(key, config);
        int colon = key.lastIndexOf(':');
        String host = key.substring(0, colon);
        int port = Integer.parseInt(key.substring(colon + 1));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ConnectionSetup() {
                    @Override
                    protected void setUp(Channel ch) {
                        HttpListenerConfig accepted = binding.current();
                        if (!ClientAdmission.admit(ch, accepted.clients(), accepted.metrics())) {
                            return;
                        }
                        ch.pipeline().addLast(ClientTrafficCounter.NAME, new ClientTrafficCounter(binding));
                        // Read per connection: a listener switched between HTTP and HTTPS keeps its socket.
                        if (binding.current().tls() == null) {
                            HttpFrontendPipeline.install(ch.pipeline(), binding, context);
                            return;
                        }
                        FrontendProtocols protocols = frontendProtocols;
                        TlsFrontend.install(ch.pipeline(), () -> binding.current().tls(), counters,
                                (pipeline, protocol) -> {
                                    FrontendProtocols.Configurator configurator = protocols.configurator(protocol);
                                    if (configurator == null) {
                                        return false;
                                    }
                                    configurator.configure(pipeline, binding, context);
                                    return true;
                                });
                    }
                });
        binding.serverChannels(ListeningSockets.bind(bootstrap, group, transport, options.resolvedEventLoops(),
                new InetSocketAddress(host, port), cause -> HOST_SOCKETS.bindFailure("tcp", host, port, cause)));
        LOG.info("listener {} bound", key);
        return binding;
    }
}
