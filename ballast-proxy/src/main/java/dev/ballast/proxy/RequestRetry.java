package dev.ballast.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Set;

/**
 * When a request that failed at its target may be sent once more, and the head to send. Bodies are streamed and not
 * kept, so only a request none of whose body bytes went out can be replayed. A request written to a target whose
 * connection then failed before any byte of a response arrived is replayed when that is safe:
 * <ul>
 *   <li>on a reused keep-alive connection, any method: the usual cause is the target closing the idle connection
 *       just as it was reused, so the target never saw the request;</li>
 *   <li>on a new connection, idempotent methods only (RFC 9110 section 9.2.2): the target may have acted on it
 *       before dying, which is harmless only for those.</li>
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
final class RequestRetry {
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT,
            HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.TRACE);

    private RequestRetry() {
    }

    /** True when {@code ex}, written to a target that failed without answering, may be sent to another target. */
    static boolean mayReplay(Exchange ex) {
        return !ex.retried && ex.forward != null && ex.sentHead != null && !ex.targetAnswered && !ex.bodySent
                && (ex.reusedConnection || IDEMPOTENT.contains(ex.method));
    }

    /**
     * A new head carrying the sent head's line and (already rewritten) headers; when the request has ended it is a
     * complete request, because its end was written to the failed target and must be written again. A head sent as
     * bytes is sent again as the same bytes (its body, if any, was not sent, or it would not be replayed).
     */
    static Object replayHead(Exchange ex) {
        if (ex.sentHead instanceof ByteBuf bytes) {
            // the bytes as first written (the channel has moved the buffer's own indexes since)
            return bytes.retainedSlice(ex.sentHeadIndex, ex.sentHeadLength);
        }
        HttpRequest sent = (HttpRequest) ex.sentHead;
        if (ex.requestDone) {
            return new DefaultFullHttpRequest(sent.protocolVersion(), sent.method(), sent.uri(), Unpooled.EMPTY_BUFFER,
                    sent.headers(), EmptyHttpHeaders.INSTANCE);
        }
        return new DefaultHttpRequest(sent.protocolVersion(), sent.method(), sent.uri(), sent.headers());
    }
}
