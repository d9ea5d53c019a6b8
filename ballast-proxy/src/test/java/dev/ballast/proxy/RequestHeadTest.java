package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What routing, stickiness and forwarding read from a request head's bytes, without a decoder. */
class RequestHeadTest {
    private static final String HEAD = "PATCH /a/b?x=1&y=2 HTTP/1.1\r\nHost: shop.example:8080\r\nX-Multi: one\r\n"
            + "Cookie: a=1; AWSALB=target-key ; AWSALBTG=group\r\nx-multi:  two \r\n"
            + "Content-Type: application/grpc+proto\r\nConnection: keep-alive, X-Multi\r\n\r\n";

    private static RequestHead parse(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        RequestHead view = new RequestHead();
        view.parse(bytes, bytes.length, HeadVerdict.COMPLIANT_WITHOUT_BODY);
        return view;
    }

    @Test
    void readsTheRequestLineAndHeadersInPlace() {
        RequestHead head = parse(HEAD);

        assertThat(head.httpMethod()).isSameAs(HttpMethod.PATCH);
        assertThat(head.method()).isEqualTo("PATCH");
        assertThat(head.uri()).isEqualTo("/a/b?x=1&y=2");
        assertThat(head.path()).isEqualTo("/a/b");
        assertThat(head.rawQuery()).isEqualTo("x=1&y=2");
        assertThat(head.host()).isEqualTo("shop.example:8080");
        assertThat(head.hostWithoutPort()).isEqualTo("shop.example");
        assertThat(head.headers("X-MULTI")).containsExactly("one", "two");
        assertThat(head.headers("x-absent")).isEmpty();
        assertThat(head.isGrpc()).isTrue();
        assertThat(head.keepAlive()).isTrue();
        assertThat(head.originForm()).isTrue();
    }

    @Test
    void findsStickinessCookiesAmongTheOthers() {
        RequestHead head = parse(HEAD);

        assertThat(head.hasCookies()).isTrue();
        assertThat(head.cookie("AWSALB")).isEqualTo("target-key");
        assertThat(head.cookie("AWSALBTG")).isEqualTo("group");
        assertThat(head.cookie("AWSELB")).isNull();
        assertThat(parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n").hasCookies()).isFalse();
    }

    @Test
    void unknownMethodAndConnectionClose() {
        RequestHead head = parse("PURGE /x HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n");

        assertThat(head.httpMethod().name()).isEqualTo("PURGE");
        assertThat(head.keepAlive()).isFalse();
        assertThat(head.path()).isEqualTo("/x");
        assertThat(head.rawQuery()).isNull();
    }

    @Test
    void writesKeptLinesWithoutTheHopByHopOnes() {
        RequestHead head = parse(HEAD);
        head.fields().dropHopByHop();
        ByteBuf out = Unpooled.buffer();
        try {
            head.writeKept(out);
            assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("PATCH /a/b?x=1&y=2 HTTP/1.1\r\n"
                    + "Host: shop.example:8080\r\nCookie: a=1; AWSALB=target-key ; AWSALBTG=group\r\n"
                    + "Content-Type: application/grpc+proto\r\n");
        } finally {
            out.release();
        }
    }

    @Test
    void aDetachedCopyOutlivesTheReusedBytes() {
        byte[] bytes = HEAD.getBytes(StandardCharsets.ISO_8859_1);
        RequestHead view = new RequestHead();
        view.parse(bytes, bytes.length, HeadVerdict.COMPLIANT_WITHOUT_BODY);
        RequestHead copy = view.detached();
        java.util.Arrays.fill(bytes, (byte) 'z');

        assertThat(copy.uri()).isEqualTo("/a/b?x=1&y=2");
        assertThat(copy.host()).isEqualTo("shop.example:8080");
    }

    @Test
    void objectsForAnHttp2TargetCarryEveryField() {
        HttpRequest request = parse(HEAD).toHttpRequest();

        assertThat(request.method()).isEqualTo(HttpMethod.PATCH);
        assertThat(request.uri()).isEqualTo("/a/b?x=1&y=2");
        assertThat(request.headers().getAll("x-multi")).containsExactly("one", "two");
        assertThat(request.headers().get("connection")).isEqualTo("keep-alive, X-Multi");
    }
}
