package dev.ballast.proxy.accesslog;

import java.time.Instant;

/**
 * What one request/response exchange contributes to its access log line, filled in on the event loop as the exchange
 * goes and handed to the {@link AccessLogWriter} when it ends; the writer formats it ({@link AccessLogLine}).
 * Durations are {@link System#nanoTime} readings; a reading of 0 means the step did not happen.
 *
 * <p>Not thread-safe: written by one event loop, then handed over through the writer's queue (which publishes it
 * safely) and never touched by the event loop again.
 */
public final class AccessLogRecord {
    /** Where the line goes. */
    public final AccessLogDestination destination;
    /** When the request head arrived (request_creation_time). */
    public final Instant created;
    public final long startNanos;
    public final String connectionTraceId;

    public String type = "http";
    /** When the response was complete (time); set by {@link #finish}. */
    public Instant finished;
    public String clientIp;
    public int clientPort;
    /** The load balancer node's address that accepted the connection (part of the file name). */
    public String localIp = "-";
    public String method;
    public String uri;
    public String version;
    public String host;
    public int listenerPort;
    public String protocol = "http";
    public String userAgent;
    public String traceId;
    public String targetGroupArn;
    /** The priority of the matched rule: 0 for the default action, -1 for a routing error, null when not routed. */
    public Integer matchedRulePriority;
    public String actionsExecuted;
    public String redirectUrl;
    public String errorReason;
    /** Every target the request was sent to, {@code ip:port} separated by spaces. */
    public final StringBuilder targets = new StringBuilder();
    /** The last target's address, or null. */
    public String target;
    public final StringBuilder targetStatuses = new StringBuilder();
    public long sentToTargetNanos;
    public long targetRespondedNanos;
    /** When the target's response head was written on to the client. */
    public long responseForwardedNanos;
    public int elbStatus;
    public int targetStatus;
    public long receivedBytes;
    public long sentBytes;
    public String classification;
    public String classificationReason;
    /** A relayed TCP connection: when the connect to the target started ({@link System#nanoTime}), 0 if never. */
    public long connectStartedNanos;
    /** When the target accepted the connection, 0 if it did not. */
    public long connectedNanos;
    /** When the target's first bytes arrived, 0 if none did. */
    public long firstTargetByteNanos;
    /** When the first bytes were written to the client, 0 if none were. */
    public long firstClientWriteNanos;
    /** What a network load balancer's TLS connection adds; null for an HTTP exchange. */
    public TlsConnectionFields tls;

    public AccessLogRecord(AccessLogDestination destination, Instant created, long startNanos,
                           String connectionTraceId) {
        this.destination = destination;
        this.created = created;
        this.startNanos = startNanos;
        this.connectionTraceId = connectionTraceId;
    }

    /** The request was sent to {@code address} ({@code ip:port}). */
    public void sentTo(String address, long nanos) {
        appendListed(targets, address);
        target = address;
        sentToTargetNanos = nanos;
        targetRespondedNanos = 0;
        responseForwardedNanos = 0;
    }

    /** The connection is relayed to the target at {@code ip} port {@code port} (a network load balancer's). */
    public void targetAt(String ip, int port) {
        target = AccessLogLine.hostPort(ip, port);
    }

    /** The current target answered with {@code status}. */
    public void targetResponded(int status, long nanos) {
        appendListed(targetStatuses, Integer.toString(status));
        targetStatus = status;
        targetRespondedNanos = nanos;
    }

    /** The exchange ended at {@code now} with the load balancer's status {@code status} to the client. */
    public void finish(Instant now, int status) {
        finished = now;
        elbStatus = status;
    }

    /** Adds {@code value} to the space-separated {@code list}. */
    private static void appendListed(StringBuilder list, String value) {
        if (list.length() > 0) {
            list.append(' ');
        }
        list.append(value);
    }
}
