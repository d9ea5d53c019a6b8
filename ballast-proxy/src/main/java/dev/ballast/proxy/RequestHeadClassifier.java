package dev.ballast.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Classifies one raw HTTP/1.x request head (request line to the empty line) the way AWS's
 * {@code http_desync_guardian} does, and works out the body framing from the raw bytes rather than from the
 * decoder's lenient view: duplicate and list-valued Content-Length, obs-fold, bare LF line ends, names that look
 * like Transfer-Encoding or Content-Length, control characters. Heads whose framing or meaning cannot be forwarded
 * unchanged get a {@link HeadVerdict#rejectStatus()} whatever the desync mode.
 *
 * <p>Thread-safe (stateless).
 */
final class RequestHeadClassifier {
    private static final String TRANSFER_ENCODING_LETTERS = "TRANSFERENCODING";
    private static final String CONTENT_LENGTH_LETTERS = "CONTENTLENGTH";

    private RequestHeadClassifier() {
    }

    /** Classifies {@code head[0, length)}, which ends with an empty line. */
    static HeadVerdict classify(byte[] head, int length) {
        return new Scan(new String(head, 0, length, StandardCharsets.ISO_8859_1)).run();
    }

    /** The state of one classification. */
    private static final class Scan {
        private final String text;
        private final List<String> names = new ArrayList<>();
        private final List<String> values = new ArrayList<>();
        private DesyncTier tier = DesyncTier.COMPLIANT;
        private String reason = "Compliant";
        private String method;
        private String version;

        Scan(String text) {
            this.text = text;
        }

        HeadVerdict run() {
            int pos = 0;
            boolean requestLine = true;
            while (pos < text.length()) {
                int lf = text.indexOf('\n', pos);
                if (lf < 0) {
                    return reject(HttpResponseStatus.BAD_REQUEST, "PartialHeaderLine");
                }
                int end = lf;
                if (end > pos && text.charAt(end - 1) == '\r') {
                    end--;
                } else {
                    // Acceptable to AWS, but the decoder (strict line parsing) refuses it, as HAProxy does
                    return reject(HttpResponseStatus.BAD_REQUEST, "NonCrLfLineTermination");
                }
                String line = text.substring(pos, end);
                pos = lf + 1;
                if (line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
                    return reject(HttpResponseStatus.BAD_REQUEST, requestLine ? "BadUri" : "BadHeader");
                }
                HeadVerdict rejected = requestLine ? requestLine(line) : line.isEmpty() ? null : headerLine(line);
                if (rejected != null) {
                    return rejected;
                }
                if (!requestLine && line.isEmpty()) {
                    break;
                }
                requestLine = false;
            }
            return framing();
        }

        private HeadVerdict requestLine(String line) {
            int first = line.indexOf(' ');
            int last = line.lastIndexOf(' ');
            if (first <= 0 || last == first) {
                return reject(HttpResponseStatus.BAD_REQUEST, "MissingUri");
            }
            method = line.substring(0, first);
            if (!HttpTokens.isToken(method)) {
                return reject(HttpResponseStatus.BAD_REQUEST, "BadMethod");
            }
            String target = line.substring(first + 1, last);
            if (target.isEmpty() || target.indexOf(' ') >= 0) {
                // the decoder would read a different target or version than a server that splits differently
                return reject(HttpResponseStatus.BAD_REQUEST, "SpaceInUri");
            }
            for (int i = 0; i < target.length(); i++) {
                char c = target.charAt(i);
                if (c >= 0x80) {
                    // the request encoder writes the target as UTF-8: these bytes would not reach the target unchanged
                    return reject(HttpResponseStatus.BAD_REQUEST, "BadUri");
                }
                if (c == '\t') {
                    // white space: servers that split the request line on it would read another target and version
                    return reject(HttpResponseStatus.BAD_REQUEST, "BadUri");
                }
                if (HttpTokens.isControl(c)) {
                    raise(DesyncTier.AMBIGUOUS, "AmbiguousUri");
                }
            }
            version = line.substring(last + 1);
            if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
                if (version.matches("HTTP/1\\.[2-9]")) {
                    raise(DesyncTier.ACCEPTABLE, "NonCompliantVersion");
                } else if (version.matches("HTTP/[0-9]\\.[0-9]")) {
                    return reject(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "BadVersion");
                } else {
                    return reject(HttpResponseStatus.BAD_REQUEST, "BadVersion");
                }
            }
            return null;
        }

        private HeadVerdict headerLine(String line) {
            if (HttpTokens.isOws(line.charAt(0))) {
                int last = values.size() - 1;
                if (names.isEmpty() || line.indexOf(':') >= 0 || isFramingOrRouting(names.get(last))) {
                    // a continuation that could pass for a field of its own, or one that changes how the message
                    // is framed or routed: servers that do not unfold would see another request
                    return reject(HttpResponseStatus.BAD_REQUEST, "MultilineHeader");
                }
                // obs-fold: the decoder joins it to the previous value with one space, and so do we
                raise(DesyncTier.AMBIGUOUS, "MultilineHeader");
                values.set(last, values.get(last) + " " + HttpTokens.trimOws(line));
                return null;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                // Ambiguous to AWS; the decoder refuses it, as HAProxy and NGINX do
                return reject(HttpResponseStatus.BAD_REQUEST, "MissingHeaderColon");
            }
            String name = line.substring(0, colon);
            if (name.isEmpty()) {
                return reject(HttpResponseStatus.BAD_REQUEST, "EmptyHeader");
            }
            if (!HttpTokens.isToken(name)) {
                // includes white space before the colon (RFC 9112 §5.1: MUST be rejected with 400)
                return reject(HttpResponseStatus.BAD_REQUEST, "BadHeader");
            }
            String value = HttpTokens.trimOws(line.substring(colon + 1));
            for (int i = 0; i < value.length(); i++) {
                if (HttpTokens.isControl(value.charAt(i))) {
                    // Acceptable to AWS; the decoder's header validation refuses it
                    return reject(HttpResponseStatus.BAD_REQUEST, "NonCompliantHeader");
                }
            }
            if (looksLikeFramingHeader(name)) {
                raise(DesyncTier.AMBIGUOUS, "SuspiciousHeader");
            }
            names.add(name);
            values.add(value);
            return null;
        }

        private HeadVerdict framing() {
            if (version == null) {
                return reject(HttpResponseStatus.BAD_REQUEST, "MissingUri");
            }
            boolean http10 = version.equals("HTTP/1.0");
            boolean getOrHead = method.equals("GET") || method.equals("HEAD");
            List<String> contentLengths = all("content-length");
            List<String> transferEncodings = all("transfer-encoding");
            int hosts = all("host").size();
            if (hosts > 1) {
                return reject(HttpResponseStatus.BAD_REQUEST, "DuplicateHost");
            }
            if (hosts == 0 && !http10) {
                return reject(HttpResponseStatus.BAD_REQUEST, "MissingHost");
            }
            long contentLength = -1;
            int lengths = 0;
            for (String value : contentLengths) {
                for (String part : value.split(",", -1)) {
                    String digits = HttpTokens.trimOws(part);
                    if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
                        return reject(HttpResponseStatus.BAD_REQUEST, "BadContentLength");
                    }
                    long n = Long.parseLong(digits);
                    if (contentLength >= 0 && n != contentLength) {
                        return reject(HttpResponseStatus.BAD_REQUEST, "MultipleContentLength");
                    }
                    contentLength = n;
                    lengths++;
                }
            }
            if (lengths > 1) {
                raise(DesyncTier.AMBIGUOUS, "DuplicateContentLength");
            }
            if (!transferEncodings.isEmpty()) {
                HeadVerdict rejected = transferCodings(transferEncodings);
                if (rejected != null) {
                    return rejected;
                }
                if (contentLength >= 0) {
                    raise(DesyncTier.AMBIGUOUS, "BothTeClPresent");
                }
                if (http10 || getOrHead) {
                    raise(DesyncTier.AMBIGUOUS, "UndefinedTransferEncodingSemantics");
                }
                return verdict(HeadVerdict.CHUNKED);
            }
            if (contentLength >= 0 && getOrHead) {
                if (contentLength == 0) {
                    raise(DesyncTier.ACCEPTABLE, "GetHeadZeroContentLength");
                } else {
                    raise(DesyncTier.AMBIGUOUS, "UndefinedContentLengthSemantics");
                }
            }
            return verdict(Math.max(0, contentLength));
        }

        /** Only {@code chunked}, once, is a request framing we forward (RFC 9112 §6.3: else 400, or 501 if unknown). */
        private HeadVerdict transferCodings(List<String> headers) {
            List<String> codings = new ArrayList<>();
            for (String value : headers) {
                for (String part : value.split(",", -1)) {
                    String coding = HttpTokens.trimOws(part).toLowerCase(Locale.ROOT);
                    if (!HttpTokens.isToken(coding)) {
                        return reject(HttpResponseStatus.BAD_REQUEST, "BadTransferEncoding");
                    }
                    codings.add(coding);
                }
            }
            for (String coding : codings) {
                if (!coding.equals("chunked") && !coding.equals("identity")) {
                    return reject(HttpResponseStatus.NOT_IMPLEMENTED, "BadTransferEncoding");
                }
            }
            if (codings.stream().filter("chunked"::equals).count() > 1) {
                return reject(HttpResponseStatus.BAD_REQUEST, "MultipleTransferEncodingChunked");
            }
            if (codings.size() != 1 || !codings.get(0).equals("chunked")) {
                return reject(HttpResponseStatus.BAD_REQUEST, "BadTransferEncoding");
            }
            return null;
        }

        private HeadVerdict verdict(long bodyLength) {
            // Any Upgrade header: the guard stops reading the stream as HTTP after this request, and the frontend
            // closes the connection unless a tunnel really starts.
            return new HeadVerdict(tier, reason, null, bodyLength, !all("upgrade").isEmpty());
        }

        private List<String> all(String name) {
            List<String> found = new ArrayList<>(1);
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(name)) {
                    found.add(values.get(i));
                }
            }
            return found;
        }

        private void raise(DesyncTier to, String why) {
            if (to.compareTo(tier) > 0) {
                tier = to;
                reason = why;
            }
        }

        private static HeadVerdict reject(HttpResponseStatus status, String why) {
            return HeadVerdict.rejected(status, why);
        }
    }

    private static boolean isFramingOrRouting(String name) {
        return name.equalsIgnoreCase("host") || name.equalsIgnoreCase("content-length")
                || name.equalsIgnoreCase("transfer-encoding") || looksLikeFramingHeader(name);
    }

    /** A name some server could normalise to Transfer-Encoding or Content-Length (case, delimiters, underscores). */
    static boolean looksLikeFramingHeader(String name) {
        if (name.equalsIgnoreCase("transfer-encoding") || name.equalsIgnoreCase("content-length")) {
            return false;
        }
        StringBuilder letters = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = Character.toUpperCase(name.charAt(i));
            if (c >= 'A' && c <= 'Z') {
                letters.append(c);
            }
        }
        return letters.toString().equals(TRANSFER_ENCODING_LETTERS) || letters.toString().equals(CONTENT_LENGTH_LETTERS);
    }
}
