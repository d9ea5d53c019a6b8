package dev.ballast.proxy.health;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Continuous client load: one thread sending GET requests back to back (a short pause between them) over a
 * keep-alive connection until stopped, recording every outcome. Each request carries its start time
 * ({@code start=<nanoTime>} in the query) so a target can tell when the request it received was sent.
 *
 * <p>Thread-safe: the load thread appends, the test reads.
 */
final class ClientLoad implements AutoCloseable {
    /** One request's outcome: when it ended (nanoTime), status (-1 = failed exchange) and the answering target. */
    record Outcome(long atNanos, int status, String body) {}

    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    ClientLoad(InetSocketAddress proxy, long pauseMicros) {
        this(proxy, pauseMicros, "");
    }

    /** Load whose requests also carry {@code query} (e.g. {@code &ms=1} for KillableTarget's delayed answers). */
    ClientLoad(InetSocketAddress proxy, long pauseMicros, String query) {
        thread = new Thread(() -> {
            try (KeepAliveClient client = new KeepAliveClient(proxy)) {
                while (running) {
                    KeepAliveClient.Response r = client.get("/work?start=" + System.nanoTime() + query);
                    outcomes.add(new Outcome(System.nanoTime(), r.status(), r.body()));
                    LockSupport.parkNanos(pauseMicros * 1000);
                }
            }
        }, "client-load");
        thread.start();
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    List<Outcome> failures() {
        return outcomes.stream().filter(o -> o.status() != 200).toList();
    }

    /** Answers per target name among outcomes that ended after {@code sinceNanos}. */
    Map<String, Long> answersSince(long sinceNanos) {
        return outcomes.stream().filter(o -> o.atNanos() >= sinceNanos && o.status() == 200)
                .collect(Collectors.groupingBy(Outcome::body, Collectors.counting()));
    }

    /** Answers per target name. */
    static Map<String, Long> byTarget(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> o.status() == 200)
                .collect(Collectors.groupingBy(Outcome::body, Collectors.counting()));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(40_000);
    }

}
