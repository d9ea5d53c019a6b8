package dev.ballast.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * What {@link RequestHeadClassifier} found in one raw request head; passed down the pipeline just before the head's
 * bytes so the frontend handler reads it together with the decoded request.
 *
 * @param tier the desync class of the request
 * @param reason why it got that class ({@code Compliant}, or an {@code http_desync_guardian} reason name)
 * @param rejectStatus the status to answer in every desync mode (no single meaning could be forwarded), or null
 * @param bodyLength the body length the framing gives: a byte count, or {@link #CHUNKED}
 * @param upgrade the request asks to switch to WebSocket: what follows it may not be HTTP
 *
 * <p>Thread-safe (immutable).
 */
record HeadVerdict(DesyncTier tier, String reason, HttpResponseStatus rejectStatus, long bodyLength,
                   boolean upgrade) {
    /** {@link #bodyLength} of a chunked body. */
    static final long CHUNKED = -1;
    /** The verdict of most requests: Compliant, no body, no upgrade. */
    static final HeadVerdict COMPLIANT_WITHOUT_BODY = new HeadVerdict(DesyncTier.COMPLIANT, "Compliant", null, 0, false);

    /** A head that must be answered with {@code status} whatever the mode. */
    static HeadVerdict rejected(HttpResponseStatus status, String reason) {
        return new HeadVerdict(DesyncTier.SEVERE, reason, status, 0, false);
    }

    /** The status to answer under {@code mode}, or null when the request may be forwarded. */
    HttpResponseStatus rejection(DesyncMode mode) {
        if (rejectStatus != null) {
            return rejectStatus;
        }
        return mode.blocks(tier) ? HttpResponseStatus.BAD_REQUEST : null;
    }
}
