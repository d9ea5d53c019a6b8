package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** 100 MB bodies stream through the proxy in both directions while its buffer memory stays small. */
class ProxyStreamingTest extends ProxyTestBase {
    private static final long HUNDRED_MB = 100L * 1024 * 1024;
    private static final long MEMORY_BOUND = 24L * 1024 * 1024;

    @Test
    void streams100MbChunkedRequestBodyWithBoundedMemory() throws Exception {
        EchoTarget target = target("a");
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(),
                Fixtures.group("tg", Fixtures.target(target.port()))));
        RawHttpClient client = client(address);

        try (MemoryWatch watch = new MemoryWatch()) {
            client.send("POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
            OutputStream out = client.output();
            byte[] block = new byte[64 * 1024];
            byte[] header = (Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (long sent = 0; sent < HUNDRED_MB; sent += block.length) {
                out.write(header);
                out.write(block);
                out.write('\r');
                out.write('\n');
            }
            client.send("0\r\n\r\n");
            RawHttpClient.Response response = client.read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("bytes=" + HUNDRED_MB);
            assertThat(watch.maxUsed()).as("proxy buffer memory while streaming").isPositive().isLessThan(MEMORY_BOUND);
        }
    }

    @Test
    void streams100MbResponseBodyWithBoundedMemory() throws Exception {
        EchoTarget target = target("a");
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(),
                Fixtures.group("tg", Fixtures.target(target.port()))));
        RawHttpClient client = client(address);

        try (MemoryWatch watch = new MemoryWatch()) {
            client.send("GET /download?bytes=" + HUNDRED_MB + " HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttpClient.Response head = client.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo(Long.toString(HUNDRED_MB));
            InputStream in = client.input();
            byte[] buffer = new byte[64 * 1024];
            long received = 0;
            // Read nothing until the target is held back: the proxy must stop reading from it rather than buffer.
            assertThat(awaitHeldBack(target)).as("bytes the target wrote before it was held back")
                    .isPositive().isLessThan(HUNDRED_MB);
            while (received < HUNDRED_MB) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, HUNDRED_MB - received));
                assertThat(n).isPositive();
                received += n;
            }
            assertThat(received).isEqualTo(HUNDRED_MB);
            assertThat(watch.maxUsed()).as("proxy buffer memory while streaming").isPositive().isLessThan(MEMORY_BOUND);
        }
        // the connection is still usable afterwards
        assertThat(client.get("/").status()).isEqualTo(200);
    }

    /**
     * Waits until the target's {@code /download} writes stop advancing (five polls in a row see the same count)
     * and returns that count: without backpressure the target would write the whole body into the proxy.
     */
    private static long awaitHeldBack(EchoTarget target) {
        long[] last = {-1};
        int[] unchanged = {0};
        Await.until("the target's writes held back", Duration.ofSeconds(30), () -> {
            long now = target.downloadWritten.get();
            unchanged[0] = now > 0 && now == last[0] ? unchanged[0] + 1 : 0;
            last[0] = now;
            return unchanged[0] >= 5;
        });
        return last[0];
    }

    /** Samples the default allocator's direct and heap memory in use (every 5 ms: a sampling period). */
    private static final class MemoryWatch implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong max = new AtomicLong();
        private final Thread thread;

        MemoryWatch() {
            var metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
            thread = new Thread(() -> {
                while (running.get()) {
                    max.accumulateAndGet(metric.usedDirectMemory() + metric.usedHeapMemory(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        long maxUsed() {
            return max.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
