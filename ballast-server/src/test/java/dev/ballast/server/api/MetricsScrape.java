package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /metrics} with a real HTTP client, and the values of its samples in the Prometheus text
 * format.
 *
 * <p>Thread-safe (immutable).
 */
record MetricsScrape(int status, String contentType, String body) {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)$",
            Pattern.MULTILINE);

    /** {@code GET /metrics<query>} from {@code api} with {@code accept} (null for none). */
    static MetricsScrape of(InetSocketAddress api, String query, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.getPort() + "/metrics" + query))
                .timeout(Duration.ofSeconds(10)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new MetricsScrape(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A scrape in the Prometheus text format; fails unless it answered 200. */
    static MetricsScrape of(InetSocketAddress api) {
        MetricsScrape scrape = of(api, "", null);
        assertThat(scrape.status()).as(scrape.body()).isEqualTo(200);
        return scrape;
    }

    /**
     * The value of sample {@code name} whose labels are exactly {@code labels} (e.g.
     * {@code load_balancer="app/a/1"}), or NaN when there is none.
     */
    double value(String name, String labels) {
        Matcher m = SAMPLE.matcher(body);
        while (m.find()) {
            String found = m.group(3) == null ? "" : m.group(3);
            if (m.group(1).equals(name) && found.equals(labels)) {
                return Double.parseDouble(m.group(4));
            }
        }
        return Double.NaN;
    }

    /** True if some sample of family {@code name} carries {@code labelText}. */
    boolean hasSample(String name, String labelText) {
        Matcher m = SAMPLE.matcher(body);
        while (m.find()) {
            if (m.group(1).equals(name) && m.group(3) != null && m.group(3).contains(labelText)) {
                return true;
            }
        }
        return false;
    }
}
