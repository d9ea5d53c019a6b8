package dev.ballast.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Generated malformed queries (random bytes, mutated queries, compression loops, wrong counts, huge and empty labels,
 * unknown classes and types, bogus EDNS0) against the UDP query handler, then over a real socket: no exception
 * reaches a handler, nothing leaks (Netty's paranoid leak detector runs), every response comes from a query's
 * header and fits what the query allows over UDP, and the server keeps answering.
 */
class DnsFuzzTest {
    private static final int PACKETS = 100_000;
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 1053);

    private final ZoneTable table = new ZoneTable(List.of(
            TestZones.zone("fuzz.test.", manyRecords()),
            TestZones.zone("in.example.com.", "service-a 60 CNAME hundred.fuzz.test.", "t 60 TXT \"hello\"")));

    @Test
    void generatedPacketsNeverEscapeTheHandlerOrExceedTheirSizeLimit() throws IOException {
        DnsCounters counters = new DnsCounters();
        EmbeddedChannel channel = new EmbeddedChannel(new UdpQueryHandler(new DnsQueryResponder(() -> table),
                counters, null));
        PacketGenerator generator = new PacketGenerator(new SplittableRandom(20261126L));
        int answered = 0;
        for (int i = 0; i < PACKETS; i++) {
            byte[] query = generator.next();
            channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(query), SERVER, CLIENT));
            channel.checkException();
            DatagramPacket out = channel.readOutbound();
            if (out != null) {
                try {
                    checkResponse(query, ByteBufUtil.getBytes(out.content()));
                    answered++;
                } finally {
                    out.release();
                }
            }
        }
        assertThat(counters.failedCount()).isZero();
        assertThat(counters.answeredCount() + counters.droppedCount()).isEqualTo(PACKETS);
        assertThat(answered).isEqualTo((int) counters.answeredCount()).isGreaterThan(PACKETS / 2);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void generatedPacketsOverARealSocketLeaveTheServerAnswering() throws IOException {
        try (DnsServer server = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), () -> table, 1);
             DnsClient client = new DnsClient(server.address())) {
            PacketGenerator generator = new PacketGenerator(new SplittableRandom(7L));
            for (int i = 0; i < 5_000; i++) {
                byte[] query = generator.next();
                client.udpSend(query);
                // A valid query after each: every datagram before its answer answers the generated packet.
                Message probe = DnsClient.query("one.fuzz.test.", Type.A, 0);
                client.udpSend(probe.toWire());
                while (true) {
                    byte[] response = client.udpReceive();
                    if (response.length > 12 && isAnswerTo(probe, response)) {
                        break;
                    }
                    checkResponse(query, response);
                }
            }
            assertThat(server.counters().failedCount()).isZero();
            Message tcp = client.tcp(DnsClient.query("hundred.fuzz.test.", Type.A, 0));
            assertThat(tcp.getSection(Section.ANSWER)).hasSize(100);
        }
    }

    private static boolean isAnswerTo(Message probe, byte[] response) {
        try {
            Message m = new Message(response);
            return m.getHeader().getID() == probe.getHeader().getID() && m.getQuestion() != null
                    && m.getQuestion().getName().equals(probe.getQuestion().getName())
                    && m.getSection(Section.ANSWER).size() == 1;
        } catch (IOException e) {
            return false;
        }
    }

    /** A response carries the query's id, has QR set, and is no larger than the query's UDP limit. */
    private static void checkResponse(byte[] query, byte[] response) {
        assertThat(response.length).as("response size").isGreaterThanOrEqualTo(12);
        assertThat(Arrays.copyOf(response, 2)).isEqualTo(Arrays.copyOf(query, 2));
        assertThat(response[2] & 0x80).isEqualTo(0x80);
        assertThat(response.length).isLessThanOrEqualTo(udpLimit(query));
    }

    /** 512, or the query's EDNS0 size up to 1232 when it has a well-formed OPT record. */
    private static int udpLimit(byte[] query) {
        try {
            OPTRecord opt = new Message(query).getOPT();
            return opt == null ? 512 : Math.max(512, Math.min(1232, opt.getPayloadSize()));
        } catch (IOException | RuntimeException e) {
            return 512;
        }
    }

    private static String[] manyRecords() {
        List<String> records = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            records.add("hundred 60 A 198.51.100." + i);
            records.add("hundred 60 AAAA 2001:db8::" + Integer.toHexString(i));
        }
        records.add("one 60 A 192.0.2.1");
        records.add("mx 60 MX 10 one.fuzz.test.");
        records.add("*.wild 60 A 192.0.2.2");
        return records.toArray(String[]::new);
    }

    /** Generates queries from a seeded random: many shapes of wrong, some right. Not thread-safe. */
    private static final class PacketGenerator {
        private static final String[] NAMES = {"hundred.fuzz.test.", "one.fuzz.test.", "x.wild.fuzz.test.",
            "service-a.in.example.com.", "nope.fuzz.test.", "example.org.", "t.in.example.com.", "mx.fuzz.test."};
        private static final int[] TYPES = {Type.A, Type.AAAA, Type.ANY, Type.TXT, Type.MX, Type.CNAME, Type.SOA,
            Type.AXFR, Type.OPT, 0, 65535, 255, 99};
        private final SplittableRandom random;

        PacketGenerator(SplittableRandom random) {
            this.random = random;
        }

        byte[] next() {
            return switch (random.nextInt(8)) {
                case 0 -> randomBytes(random.nextInt(0, 700));
                case 1 -> mutate(valid());
                case 2 -> truncate(valid());
                case 3 -> wrongCounts(valid());
                case 4 -> craftedName();
                case 5 -> withBogusEdns();
                case 6 -> valid();
                default -> extend(valid());
            };
        }

        private byte[] valid() {
            try {
                int edns = random.nextInt(4) == 0 ? random.nextInt(0, 5000) : 0;
                Message query = DnsClient.query(NAMES[random.nextInt(NAMES.length)],
                        TYPES[random.nextInt(TYPES.length)] & 0xFFFF, edns);
                query.getHeader().setID(random.nextInt(65536));
                byte[] wire = query.toWire();
                if (random.nextInt(10) == 0) {
                    wire[wire.length - 1] = (byte) random.nextInt(256); // an unknown class (or EDNS noise)
                }
                return wire;
            } catch (IOException | IllegalArgumentException e) {
                return randomBytes(20);
            }
        }

        private byte[] randomBytes(int length) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) random.nextInt(256);
            }
            return bytes;
        }

        private byte[] mutate(byte[] wire) {
            int flips = random.nextInt(1, 8);
            for (int i = 0; i < flips; i++) {
                wire[random.nextInt(wire.length)] ^= (byte) (1 << random.nextInt(8));
            }
            return wire;
        }

        private byte[] truncate(byte[] wire) {
            return Arrays.copyOf(wire, random.nextInt(wire.length));
        }

        private byte[] extend(byte[] wire) {
            byte[] tail = randomBytes(random.nextInt(1, 600));
            byte[] out = Arrays.copyOf(wire, wire.length + tail.length);
            System.arraycopy(tail, 0, out, wire.length, tail.length);
            return out;
        }

        private byte[] wrongCounts(byte[] wire) {
            int section = 4 + 2 * random.nextInt(4);
            int count = random.nextBoolean() ? random.nextInt(65536) : random.nextInt(4);
            wire[section] = (byte) (count >>> 8);
            wire[section + 1] = (byte) count;
            return wire;
        }

        /** A header and a question whose name is a loop, a forward pointer, a 64+ label, an empty label or too long. */
        private byte[] craftedName() {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.writeBytes(new byte[] {(byte) random.nextInt(256), (byte) random.nextInt(256), 0x01, 0x00, 0, 1,
                0, 0, 0, 0, 0, 0});
            switch (random.nextInt(6)) {
                case 0 -> out.writeBytes(new byte[] {(byte) 0xC0, 12}); // points to itself
                case 1 -> out.writeBytes(new byte[] {(byte) 0xC0, (byte) random.nextInt(256)});
                case 2 -> { // a label longer than 63 (the length byte's top bits say "reserved" or "pointer")
                    int length = random.nextInt(64, 256);
                    out.write(length);
                    out.writeBytes(randomBytes(Math.min(length, random.nextInt(0, 300))));
                    out.write(0);
                }
                case 3 -> { // an empty label in the middle, then more labels
                    out.writeBytes(new byte[] {3, 'a', 'b', 'c', 0, 3, 'd', 'e', 'f', 0});
                }
                case 4 -> { // a name longer than 255 bytes
                    for (int i = 0; i < 6; i++) {
                        out.write(63);
                        out.writeBytes(randomBytes(63));
                    }
                    out.write(0);
                }
                default -> { // two pointers pointing at each other
                    out.writeBytes(new byte[] {1, 'x', (byte) 0xC0, 17, (byte) 0xC0, 12});
                }
            }
            out.writeBytes(new byte[] {(byte) random.nextInt(256), (byte) random.nextInt(256),
                (byte) random.nextInt(256), (byte) random.nextInt(256)}); // any type, any class
            return out.toByteArray();
        }

        private byte[] withBogusEdns() {
            try {
                Message query = DnsClient.query(NAMES[random.nextInt(NAMES.length)], Type.A, 0);
                int copies = random.nextInt(1, 3);
                for (int i = 0; i < copies; i++) {
                    query.addRecord(new OPTRecord(random.nextInt(0, 65536), random.nextInt(256),
                            random.nextInt(3)), random.nextInt(3) == 0 ? Section.AUTHORITY : Section.ADDITIONAL);
                }
                byte[] wire = query.toWire();
                if (random.nextBoolean()) {
                    return mutate(wire);
                }
                return wire;
            } catch (IOException e) {
                return randomBytes(12);
            }
        }
    }
}
