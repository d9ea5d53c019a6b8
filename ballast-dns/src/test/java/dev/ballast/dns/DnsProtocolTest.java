package dev.ballast.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The DNS server's protocol behaviour over real sockets: truncation and TCP retry, EDNS0 sizes, and what malformed or
 * unsupported queries get.
 */
class DnsProtocolTest {
    private DnsServer server;
    private DnsClient client;

    @BeforeEach
    void start() throws IOException {
        List<String> records = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            records.add("forty 60 A 192.0.2." + i); // 40 x 16 bytes: over 512, under 1232
        }
        for (int i = 1; i <= 100; i++) {
            records.add("hundred 60 A 198.51.100." + i); // over 1232
        }
        records.add("one 60 A 192.0.2.1");
        ZoneTable table = new ZoneTable(List.of(TestZones.zone("big.test.", records.toArray(String[]::new))));
        server = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), () -> table, 1);
        client = new DnsClient(server.address());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void answerOver512BytesWithoutEdnsIsTruncatedAndTcpCarriesItWhole() throws IOException {
        Message query = DnsClient.query("forty.big.test.", Type.A, 0);
        byte[] udp = client.udpRaw(query.toWire());

        assertThat(udp.length).isLessThanOrEqualTo(512);
        Message truncated = new Message(udp);
        assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(truncated.getSection(Section.ANSWER)).hasSizeLessThan(40);

        Message overTcp = client.tcp(query);
        assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(overTcp.getSection(Section.ANSWER)).hasSize(40);
    }

    @Test
    void ednsSizeIsHonouredUpTo1232Bytes() throws IOException {
        byte[] fits = client.udpRaw(DnsClient.query("forty.big.test.", Type.A, 4096).toWire());
        Message whole = new Message(fits);
        assertThat(whole.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(whole.getSection(Section.ANSWER)).hasSize(40);
        assertThat(whole.getOPT()).isNotNull();
        assertThat(whole.getOPT().getPayloadSize()).isEqualTo(DnsQueryResponder.MAX_UDP_PAYLOAD);

        byte[] capped = client.udpRaw(DnsClient.query("hundred.big.test.", Type.A, 4096).toWire());
        assertThat(capped.length).isLessThanOrEqualTo(1232);
        assertThat(new Message(capped).getHeader().getFlag(Flags.TC)).isTrue();

        byte[] small = client.udpRaw(DnsClient.query("forty.big.test.", Type.A, 512).toWire());
        assertThat(small.length).isLessThanOrEqualTo(512);
        assertThat(new Message(small).getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(client.tcp(DnsClient.query("hundred.big.test.", Type.A, 4096)).getSection(Section.ANSWER))
                .hasSize(100);
    }

    @Test
    void aRepeatedQueryIsAnsweredFromTheCacheWithItsOwnId() throws IOException {
        Message first = DnsClient.query("one.big.test.", Type.A, 0);
        first.getHeader().setID(0x1111);
        Message second = DnsClient.query("one.big.test.", Type.A, 0);
        second.getHeader().setID(0x2222);

        Message a = client.udp(first);
        Message b = client.udp(second);

        assertThat(a.getHeader().getID()).isEqualTo(0x1111);
        assertThat(b.getHeader().getID()).isEqualTo(0x2222);
        assertThat(b.getSection(Section.ANSWER)).isEqualTo(a.getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void tcpAnswersSeveralQueriesOnOneConnectionAndClosesItOnANonQuery() throws IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(server.address(), 5000);
            socket.setSoTimeout(5000);
            java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream());
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            Message one = DnsClient.query("one.big.test.", Type.A, 0);
            Message forty = DnsClient.query("forty.big.test.", Type.A, 0);
            for (Message query : List.of(one, forty)) { // both written before either answer is read
                byte[] wire = query.toWire();
                out.writeShort(wire.length);
                out.write(wire);
            }
            out.flush();
            List<Integer> answers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                byte[] response = new byte[in.readUnsignedShort()];
                in.readFully(response);
                answers.add(new Message(response).getSection(Section.ANSWER).size());
            }
            assertThat(answers).containsExactly(1, 40);

            out.writeShort(3);
            out.write(new byte[] {1, 2, 3});
            out.flush();
            assertThat(in.read()).as("end of stream after a frame that is no query").isEqualTo(-1);
        }
    }

    @Test
    void unknownEdnsVersionGetsBadvers() throws IOException {
        Message query = DnsClient.query("one.big.test.", Type.A, 0);
        query.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);

        Message response = client.udp(query);

        assertThat(response.getRcode()).isEqualTo(16); // BADVERS, carried in the OPT record's extended rcode
        assertThat(response.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void malformedQueriesGetFormerrWithTheirId() throws IOException {
        byte[] valid = DnsClient.query("one.big.test.", Type.A, 0).toWire();
        byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 3);
        byte[] twoQuestions = valid.clone();
        twoQuestions[5] = 2; // QDCOUNT 2 with one question
        byte[] pointerLoop = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            (byte) 0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01}; // the name is a pointer to itself

        for (byte[] bad : List.of(truncated, twoQuestions, pointerLoop)) {
            byte[] response = client.udpRaw(bad);
            assertThat(response).hasSize(12);
            assertThat(response[0]).isEqualTo(bad[0]);
            assertThat(response[1]).isEqualTo(bad[1]);
            assertThat(response[2] & 0x80).isEqualTo(0x80);
            assertThat(response[3] & 0x0F).isEqualTo(Rcode.FORMERR);
        }
    }

    @Test
    void responsesAndRuntPacketsAreDroppedAndTheServerKeepsAnswering() throws IOException {
        byte[] asResponse = DnsClient.query("one.big.test.", Type.A, 0).toWire();
        asResponse[2] |= (byte) 0x80;
        client.udpSend(asResponse);
        client.udpSend(new byte[] {1, 2, 3});
        client.udpSend(new byte[0]);

        // The next datagram is the answer to this query: nothing came back for the three before it.
        Message query = DnsClient.query("one.big.test.", Type.A, 0);
        Message response = new Message(client.udpRaw(query.toWire()));
        assertThat(response.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(response.getSection(Section.ANSWER)).hasSize(1);
        assertThat(server.counters().droppedCount()).isEqualTo(3);
    }

    @Test
    void otherOpcodesClassesAndZoneTransfersAreNotServed() throws IOException {
        Message notify = DnsClient.query("big.test.", Type.SOA, 0);
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        assertThat(client.udp(notify).getRcode()).isEqualTo(Rcode.NOTIMP);

        Message chaos = Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));
        assertThat(client.udp(chaos).getRcode()).isEqualTo(Rcode.REFUSED);

        assertThat(client.tcp(DnsClient.query("big.test.", Type.AXFR, 0)).getRcode()).isEqualTo(Rcode.NOTIMP);

        Message unknownType = DnsClient.query("one.big.test.", 65280, 0);
        Message nodata = client.udp(unknownType);
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.AUTHORITY)).hasSize(1);
        assertThat(server.counters().failedCount()).isZero();
    }
}
