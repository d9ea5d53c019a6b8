package dev.ballast.server.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * One client sending GETs one after another to a list of URLs in turn, recording when each request started and
 * whether it got a 200, so that a test can count the failures of requests that started after some moment (a node
 * left).
 *
 * <p>Thread-safe: one sending thread; the counts may be read from any thread.
 */
final class TimedLoad {
    private record Outcome(long startedNanos, boolean ok, String what) {}

    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private TimedLoad(List<String> urls) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<HttpRequest> requests = urls.stream()
                .map(url -> HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build()).toList();
        thread = new Thread(() -> {
            for (long i = 0; running.get(); i++) {
                LockSupport.parkNanos(5_000_000); // paced: the nodes share 2 cores
                HttpRequest request = requests.get((int) (i % requests.size()));
                long started = System.nanoTime();
                try {
                    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                    outcomes.add(new Outcome(started, r.statusCode() == 200,
                            request.uri() + ": status " + r.statusCode()));
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    outcomes.add(new Outcome(started, false, request.uri() + ": " + e));
                }
            }
        }, "timed-load");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts sending to {@code urls} in turn. */
    static TimedLoad start(List<String> urls) {
        return new TimedLoad(urls);
    }

    /** Stops sending; returns once the request in flight has ended. */
    void stop() throws InterruptedException {
        running.set(false);
        thread.join(15_000);
    }

    long succeeded() {
        return count(Outcome::ok);
    }

    long total() {
        return outcomes.size();
    }

    /** Requests that started after {@code nanos} (a {@link System#nanoTime} reading). */
    long startedAfter(long nanos) {
        return count(o -> o.startedNanos() - nanos > 0);
    }

    long failedBefore(long nanos) {
        return count(o -> !o.ok() && o.startedNanos() - nanos <= 0);
    }

    long failedAfter(long nanos) {
        return count(o -> !o.ok() && o.startedNanos() - nanos > 0);
    }

    /** What went wrong with each failed request. */
    List<String> failures() {
        return outcomes.stream().filter(o -> !o.ok()).map(Outcome::what).toList();
    }

    private long count(Predicate<Outcome> which) {
        return outcomes.stream().filter(which).count();
    }
}
