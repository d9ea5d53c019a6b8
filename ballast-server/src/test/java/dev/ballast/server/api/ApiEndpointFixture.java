package dev.ballast.server.api;

import dev.ballast.api.elbv2.Elbv2Service;
import dev.ballast.api.http.ApiEndpointLimits;
import dev.ballast.api.http.ApiHttpServer;
import dev.ballast.api.query.QueryDispatcher;
import dev.ballast.api.query.QueryService;
import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.elbv2.ElbSettings;
import dev.ballast.control.store.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * The API endpoint with given limits in front of the real ELBv2 control plane on a SQLite store, for tests that
 * need short timeouts or small caps; plus a java.net.http client for normal calls.
 *
 * <p>Not thread-safe to start or close; {@link #describe} may be called from many threads.
 */
final class ApiEndpointFixture implements AutoCloseable {
    static final String DESCRIBE_FORM = "Action=DescribeLoadBalancers&Version=2015-12-01";

    private final SqliteStore store;
    private final ElbControl control;
    private final ApiHttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ApiEndpointFixture(Path dataDir, ApiEndpointLimits limits, QueryService... extraServices) {
        store = SqliteStore.open(dataDir);
        control = ElbControl.open(store, new ConfigPublisher(), ElbSettings.defaults("127.0.0.1"),
                Clock.systemUTC(), new SecureRandom());
        QueryDispatcher dispatcher = new QueryDispatcher(Elbv2Service.NAMESPACE).register(new Elbv2Service(control));
        for (QueryService service : extraServices) {
            dispatcher.register(service);
        }
        try {
            server = ApiHttpServer.start(new InetSocketAddress("127.0.0.1", 0), dispatcher, null,
                    Elbv2Service.NAMESPACE, limits);
        } catch (IOException e) {
            store.close();
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress address() {
        return server.address();
    }

    ElbControl control() {
        return control;
    }

    /** POSTs {@code form} to the API with java.net.http and answers the status; fails after 5 s. */
    int post(String form) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address().getPort() + "/"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One DescribeLoadBalancers call; its HTTP status. */
    int describe() {
        return post(DESCRIBE_FORM);
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
