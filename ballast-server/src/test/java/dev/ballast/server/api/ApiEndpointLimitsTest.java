package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.api.http.ApiEndpointLimits;
import dev.ballast.api.query.QueryAction;
import dev.ballast.api.query.QueryService;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API endpoint holds up under slow, silent, garbage, oversized and numerous connections: other clients keep
 * being answered, and each abuse gets its status (408, 400, 413, 431, 503) or a close within its limit. Drives the
 * real endpoint over real sockets; short limits are injected so that deadlines are reached in about a second.
 */
class ApiEndpointLimitsTest {
    private static final int NORMAL_CALLS = 100;

    @TempDir
    Path dataDir;

    private static ApiEndpointLimits limits(Duration idle, Duration head, Duration request) {
        ApiEndpointLimits d = ApiEndpointLimits.defaults();
        return new ApiEndpointLimits(idle, head, request, d.maxHeaderBytes(), d.maxBodyBytes(), d.maxConnections(),
                d.dispatchThreads(), d.dispatchQueue());
    }

    @Test
    void hundredCallsCompleteWhileFourSlowBodiesAndFourSilentBodiesHoldConnections() throws Exception {
        callsCompleteWhileSlowClientsHoldConnections(4, 4);
    }

    @Test
    void hundredCallsCompleteWhileTwentySlowBodiesAndFourSilentBodiesHoldConnections() throws Exception {
        callsCompleteWhileSlowClientsHoldConnections(20, 4);
    }

    private void callsCompleteWhileSlowClientsHoldConnections(int slow, int silent) throws Exception {
        // Default deadlines: the slow clients stay connected for the whole run.
        try (ApiEndpointFixture api = new ApiEndpointFixture(dataDir, ApiEndpointLimits.defaults());
             SlowClients clients = SlowClients.open(api.address(), slow, silent)) {
            for (SlowBodyClient c : clients.slow) {
                c.awaitBytesSent(2);
            }
            long start = System.nanoTime();
            int ok = 0;
            for (int i = 0; i < NORMAL_CALLS; i++) {
                if (api.describe() == 200) {
                    ok++;
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("%d slow + %d silent clients: %d calls in %d ms%n", slow, silent, NORMAL_CALLS,
                    millis);
            assertThat(ok).isEqualTo(NORMAL_CALLS);
            assertThat(millis).isLessThan(5_000);
            for (SlowBodyClient c : clients.slow) {
                assertThat(c.hasAnswer()).as("a slow client is still being read, not answered").isFalse();
            }
        }
    }

    @Test
    void slowAndSilentBodiesAre408AtTheWholeRequestDeadline() throws Exception {
        Duration deadline = Duration.ofMillis(1500);
        long start = System.nanoTime();
        try (ApiEndpointFixture api = new ApiEndpointFixture(dataDir,
                limits(Duration.ofSeconds(30), Duration.ofSeconds(1), deadline));
             SlowClients clients = SlowClients.open(api.address(), 4, 4)) {
            for (RawApiConnection c : clients.silent) {
                RawApiConnection.Reply reply = c.readReply();
                assertThat(reply.status()).isEqualTo(408);
                assertThat(reply.head()).containsIgnoringCase("connection: close");
                assertThat(c.awaitClosed()).isTrue();
            }
            for (SlowBodyClient c : clients.slow) {
                RawApiConnection.Reply reply = c.reply();
                assertThat(reply.status()).isEqualTo(408);
                assertThat(reply.body()).contains("<Code>RequestTimeout</Code>");
                assertThat(c.awaitClosed()).isTrue();
                // One byte per 200 ms keeps the connection busy; the deadline is still the deadline.
                assertThat(c.millisToReply()).isBetween(deadline.toMillis() - 100, deadline.toMillis() + 1500);
                assertThat(c.bytesSent()).isLessThan(100);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).isLessThan(deadline.toMillis() + 3000);
            assertThat(api.describe()).isEqualTo(200);
        }
    }

    /** {@code slow} slowloris clients (one body byte per 200 ms) and {@code silent} ones that send only a head. */
    private record SlowClients(List<SlowBodyClient> slow, List<RawApiConnection> silent) implements AutoCloseable {
        static SlowClients open(InetSocketAddress api, int slow, int silent) {
            SlowClients clients = new SlowClients(new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < slow; i++) {
                clients.slow.add(SlowBodyClient.start(api, 100, 200));
            }
            for (int i = 0; i < silent; i++) {
                RawApiConnection c = new RawApiConnection(api, 10_000);
                clients.silent.add(c);
                assertThat(c.send(RawApiConnection.postHead(100))).isTrue();
            }
            return clients;
        }

        @Override
        public void close() {
            slow.forEach(SlowBodyClient::close);
            silent.forEach(RawApiConnection::close);
        }
    }

    @Test
    void aHeadThatDoesNotEndIs408AtTheHeadTimeout() throws Exception {
        Duration headTimeout = Duration.ofMillis(800);
        try (ApiEndpointFixture api = new ApiEndpointFixture(dataDir,
                limits(Duration.ofSeconds(30), headTimeout, Duration.ofSeconds(30)));
             RawApiConnection c = new RawApiConnection(api.address(), 10_000)) {
            long start = System.nanoTime();
            c.send("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            RawApiConnection.Reply reply = c.readReply();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(reply.status()).isEqualTo(408);
            assertThat(c.awaitClosed()).isTrue();
            assertThat(millis).isBetween(headTimeout.toMillis() - 100, headTimeout.toMillis() + 1500);
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedWithoutAnAnswer() throws Exception {
        try (ApiEndpointFixture api = new ApiEndpointFixture(dataDir,
                limits(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(30)));
             RawApiConnection c = new RawApiConnection(api.address(), 10_000)) {
            String form = ApiEndpointFixture.DESCRIBE_FORM;
            c.send(RawApiConnection.postHead(form.length()) + form);
            RawApiConnection.Reply first = c.readReply();
            assertThat(first.status()).isEqualTo(200);
            RawApiConnection.Reply idle = c.readReply();
            assertThat(idle.status()).as("an idle connection gets no unsolicited 408").isZero();
        }
    }

    /** Sends {@code request} on a new connection: answered {@code status} within a second, then closed. */
    private static RawApiConnection.Reply assertRefused(InetSocketAddress api, byte[] request, int status) {
        try (RawApiConnection c = new RawApiConnection(api, 5_000)) {
            long start = System.nanoTime();
            c.send(request);
            RawApiConnection.Reply reply = c.readReply();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(reply.status()).as(new String(request, 0, Math.min(request.length, 60),
                    StandardCharsets.ISO_8859_1)).isEqualTo(status);
            assertThat(c.awaitClosed()).isTrue();
            assertThat(millis).isLessThan(1000);
            return reply;
        }
    }

    private static RawApiConnection.Reply assertRefused(InetSocketAddress api, String request, int status) {
        return assertRefused(api, request.getBytes(StandardCharsets.ISO_8859_1), status);
    }

    @Test
    void garbageIsAnswered400AndClosedAtOnce() throws Exception {
        byte[] tlsClientHello = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03};
        List<byte[]> garbage = List.of(
                tlsClientHello,
                "hello there\r\n".getBytes(StandardCharsets.US_ASCII),
                "GET / HTTP/1.1\r\nthis is no header\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "\u0000\u0001\u0002garbage".getBytes(StandardCharsets.US_ASCII));
        try (ApiEndpointFixture api = new ApiEndpointFixture(dataDir, ApiEndpointLimits.defaults())) {
            for (byte[] bytes : garbage) {
                assertThat(assertRefused(api.address(), bytes, 400).body())
                        .contains("<Code>MalformedHttpRequest</Code>");
            }
            assertThat(api.describe()).isEqualTo(200);
        }
    }

    @Test
    void aBodyOverOneMebibyteIsAnswered413BeforeItIsSent() throws Exception {
        try (ApiEndpointFixture api = new ApiEndpointFixture(dataDir, ApiEndpointLimits.defaults())) {
            RawApiConnection.Reply reply = assertRefused(api.address(), RawApiConnection.postHead((1 << 20) + 1), 413);
            assertThat(reply.body()).contains("Content-Length: 1048577 (expected: at most 1048576)");
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsAnswered413() throws Exception {
        ApiEndpointLimits d = ApiEndpointLimits.defaults();
        ApiEndpointLimits small = new ApiEndpointLimits(d.idleTimeout(), d.requestHeadTimeout(), d.requestTimeout(),
                d.maxHeaderBytes(), 1024, d.maxConnections(), d.dispatchThreads(), d.dispatchQueue());
        try (ApiEndpointFixture api = new ApiEndpointFixture(dataDir, small)) {
            String chunk = Integer.toHexString(600) + "\r\n" + "a".repeat(600) + "\r\n";
            assertRefused(api.address(), "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunk + chunk, 413);
        }
    }

    @Test
    void headersOverTheLimitAreAnswered431() throws Exception {
        try (ApiEndpointFixture api = new ApiEndpointFixture(dataDir, ApiEndpointLimits.defaults())) {
            assertRefused(api.address(), "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(20_000)
                    + "\r\nContent-Length: 0\r\n\r\n", 431);
        }
    }

    @Test
    void aConnectionOverTheCapIsClosedAtAccept() throws Exception {
        ApiEndpointLimits d = ApiEndpointLimits.defaults();
        ApiEndpointLimits capped = new ApiEndpointLimits(d.idleTimeout(), d.requestHeadTimeout(),
                d.requestTimeout(), d.maxHeaderBytes(), d.maxBodyBytes(), 4, d.dispatchThreads(), d.dispatchQueue());
        String form = ApiEndpointFixture.DESCRIBE_FORM;
        String request = RawApiConnection.postHead(form.length()) + form;
        try (ApiEndpointFixture api = new ApiEndpointFixture(dataDir, capped)) {
            List<RawApiConnection> open = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    RawApiConnection c = new RawApiConnection(api.address(), 5_000);
                    open.add(c);
                    c.send(request);
                    assertThat(c.readReply().status()).isEqualTo(200);
                }
                try (RawApiConnection over = new RawApiConnection(api.address(), 5_000)) {
                    over.send(request);
                    RawApiConnection.Reply reply = over.readReply();
                    assertThat(reply.status()).isZero();
                }
                open.remove(0).close();
                // The freed place is taken back once the server has seen the close.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                int status = 0;
                while (status != 200 && System.nanoTime() < deadline) {
                    try (RawApiConnection again = new RawApiConnection(api.address(), 5_000)) {
                        again.send(request);
                        status = again.readReply().status();
                    }
                }
                assertThat(status).isEqualTo(200);
            } finally {
                open.forEach(RawApiConnection::close);
            }
        }
    }

    @Test
    void aFullDispatchQueueIsAnswered503ServiceUnavailable() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        QueryAction block = (params, xml) -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        QueryService blocking = new QueryService() {
            @Override
            public String version() {
                return "test-block";
            }

            @Override
            public String namespace() {
                return "urn:test";
            }

            @Override
            public Map<String, QueryAction> actions() {
                return Map.of("Block", block);
            }
        };
        ApiEndpointLimits d = ApiEndpointLimits.defaults();
        ApiEndpointLimits one = new ApiEndpointLimits(d.idleTimeout(), d.requestHeadTimeout(), d.requestTimeout(),
                d.maxHeaderBytes(), d.maxBodyBytes(), d.maxConnections(), 1, 1);
        String form = "Action=Block&Version=test-block";
        String request = RawApiConnection.postHead(form.length()) + form;
        try (ApiEndpointFixture api = new ApiEndpointFixture(dataDir, one, blocking);
             RawApiConnection running = new RawApiConnection(api.address(), 10_000);
             RawApiConnection second = new RawApiConnection(api.address(), 10_000);
             RawApiConnection third = new RawApiConnection(api.address(), 10_000)) {
            try {
                running.send(request);
                assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
                // One of the next two takes the only place in the queue; the other is refused at once.
                second.send(request);
                third.send(request);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!second.hasDataWaiting() && !third.hasDataWaiting() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                RawApiConnection refused = second.hasDataWaiting() ? second : third;
                RawApiConnection queued = refused == second ? third : second;
                RawApiConnection.Reply reply = refused.readReply();
                assertThat(reply.status()).isEqualTo(503);
                assertThat(reply.body()).contains("<Code>ServiceUnavailable</Code>");
                assertThat(reply.head()).containsIgnoringCase("x-amzn-RequestId");
                release.countDown();
                assertThat(running.readReply().status()).isEqualTo(200);
                assertThat(queued.readReply().status()).isEqualTo(200);
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void pingAndQueryAnswersKeepTheirShapeOnOneKeptAliveConnection() throws Exception {
        try (ApiEndpointFixture api = new ApiEndpointFixture(dataDir, ApiEndpointLimits.defaults());
             RawApiConnection c = new RawApiConnection(api.address(), 5_000)) {
            c.send("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawApiConnection.Reply ping = c.readReply();
            assertThat(ping.status()).isEqualTo(200);
            assertThat(ping.body()).isEqualTo("ok\n");
            String form = ApiEndpointFixture.DESCRIBE_FORM;
            c.send(RawApiConnection.postHead(form.length()) + form);
            RawApiConnection.Reply post = c.readReply();
            assertThat(post.status()).isEqualTo(200);
            assertThat(post.head()).containsIgnoringCase("Content-Type: text/xml")
                    .containsIgnoringCase("x-amzn-RequestId: ");
            assertThat(post.body()).contains("<DescribeLoadBalancersResult>");
            c.send("GET /?" + form + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawApiConnection.Reply get = c.readReply();
            assertThat(get.status()).isEqualTo(200);
            assertThat(get.body()).contains("<DescribeLoadBalancersResult>");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndTheConnectionStaysUsable() throws Exception {
        try (ApiEndpointFixture api = new ApiEndpointFixture(dataDir,
                limits(Duration.ofMillis(800), Duration.ofSeconds(10), Duration.ofSeconds(30)));
             RawApiConnection c = new RawApiConnection(api.address(), 5_000)) {
            String form = ApiEndpointFixture.DESCRIBE_FORM;
            String post = RawApiConnection.postHead(form.length()) + form;
            c.send(post + "GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + post);
            assertThat(c.readReply().body()).contains("<DescribeLoadBalancersResult>");
            assertThat(c.readReply().body()).isEqualTo("ok\n");
            assertThat(c.readReply().body()).contains("<DescribeLoadBalancersResult>");
            c.send(post);
            assertThat(c.readReply().status()).isEqualTo(200);
            // Then idle: closed without an answer once the idle timeout passes.
            assertThat(c.readReply().status()).isZero();
        }
    }

    @Test
    void aClientExpecting100ContinueGetsItThenTheAnswer() throws Exception {
        try (ApiEndpointFixture api = new ApiEndpointFixture(dataDir, ApiEndpointLimits.defaults());
             RawApiConnection c = new RawApiConnection(api.address(), 5_000)) {
            String form = ApiEndpointFixture.DESCRIBE_FORM;
            String head = RawApiConnection.postHead(form.length());
            c.send(head.substring(0, head.length() - 2) + "Expect: 100-continue\r\n\r\n");
            assertThat(c.readReply().status()).isEqualTo(100);
            c.send(form);
            assertThat(c.readReply().status()).isEqualTo(200);
        }
    }
}
