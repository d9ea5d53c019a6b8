package dev.ballast.proxy;

import io.netty.buffer.ByteBuf;

/**
 * Collects the bytes of one HTTP/1.x message head (start line to the empty line) across reads, a line at a time, so
 * that it can be checked whole before any of it goes on. Shared by the client side ({@link RequestFramingGuard}) and
 * the target side ({@link BackendResponseReader}), each with its own limits.
 *
 * <p>Not thread-safe: one per connection, used on its event loop.
 */
final class HeadCollector {
    private byte[] bytes = new byte[256];
    private int length;
    /** Where the line being read starts. */
    private int lineStart;

    /** The head so far: {@code bytes()[0, length())}. */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** True before the first byte of a head. */
    boolean isEmpty() {
        return length == 0;
    }

    /** True while the start line (request or status line) is being read. */
    boolean inStartLine() {
        return lineStart == 0;
    }

    /** The length of the line being read once {@code more} bytes are added to it. */
    int lineLengthWith(int more) {
        return length - lineStart + more;
    }

    /** Copies {@code in[index, index + n)} to the head. */
    void append(ByteBuf in, int index, int n) {
        if (length + n > bytes.length) {
            byte[] bigger = new byte[Math.max(bytes.length * 2, length + n)];
            System.arraycopy(bytes, 0, bigger, 0, length);
            bytes = bigger;
        }
        in.getBytes(index, bytes, length, n);
        length += n;
    }

    /**
     * Ends the line just appended (it ended in LF) and returns its length with its line end. An empty line (LF or CR
     * LF alone) after the start line ends the head.
     */
    int endLine() {
        int lineLength = length - lineStart;
        lineStart = length;
        return lineLength;
    }

    /** True when the line {@link #endLine()} just ended, {@code lineLength} bytes long, was empty. */
    boolean wasEmpty(int lineLength) {
        return lineLength == 1 || lineLength == 2 && bytes[length - 2] == '\r';
    }

    /** Starts over for the next head; a large head's array is not kept for the life of the connection. */
    void reset() {
        if (bytes.length > 4096) {
            bytes = new byte[256];
        }
        length = 0;
        lineStart = 0;
    }
}
