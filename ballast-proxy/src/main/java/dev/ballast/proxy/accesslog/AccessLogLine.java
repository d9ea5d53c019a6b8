package dev.ballast.proxy.accesslog;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Formats an {@link AccessLogRecord} as one line of ALB's access log, fields in AWS's documented order: type, time,
 * elb, client:port, target:port, request_processing_time, target_processing_time, response_processing_time,
 * elb_status_code, target_status_code, received_bytes, sent_bytes, "request", "user_agent", ssl_cipher,
 * ssl_protocol, target_group_arn, "trace_id", "domain_name", "chosen_cert_arn", matched_rule_priority,
 * request_creation_time, "actions_executed", "redirect_url", "error_reason", "target:port_list",
 * "target_status_code_list", "classification", "classification_reason", conn_trace_id. A value that does not apply
 * is {@code -}; a processing time that did not happen (nothing was dispatched to a target) is {@code -1}.
 *
 * A network load balancer's TLS connection ({@link AccessLogRecord#tls} set) is formatted by
 * {@link TlsConnectionLogLine} instead, a Classic Load Balancer's entries by {@link ClassicAccessLogLine}.
 *
 * <p>Thread-safe (stateless); runs on the writer's thread.
 */
final class AccessLogLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AccessLogLine() {
    }

    static String format(AccessLogRecord r) {
        if (r.destination.classic()) {
            return ClassicAccessLogLine.format(r);
        }
        if (r.tls != null) {
            return TlsConnectionLogLine.format(r);
        }
        StringBuilder line = new StringBuilder(512);
        line.append(r.type).append(' ')
                .append(time(r.finished)).append(' ')
                .append(r.destination.loadBalancerId()).append(' ')
                .append(r.clientIp == null ? "-" : hostPort(r.clientIp, r.clientPort)).append(' ')
                .append(r.target == null ? "-" : r.target).append(' ');
        boolean dispatched = r.sentToTargetNanos != 0;
        boolean answered = dispatched && r.targetRespondedNanos != 0;
        boolean forwarded = answered && r.responseForwardedNanos != 0;
        line.append(dispatched ? seconds(r.sentToTargetNanos - r.startNanos) : "-1").append(' ')
                .append(answered ? seconds(r.targetRespondedNanos - r.sentToTargetNanos) : "-1").append(' ')
                .append(forwarded ? seconds(r.responseForwardedNanos - r.targetRespondedNanos) : "-1").append(' ')
                .append(r.elbStatus == 0 ? "-" : Integer.toString(r.elbStatus)).append(' ')
                .append(r.targetStatus == 0 ? "-" : Integer.toString(r.targetStatus)).append(' ')
                .append(r.receivedBytes).append(' ')
                .append(r.sentBytes).append(' ');
        quoted(line, request(r)).append(' ');
        quoted(line, r.userAgent).append(' ');
        line.append("- - ") // ssl_cipher, ssl_protocol: plain HTTP listeners
                .append(r.targetGroupArn == null ? "-" : r.targetGroupArn).append(' ');
        quoted(line, r.traceId).append(' ');
        line.append("\"-\" \"-\" "); // domain_name (SNI), chosen_cert_arn: plain HTTP listeners
        line.append(r.matchedRulePriority == null ? "-" : r.matchedRulePriority.toString()).append(' ')
                .append(time(r.created)).append(' ');
        quoted(line, r.actionsExecuted).append(' ');
        quoted(line, r.redirectUrl).append(' ');
        quoted(line, r.errorReason).append(' ');
        quoted(line, r.targets.length() == 0 ? null : r.targets.toString()).append(' ');
        quoted(line, r.targetStatuses.length() == 0 ? null : r.targetStatuses.toString()).append(' ');
        quoted(line, r.classification).append(' ');
        quoted(line, r.classificationReason).append(' ');
        line.append(r.connectionTraceId).append('\n');
        return line.toString();
    }

    /** {@code METHOD protocol://host:port/uri VERSION}, or {@code - - -} when no request line was read. */
    static String request(AccessLogRecord r) {
        if (r.method == null) {
            return "- - -";
        }
        if (r.uri.contains("://")) {
            return r.method + " " + r.uri + " " + r.version; // absolute form: the URL as the client sent it
        }
        String uri = r.uri.startsWith("/") ? r.uri : "/" + r.uri;
        return r.method + " " + r.protocol + "://" + (r.host == null ? r.localIp : r.host) + ":" + r.listenerPort
                + uri + " " + r.version;
    }

    static String hostPort(String ip, int port) {
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }

    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /**
     * {@code "value"}, or {@code "-"} for null; a quote, a backslash or a control character inside is escaped
     * ({@code \"}, {@code \\}, {@code \xHH}) so that a client cannot end the field or the line early.
     */
    static StringBuilder quoted(StringBuilder line, String value) {
        line.append('"');
        if (value == null || value.isEmpty()) {
            line.append('-');
        } else {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    line.append('\\').append(c);
                } else if (c < 0x20 || c == 0x7f) {
                    line.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                } else {
                    line.append(c);
                }
            }
        }
        return line.append('"');
    }
}
