package dev.ballast.server.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One raw TCP connection to the API for tests that send what a normal HTTP client would not: slow bodies, garbage,
 * heads without a body. Reads one HTTP/1.1 response (by Content-Length) or the close.
 *
 * <p>Not thread-safe: one thread per connection.
 */
final class RawApiConnection implements AutoCloseable {
    /** What came back: the status (0 if the server closed without answering), the head and the body. */
    record Reply(int status, String head, String body) {}

    private final Socket socket;

    RawApiConnection(InetSocketAddress api, int readTimeoutMillis) {
        try {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(api, 5_000);
            socket.setSoTimeout(readTimeoutMillis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The head of a form POST to {@code /} announcing {@code contentLength} body bytes. */
    static String postHead(long contentLength) {
        return "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    /** Sends {@code text} as ASCII; false if the server already closed the connection. */
    boolean send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends {@code bytes}; false if the server already closed the connection. */
    boolean send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True if the server has sent bytes not yet read (an answer that came before the request was complete). */
    boolean hasDataWaiting() {
        try {
            return socket.getInputStream().available() > 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** True if the server closes the connection (end of stream or reset) within the read timeout. */
    boolean awaitClosed() {
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Reads one response (or the close) within the socket's read timeout. */
    Reply readReply() {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                if (head.size() >= 4 && endsWithBlankLine(head.toByteArray())) {
                    break;
                }
            }
            if (head.size() == 0) {
                return new Reply(0, "", "");
            }
            String headText = head.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(headText.substring(9, 12));
            int length = contentLength(headText);
            byte[] body = in.readNBytes(length);
            return new Reply(status, headText, new String(body, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within the read timeout", e);
        } catch (IOException e) {
            // A reset after the server closed counts as a close without an answer.
            return new Reply(0, "", e.toString());
        }
    }

    private static boolean endsWithBlankLine(byte[] bytes) {
        int n = bytes.length;
        return bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n';
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test connection
        }
    }
}
