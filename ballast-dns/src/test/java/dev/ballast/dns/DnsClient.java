package dev.ballast.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A test client that sends raw DNS messages to a server over real UDP and TCP sockets, as a stub resolver does.
 *
 * <p>Not thread-safe: one per test.
 */
final class DnsClient implements AutoCloseable {
    private final InetSocketAddress server;
    private final DatagramSocket udp;

    DnsClient(InetSocketAddress server) throws IOException {
        this.server = server;
        this.udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        this.udp.setSoTimeout(5000);
    }

    /** A query for {@code name} and {@code type}, with an EDNS0 OPT record offering {@code ednsSize} if not 0. */
    static Message query(String name, int type, int ednsSize) throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        if (ednsSize > 0) {
            query.addRecord(new OPTRecord(ednsSize, 0, 0), Section.ADDITIONAL);
        }
        return query;
    }

    /** Sends {@code query} over UDP and parses the response. */
    Message udp(Message query) throws IOException {
        byte[] raw = udpRaw(query.toWire());
        if (raw == null) {
            throw new SocketTimeoutException("no UDP response to " + query.getQuestion());
        }
        return new Message(raw);
    }

    /** Sends {@code bytes} over UDP; the response's bytes, or null when none came within {@code 5 s}. */
    byte[] udpRaw(byte[] bytes) throws IOException {
        udp.send(new DatagramPacket(bytes, bytes.length, server));
        byte[] buffer = new byte[65535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            udp.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(buffer, packet.getLength());
    }

    /** Sends {@code bytes} over UDP without waiting. */
    void udpSend(byte[] bytes) throws IOException {
        udp.send(new DatagramPacket(bytes, bytes.length, server));
    }

    /** Receives the next UDP datagram's bytes. */
    byte[] udpReceive() throws IOException {
        byte[] buffer = new byte[65535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        udp.receive(packet);
        return Arrays.copyOf(buffer, packet.getLength());
    }

    /** Sends {@code query} over a new TCP connection and parses the response. */
    Message tcp(Message query) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, 5000);
            socket.setSoTimeout(5000);
            byte[] wire = query.toWire();
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] response = new byte[in.readUnsignedShort()];
            in.readFully(response);
            return new Message(response);
        }
    }

    @Override
    public void close() {
        udp.close();
    }
}
