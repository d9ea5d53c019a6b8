package dev.ballast.proxy.accesslog;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Formats a network load balancer's TLS connection as one line of NLB's access log, fields in AWS's documented
 * order: type ({@code tls}), version ({@code 2.0}), time (connection end), elb, listener, client:port,
 * destination:port, connection_time (ms), tls_handshake_time (ms), received_bytes, sent_bytes (both plaintext),
 * incoming_tls_alert, chosen_cert_arn, chosen_cert_serial, tls_cipher, tls_protocol_version, tls_named_group,
 * domain_name, alpn_fe_protocol, alpn_be_protocol, alpn_client_preference_list, tls_connection_creation_time.
 * What is unknown is {@code -}; a handshake that did not complete has handshake time {@code -}.
 *
 * <p>Thread-safe (stateless); runs on the writer's thread.
 */
final class TlsConnectionLogLine {
    /** AWS's example lines show second precision and no zone letter. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private TlsConnectionLogLine() {
    }

    static String format(AccessLogRecord r) {
        TlsConnectionFields t = r.tls;
        StringBuilder line = new StringBuilder(256);
        line.append("tls 2.0 ")
                .append(time(r.finished)).append(' ')
                .append(r.destination.loadBalancerId()).append(' ')
                .append(dash(t.listenerId)).append(' ')
                .append(r.clientIp == null ? "-" : AccessLogLine.hostPort(r.clientIp, r.clientPort)).append(' ')
                .append(dash(r.target)).append(' ')
                .append(millis(t.closedNanos - r.startNanos)).append(' ')
                .append(t.handshakeDoneNanos == 0 ? "-" : millis(t.handshakeDoneNanos - r.startNanos)).append(' ')
                .append(r.receivedBytes).append(' ')
                .append(r.sentBytes).append(' ')
                .append("- ") // incoming_tls_alert: the TLS engine does not report the alerts it received
                .append("- ") // chosen_cert_arn: certificates are chosen by SslContext, not by ARN
                .append(dash(t.certificateSerial)).append(' ')
                .append(dash(t.cipher)).append(' ')
                .append(dash(t.protocolVersion)).append(' ')
                .append("- ") // tls_named_group: the TLS engine does not report it
                .append(dash(t.domainName)).append(' ')
                .append(dash(t.alpnFrontend)).append(' ')
                .append("- ") // alpn_be_protocol: targets are reached without ALPN
                .append("- ") // alpn_client_preference_list: the TLS engine does not report the client's list
                .append(time(r.created)).append('\n');
        return line.toString();
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    private static String millis(long nanos) {
        return Long.toString(Math.max(0, nanos / 1_000_000));
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }
}
