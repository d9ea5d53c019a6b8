package dev.ballast.core.model;

import dev.ballast.core.validation.Check;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a rule (or a listener's default rule) does with a matching request.
 *
 * <p>Thread-safe (immutable records).
 */
public sealed interface Action {
    /** AWS's {@code Type} wire string. */
    String type();

    /** One target group of a forward action and its weight (0-999; weight 0 is never chosen). */
    record WeightedTargetGroup(String targetGroupArn, int weight) {
        /** Validates the weight. */
        public WeightedTargetGroup {
            Check.text("ForwardConfig.TargetGroups.TargetGroupArn", targetGroupArn);
            Check.range("ForwardConfig.TargetGroups.Weight", weight, 0, 999);
        }
    }

    /** Target-group stickiness of a forward action (cookie {@code AWSALBTG}). */
    record GroupStickiness(boolean enabled, int durationSeconds) {
        /** No group stickiness. */
        public static final GroupStickiness OFF = new GroupStickiness(false, 3600);

        /** Validates the duration (1-604800 s); disabled stickiness may leave it out (0), as AWS allows. */
        public GroupStickiness {
            if (enabled || durationSeconds != 0) {
                Check.range("TargetGroupStickinessConfig.DurationSeconds", durationSeconds, 1, 604800);
            }
        }
    }

    /** Forward to one of up to 5 weighted target groups. */
    record Forward(List<WeightedTargetGroup> targetGroups, GroupStickiness stickiness) implements Action {
        /** Validates group count and uniqueness. */
        public Forward {
            targetGroups = Check.list("ForwardConfig.TargetGroups", targetGroups, 1, 5);
            Set<String> seen = new HashSet<>();
            targetGroups.forEach(g -> Check.that(seen.add(g.targetGroupArn()), "ForwardConfig.TargetGroups",
                    g.targetGroupArn(), "each target group once"));
            stickiness = stickiness == null ? GroupStickiness.OFF : stickiness;
        }

        /** Forward everything to one group. */
        public static Forward to(String targetGroupArn) {
            return new Forward(List.of(new WeightedTargetGroup(targetGroupArn, 1)), GroupStickiness.OFF);
        }

        @Override public String type() { return "forward"; }
    }

    /** HTTP redirect status of a redirect action. */
    enum RedirectStatus {
        HTTP_301(301), HTTP_302(302);

        private final int code;

        RedirectStatus(int code) {
            this.code = code;
        }

        /** The numeric status. */
        public int code() {
            return code;
        }
    }

    /**
     * Redirect, with AWS's {@code #{protocol}}, {@code #{host}}, {@code #{port}}, {@code #{path}} and
     * {@code #{query}} placeholders; unset components keep the request's own.
     */
    record Redirect(String protocol, String port, String host, String path, String query, RedirectStatus statusCode)
            implements Action {
        /** Fills AWS's defaults and rejects a redirect that would loop. */
        public Redirect {
            protocol = protocol == null ? "#{protocol}" : protocol;
            port = port == null ? "#{port}" : port;
            host = host == null ? "#{host}" : host;
            path = path == null ? "/#{path}" : path;
            query = query == null ? "#{query}" : query;
            Check.present("RedirectConfig.StatusCode", statusCode);
            Check.that(protocol.equals("HTTP") || protocol.equals("HTTPS") || protocol.equals("#{protocol}"),
                    "RedirectConfig.Protocol", protocol, "HTTP, HTTPS or #{protocol}");
            String p = port;
            Check.that(p.equals("#{port}") || (p.matches("\\d{1,5}") && Integer.parseInt(p) >= 1
                    && Integer.parseInt(p) <= 65535), "RedirectConfig.Port", port, "1-65535 or #{port}");
            Check.that(!host.isEmpty() && host.length() <= 128, "RedirectConfig.Host", host, "1-128 characters");
            Check.printable("RedirectConfig.Host", host);
            Check.printable("RedirectConfig.Path", path);
            Check.printable("RedirectConfig.Query", query);
            Check.that(path.startsWith("/") && path.length() <= 128, "RedirectConfig.Path", path,
                    "1-128 characters starting with /");
            Check.that(query.length() <= 128 && !query.startsWith("?"), "RedirectConfig.Query", query,
                    "0-128 characters without a leading ?");
            Check.that(!(protocol.equals("#{protocol}") && port.equals("#{port}") && host.equals("#{host}")
                    && path.equals("/#{path}")), "RedirectConfig", "unchanged protocol, port, host and path",
                    "a change to at least one of them, so the redirect cannot loop");
        }

        @Override public String type() { return "redirect"; }
    }

    /** Answer with a fixed status, content type and body (at most 1024 bytes). */
    record FixedResponse(int statusCode, String contentType, String messageBody) implements Action {
        /** The content types AWS accepts. */
        public static final List<String> CONTENT_TYPES =
                List.of("text/plain", "text/css", "text/html", "application/javascript", "application/json");

        /** Validates the status, content type and body length. */
        public FixedResponse {
            Check.that(statusCode >= 200 && statusCode <= 599 && statusCode / 100 != 3,
                    "FixedResponseConfig.StatusCode", statusCode, "2XX, 4XX or 5XX");
            Check.that(contentType == null || CONTENT_TYPES.contains(contentType), "FixedResponseConfig.ContentType",
                    contentType, "one of " + String.join(", ", CONTENT_TYPES));
            messageBody = messageBody == null ? "" : messageBody;
            Check.xmlText("FixedResponseConfig.MessageBody", messageBody);
            int bytes = messageBody.getBytes(StandardCharsets.UTF_8).length;
            Check.that(bytes <= 1024, "FixedResponseConfig.MessageBody", bytes + " bytes", "at most 1024 bytes");
        }

        @Override public String type() { return "fixed-response"; }
    }
}
