package dev.ballast.proxy.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes access log lines to gzip files off the event loops: event loops {@link #offer} finished records to a
 * bounded queue and never wait: when it is full (the disk does not keep up) the record is dropped and counted. One
 * writer thread drains the queue in batches and appends each batch to its file as a gzip member, so a file is
 * always a valid gzip stream that {@code zcat} reads up to the last batch (a Classic Load Balancer's files are plain
 * text, appended batch by batch). A file holds one window of one load balancer node (5 minutes; a Classic Load
 * Balancer's emit interval), named as AWS names its S3 objects ({@link AccessLogDestination}).
 *
 * <p>Thread-safe: {@link #offer} from any thread; the files are touched only by the writer thread.
 */
public final class AccessLogWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);
    /** Records queued by default before new ones are dropped. */
    public static final int DEFAULT_CAPACITY = 65_536;
    private static final int BATCH = 4096;
    private static final AccessLogRecord STOP = new AccessLogRecord(null, null, 0, null);

    private final Path root;
    private final BlockingQueue<AccessLogRecord> queue;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    /** File by destination, window and node address; only the writer thread uses it. */
    private final Map<String, Path> files = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * A writer of files under {@code root} ({@code <data-dir>/access-logs}) queueing at most {@code capacity}
     * records, its thread made by {@code threads}.
     */
    public AccessLogWriter(Path root, int capacity, ThreadFactory threads) {
        this.root = root.toAbsolutePath().normalize();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = threads.newThread(this::run);
        thread.start();
    }

    /** A writer with the default capacity and a daemon thread of its own. */
    public static AccessLogWriter start(Path root) {
        return new AccessLogWriter(root, DEFAULT_CAPACITY, r -> {
            Thread t = new Thread(r, "ballast-access-log");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues {@code record} for writing, or drops and counts it when the queue is full or the writer closed. */
    public void offer(AccessLogRecord record) {
        if (closed || !queue.offer(record)) {
            dropped.increment();
        }
    }

    /** Records dropped because the queue was full (or a write failed). */
    public long dropped() {
        return dropped.sum();
    }

    /** Records written to files. */
    public long written() {
        return written.sum();
    }

    /** Writes what is queued and stops the thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<AccessLogRecord> batch = new ArrayList<>(BATCH);
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, BATCH - 1);
            stop = batch.remove(STOP);
            write(batch);
            batch.clear();
        }
    }

    private void write(List<AccessLogRecord> batch) {
        Map<Path, StringBuilder> byFile = new LinkedHashMap<>();
        Map<Path, Integer> counts = new HashMap<>();
        java.util.Set<Path> compressed = new java.util.HashSet<>();
        for (AccessLogRecord record : batch) {
            Path file = fileFor(record);
            if (record.destination.compressed()) {
                compressed.add(file);
            }
            byFile.computeIfAbsent(file, f -> new StringBuilder()).append(AccessLogLine.format(record));
            counts.merge(file, 1, Integer::sum);
        }
        byFile.forEach((file, lines) -> {
            int n = counts.get(file);
            if (!file.startsWith(root)) {
                // a bucket or prefix that leaves the root: the API refuses it, so this is a bug; never write there
                LOG.error("access log file {} is outside {}; {} entries dropped", file, root, n);
                dropped.add(n);
                return;
            }
            try {
                Files.createDirectories(file.getParent());
                try (OutputStream raw = Files.newOutputStream(file, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                     OutputStream out = compressed.contains(file) ? new GZIPOutputStream(raw, 64 * 1024) : raw) {
                    out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                }
                written.add(n);
            } catch (IOException e) {
                LOG.warn("access log: cannot write {}: {}; {} entries dropped", file, e.toString(), n);
                dropped.add(n);
            }
        });
    }

    /** The file of {@code record}'s window: the same one for every record of that window, node and load balancer. */
    private Path fileFor(AccessLogRecord record) {
        Instant time = record.finished;
        long windowMillis = record.destination.window().toMillis();
        Instant windowEnd = Instant.ofEpochMilli((time.toEpochMilli() / windowMillis + 1) * windowMillis);
        String key = record.destination + "|" + windowEnd + "|" + record.localIp;
        Path file = files.get(key);
        if (file == null) {
            if (files.size() > 1024) {
                files.clear(); // old windows are done; an open one gets a second file, as ALB may deliver several
            }
            String random = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
            file = record.destination.directory(root, windowEnd)
                    .resolve(record.destination.fileName(windowEnd, record.localIp, random)).normalize();
            files.put(key, file);
        }
        return file;
    }
}
