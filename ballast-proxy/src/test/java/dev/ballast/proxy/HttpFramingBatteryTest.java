package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.Condition;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerAttributes;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Rule;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.TargetGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP framing battery: each vector is sent byte for byte through a real proxy, once per desync mitigation mode,
 * to a {@link CapturingTarget}. The client must get the expected statuses (and a close, or a working next request
 * on the same connection), and what reached the target must parse under {@link StrictHttpParser} as exactly the
 * expected requests: nothing, or requests identical in meaning to what the client sent, never a smuggled one.
 */
class HttpFramingBatteryTest {
    private static final String HOST = "Host: public.example\r\n";
    private static final String POST = "POST / HTTP/1.1\r\n" + HOST;
    private static final String CHUNKED = POST + "Transfer-Encoding: chunked\r\n\r\n";
    private static final String GET = "GET / HTTP/1.1\r\n" + HOST;
    private static final String PROBE = "GET /probe HTTP/1.1\r\n" + HOST + "\r\n";

    private static CapturingTarget target;
    private static ProxyServer proxy;
    private static final Map<DesyncMode, InetSocketAddress> ADDRESSES = new java.util.EnumMap<>(DesyncMode.class);

    /** What one mode should do with a vector. */
    record Outcome(List<Integer> statuses, boolean closes, List<String> forwarded) {
        static Outcome forwarded(String... requests) {
            return new Outcome(List.of(200), false, List.of(requests));
        }

        static Outcome forwardedThenClosed(String... requests) {
            return new Outcome(List.of(200), true, List.of(requests));
        }

        static Outcome rejected(int status) {
            return new Outcome(List.of(status), true, List.of());
        }

        Outcome closing() {
            return new Outcome(statuses, true, forwarded);
        }
    }

    /** A request vector and what each mode does with it. */
    record Vector(String name, String request, Outcome monitor, Outcome defensive, Outcome strictest) {
        Outcome in(DesyncMode mode) {
            return switch (mode) {
                case MONITOR -> monitor;
                case DEFENSIVE -> defensive;
                case STRICTEST -> strictest;
            };
        }

        @Override
        public String toString() {
            return name;
        }
    }

    // ---- the table ----

    /** Forwarded unchanged in meaning in every mode. */
    private static Vector compliant(String name, String request, String... forwarded) {
        Outcome ok = Outcome.forwarded(forwarded);
        return new Vector(name, request, ok, ok, ok);
    }

    /** Non-compliant but harmless: forwarded, except in strictest mode. */
    private static Vector acceptable(String name, String request, String... forwarded) {
        Outcome ok = Outcome.forwarded(forwarded);
        return new Vector(name, request, ok, ok, Outcome.rejected(400));
    }

    /** Servers could disagree: forwarded in monitor, forwarded then both connections closed in defensive, 400 in strictest. */
    private static Vector ambiguous(String name, String request, String... forwarded) {
        return new Vector(name, request, Outcome.forwarded(forwarded), Outcome.forwardedThenClosed(forwarded),
                Outcome.rejected(400));
    }

    /** Answered with {@code status} and closed in every mode; nothing complete reaches the target. */
    private static Vector rejected(String name, int status, String request) {
        Outcome no = Outcome.rejected(status);
        return new Vector(name, request, no, no, no);
    }

    /** The same outcome in every mode. */
    private static Vector always(String name, String request, Outcome outcome) {
        return new Vector(name, request, outcome, outcome, outcome);
    }

    static List<Vector> vectors() {
        String hello = "5\r\nhello\r\n0\r\n\r\n";
        return List.of(
                // chunked bodies (item 1)
                compliant("chunked", CHUNKED + hello, "POST / hello"),
                compliant("chunked in two chunks", CHUNKED + "2\r\nhe\r\n3\r\nllo\r\n0\r\n\r\n", "POST / hello"),
                compliant("chunk extension", CHUNKED + "5;name=value\r\nhello\r\n0\r\n\r\n", "POST / hello"),
                compliant("quoted chunk extension", CHUNKED + "5;n=\"v;x\\\"y\"\r\nhello\r\n0\r\n\r\n", "POST / hello"),
                compliant("white space before an extension", CHUNKED + "5 \t;a\r\nhello\r\n0\r\n\r\n", "POST / hello"),
                compliant("upper-case hex size", CHUNKED + "A\r\nhellohello\r\n0\r\n\r\n", "POST / hellohello"),
                compliant("leading zeros in the size", CHUNKED + "0005\r\nhello\r\n0\r\n\r\n", "POST / hello"),
                compliant("trailer field", CHUNKED + "5\r\nhello\r\n0\r\nX-Checksum: 1\r\n\r\n", "POST / hello"),
                rejected("chunk size zz", 400, CHUNKED + "zz\r\nhello\r\n0\r\n\r\n"),
                rejected("chunk size 2^68+5 overflows", 400, CHUNKED + "100000000000000005\r\nhello\r\n0\r\n\r\n"),
                rejected("chunk size 2^32+5 wraps an int", 400, CHUNKED + "100000005\r\nhello\r\n0\r\n\r\n"),
                rejected("chunk size 0x5", 400, CHUNKED + "0x5\r\nhello\r\n0\r\n\r\n"),
                rejected("chunk size with a trailing space", 400, CHUNKED + "5 \r\nhello\r\n0\r\n\r\n"),
                rejected("chunk size with a leading space", 400, CHUNKED + " 5\r\nhello\r\n0\r\n\r\n"),
                rejected("negative chunk size", 400, CHUNKED + "-5\r\nhello\r\n0\r\n\r\n"),
                rejected("empty chunk size", 400, CHUNKED + "\r\nhello\r\n0\r\n\r\n"),
                rejected("bare LF after the chunk size", 400, CHUNKED + "5\nhello\r\n0\r\n\r\n"),
                rejected("bare LF after chunk data", 400, CHUNKED + "5\r\nhello\n0\r\n\r\n"),
                rejected("bare LF after the last chunk", 400, CHUNKED + "5\r\nhello\r\n0\n\r\n"),
                rejected("bare LF ending the body", 400, CHUNKED + "5\r\nhello\r\n0\r\n\n"),
                rejected("CR without LF after a chunk size", 400, CHUNKED + "5\rhello\r\n0\r\n\r\n"),
                rejected("chunk data longer than its size", 400, CHUNKED + "5\r\nhelloXX\r\n0\r\n\r\n"),
                rejected("chunk data shorter than its size", 400, CHUNKED + "5\r\nhell\r\n0\r\n\r\n"),
                rejected("chunk extension without a name", 400, CHUNKED + "5;\r\nhello\r\n0\r\n\r\n"),
                rejected("control character in a chunk extension", 400, CHUNKED + "5;a=\u0001\r\nhello\r\n0\r\n\r\n"),
                rejected("huge chunk extension", 400, CHUNKED + "5;a=" + "b".repeat(5000) + "\r\nhello\r\n0\r\n\r\n"),
                rejected("chunk size over 2^31-1", 400, CHUNKED + "80000000\r\nhello\r\n0\r\n\r\n"),
                rejected("trailer without a colon", 400, CHUNKED + "5\r\nhello\r\n0\r\nX-Trailer\r\n\r\n"),
                rejected("trailer with a space before the colon", 400, CHUNKED + "5\r\nhello\r\n0\r\nX-T : v\r\n\r\n"),
                rejected("obs-fold in trailers", 400, CHUNKED + "5\r\nhello\r\n0\r\nX-T: a\r\n b\r\n\r\n"),
                rejected("Content-Length trailer", 400, CHUNKED + "5\r\nhello\r\n0\r\nContent-Length: 5\r\n\r\n"),
                rejected("Transfer-Encoding trailer", 400,
                        CHUNKED + "5\r\nhello\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n"),
                rejected("bare LF in a trailer", 400, CHUNKED + "5\r\nhello\r\n0\r\nX-T: a\n\r\n"),
                rejected("control character in a trailer", 400, CHUNKED + "5\r\nhello\r\n0\r\nX-T: a\u0001\r\n\r\n"),
                // Transfer-Encoding variants
                compliant("Transfer-Encoding in another case", POST + "Transfer-Encoding: Chunked\r\n\r\n" + hello,
                        "POST / hello"),
                compliant("Transfer-Encoding with a trailing space", POST + "Transfer-Encoding: chunked \r\n\r\n" + hello,
                        "POST / hello"),
                compliant("Transfer-Encoding after a tab", POST + "Transfer-Encoding:\tchunked\r\n\r\n" + hello,
                        "POST / hello"),
                rejected("Transfer-Encoding chunked, identity", 400,
                        POST + "Transfer-Encoding: chunked, identity\r\n\r\n" + hello),
                rejected("Transfer-Encoding identity, chunked", 400,
                        POST + "Transfer-Encoding: identity, chunked\r\n\r\n" + hello),
                rejected("Transfer-Encoding identity", 400, POST + "Transfer-Encoding: identity\r\n\r\nhello"),
                rejected("Transfer-Encoding xchunked", 501, POST + "Transfer-Encoding: xchunked\r\n\r\n" + hello),
                rejected("Transfer-Encoding gzip, chunked", 501, POST + "Transfer-Encoding: gzip, chunked\r\n\r\n" + hello),
                rejected("Transfer-Encoding chunked twice in a list", 400,
                        POST + "Transfer-Encoding: chunked, chunked\r\n\r\n" + hello),
                rejected("two Transfer-Encoding headers", 400,
                        POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" + hello),
                rejected("quoted Transfer-Encoding", 400, POST + "Transfer-Encoding: \"chunked\"\r\n\r\n" + hello),
                rejected("empty Transfer-Encoding", 400, POST + "Transfer-Encoding: \r\nContent-Length: 5\r\n\r\nhello"),
                rejected("Transfer-Encoding with a space in the name", 400,
                        POST + "Transfer Encoding: chunked\r\n\r\n" + hello),
                rejected("Transfer-Encoding with a space before the colon", 400,
                        POST + "Transfer-Encoding : chunked\r\n\r\n" + hello),
                rejected("Transfer-Encoding folded into Host", 400, POST + " Transfer-Encoding: chunked\r\n\r\n" + hello),
                rejected("folded line right after the request line", 400,
                        "POST / HTTP/1.1\r\n Transfer-Encoding: chunked\r\n" + HOST + "\r\n" + hello),
                rejected("Transfer-Encoding value on an obs-fold line", 400,
                        POST + "Transfer-Encoding:\r\n chunked\r\n\r\n" + hello),
                rejected("Content-Length value on an obs-fold line", 400,
                        POST + "Content-Length:\r\n 5\r\n\r\nhello"),
                ambiguous("Transfer_Encoding with an underscore",
                        POST + "Transfer_Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello", "POST / hello"),
                ambiguous("Content_Length with an underscore",
                        POST + "Content_Length: 3\r\nContent-Length: 5\r\n\r\nhello", "POST / hello"),
                ambiguous("Content-Length with Transfer-Encoding",
                        POST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n" + hello, "POST / hello"),
                ambiguous("CL.TE smuggling attempt",
                        POST + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG", "POST /"),
                // Content-Length variants
                compliant("Content-Length", POST + "Content-Length: 5\r\n\r\nhello", "POST / hello"),
                compliant("Content-Length with white space", POST + "Content-Length:  5 \r\n\r\nhello", "POST / hello"),
                ambiguous("Content-Length: 5, 5", POST + "Content-Length: 5, 5\r\n\r\nhello", "POST / hello"),
                ambiguous("duplicate identical Content-Length",
                        POST + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", "POST / hello"),
                rejected("Content-Length: 5, 6", 400, POST + "Content-Length: 5, 6\r\n\r\nhello!"),
                rejected("differing Content-Length headers", 400,
                        POST + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
                rejected("Content-Length +5", 400, POST + "Content-Length: +5\r\n\r\nhello"),
                rejected("Content-Length -1", 400, POST + "Content-Length: -1\r\n\r\nhello"),
                rejected("Content-Length 0x5", 400, POST + "Content-Length: 0x5\r\n\r\nhello"),
                rejected("empty Content-Length", 400, POST + "Content-Length: \r\n\r\n"),
                rejected("Content-Length over 18 digits", 400, POST + "Content-Length: 1234567890123456789012\r\n\r\n"),
                rejected("Content-Length with a space before the colon", 400, POST + "Content-Length : 5\r\n\r\nhello"),
                rejected("Content-Length: 5, 5 with Transfer-Encoding: 6", 400,
                        POST + "Content-Length: 5, 6\r\nTransfer-Encoding: chunked\r\n\r\n" + hello),
                ambiguous("GET with a body", GET + "Content-Length: 5\r\n\r\nhello", "GET / hello"),
                acceptable("GET with Content-Length: 0", GET + "Content-Length: 0\r\n\r\n", "GET /"),
                ambiguous("GET with a chunked body", GET + "Transfer-Encoding: chunked\r\n\r\n" + hello, "GET / hello"),
                // versions and Host
                new Vector("HTTP/1.0 with Transfer-Encoding",
                        "POST / HTTP/1.0\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n" + hello,
                        Outcome.forwardedThenClosed("POST / hello"), Outcome.forwardedThenClosed("POST / hello"),
                        Outcome.rejected(400)),
                always("HTTP/1.0 with Content-Length", "POST / HTTP/1.0\r\n" + HOST + "Content-Length: 5\r\n\r\nhello",
                        Outcome.forwardedThenClosed("POST / hello")),
                always("HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", Outcome.forwardedThenClosed("GET /")),
                acceptable("HTTP/1.2", "GET / HTTP/1.2\r\n" + HOST + "\r\n", "GET /"),
                rejected("HTTP/2.0 in a request line", 505, "GET / HTTP/2.0\r\n" + HOST + "\r\n"),
                rejected("HTTP/1.1x", 400, "GET / HTTP/1.1x\r\n" + HOST + "\r\n"),
                rejected("lower-case version", 400, "GET / http/1.1\r\n" + HOST + "\r\n"),
                rejected("HTTP/1", 400, "GET / HTTP/1\r\n" + HOST + "\r\n"),
                rejected("no version (HTTP/0.9)", 400, "GET /\r\n\r\n"),
                rejected("missing Host on HTTP/1.1", 400, "GET / HTTP/1.1\r\n\r\n"),
                rejected("duplicate Host", 400, GET + "Host: admin.internal\r\n\r\n"),
                rejected("duplicate identical Host", 400, GET + HOST + "\r\n"),
                // request lines
                rejected("request-line garbage", 400, "THIS IS NOT HTTP\r\n\r\n"),
                rejected("request line of one word", 400, "GARBAGE\r\n\r\n"),
                rejected("two spaces after the method", 400, "GET  / HTTP/1.1\r\n" + HOST + "\r\n"),
                rejected("space before the method", 400, " GET / HTTP/1.1\r\n" + HOST + "\r\n"),
                rejected("trailing space after the version", 400, "GET / HTTP/1.1 \r\n" + HOST + "\r\n"),
                rejected("method with a separator", 400, "GE(T / HTTP/1.1\r\n" + HOST + "\r\n"),
                rejected("NUL in the method", 400, "GE\u0000T / HTTP/1.1\r\n" + HOST + "\r\n"),
                compliant("lower-case method", "get / HTTP/1.1\r\n" + HOST + "\r\n", "get /"),
                compliant("empty lines before the request line", "\r\n\r\n" + GET + "\r\n", "GET /"),
                rejected("bare LF line ends in the head", 400, "GET / HTTP/1.1\nHost: public.example\n\n"),
                rejected("bare LF ending the head", 400, GET + "\n"),
                // URIs
                rejected("space in the URI", 400, "GET /a b HTTP/1.1\r\n" + HOST + "\r\n"),
                rejected("tab in the URI", 400, "GET /a\tb HTTP/1.1\r\n" + HOST + "\r\n"),
                rejected("NUL in the URI", 400, "GET /a\u0000b HTTP/1.1\r\n" + HOST + "\r\n"),
                rejected("CR in the URI", 400, "GET /a\rb HTTP/1.1\r\n" + HOST + "\r\n"),
                rejected("non-ASCII byte in the URI", 400, "GET /caf\u00e9 HTTP/1.1\r\n" + HOST + "\r\n"),
                ambiguous("control character in the URI", "GET /a\u0001b HTTP/1.1\r\n" + HOST + "\r\n", "GET /a\u0001b"),
                ambiguous("DEL in the URI", "GET /a\u007fb HTTP/1.1\r\n" + HOST + "\r\n", "GET /a\u007fb"),
                // absolute-form request targets (item 2)
                always("absolute-form names a blocked host", "GET http://admin.internal/ HTTP/1.1\r\n" + HOST + "\r\n",
                        new Outcome(List.of(403), false, List.of())),
                always("absolute-form names an allowed host",
                        "GET http://public.example/x?y=1 HTTP/1.1\r\nHost: admin.internal\r\n\r\n",
                        Outcome.forwarded("GET /x?y=1")),
                always("absolute-form with an upper-case scheme", "GET HTTP://public.example/y HTTP/1.1\r\n" + HOST + "\r\n",
                        Outcome.forwarded("GET /y")),
                always("absolute-form with only a query", "GET http://public.example?q=1 HTTP/1.1\r\n" + HOST + "\r\n",
                        Outcome.forwarded("GET /?q=1")),
                rejected("absolute-form with userinfo", 400, "GET http://u@public.example/ HTTP/1.1\r\n" + HOST + "\r\n"),
                rejected("absolute-form with another scheme", 400, "GET ftp://public.example/ HTTP/1.1\r\n" + HOST + "\r\n"),
                rejected("request target in no known form", 400, "GET public.example HTTP/1.1\r\n" + HOST + "\r\n"),
                // header fields
                ambiguous("obs-fold", GET + "X-Folded: a\r\n b\r\n\r\n", "GET /"),
                rejected("header line without a colon", 400, GET + "X-No-Colon\r\n\r\n"),
                rejected("header line without a colon, with a space", 400, GET + "X-No colon\r\n\r\n"),
                rejected("empty header name", 400, GET + ": v\r\n\r\n"),
                rejected("space before the colon", 400, GET + "X-Space : v\r\n\r\n"),
                rejected("control character in a header name", 400, GET + "X-\u0001Bad: v\r\n\r\n"),
                rejected("DEL in a header name", 400, GET + "X-\u007fBad: v\r\n\r\n"),
                rejected("NUL in a header name", 400, GET + "X-\u0000Bad: v\r\n\r\n"),
                rejected("NUL in a header value", 400, GET + "X-Bad: a\u0000b\r\n\r\n"),
                rejected("CR in a header value", 400, GET + "X-Bad: a\rb\r\n\r\n"),
                rejected("control character in a header value", 400, GET + "X-Bad: a\u0001b\r\n\r\n"),
                rejected("DEL in a header value", 400, GET + "X-Bad: a\u007fb\r\n\r\n"),
                ambiguous("obs-fold of an ordinary header", GET + "X-Folded: a\r\n\tb\r\n\r\n", "GET /"),
                compliant("obs-text in a header value", GET + "X-Text: caf\u00e9\r\n\r\n", "GET /"),
                // TE.CL and obfuscated framing headers
                ambiguous("TE.CL smuggling attempt", POST + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                                + "14\r\nGPOST / HTTP/1.1\r\n\r\n\r\n0\r\n\r\n",
                        "POST / GPOST / HTTP/1.1\r\n\r\n"),
                compliant("Transfer-Encoding in upper case", POST + "TRANSFER-ENCODING: CHUNKED\r\n\r\n" + hello,
                        "POST / hello"),
                compliant("Transfer-Encoding without white space", POST + "Transfer-Encoding:chunked\r\n\r\n" + hello,
                        "POST / hello"),
                rejected("Transfer-Encoding after a vertical tab", 400,
                        POST + "Transfer-Encoding:\u000bchunked\r\n\r\n" + hello),
                rejected("Transfer-Encoding after a form feed", 400,
                        POST + "Transfer-Encoding:\u000cchunked\r\n\r\n" + hello),
                rejected("Transfer-Encoding chunked then NUL", 400, POST + "Transfer-Encoding: chunked\u0000\r\n\r\n" + hello),
                rejected("Transfer-Encoding with a trailing comma", 400, POST + "Transfer-Encoding: chunked,\r\n\r\n" + hello),
                rejected("Transfer-Encoding chunk", 501, POST + "Transfer-Encoding: chunk\r\n\r\n" + hello),
                rejected("Transfer-Encoding with a non-ASCII byte", 400,
                        POST + "Transfer-Encoding: chunk\u00e9d\r\n\r\n" + hello),
                rejected("Transfer-Encoding behind a bare LF in another header", 400,
                        POST + "X-A: b\nTransfer-Encoding: chunked\r\n\r\n" + hello),
                rejected("Transfer-Encoding with a tab before the colon", 400,
                        POST + "Transfer-Encoding\t: chunked\r\n\r\n" + hello),
                rejected("Transfer-Encoding chunked and identity headers", 400,
                        POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n" + hello),
                // Content-Length obfuscations
                compliant("Content-Length with leading zeros", POST + "Content-Length: 005\r\n\r\nhello", "POST / hello"),
                rejected("Content-Length 5 5", 400, POST + "Content-Length: 5 5\r\n\r\nhello"),
                rejected("Content-Length with a trailing comma", 400, POST + "Content-Length: 5,\r\n\r\nhello"),
                rejected("Content-Length 1e1", 400, POST + "Content-Length: 1e1\r\n\r\nhellohello"),
                rejected("Content-Length after a vertical tab", 400, POST + "Content-Length:\u000b5\r\n\r\nhello"),
                rejected("Content-Length behind a bare LF in another header", 400,
                        POST + "X-A: b\nContent-Length: 5\r\n\r\nhello"),
                // more chunk lines
                compliant("last chunk with an extension", CHUNKED + "5\r\nhello\r\n0;end=1\r\n\r\n", "POST / hello"),
                compliant("last chunk written 000", CHUNKED + "5\r\nhello\r\n000\r\n\r\n", "POST / hello"),
                rejected("chunk size +5", 400, CHUNKED + "+5\r\nhello\r\n0\r\n\r\n"),
                rejected("chunk size 5_0", 400, CHUNKED + "5_0\r\nhello\r\n0\r\n\r\n"),
                rejected("NUL after the chunk size", 400, CHUNKED + "5\u0000\r\nhello\r\n0\r\n\r\n"),
                rejected("tab after the chunk size", 400, CHUNKED + "5\t\r\nhello\r\n0\r\n\r\n"),
                rejected("chunk size FFFFFFFF", 400, CHUNKED + "FFFFFFFF\r\nhello\r\n0\r\n\r\n"),
                compliant("chunk size of nine hex digits, leading zeros", CHUNKED + "000000005\r\nhello\r\n0\r\n\r\n",
                        "POST / hello"),
                rejected("CR CR LF after chunk data", 400, CHUNKED + "5\r\nhello\r\r\n0\r\n\r\n"),
                rejected("chunk data longer than its size smuggles a request", 400,
                        CHUNKED + "1\r\nhello\r\n0\r\n\r\n" + GET.replace("/ ", "/smuggled ") + "\r\n"),
                rejected("NUL in a trailer value", 400, CHUNKED + "5\r\nhello\r\n0\r\nX-T: a\u0000\r\n\r\n"),
                rejected("Host trailer", 400, CHUNKED + "5\r\nhello\r\n0\r\nHost: admin.internal\r\n\r\n"),
                // more header fields
                rejected("NUL in the Host value", 400, "GET / HTTP/1.1\r\nHost: public.example\u0000.evil\r\n\r\n"),
                rejected("tab in a header name", 400, GET + "X-Bad\tName: v\r\n\r\n"),
                rejected("non-ASCII byte in a header name", 400, GET + "X-Caf\u00e9: v\r\n\r\n"),
                rejected("vertical tab in a header value", 400, GET + "X-Bad: a\u000bb\r\n\r\n"),
                rejected("escape in a header value", 400, GET + "X-Bad: a\u001b[31mb\r\n\r\n"),
                ambiguous("obs-fold with a space-only continuation", GET + "X-Folded: a\r\n \r\n\r\n", "GET /"),
                rejected("tab as a request-line separator", 400, "GET\t/ HTTP/1.1\r\n" + HOST + "\r\n"),
                // pipelining and smuggling after a request
                always("two pipelined requests", GET.replace("/ ", "/a ") + "\r\n" + GET.replace("/ ", "/b ") + "\r\n",
                        new Outcome(List.of(200, 200), false, List.of("GET /a", "GET /b"))),
                always("body then a pipelined request", POST + "Content-Length: 5\r\n\r\nhello"
                                + GET.replace("/ ", "/next ") + "\r\n",
                        new Outcome(List.of(200, 200), false, List.of("POST / hello", "GET /next"))),
                always("pipelined request after a broken chunked body", GET.replace("/ ", "/a ") + "\r\n"
                                + CHUNKED + "zz\r\nhello\r\n0\r\n\r\n" + GET.replace("/ ", "/smuggled ") + "\r\n",
                        new Outcome(List.of(200, 400), true, List.of("GET /a"))),
                always("pipelined request after a rejected head", GET.replace("/ ", "/a ") + "\r\n"
                                + POST + "Content-Length: 5, 6\r\n\r\nhello!" + GET.replace("/ ", "/smuggled ") + "\r\n",
                        new Outcome(List.of(200, 400), true, List.of("GET /a"))),
                always("request smuggled in chunk data is only data",
                        CHUNKED + "20\r\nGET /smuggled HTTP/1.1\r\nX: y\r\n\r\n\r\n0\r\n\r\n",
                        Outcome.forwarded("POST / GET /smuggled HTTP/1.1\r\nX: y\r\n\r\n")),
                always("refused upgrade closes the connection",
                        GET + "Connection: upgrade\r\nUpgrade: websocket\r\n\r\n", Outcome.forwardedThenClosed("GET /")));
    }


    @BeforeAll
    static void start() throws Exception {
        target = new CapturingTarget();
        proxy = new ProxyServer(ProxyOptions.defaults(2));
        TargetGroup group = Fixtures.group("battery-tg", Fixtures.target(target.port()));
        List<LoadBalancer> balancers = new ArrayList<>();
        List<Listener> listeners = new ArrayList<>();
        for (DesyncMode mode : DesyncMode.values()) {
            String name = "battery-" + mode.name().toLowerCase();
            String lbArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/" + name + "/1";
            String listenerArn = lbArn.replace(":loadbalancer/", ":listener/") + "/2";
            balancers.add(new LoadBalancer(lbArn, name, LoadBalancerType.APPLICATION, Scheme.INTERNET_FACING,
                    name + ".elb.example", "127.0.0.1", LoadBalancerAttributes.defaults(LoadBalancerType.APPLICATION)
                    .with(LoadBalancerType.APPLICATION, Map.of("routing.http.desync_mitigation_mode",
                            mode.name().toLowerCase()))));
            Rule blockAdmin = new Rule(listenerArn.replace(":listener/", ":listener-rule/") + "/3", 1,
                    List.of(new Condition.HostHeader(List.of("admin.internal"))),
                    new Action.FixedResponse(403, "text/plain", "blocked"));
            listeners.add(new Listener(listenerArn, lbArn, Protocol.HTTP, Fixtures.freePort(),
                    Action.Forward.to(group.arn()), List.of(blockAdmin), Map.of()));
        }
        proxy.apply(new ConfigSnapshot(1, balancers, listeners, List.of(group)));
        for (int i = 0; i < listeners.size(); i++) {
            ADDRESSES.put(DesyncMode.values()[i], proxy.boundAddress(listeners.get(i).arn()));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vector(Vector vector) throws Exception {
        for (DesyncMode mode : DesyncMode.values()) {
            sendIn(mode, vector.request(), vector.in(mode));
        }
    }

    /** Sends {@code request} to the listener of {@code mode} and checks the client's and the target's view. */
    private static void sendIn(DesyncMode mode, String request, Outcome expected) throws Exception {
        target.clear();
        try (RawHttpClient client = new RawHttpClient(ADDRESSES.get(mode))) {
            client.socket().setSoTimeout(5000);
            client.send(request);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < expected.statuses().size(); i++) {
                statuses.add(client.read().status());
            }
            assertThat(statuses).as("%s: statuses", mode).isEqualTo(expected.statuses());
            if (expected.closes()) {
                assertThat(client.closedByPeer()).as("%s: client connection closed", mode).isTrue();
            } else {
                client.send(PROBE);
                assertThat(client.read().status()).as("%s: next request on the same connection", mode).isEqualTo(200);
            }
        }
        List<String> forwarded = new ArrayList<>();
        for (byte[] capture : target.awaitCaptures(Duration.ofSeconds(10))) {
            StrictHttpParser.Result parsed = StrictHttpParser.parse(capture);
            assertThat(parsed.malformed()).as("%s: what reached the target parses strictly: %s", mode,
                    new String(capture, java.nio.charset.StandardCharsets.ISO_8859_1)).isNull();
            if (parsed.incompleteTail()) {
                assertThat(expected.statuses().get(expected.statuses().size() - 1))
                        .as("%s: only a rejected request may reach the target unfinished", mode).isGreaterThanOrEqualTo(400);
            }
            for (StrictHttpParser.Request received : parsed.requests()) {
                assertThat(received.header("host")).as("%s: Host the target sees", mode)
                        .matches("public\\.example|127\\.0\\.0\\.1:[0-9]+");
                if (!received.target().equals("/probe")) {
                    forwarded.add(received.summary());
                }
            }
        }
        assertThat(forwarded).as("%s: requests that reached the target", mode).isEqualTo(expected.forwarded());
    }

    @org.junit.jupiter.api.Test
    void batteryHasAtLeastEightyVectors() {
        assertThat(vectors()).hasSizeGreaterThanOrEqualTo(80);
        assertThat(Arrays.stream(DesyncMode.values())).hasSize(3);
    }
}
