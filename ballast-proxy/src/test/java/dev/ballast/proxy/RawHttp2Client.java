package dev.ballast.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A hostile HTTP/2 client: a TLS socket that negotiated ALPN {@code h2}, writing any frame sequence with Netty's
 * {@link DefaultHttp2FrameWriter} (valid or not) and, when asked to, reading the server's frames on a thread of
 * its own to record GOAWAY, RST_STREAM and the close.
 *
 * <p>Thread-safe for one writing thread plus its own reader thread.
 */
final class RawHttp2Client implements AutoCloseable {
    private final SSLSocket socket;
    private final OutputStream out;
    private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
    private final EmbeddedChannel sink = new EmbeddedChannel(new ChannelOutboundHandlerAdapter());
    private final ChannelHandlerContext ctx = sink.pipeline().firstContext();
    private final AtomicLong sentBytes = new AtomicLong();
    final AtomicInteger goAwayError = new AtomicInteger(-1);
    final AtomicInteger resetStreams = new AtomicInteger();
    final AtomicInteger endedResponses = new AtomicInteger();
    /** DATA frames with a body (at least one byte) received, of any stream. */
    final AtomicInteger bodyFrames = new AtomicInteger();
    final AtomicBoolean closedByServer = new AtomicBoolean();

    RawHttp2Client(InetSocketAddress address) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustEverything()}, new SecureRandom());
        // a small receive window, so that a client that stops reading backs the server up after a few KB
        java.net.Socket tcp = new java.net.Socket();
        tcp.setReceiveBufferSize(8 * 1024);
        tcp.connect(address, 10_000);
        socket = (SSLSocket) tls.getSocketFactory().createSocket(tcp, address.getHostString(), address.getPort(),
                true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"h2"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        if (!"h2".equals(socket.getApplicationProtocol())) {
            throw new IOException("ALPN chose " + socket.getApplicationProtocol() + ", not h2");
        }
        // frames are small: gather them into large TLS records, as a real flooding client would
        out = new java.io.BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Reads the server's frames on a daemon thread until the connection closes. */
    RawHttp2Client startReading() {
        Thread reader = new Thread(this::readFrames, "h2-attack-reader");
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    long sentBytes() {
        return sentBytes.get();
    }

    RawHttp2Client settings(Http2Settings settings) {
        writer.writeSettings(ctx, settings, ctx.newPromise());
        return this;
    }

    RawHttp2Client ping(long data) {
        writer.writePing(ctx, false, data, ctx.newPromise());
        return this;
    }

    RawHttp2Client get(int streamId, String path) {
        Http2Headers headers = new DefaultHttp2Headers().method("GET").scheme("https").authority("a.example")
                .path(path);
        writer.writeHeaders(ctx, streamId, headers, 0, true, ctx.newPromise());
        return this;
    }

    RawHttp2Client reset(int streamId) {
        writer.writeRstStream(ctx, streamId, Http2Error.CANCEL.code(), ctx.newPromise());
        return this;
    }

    /** A frame of any type with any flags, as raw bytes (a HEADERS without END_HEADERS, a CONTINUATION...). */
    RawHttp2Client frame(byte type, int streamId, short flags, ByteBuf payload) {
        writer.writeFrame(ctx, type, streamId, new Http2Flags(flags), payload, ctx.newPromise());
        return this;
    }

    /** A HEADERS frame that opens {@code streamId} with a valid block start but no END_HEADERS. */
    RawHttp2Client openHeaderBlock(int streamId) throws Exception {
        ByteBuf block = Unpooled.buffer();
        new io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder().encodeHeaders(streamId,
                new DefaultHttp2Headers().method("GET").scheme("https").authority("a.example").path("/"), block);
        return frame(Http2FrameTypes.HEADERS, streamId, (short) 0, block);
    }

    /** Writes what was framed so far to the socket. */
    void flush() throws IOException {
        write(take());
    }

    /** Takes what was framed so far as bytes, without sending it (to send a template many times). */
    byte[] take() {
        sink.flushOutbound();
        java.io.ByteArrayOutputStream framed = new java.io.ByteArrayOutputStream();
        Object message;
        while ((message = sink.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) message;
            try {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                framed.writeBytes(bytes);
            } finally {
                buf.release();
            }
        }
        return framed.toByteArray();
    }

    /** Sends {@code frames} (bytes from {@link #take}) as they are. */
    void write(byte[] frames) throws IOException {
        out.write(frames);
        out.flush();
        sentBytes.addAndGet(frames.length);
    }

    private void readFrames() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[9];
            while (true) {
                in.readFully(header);
                int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
                byte type = header[3];
                int flags = header[4] & 0xff;
                byte[] payload = new byte[length];
                in.readFully(payload);
                if (type == Http2FrameTypes.GO_AWAY) {
                    goAwayError.set((payload[4] & 0xff) << 24 | (payload[5] & 0xff) << 16 | (payload[6] & 0xff) << 8
                            | payload[7] & 0xff);
                } else if (type == Http2FrameTypes.RST_STREAM) {
                    resetStreams.incrementAndGet();
                } else if ((type == Http2FrameTypes.DATA || type == Http2FrameTypes.HEADERS) && (flags & 0x1) != 0) {
                    endedResponses.incrementAndGet();
                }
                if (type == Http2FrameTypes.DATA && length > 0) {
                    bodyFrames.incrementAndGet();
                }
            }
        } catch (IOException e) {
            closedByServer.set(true);
        }
    }

    @Override
    public void close() throws IOException {
        sink.finishAndReleaseAll();
        socket.close();
    }

    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
