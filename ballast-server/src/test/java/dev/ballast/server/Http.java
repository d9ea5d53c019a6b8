package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.proxy.Await;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real HTTP/1.1 requests on loopback for the end-to-end tests. */
public final class Http {
    private static final Pattern TASK_ID = Pattern.compile("<span id=\"task-id\">([^<]*)</span>");
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Http() {}

    /** GET {@code url}, with a Host header when {@code host} is not null. */
    public static HttpResponse<String> get(String url, String host) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (host != null) {
            request.header("Host", host); // allowed by -Djdk.httpclient.allowRestrictedHeaders=host (pom)
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET {@code url} and return the task id on the hello-world page that answered. */
    public static String taskIdAt(String url, String host) throws IOException, InterruptedException {
        HttpResponse<String> response = get(url, host);
        assertThat(response.statusCode()).as("status of GET " + url).isEqualTo(200);
        return taskId(response.body());
    }

    /** The task id on a hello-world page. */
    public static String taskId(String page) {
        Matcher m = TASK_ID.matcher(page);
        assertThat(m.find()).as("a hello-world page: " + page).isTrue();
        return m.group(1);
    }

    /** A port that was free on 127.0.0.1 a moment ago (for listeners, whose model does not take port 0). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * A port that TCP and UDP could bind on every one of {@code addresses} (loopback addresses, e.g. 127.0.0.2-4 or
     * an internal load balancer's 127.0.10.x) a moment ago: a port free on 127.0.0.1 may be taken on another one.
     */
    public static int freePortOn(String... addresses) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getByName(addresses[0]))) {
                int port = first.getLocalPort();
                if (bindableOnAll(port, addresses)) {
                    return port;
                }
            }
        }
        throw new IOException("no port free on all of " + String.join(", ", addresses));
    }

    private static boolean bindableOnAll(int port, String... addresses) throws IOException {
        for (int i = 0; i < addresses.length; i++) {
            InetAddress address = InetAddress.getByName(addresses[i]);
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, port))) {
                if (i > 0) {
                    new ServerSocket(port, 1, address).close();
                }
            } catch (java.net.BindException e) {
                return false;
            }
        }
        return true;
    }

    /** True if something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean accepts(int port) {
        return accepts("127.0.0.1", port);
    }

    /** True if something accepts TCP connections on {@code address:port}. */
    public static boolean accepts(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits (at most 10 s) until 127.0.0.1:{@code port} accepts connections. */
    public static void awaitAccepting(int port) {
        Await.until("127.0.0.1:" + port + " accepting", Duration.ofSeconds(10), () -> accepts(port));
    }
}
