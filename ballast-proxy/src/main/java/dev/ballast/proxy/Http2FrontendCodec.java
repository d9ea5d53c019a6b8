package dev.ballast.proxy;

import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;

/**
 * The client-side HTTP/2 frame codec with ALB's limits and the defences against HTTP/2's resource attacks.
 *
 * <ul>
 *   <li>{@code SETTINGS_MAX_CONCURRENT_STREAMS} 128, as ALB advertises; a stream beyond it is refused.</li>
 *   <li>Header list at most 64 KB (ALB's header limit). The decoder counts every HEADERS and CONTINUATION byte
 *       of a block against it and ends the connection past it, so a CONTINUATION flood cannot grow memory;
 *       tiny CONTINUATION frames are capped in number too.</li>
 *   <li>Rapid reset (CVE-2023-44487): more than {@value #MAX_RST_PER_WINDOW} RST_STREAM frames from the client
 *       within {@value #RST_WINDOW_SECONDS} s end the connection with GOAWAY {@code ENHANCE_YOUR_CALM}.</li>
 *   <li>SETTINGS and PING floods: at most {@value #MAX_QUEUED_CONTROL_FRAMES} acknowledgements may wait unsent
 *       (a client that floods and does not read); past that the connection closes.</li>
 *   <li>Empty DATA frames in a row are capped (a CPU attack with no bytes).</li>
 * </ul>
 *
 * <p>Thread-safe (stateless factory); each codec belongs to one connection.
 */
final class Http2FrontendCodec {
    static final int MAX_CONCURRENT_STREAMS = 128;
    static final int MAX_HEADER_LIST_SIZE = RequestChecks.MAX_HEADERS;
    static final int MAX_RST_PER_WINDOW = 200;
    static final int RST_WINDOW_SECONDS = 30;
    static final int MAX_QUEUED_CONTROL_FRAMES = 10_000;
    static final int MAX_CONSECUTIVE_EMPTY_DATA_FRAMES = 2;
    static final int MAX_SMALL_CONTINUATION_FRAMES = 16;

    private Http2FrontendCodec() {
    }

    static Http2FrameCodec build() {
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                .maxHeaderListSize(MAX_HEADER_LIST_SIZE);
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(settings)
                .validateHeaders(true)
                .decoderEnforceMaxRstFramesPerWindow(MAX_RST_PER_WINDOW, RST_WINDOW_SECONDS)
                .encoderEnforceMaxQueuedControlFrames(MAX_QUEUED_CONTROL_FRAMES)
                .decoderEnforceMaxConsecutiveEmptyDataFrames(MAX_CONSECUTIVE_EMPTY_DATA_FRAMES)
                .decoderEnforceMaxSmallContinuationFrames(MAX_SMALL_CONTINUATION_FRAMES)
                .build();
    }
}
