package dev.ballast.server.api;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slowloris client: announces a form body of {@code length} bytes, then sends it one byte every
 * {@code intervalMillis} on its own thread until the server answers or closes, and keeps the answer.
 *
 * <p>Thread-safe: the sending thread publishes through a latch; {@link #close} stops it.
 */
final class SlowBodyClient implements AutoCloseable {
    private final RawApiConnection connection;
    private final Thread thread;
    private final AtomicInteger bytesSent = new AtomicInteger();
    private final CountDownLatch answered = new CountDownLatch(1);
    private volatile RawApiConnection.Reply reply;
    private volatile long firstByteNanos;
    private volatile long replyNanos;
    private volatile boolean closedAfterReply;

    private SlowBodyClient(InetSocketAddress api, int length, int intervalMillis) {
        connection = new RawApiConnection(api, 60_000);
        thread = new Thread(() -> run(length, intervalMillis), "slow-body-client");
        thread.setDaemon(true);
    }

    static SlowBodyClient start(InetSocketAddress api, int length, int intervalMillis) {
        SlowBodyClient client = new SlowBodyClient(api, length, intervalMillis);
        client.thread.start();
        return client;
    }

    private void run(int length, int intervalMillis) {
        firstByteNanos = System.nanoTime();
        if (connection.send(RawApiConnection.postHead(length))) {
            for (int i = 0; i < length && !connection.hasDataWaiting(); i++) {
                if (!connection.send(new byte[] {'a'})) {
                    break;
                }
                bytesSent.incrementAndGet();
                try {
                    // The pace of a slowloris client, not a wait for the server.
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        reply = connection.readReply();
        replyNanos = System.nanoTime();
        closedAfterReply = connection.awaitClosed();
        answered.countDown();
    }

    /** Waits until {@code n} body bytes went out. */
    void awaitBytesSent(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bytesSent.get() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        if (bytesSent.get() < n) {
            throw new AssertionError("sent " + bytesSent.get() + " of " + n + " bytes in 10 s");
        }
    }

    int bytesSent() {
        return bytesSent.get();
    }

    boolean hasAnswer() {
        return answered.getCount() == 0 || connection.hasDataWaiting();
    }

    /** The server's answer, waiting at most 30 s. */
    RawApiConnection.Reply reply() throws InterruptedException {
        if (!answered.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no answer to a slow body in 30 s (" + bytesSent.get() + " bytes sent)");
        }
        return reply;
    }

    /** From the request's first byte to the answer. */
    long millisToReply() {
        return (replyNanos - firstByteNanos) / 1_000_000;
    }

    /** Whether the server closed the connection after answering. */
    boolean awaitClosed() {
        return closedAfterReply;
    }

    @Override
    public void close() {
        thread.interrupt();
        connection.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
