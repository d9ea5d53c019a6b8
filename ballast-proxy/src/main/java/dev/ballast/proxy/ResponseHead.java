package dev.ballast.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One target response head (status line to the empty line), parsed strictly in place and forwarded as bytes with
 * only the edits ALB makes: the hop-by-hop fields removed (RFC 9110 §7.6.1: {@code Connection}, the fields it names,
 * {@code Keep-Alive}, {@code Proxy-Connection}, {@code TE}, {@code Upgrade}; the WebSocket pair kept on a 101),
 * {@code Content-Length} beside {@code Transfer-Encoding} removed (RFC 9112 §6.3), {@code Connection: close} and
 * stickiness cookies added, and the version written as HTTP/1.1. It never decodes a field into an object; an
 * HTTP/2 stream gets its fields as HTTP/2 headers ({@link #toHttp2Headers}), an HTTP/1.0 client, which needs the
 * response as Netty objects, gets {@link #toHttpResponse()}.
 *
 * <p>Not thread-safe: one per target connection, reused for each of its responses on its event loop; it holds the
 * reader's head bytes, so it is only valid while the reader passes it on.
 */
final class ResponseHead {
    /** Framing of the body, as RFC 9112 §6.3 derives it from the head alone. */
    enum Framing { LENGTH, CHUNKED, UNTIL_CLOSE }

    private static final byte[] HTTP11 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CONNECTION_CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_UPGRADE = "connection: upgrade\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UPGRADE = "upgrade: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SET_COOKIE = "Set-Cookie: ".getBytes(StandardCharsets.US_ASCII);
    private static final AsciiString SET_COOKIE_NAME = AsciiString.cached("set-cookie");

    private byte[] bytes;
    private int length;
    private int status;
    private int minorVersion;
    /** Where the status code starts in the status line, and where that line's content ends (before CR LF). */
    private int codeStart;
    private int statusLineEnd;
    private final HeadFields fields = new HeadFields();
    private Framing framing;
    private long contentLength;
    /** Transfer-Encoding without chunked last: the body ends with the connection. */
    private boolean closeDelimited;
    private int upgradeField;

    /** The status code. */
    int status() {
        return status;
    }

    /** How the body that follows is framed (the request method and status may still make it empty). */
    Framing framing() {
        return framing;
    }

    /** The Content-Length when {@link #framing()} is {@link Framing#LENGTH}. */
    long contentLength() {
        return contentLength;
    }

    /** True when the target keeps the connection open after this response (HTTP/1.1 default or keep-alive). */
    boolean keepAlive() {
        return !closeDelimited && !fields.connectionClose() && (minorVersion == 1 || fields.connectionKeepAlive());
    }

    /**
     * Parses the head in {@code head[0, length)}, which ends with an empty line whose lines end in LF (a CR before
     * it is taken off). Returns null when it is well-formed, else what is wrong with it; nothing may be forwarded then.
     */
    String parse(byte[] head, int length) {
        bytes = head;
        this.length = length;
        fields.reset(head);
        framing = Framing.UNTIL_CLOSE;
        contentLength = -1;
        closeDelimited = false;
        upgradeField = -1;
        int lf = fields.indexOf(0, length, '\n');
        int end = lf > 0 && head[lf - 1] == '\r' ? lf - 1 : lf;
        String bad = statusLine(end);
        if (bad != null) {
            return bad;
        }
        int pos = lf + 1;
        int contentLengths = 0;
        boolean transferEncoding = false;
        boolean chunkedLast = false;
        while (true) {
            lf = fields.indexOf(pos, length, '\n');
            end = lf > pos && head[lf - 1] == '\r' ? lf - 1 : lf;
            if (end == pos) {
                break; // the empty line
            }
            bad = fieldLine(pos, end);
            if (bad != null) {
                return bad;
            }
            int f = fields.count() - 1;
            if (fields.nameIs(f, "content-length")) {
                if (++contentLengths > 1) {
                    return "more than one Content-Length";
                }
                contentLength = digits(fields.valueStart(f), fields.valueEnd(f));
                if (contentLength < 0) {
                    return "Content-Length is not a number";
                }
            } else if (fields.nameIs(f, "transfer-encoding")) {
                transferEncoding = true;
                chunkedLast = lastTokenIs(fields.valueStart(f), fields.valueEnd(f), "chunked");
            } else if (upgradeField < 0 && fields.nameIs(f, "upgrade")) {
                upgradeField = f;
            }
            pos = lf + 1;
        }
        // the hop-by-hop fields and those Connection names, and a Content-Length beside Transfer-Encoding
        fields.dropHopByHop();
        if (transferEncoding) {
            // RFC 9112 §6.3: Transfer-Encoding overrides Content-Length, which is then not forwarded
            fields.dropAll("content-length");
            framing = chunkedLast ? Framing.CHUNKED : Framing.UNTIL_CLOSE;
            if (chunkedLast) {
                contentLength = -1;
            } else {
                closeDelimited = true;
            }
        } else if (contentLengths == 1) {
            framing = Framing.LENGTH;
        }
        return null;
    }

    private String statusLine(int end) {
        // HTTP/1.x SP 3DIGIT [SP reason-phrase]
        if (end < 12 || !startsWith(0, "HTTP/1.") || !isDigit(bytes[7]) || bytes[8] != ' ') {
            return "malformed status line";
        }
        minorVersion = bytes[7] - '0';
        codeStart = 9;
        if (!isDigit(bytes[9]) || !isDigit(bytes[10]) || !isDigit(bytes[11]) || bytes[9] == '0'
                || end > 12 && bytes[12] != ' ') {
            return "malformed status code";
        }
        status = (bytes[9] - '0') * 100 + (bytes[10] - '0') * 10 + (bytes[11] - '0');
        for (int i = 12; i < end; i++) {
            if (HttpTokens.isControl(bytes[i] & 0xff)) {
                return "control character in the reason phrase";
            }
        }
        statusLineEnd = end;
        return null;
    }

    private String fieldLine(int start, int end) {
        int colon = start;
        while (colon < end && HttpTokens.isTchar(bytes[colon] & 0xff)) {
            colon++;
        }
        if (colon == start || colon == end || bytes[colon] != ':') {
            // obs-fold (a line starting with white space), white space before the colon, an empty or bad name
            return "malformed header field";
        }
        fields.add(start, colon, end);
        int f = fields.count() - 1;
        for (int i = fields.valueStart(f); i < fields.valueEnd(f); i++) {
            if (HttpTokens.isControl(bytes[i] & 0xff)) {
                return "control character in a header value";
            }
        }
        return null;
    }

    /**
     * Writes the head as forwarded to an HTTP/1.1 client: the status line as HTTP/1.1, every field but the dropped
     * ones as the target wrote it, then {@code connection: upgrade} and the target's {@code Upgrade} value when
     * {@code keepUpgrade} (a WebSocket 101), {@code Connection: close} when {@code close}, and {@code setCookies}.
     */
    void writeForwarded(ByteBuf out, boolean keepUpgrade, boolean close, List<String> setCookies) {
        out.writeBytes(HTTP11);
        out.writeBytes(bytes, codeStart, statusLineEnd - codeStart);
        out.writeBytes(CRLF);
        fields.writeKept(out);
        if (keepUpgrade && upgradeField >= 0) {
            out.writeBytes(CONNECTION_UPGRADE);
            out.writeBytes(UPGRADE);
            fields.writeValue(out, upgradeField);
            out.writeBytes(CRLF);
        }
        if (close) {
            out.writeBytes(CONNECTION_CLOSE);
        }
        for (int i = 0; i < setCookies.size(); i++) {
            out.writeBytes(SET_COOKIE);
            out.writeCharSequence(setCookies.get(i), StandardCharsets.ISO_8859_1);
            out.writeBytes(CRLF);
        }
        out.writeBytes(CRLF);
    }

    /** True when a Set-Cookie field of this head sets cookie {@code name} (case-sensitive, as cookie names are). */
    boolean setsCookie(String name) {
        for (int f = 0; f < fields.count(); f++) {
            int value = fields.valueStart(f);
            if (fields.nameIs(f, "set-cookie") && fields.valueEnd(f) - value > name.length() && startsWith(value, name)
                    && bytes[value + name.length()] == '=') {
                return true;
            }
        }
        return false;
    }

    /** An upper bound of {@link #writeForwarded}'s size without the cookies. */
    int forwardedSizeHint() {
        return length + CONNECTION_UPGRADE.length + UPGRADE.length + CONNECTION_CLOSE.length + 16;
    }

    /**
     * The head as the HEADERS of an HTTP/2 response: {@code :status}, the fields {@link #writeForwarded} would
     * forward to an HTTP/1.1 client with their names in lower case, less those HTTP/2 forbids in a response
     * ({@code Transfer-Encoding}, {@code Host}: RFC 9113 §8.2.2; the body is re-framed as DATA), and
     * {@code setCookies}. Built straight from the head's bytes: no HTTP/1 header object in between. Not for a 1xx
     * or 101 head.
     */
    Http2Headers toHttp2Headers(List<String> setCookies) {
        // validation off: parse() already refused names that are not tokens and values with control characters
        Http2Headers headers = new DefaultHttp2Headers(false, fields.count() + setCookies.size() + 1);
        headers.status(HttpResponseStatus.valueOf(status).codeAsText());
        for (int f = 0; f < fields.count(); f++) {
            if (!fields.dropped(f) && !fields.nameIs(f, "transfer-encoding") && !fields.nameIs(f, "host")) {
                headers.add(fields.lowerCaseName(f), fields.valueCopy(f));
            }
        }
        for (int i = 0; i < setCookies.size(); i++) {
            headers.add(SET_COOKIE_NAME, setCookies.get(i));
        }
        return headers;
    }

    /**
     * The head as Netty's decoder would have delivered it, for a client that cannot take bytes: every field (a
     * Content-Length beside Transfer-Encoding left out), the hop-by-hop ones included for the caller to strip.
     */
    HttpResponse toHttpResponse() {
        HttpVersion version = minorVersion == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        String reason = statusLineEnd > 13 ? fields.latin1(13, statusLineEnd) : "";
        HttpResponse response = new DefaultHttpResponse(version, HttpResponseStatus.valueOf(status, reason));
        for (int f = 0; f < fields.count(); f++) {
            if (framing == Framing.CHUNKED && fields.nameIs(f, "content-length")) {
                continue;
            }
            response.headers().add(fields.name(f), fields.value(f));
        }
        return response;
    }

    // ---- bytes ----

    /** True when the last comma-separated token of {@code [from, to)} is {@code lowerCase}. */
    private boolean lastTokenIs(int from, int to, String lowerCase) {
        int comma = to;
        while (comma > from && bytes[comma - 1] != ',') {
            comma--;
        }
        int s = comma;
        while (s < to && HttpTokens.isOws(bytes[s])) {
            s++;
        }
        return fields.regionIs(s, to, lowerCase);
    }

    /** The decimal number in {@code [from, to)}, or -1 when it is not one or is too large. */
    private long digits(int from, int to) {
        if (from == to || to - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(bytes[i])) {
                return -1;
            }
            value = value * 10 + (bytes[i] - '0');
        }
        return value;
    }

    private boolean startsWith(int from, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[from + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
