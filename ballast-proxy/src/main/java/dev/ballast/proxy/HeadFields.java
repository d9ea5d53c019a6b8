package dev.ballast.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The field lines of one HTTP/1.x message head kept as offsets into the head's bytes (where each name, value and
 * line starts and ends) with a mark per line saying whether it is forwarded. Names and values are read in place;
 * nothing is copied unless a caller asks for a {@code String}. Shared by {@link RequestHead} and
 * {@link ResponseHead}.
 *
 * <p>Not thread-safe: one per head view, reused for each head on its event loop.
 */
final class HeadFields {
    private static final byte[] CRLF = {'\r', '\n'};

    private byte[] bytes;
    private int count;
    // per field line: [start, colon) is the name, [valueStart, valueEnd) the value without OWS, lineEnd before CR LF
    private int[] starts = new int[32];
    private int[] colons = new int[32];
    private int[] valueStarts = new int[32];
    private int[] valueEnds = new int[32];
    private int[] lineEnds = new int[32];
    private boolean[] dropped = new boolean[32];
    private boolean connectionClose;
    private boolean connectionKeepAlive;

    /** Starts over for a head held in {@code head}. */
    void reset(byte[] head) {
        bytes = head;
        count = 0;
        connectionClose = false;
        connectionKeepAlive = false;
    }

    /** The number of field lines. */
    int count() {
        return count;
    }

    /** Adds the field line {@code [start, end)} (without its CR LF) whose name ends at {@code colon}. */
    void add(int start, int colon, int end) {
        int valueStart = colon + 1;
        while (valueStart < end && HttpTokens.isOws(bytes[valueStart])) {
            valueStart++;
        }
        int valueEnd = end;
        while (valueEnd > valueStart && HttpTokens.isOws(bytes[valueEnd - 1])) {
            valueEnd--;
        }
        if (count == starts.length) {
            grow();
        }
        starts[count] = start;
        colons[count] = colon;
        valueStarts[count] = valueStart;
        valueEnds[count] = valueEnd;
        lineEnds[count] = end;
        dropped[count] = false;
        count++;
    }

    int valueStart(int field) {
        return valueStarts[field];
    }

    int valueEnd(int field) {
        return valueEnds[field];
    }

    /** True when field {@code field}'s name is {@code lowerCaseName}, ignoring ASCII case. */
    boolean nameIs(int field, String lowerCaseName) {
        return regionIs(starts[field], colons[field], lowerCaseName);
    }

    /** The first field at or after {@code from} named {@code lowerCaseName}, or -1. */
    int find(String lowerCaseName, int from) {
        for (int f = from; f < count; f++) {
            if (nameIs(f, lowerCaseName)) {
                return f;
            }
        }
        return -1;
    }

    /** Field {@code field}'s name as written. */
    String name(int field) {
        return latin1(starts[field], colons[field]);
    }

    /** Field {@code field}'s value without surrounding white space. */
    String value(int field) {
        return latin1(valueStarts[field], valueEnds[field]);
    }

    /** Field {@code field}'s value as characters read in place (one small view object, no copy). */
    AsciiString valueView(int field) {
        return new AsciiString(bytes, valueStarts[field], valueEnds[field] - valueStarts[field], false);
    }

    /** True when field {@code field}'s value starts with {@code lowerCasePrefix}, ignoring ASCII case. */
    boolean valueStartsWith(int field, String lowerCasePrefix) {
        int from = valueStarts[field];
        return valueEnds[field] - from >= lowerCasePrefix.length()
                && regionIs(from, from + lowerCasePrefix.length(), lowerCasePrefix);
    }

    /** Field {@code field}'s value in bytes of its own, for a consumer that keeps it after the head is reused. */
    AsciiString valueCopy(int field) {
        return new AsciiString(bytes, valueStarts[field], valueEnds[field] - valueStarts[field], true);
    }

    /** Field {@code field}'s name in lower case, in bytes of its own (HTTP/2's field names: RFC 9113 §8.2). */
    AsciiString lowerCaseName(int field) {
        int start = starts[field];
        byte[] name = new byte[colons[field] - start];
        for (int i = 0; i < name.length; i++) {
            name[i] = (byte) lower(bytes[start + i]);
        }
        return new AsciiString(name, false);
    }

    /** True when field {@code field} is marked as not forwarded. */
    boolean dropped(int field) {
        return dropped[field];
    }

    /** Marks field {@code field} as not forwarded. */
    void drop(int field) {
        dropped[field] = true;
    }

    /** Marks every field named {@code lowerCaseName} as not forwarded. */
    void dropAll(String lowerCaseName) {
        for (int f = 0; f < count; f++) {
            if (nameIs(f, lowerCaseName)) {
                dropped[f] = true;
            }
        }
    }

    /** True when a Connection field has the token {@code close} (after {@link #readConnection}). */
    boolean connectionClose() {
        return connectionClose;
    }

    /** True when a Connection field has the token {@code keep-alive} (after {@link #readConnection}). */
    boolean connectionKeepAlive() {
        return connectionKeepAlive;
    }

    /**
     * Marks the hop-by-hop fields as not forwarded (RFC 9110 §7.6.1): {@code Connection}, {@code Keep-Alive},
     * {@code Proxy-Connection}, {@code TE}, {@code Upgrade} and the fields a Connection token names, never those that
     * frame or route the message; and reads the Connection tokens {@code close} and {@code keep-alive}.
     */
    void dropHopByHop() {
        for (int f = 0; f < count; f++) {
            if (nameIs(f, "connection") || nameIs(f, "keep-alive") || nameIs(f, "proxy-connection")
                    || nameIs(f, "te") || nameIs(f, "upgrade")) {
                dropped[f] = true;
            }
        }
        readConnection(true);
    }

    /**
     * Reads the Connection tokens ({@link #connectionClose()}, {@link #connectionKeepAlive()}); with
     * {@code dropNamed}, marks the fields they name as not forwarded (never Transfer-Encoding, Content-Length, Host).
     */
    void readConnection(boolean dropNamed) {
        for (int c = 0; c < count; c++) {
            if (!nameIs(c, "connection")) {
                continue;
            }
            int from = valueStarts[c];
            int to = valueEnds[c];
            while (from < to) {
                int comma = indexOf(from, to, ',');
                int tokenEnd = comma < 0 ? to : comma;
                int s = from;
                int e = tokenEnd;
                while (s < e && HttpTokens.isOws(bytes[s])) {
                    s++;
                }
                while (e > s && HttpTokens.isOws(bytes[e - 1])) {
                    e--;
                }
                if (regionIs(s, e, "close")) {
                    connectionClose = true;
                } else if (regionIs(s, e, "keep-alive")) {
                    connectionKeepAlive = true;
                } else if (dropNamed && e > s && !regionIs(s, e, "transfer-encoding")
                        && !regionIs(s, e, "content-length") && !regionIs(s, e, "host")) {
                    for (int f = 0; f < count; f++) {
                        if (colons[f] - starts[f] == e - s && equalsIgnoreCase(starts[f], s, e - s)) {
                            dropped[f] = true;
                        }
                    }
                }
                from = tokenEnd + 1;
            }
        }
    }

    /**
     * Marks as not forwarded the fields whose names ALB calls invalid (not {@code [-A-Za-z0-9]+}), for
     * {@code routing.http.drop_invalid_header_fields.enabled}.
     */
    void dropInvalidNames() {
        for (int f = 0; f < count; f++) {
            for (int i = starts[f]; i < colons[f]; i++) {
                byte c = bytes[i];
                if (!(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                    dropped[f] = true;
                    break;
                }
            }
        }
    }

    /** Writes every field line not marked, as it came, each with CR LF. */
    void writeKept(ByteBuf out) {
        for (int f = 0; f < count; f++) {
            if (!dropped[f]) {
                out.writeBytes(bytes, starts[f], lineEnds[f] - starts[f]);
                out.writeBytes(CRLF);
            }
        }
    }

    /** Writes field {@code field}'s value (without surrounding white space). */
    void writeValue(ByteBuf out, int field) {
        out.writeBytes(bytes, valueStarts[field], valueEnds[field] - valueStarts[field]);
    }

    // ---- bytes ----

    /** True when {@code bytes[from, to)} is {@code lowerCase}, ignoring ASCII case. */
    boolean regionIs(int from, int to, String lowerCase) {
        if (to - from != lowerCase.length()) {
            return false;
        }
        for (int i = 0; i < lowerCase.length(); i++) {
            if (lower(bytes[from + i]) != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    String latin1(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    int indexOf(int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private boolean equalsIgnoreCase(int a, int b, int length) {
        for (int i = 0; i < length; i++) {
            if (lower(bytes[a + i]) != lower(bytes[b + i])) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        int n = starts.length * 2;
        starts = Arrays.copyOf(starts, n);
        colons = Arrays.copyOf(colons, n);
        valueStarts = Arrays.copyOf(valueStarts, n);
        valueEnds = Arrays.copyOf(valueEnds, n);
        lineEnds = Arrays.copyOf(lineEnds, n);
        dropped = Arrays.copyOf(dropped, n);
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }
}
