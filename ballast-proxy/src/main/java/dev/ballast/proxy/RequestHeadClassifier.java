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
 * unchanged get a {@link HeadVerdict#rejectStatus()} whatever the desync mode. It runs once per request on the event
 * loop, so it reads the head in place and only copies the values of the framing headers.
 *
 * <p>Not thread-safe: an instance reuses its state for each head it classifies (one per connection, on its event
 * loop); the static {@link #classify} makes a new one each time.
 */
final class RequestHeadClassifier {
    private static final String TRANSFER_ENCODING = "transfer-encoding";
    private static final String CONTENT_LENGTH = "content-length";

    private final Scan scan = new Scan();

    /** Classifies {@code head[0, length)}, which ends with an empty line. */
    static HeadVerdict classify(byte[] head, int length) {
        return new RequestHeadClassifier().next(head, length);
    }

    /**
     * Classifies {@code head[0, length)} with this classifier's reused state: a connection's guard classifies every
     * request head with one, so a request makes no classification objects (a verdict that is not the common one
     * excepted).
     */
    HeadVerdict next(byte[] head, int length) {
        scan.reset(head, length);
        return scan.run();
    }

    /** The state of one classification, reset for the next. */
    private static final class Scan {
        private final HeadBytes text = new HeadBytes();
        /** The framing fields' values (made when a head has them). */
        private List<String> contentLengths;
        private List<String> transferEncodings;
        private int hosts;
        private boolean upgrade;
        /** The last field frames or routes the message: folding a line into it is refused. */
        private boolean lastFieldFrames;
        private boolean anyField;
        private DesyncTier tier = DesyncTier.COMPLIANT;
        private String reason = "Compliant";
        private boolean getOrHead;
        private boolean http10;

        void reset(byte[] head, int length) {
            text.reset(head, length);
            if (contentLengths != null) {
                contentLengths.clear();
            }
            if (transferEncodings != null) {
                transferEncodings.clear();
            }
            hosts = 0;
            upgrade = false;
            lastFieldFrames = false;
            anyField = false;
            tier = DesyncTier.COMPLIANT;
            reason = "Compliant";
            getOrHead = false;
            http10 = false;
        }

        HeadVerdict run() {
            int pos = 0;
            boolean requestLine = true;
            while (pos < text.length()) {
                int lf = text.indexOf('\n', pos);
                if (lf < 0) {
                    return reject(HttpResponseStatus.BAD_REQUEST, "PartialHeaderLine");
                }
                if (lf == pos || text.charAt(lf - 1) != '\r') {
                    // Acceptable to AWS, but the decoder (strict line parsing) refuses it, as HAProxy does
                    return reject(HttpResponseStatus.BAD_REQUEST, "NonCrLfLineTermination");
                }
                int end = lf - 1;
                for (int i = pos; i < end; i++) {
                    char c = text.charAt(i);
                    if (c == '\r' || c == '\0') {
                        return reject(HttpResponseStatus.BAD_REQUEST, requestLine ? "BadUri" : "BadHeader");
                    }
                }
                if (!requestLine && end == pos) {
                    return framing();
                }
                HeadVerdict rejected = requestLine ? requestLine(pos, end) : fieldLine(pos, end);
                if (rejected != null) {
                    return rejected;
                }
                requestLine = false;
                pos = lf + 1;
            }
            return reject(HttpResponseStatus.BAD_REQUEST, "MissingLastEmptyLine");
        }

        private HeadVerdict requestLine(int from, int to) {
            int first = text.indexOf(' ', from);
            int last = text.lastIndexOf(' ', to - 1);
            if (first <= from || first >= to || last == first) {
                return reject(HttpResponseStatus.BAD_REQUEST, "MissingUri");
            }
            if (!isToken(from, first)) {
                return reject(HttpResponseStatus.BAD_REQUEST, "BadMethod");
            }
            getOrHead = regionIs(from, first, "GET") || regionIs(from, first, "HEAD");
            if (first + 1 == last) {
                return reject(HttpResponseStatus.BAD_REQUEST, "MissingUri");
            }
            for (int i = first + 1; i < last; i++) {
                char c = text.charAt(i);
                if (c == ' ' || c == '\t') {
                    // white space: servers that split the request line on it would read another target and version
                    return reject(HttpResponseStatus.BAD_REQUEST, c == ' ' ? "SpaceInUri" : "BadUri");
                }
                if (c >= 0x80) {
                    // the request encoder writes the target as UTF-8: these bytes would not reach the target unchanged
                    return reject(HttpResponseStatus.BAD_REQUEST, "BadUri");
                }
                if (HttpTokens.isControl(c)) {
                    raise(DesyncTier.AMBIGUOUS, "AmbiguousUri");
                }
            }
            return version(last + 1, to);
        }

        private HeadVerdict version(int from, int to) {
            boolean http1 = to - from == 8 && text.startsWith("HTTP/1.", from);
            char minor = http1 ? text.charAt(from + 7) : 0;
            if (http1 && (minor == '1' || minor == '0')) {
                http10 = minor == '0';
                return null;
            }
            if (http1 && minor >= '2' && minor <= '9') {
                raise(DesyncTier.ACCEPTABLE, "NonCompliantVersion");
                return null;
            }
            if (to - from == 8 && text.startsWith("HTTP/", from) && Character.isDigit(text.charAt(from + 5))
                    && text.charAt(from + 6) == '.' && Character.isDigit(text.charAt(from + 7))) {
                return reject(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "BadVersion");
            }
            return reject(HttpResponseStatus.BAD_REQUEST, "BadVersion");
        }

        private HeadVerdict fieldLine(int from, int to) {
            if (HttpTokens.isOws(text.charAt(from))) {
                int colon = text.indexOf(':', from);
                if (!anyField || lastFieldFrames || colon >= 0 && colon < to) {
                    // a continuation that could pass for a field of its own, or one that changes how the message
                    // is framed or routed: servers that do not unfold would see another request
                    return reject(HttpResponseStatus.BAD_REQUEST, "MultilineHeader");
                }
                // obs-fold of an ordinary field: the decoder joins it to the previous value with one space
                raise(DesyncTier.AMBIGUOUS, "MultilineHeader");
                return valueCheck(from, to);
            }
            int colon = text.indexOf(':', from);
            if (colon < 0 || colon >= to) {
                // Ambiguous to AWS; the decoder refuses it, as HAProxy and NGINX do
                return reject(HttpResponseStatus.BAD_REQUEST, "MissingHeaderColon");
            }
            if (colon == from) {
                return reject(HttpResponseStatus.BAD_REQUEST, "EmptyHeader");
            }
            if (!isToken(from, colon)) {
                // includes white space before the colon (RFC 9112 §5.1: MUST be rejected with 400)
                return reject(HttpResponseStatus.BAD_REQUEST, "BadHeader");
            }
            HeadVerdict bad = valueCheck(colon + 1, to);
            if (bad != null) {
                return bad;
            }
            anyField = true;
            lastFieldFrames = true;
            if (regionIs(from, colon, CONTENT_LENGTH)) {
                if (contentLengths == null) {
                    contentLengths = new ArrayList<>(1);
                }
                contentLengths.add(text.substring(colon + 1, to));
            } else if (regionIs(from, colon, TRANSFER_ENCODING)) {
                if (transferEncodings == null) {
                    transferEncodings = new ArrayList<>(1);
                }
                transferEncodings.add(text.substring(colon + 1, to));
            } else if (regionIs(from, colon, "host")) {
                hosts++;
            } else if (looksLikeFramingHeader(text, from, colon)) {
                raise(DesyncTier.AMBIGUOUS, "SuspiciousHeader");
            } else {
                lastFieldFrames = false;
                upgrade |= regionIs(from, colon, "upgrade");
            }
            return null;
        }

        private HeadVerdict valueCheck(int from, int to) {
            for (int i = from; i < to; i++) {
                if (HttpTokens.isControl(text.charAt(i))) {
                    // Acceptable to AWS; the decoder's header validation refuses it
                    return reject(HttpResponseStatus.BAD_REQUEST, "NonCompliantHeader");
                }
            }
            return null;
        }

        private HeadVerdict framing() {
            if (hosts > 1) {
                return reject(HttpResponseStatus.BAD_REQUEST, "DuplicateHost");
            }
            if (hosts == 0 && !http10) {
                return reject(HttpResponseStatus.BAD_REQUEST, "MissingHost");
            }
            long contentLength = -1;
            int lengths = 0;
            for (int v = 0; contentLengths != null && v < contentLengths.size(); v++) {
                String value = contentLengths.get(v);
                for (String part : value.split(",", -1)) {
                    String digits = HttpTokens.trimOws(part);
                    if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
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
            if (transferEncodings != null && !transferEncodings.isEmpty()) {
                HeadVerdict rejected = transferCodings();
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
        private HeadVerdict transferCodings() {
            List<String> codings = new ArrayList<>(2);
            for (String value : transferEncodings) {
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
            if (tier == DesyncTier.COMPLIANT && bodyLength == 0 && !upgrade) {
                return HeadVerdict.COMPLIANT_WITHOUT_BODY; // most requests: no verdict object
            }
            return new HeadVerdict(tier, reason, null, bodyLength, upgrade);
        }

        private boolean isToken(int from, int to) {
            for (int i = from; i < to; i++) {
                if (!HttpTokens.isTchar(text.charAt(i))) {
                    return false;
                }
            }
            return to > from;
        }

        private boolean regionIs(int from, int to, String name) {
            return to - from == name.length() && text.regionMatchesIgnoreCase(from, name);
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

    /** A name some server could normalise to Transfer-Encoding or Content-Length (case, delimiters, underscores). */
    static boolean looksLikeFramingHeader(String name) {
        return looksLikeFramingHeader(name, 0, name.length());
    }

    private static boolean looksLikeFramingHeader(CharSequence text, int from, int to) {
        int length = to - from;
        if (length < "CONTENTLENGTH".length()) {
            return false; // too few characters to hold the letters of either name (most names end here)
        }
        if (length == CONTENT_LENGTH.length() && regionMatchesIgnoreCase(text, from, CONTENT_LENGTH)
                || length == TRANSFER_ENCODING.length() && regionMatchesIgnoreCase(text, from, TRANSFER_ENCODING)) {
            return false;
        }
        return lettersEqual(text, from, to, "CONTENTLENGTH") || lettersEqual(text, from, to, "TRANSFERENCODING");
    }

    /** True when the ASCII letters of {@code text[from, to)}, upper-cased, spell {@code letters}. */
    private static boolean lettersEqual(CharSequence text, int from, int to, String letters) {
        int matched = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= 'a' && c <= 'z') {
                c -= 'a' - 'A';
            } else if (c < 'A' || c > 'Z') {
                continue;
            }
            if (matched == letters.length() || letters.charAt(matched++) != c) {
                return false;
            }
        }
        return matched == letters.length();
    }

    /** True when {@code text[from, from + name.length())} equals {@code name}, ignoring ASCII case. */
    private static boolean regionMatchesIgnoreCase(CharSequence text, int from, String name) {
        if (from + name.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char a = text.charAt(from + i);
            char b = name.charAt(i);
            if (a != b && Character.toLowerCase(a) != Character.toLowerCase(b)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The head's bytes read as ISO-8859-1 characters in place: the classifier runs once per request on the event
     * loop, so it does not copy the head into a String; only the framing headers' values are copied out.
     */
    private static final class HeadBytes implements CharSequence {
        private byte[] bytes;
        private int length;

        void reset(byte[] head, int headLength) {
            this.bytes = head;
            this.length = headLength;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return (char) (bytes[index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return substring(from, to);
        }

        String substring(int from, int to) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }

        int indexOf(char c, int from) {
            for (int i = from; i < length; i++) {
                if (bytes[i] == (byte) c) {
                    return i;
                }
            }
            return -1;
        }

        int lastIndexOf(char c, int from) {
            for (int i = Math.min(from, length - 1); i >= 0; i--) {
                if (bytes[i] == (byte) c) {
                    return i;
                }
            }
            return -1;
        }

        boolean startsWith(String prefix, int from) {
            if (from + prefix.length() > length) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (charAt(from + i) != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        boolean regionMatchesIgnoreCase(int from, String name) {
            return RequestHeadClassifier.regionMatchesIgnoreCase(this, from, name);
        }

        @Override
        public String toString() {
            return substring(0, length);
        }
    }
}
