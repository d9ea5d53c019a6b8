package dev.ballast.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The test's reference parser: reads the bytes a target received as a sequence of HTTP/1.1 requests under the
 * strictest reading of RFC 9112 (CRLF only, token names, no obs-fold, exactly one framing header with one value,
 * {@code chunked} alone, strict chunk lines and trailers, one Host). What the proxy forwards must parse here
 * without any doubt; a request cut short by a closed connection is reported as an incomplete tail.
 *
 * <p>Not thread-safe: one parse per instance.
 */
final class StrictHttpParser {
    /** One complete request; header names as sent. */
    record Request(String method, String target, String version, List<String[]> headers, byte[] body) {
        String header(String name) {
            String found = null;
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    if (found != null) {
                        throw new IllegalStateException("two " + name + " headers");
                    }
                    found = h[1];
                }
            }
            return found;
        }

        String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        /** {@code METHOD target[ body]}, how the battery writes what it expects a target to get. */
        String summary() {
            return method + " " + target + (body.length == 0 ? "" : " " + bodyText());
        }
    }

    /** The complete requests, whether bytes of an unfinished one follow, and the first violation (or null). */
    record Result(List<Request> requests, boolean incompleteTail, String malformed) {
    }

    /** Thrown inside the parser when the bytes end before the request does. */
    private static final class Incomplete extends RuntimeException {
        Incomplete() {
            super(null, null, false, false);
        }
    }

    private final byte[] data;
    private int pos;

    private StrictHttpParser(byte[] data) {
        this.data = data;
    }

    static Result parse(byte[] data) {
        StrictHttpParser parser = new StrictHttpParser(data);
        List<Request> requests = new ArrayList<>();
        while (parser.pos < data.length) {
            int start = parser.pos;
            try {
                requests.add(parser.request());
            } catch (Incomplete e) {
                parser.pos = start;
                return new Result(requests, true, null);
            } catch (IllegalArgumentException e) {
                return new Result(requests, false, e.getMessage() + " at byte " + parser.pos);
            }
        }
        return new Result(requests, false, null);
    }

    private Request request() {
        String requestLine = line();
        String[] parts = requestLine.split(" ", -1);
        check(parts.length == 3, "request line must be method SP target SP version: " + requestLine);
        check(isToken(parts[0]), "method is not a token");
        // controls other than white space do not move request boundaries; the battery checks where they may pass
        check(!parts[1].isEmpty() && parts[1].chars().allMatch(c -> c != ' ' && c != '\t' && c < 0x80),
                "target has white space or a non-ASCII byte");
        check(parts[1].startsWith("/") || parts[1].equals("*"), "target is not in origin-form: " + parts[1]);
        check(parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0"), "bad version " + parts[2]);
        List<String[]> headers = fields();
        Request head = new Request(parts[0], parts[1], parts[2], headers, new byte[0]);
        check(count(headers, "host") == 1, "exactly one Host header expected");
        String te = head.header("transfer-encoding");
        String cl = head.header("content-length");
        check(te == null || cl == null, "both Transfer-Encoding and Content-Length");
        byte[] body;
        if (te != null) {
            check(te.equalsIgnoreCase("chunked"), "Transfer-Encoding other than chunked: " + te);
            body = chunked();
        } else if (cl != null) {
            check(cl.matches("[0-9]{1,18}"), "bad Content-Length " + cl);
            int length = Integer.parseInt(cl);
            need(length);
            body = java.util.Arrays.copyOfRange(data, pos, pos + length);
            pos += length;
        } else {
            body = new byte[0];
        }
        return new Request(parts[0], parts[1], parts[2], headers, body);
    }

    private List<String[]> fields() {
        List<String[]> headers = new ArrayList<>();
        String line;
        while (!(line = line()).isEmpty()) {
            int colon = line.indexOf(':');
            check(colon > 0, "field line without a name and colon: " + line);
            String name = line.substring(0, colon);
            check(isToken(name), "field name is not a token: " + name);
            String value = line.substring(colon + 1).strip();
            headers.add(new String[] {name, value});
        }
        return headers;
    }

    private byte[] chunked() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            String hex = semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon);
            check(hex.matches("[0-9A-Fa-f]{1,8}"), "bad chunk size line: " + sizeLine);
            int size = Integer.parseInt(hex, 16);
            if (size == 0) {
                List<String[]> trailers = fields();
                check(count(trailers, "content-length") == 0 && count(trailers, "transfer-encoding") == 0,
                        "framing header in trailers");
                return body.toByteArray();
            }
            need(size + 2);
            body.write(data, pos, size);
            pos += size;
            check(data[pos] == '\r' && data[pos + 1] == '\n', "chunk data not followed by CRLF");
            pos += 2;
        }
    }

    /** A CRLF-terminated line without its CRLF; a bare LF or lone CR is a violation. */
    private String line() {
        int start = pos;
        while (true) {
            need(1);
            byte b = data[pos];
            if (b == '\n') {
                throw new IllegalArgumentException("bare LF");
            }
            if (b == '\r') {
                need(2);
                check(data[pos + 1] == '\n', "CR not followed by LF");
                String line = new String(data, start, pos - start, StandardCharsets.ISO_8859_1);
                pos += 2;
                check(line.indexOf('\0') < 0, "NUL in a line");
                return line;
            }
            pos++;
        }
    }

    private void need(int bytes) {
        if (pos + bytes > data.length) {
            throw new Incomplete();
        }
    }

    private static int count(List<String[]> headers, String name) {
        return (int) headers.stream().filter(h -> h[0].toLowerCase(Locale.ROOT).equals(name)).count();
    }

    private static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c < 0x7f && (Character.isLetterOrDigit(c)
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0));
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
