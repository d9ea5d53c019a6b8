package dev.ballast.core.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PerThreadRandomTest {
    @Test
    void drawsStayInBoundsFromManyThreads() throws Exception {
        ConcurrentHashMap<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] futures = new Future<?>[4];
            for (int t = 0; t < 4; t++) {
                futures[t] = pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        int v = PerThreadRandom.INSTANCE.nextInt(4);
                        counts.computeIfAbsent(v, k -> new AtomicInteger()).incrementAndGet();
                        assertThat(PerThreadRandom.INSTANCE.nextDouble()).isBetween(0.0, 1.0);
                    }
                });
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counts).containsOnlyKeys(0, 1, 2, 3);
        counts.values().forEach(c -> assertThat(c.get()).isBetween(9_000, 11_000));
    }
}
