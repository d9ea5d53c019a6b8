package dev.ballast.proxy;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ApplicationProtocolNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The application protocols HTTPS listeners offer by ALPN, in the server's order of preference, each with the
 * handlers that serve a connection once its TLS handshake chose it. This is the hook for HTTP/2: until a
 * configurator for {@code h2} is registered ({@link #with}), listeners advertise {@code http/1.1} only, served by
 * the HTTP/1.1 frontend ({@link HttpFrontendPipeline}).
 *
 * <p>Thread-safe (immutable); build it before the proxy binds its first listener.
 */
final class FrontendProtocols {
    /** Adds the handlers that serve one application protocol on a connection of {@code binding}. */
    @FunctionalInterface
    interface Configurator {
        /** Called on the connection's event loop right after the handshake; adds handlers last in the pipeline. */
        void configure(ChannelPipeline pipeline, ListenerBinding binding, ProxyContext context);
    }

    private final Map<String, Configurator> configurators;

    private FrontendProtocols(Map<String, Configurator> configurators) {
        this.configurators = configurators;
    }

    /** HTTP/1.1 only. */
    static FrontendProtocols http11() {
        Map<String, Configurator> only = new LinkedHashMap<>();
        only.put(ApplicationProtocolNames.HTTP_1_1, HttpFrontendPipeline::install);
        return new FrontendProtocols(only);
    }

    /** These protocols and {@code protocol} (e.g. {@code h2}), preferred to those already here. */
    FrontendProtocols with(String protocol, Configurator configurator) {
        Map<String, Configurator> next = new LinkedHashMap<>();
        next.put(protocol, configurator);
        configurators.forEach(next::putIfAbsent);
        return new FrontendProtocols(next);
    }

    /** What the server advertises by ALPN, most preferred first. */
    List<String> advertised() {
        return List.copyOf(configurators.keySet());
    }

    /** The configurator of {@code protocol}, or null if it is not served. */
    Configurator configurator(String protocol) {
        return configurators.get(protocol);
    }
}
