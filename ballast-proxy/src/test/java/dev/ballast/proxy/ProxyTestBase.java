package dev.ballast.proxy;

import dev.ballast.core.model.ConfigSnapshot;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Starts a real proxy on loopback and closes it, and whatever the test registered, after each test. */
abstract class ProxyTestBase {
    protected ProxyServer proxy;
    protected final List<AutoCloseable> closeables = new ArrayList<>();

    protected InetSocketAddress start(ConfigSnapshot snapshot) {
        return start(snapshot, ProxyOptions.defaults(2));
    }

    protected InetSocketAddress start(ConfigSnapshot snapshot, ProxyOptions options) {
        proxy = new ProxyServer(options);
        proxy.apply(snapshot);
        return proxy.boundAddress(Fixtures.LISTENER_ARN);
    }

    protected ProxyOptions options(Duration connectTimeout) {
        return ProxyOptions.defaults(2).withConnectTimeout(connectTimeout);
    }

    protected EchoTarget target(String name) throws IOException {
        EchoTarget target = new EchoTarget(name);
        closeables.add(target);
        return target;
    }

    protected RawHttpClient client(InetSocketAddress address) throws IOException {
        RawHttpClient client = new RawHttpClient(address);
        closeables.add(client);
        return client;
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }
}
