package dev.ballast.proxy;

import dev.ballast.proxy.accesslog.AccessLogRecord;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Locale;

/**
 * Starts and finishes the access log records of one client connection's exchanges: what the connection contributes
 * (client and node addresses, its trace id, the bytes each exchange read and wrote) and what the request head says.
 *
 * <p>Not thread-safe: one per client connection, on its event loop.
 */
final class ConnectionAccessLog {
    private final ClientTrafficCounter traffic;
    private final Clock clock;
    private final String connectionTraceId;
    private final String clientIp;
    private final int clientPort;
    private final String localIp;
    /** The connection's byte totals when the previous exchange finished. */
    private long receivedMark;
    private long sentMark;

    ConnectionAccessLog(Channel channel, ClientTrafficCounter traffic, Clock clock) {
        this.traffic = traffic;
        this.clock = clock;
        // Netty's channel id is unique per process run (machine, pid, sequence, time, random)
        this.connectionTraceId = "TID_" + channel.id().asLongText().replace("-", "");
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        this.clientIp = remote.getAddress().getHostAddress();
        this.clientPort = remote.getPort();
        this.localIp = local.getAddress().getHostAddress();
    }

    /** A record for the exchange of {@code request} on a listener compiled as {@code config}, begun now. */
    AccessLogRecord start(HttpListenerConfig config, HttpRequest request, HeadVerdict verdict) {
        AccessLogRecord r = start(config, verdict);
        if (!request.decoderResult().isFailure()) {
            describe(r, request.method().name(), request.uri(), request.protocolVersion().text(),
                    NettyRequestView.withoutPort(request.headers().get(HttpHeaderNames.HOST)),
                    request.headers().get(HttpHeaderNames.USER_AGENT));
        }
        return r;
    }

    /** A record for the exchange of {@code head} (an HTTP/1.1 request forwarded as bytes), begun now. */
    AccessLogRecord start(HttpListenerConfig config, RequestHead head) {
        AccessLogRecord r = start(config, head.verdict());
        describe(r, head.method(), head.uri(), "HTTP/1.1", head.hostWithoutPort(), head.first("user-agent"));
        return r;
    }

    private AccessLogRecord start(HttpListenerConfig config, HeadVerdict verdict) {
        AccessLogRecord r = new AccessLogRecord(config.accessLog(), clock.instant(), System.nanoTime(),
                connectionTraceId);
        r.clientIp = clientIp;
        r.clientPort = clientPort;
        r.localIp = localIp;
        r.listenerPort = config.port();
        r.protocol = config.protocol();
        if (verdict != null && verdict.tier() != DesyncTier.COMPLIANT) {
            String tier = verdict.tier().name();
            r.classification = tier.charAt(0) + tier.substring(1).toLowerCase(Locale.ROOT); // Acceptable, ...
            r.classificationReason = verdict.reason();
        }
        return r;
    }

    private static void describe(AccessLogRecord r, String method, String uri, String version, String host,
                                 String userAgent) {
        r.method = method;
        r.uri = uri;
        r.version = version;
        r.host = host.isEmpty() ? null : host;
        r.userAgent = userAgent;
    }

    /** Completes {@code r}: the response to the client had {@code status} and is written now. */
    AccessLogRecord finish(AccessLogRecord r, int status) {
        long received = traffic.received();
        long sent = traffic.sent();
        r.receivedBytes = received - receivedMark;
        r.sentBytes = sent - sentMark;
        receivedMark = received;
        sentMark = sent;
        r.finish(clock.instant(), status);
        return r;
    }
}
