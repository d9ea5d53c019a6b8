package dev.ballast.proxy.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's bounded queue: when the disk does not keep up (here: the writer thread is held back), records beyond
 * the capacity are dropped and counted, and offering never waits; what was queued is written once the thread runs.
 * Records of two 5-minute windows go to two files.
 */
class AccessLogWriterTest {
    private static final AccessLogDestination DESTINATION =
            new AccessLogDestination("bucket", "", "123456789012", "us-east-1", "app/lb/0123456789abcdef");

    @TempDir
    Path root;

    @Test
    void dropsAndCountsWhatDoesNotFitWhileTheDiskLagsAndWritesTheRest() throws Exception {
        CountDownLatch diskBack = new CountDownLatch(1);
        // the writer thread is held before its first write: the disk "does not keep up"
        ThreadFactory heldBack = r -> new Thread(() -> {
            try {
                diskBack.await();
            } catch (InterruptedException e) {
                return;
            }
            r.run();
        }, "held-back-access-log");
        AccessLogWriter writer = new AccessLogWriter(root, 3, heldBack);
        try {
            Instant now = Instant.parse("2026-11-26T19:42:10Z");
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                writer.offer(record(now, "/" + i));
            }
            long offerNanos = System.nanoTime() - start;
            assertThat(writer.dropped()).isEqualTo(2);
            assertThat(offerNanos).as("offering never waits for the disk").isLessThan(1_000_000_000L);
            diskBack.countDown();
        } finally {
            writer.close();
        }
        assertThat(writer.written()).isEqualTo(3);
        List<Path> files = files();
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString())
                .matches("123456789012_elasticloadbalancing_us-east-1_app\\.lb\\.0123456789abcdef_20261126T1945Z_"
                        + "127\\.0\\.0\\.1_[0-9a-f]+\\.log\\.gz");
        assertThat(root.relativize(files.get(0).getParent()).toString())
                .isEqualTo("bucket/AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/26");
        List<String> lines = lines(files.get(0));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"GET http://example.com:80/0 HTTP/1.1\"");
        assertThat(lines.get(2)).contains("\"GET http://example.com:80/2 HTTP/1.1\"");
    }

    @Test
    void eachFiveMinuteWindowHasItsOwnFileAndAppendedBatchesStayOneGzipStream() throws Exception {
        try (AccessLogWriter writer = AccessLogWriter.start(root)) {
            writer.offer(record(Instant.parse("2026-11-26T23:59:58Z"), "/first"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (writer.written() < 1) {
                assertThat(System.nanoTime()).as("first batch written within 10 s").isLessThan(deadline);
                Thread.sleep(10); // polling the writer thread's progress, with a deadline
            }
            writer.offer(record(Instant.parse("2026-11-26T23:59:59Z"), "/second-batch"));
            writer.offer(record(Instant.parse("2026-11-27T00:00:00Z"), "/next-window"));
        }
        List<Path> files = files();
        assertThat(files).hasSize(2);
        assertThat(files.get(0).toString()).contains("/2026/11/27/").contains("_20261127T0000Z_");
        assertThat(files.get(1).toString()).contains("/2026/11/27/").contains("_20261127T0005Z_");
        List<String> first = lines(files.get(0));
        assertThat(first).hasSize(2);
        assertThat(first.get(0)).contains("/first HTTP/1.1");
        assertThat(first.get(1)).contains("/second-batch HTTP/1.1");
        assertThat(lines(files.get(1))).singleElement().asString().contains("/next-window HTTP/1.1");
    }

    @Test
    void classicFilesArePlainTextNamedAsClassicsAndCollectOneEmitInterval() throws Exception {
        AccessLogDestination hourly = new AccessLogDestination("bucket", "p", "123456789012", "us-east-1", "my-clb",
                60);
        AccessLogDestination fiveMinutes = new AccessLogDestination("bucket", "p", "123456789012", "us-east-1",
                "fast-clb", 5);
        try (AccessLogWriter writer = AccessLogWriter.start(root)) {
            writer.offer(record(hourly, Instant.parse("2026-11-26T23:01:00Z"), "/a"));
            writer.offer(record(hourly, Instant.parse("2026-11-26T23:59:59Z"), "/b"));
            writer.offer(record(hourly, Instant.parse("2026-11-27T00:00:00Z"), "/c"));
            writer.offer(record(fiveMinutes, Instant.parse("2026-11-26T23:01:00Z"), "/d"));
            writer.offer(record(fiveMinutes, Instant.parse("2026-11-26T23:06:00Z"), "/e"));
        }
        List<Path> files = files();
        assertThat(files).extracting(f -> f.getFileName().toString().replaceAll("_[0-9a-f]+\\.log$", "_R.log"))
                .containsExactlyInAnyOrder(
                        "123456789012_elasticloadbalancing_us-east-1_my-clb_20261127T0000Z_127.0.0.1_R.log",
                        "123456789012_elasticloadbalancing_us-east-1_my-clb_20261127T0100Z_127.0.0.1_R.log",
                        "123456789012_elasticloadbalancing_us-east-1_fast-clb_20261126T2305Z_127.0.0.1_R.log",
                        "123456789012_elasticloadbalancing_us-east-1_fast-clb_20261126T2310Z_127.0.0.1_R.log");
        Path firstHour = files.stream().filter(f -> f.toString().contains("my-clb_20261127T0000Z")).findFirst()
                .orElseThrow();
        assertThat(root.relativize(firstHour.getParent()).toString())
                .isEqualTo("bucket/p/AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/27");
        // plain text, not gzip: Classic's files are .log
        List<String> lines = Files.readAllLines(firstHour, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("2026-11-26T23:01:00.000000Z my-clb 127.0.0.1:40000 - -1 -1 -1 200 - ")
                .endsWith(" \"GET http://example.com:80/a HTTP/1.1\" \"-\" - -");
    }

    private static AccessLogRecord record(Instant time, String path) {
        return record(DESTINATION, time, path);
    }

    private static AccessLogRecord record(AccessLogDestination destination, Instant time, String path) {
        AccessLogRecord r = new AccessLogRecord(destination, time, System.nanoTime(), "TID_1");
        r.clientIp = "127.0.0.1";
        r.clientPort = 40000;
        r.localIp = "127.0.0.1";
        r.method = "GET";
        r.uri = path;
        r.version = "HTTP/1.1";
        r.host = "example.com";
        r.listenerPort = 80;
        r.finish(time, 200);
        return r;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static List<String> lines(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
