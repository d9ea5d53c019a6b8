package dev.ballast.proxy.accesslog;

import java.util.Locale;

/**
 * Formats an {@link AccessLogRecord} as one entry of a Classic Load Balancer's access log, fields in AWS's order:
 * timestamp, elb (the name), client:port, backend:port, request_processing_time, backend_processing_time,
 * response_processing_time, elb_status_code, backend_status_code, received_bytes, sent_bytes, "request",
 * "user_agent", ssl_cipher, ssl_protocol.
 *
 * <p>An HTTP/HTTPS listener's request is timed as ALB's (until sent to the instance, until its response head, until
 * that was sent on), with {@code -1} for a step that did not happen, and shows
 * {@code "METHOD protocol://host:port/uri VERSION"}. A TCP/SSL listener's connection (one entry per connection) is
 * timed from accept until the instance was connected, the connect itself, and from the instance's first bytes until
 * they went on to the client; its status codes are {@code -}, its request {@code "- - - "} and its user agent
 * {@code "-"}; an SSL listener's entry names the cipher and protocol ({@code TLSv1.2}), others {@code - -}.
 *
 * <p>Thread-safe (stateless); runs on the writer's thread.
 */
final class ClassicAccessLogLine {
    private ClassicAccessLogLine() {
    }

    static String format(AccessLogRecord r) {
        boolean connection = r.type.equals("tcp") || r.type.equals("tls");
        StringBuilder line = new StringBuilder(256);
        line.append(AccessLogLine.time(r.finished)).append(' ')
                .append(r.destination.loadBalancerId()).append(' ')
                .append(r.clientIp == null ? "-" : AccessLogLine.hostPort(r.clientIp, r.clientPort)).append(' ')
                .append(r.target == null ? "-" : r.target).append(' ');
        if (connection) {
            boolean connected = r.connectedNanos != 0;
            boolean answered = r.firstTargetByteNanos != 0 && r.firstClientWriteNanos != 0;
            line.append(connected ? seconds(r.connectedNanos - r.startNanos) : "-1").append(' ')
                    .append(connected ? seconds(r.connectedNanos - r.connectStartedNanos) : "-1").append(' ')
                    .append(answered ? seconds(Math.max(0, r.firstClientWriteNanos - r.firstTargetByteNanos))
                            : "-1").append(' ')
                    .append("- - ");
        } else {
            boolean dispatched = r.sentToTargetNanos != 0;
            boolean answered = dispatched && r.targetRespondedNanos != 0;
            boolean forwarded = answered && r.responseForwardedNanos != 0;
            line.append(dispatched ? seconds(r.sentToTargetNanos - r.startNanos) : "-1").append(' ')
                    .append(answered ? seconds(r.targetRespondedNanos - r.sentToTargetNanos) : "-1").append(' ')
                    .append(forwarded ? seconds(r.responseForwardedNanos - r.targetRespondedNanos) : "-1")
                    .append(' ')
                    .append(r.elbStatus == 0 ? "-" : Integer.toString(r.elbStatus)).append(' ')
                    .append(r.targetStatus == 0 ? "-" : Integer.toString(r.targetStatus)).append(' ');
        }
        line.append(r.receivedBytes).append(' ').append(r.sentBytes).append(' ');
        if (connection) {
            line.append("\"- - - \" \"-\" ");
        } else {
            AccessLogLine.quoted(line, AccessLogLine.request(r)).append(' ');
            AccessLogLine.quoted(line, r.userAgent).append(' ');
        }
        if (r.tls != null && r.tls.cipher != null) {
            line.append(r.tls.cipher).append(' ').append(sslProtocol(r.tls.protocolVersion));
        } else {
            line.append("- -");
        }
        return line.append('\n').toString();
    }

    /** {@code tlsv12} as Classic writes it, {@code TLSv1.2}. */
    private static String sslProtocol(String version) {
        if (version == null || !version.startsWith("tlsv")) {
            return version == null ? "-" : version;
        }
        String digits = version.substring(4);
        return "TLSv" + digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "");
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
    }
}
