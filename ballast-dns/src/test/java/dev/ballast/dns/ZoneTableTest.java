package dev.ballast.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Lookups in compiled zones: CNAME chains across zones, wildcards, NXDOMAIN vs NODATA, the most specific zone. */
class ZoneTableTest {
    private final ZoneTable table = new ZoneTable(List.of(
            TestZones.zone("in.example.com.",
                    "service-a 60 CNAME internal-a-1.us-east-1.elb.localhost.",
                    "chain 60 CNAME service-a",
                    "outside 60 CNAME www.example.org.",
                    "loop1 60 CNAME loop2",
                    "loop2 60 CNAME loop1",
                    "dangling 60 CNAME missing",
                    "*.wild 60 A 192.0.2.9",
                    "deep.empty 60 A 192.0.2.8",
                    "sub 60 A 192.0.2.7"),
            TestZones.zone("sub.in.example.com.", "@ 60 A 192.0.2.77"),
            TestZones.zone("us-east-1.elb.localhost.", "internal-a-1 60 A 127.0.10.1")));

    @Test
    void cnameIsFollowedIntoAnotherBallastZoneInTheSameAnswer() throws TextParseException {
        DnsAnswer answer = table.answer(name("service-a.in.example.com."), Type.A);

        assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.authoritative()).isTrue();
        assertThat(texts(answer.answer())).containsExactly(
                "service-a.in.example.com.\t60\tIN\tCNAME\tinternal-a-1.us-east-1.elb.localhost.",
                "internal-a-1.us-east-1.elb.localhost.\t60\tIN\tA\t127.0.10.1");
        assertThat(table.answer(name("chain.in.example.com."), Type.A).answer()).hasSize(3);
    }

    @Test
    void cnameQuestionGetsTheCnameOnly() throws TextParseException {
        assertThat(table.answer(name("service-a.in.example.com."), Type.CNAME).answer()).hasSize(1);
    }

    @Test
    void cnameOutsideBallastStopsThereAndLoopsEnd() throws TextParseException {
        DnsAnswer outside = table.answer(name("outside.in.example.com."), Type.A);
        assertThat(outside.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(outside.answer()).hasSize(1);

        DnsAnswer loop = table.answer(name("loop1.in.example.com."), Type.A);
        assertThat(loop.answer()).hasSize(2);

        DnsAnswer dangling = table.answer(name("dangling.in.example.com."), Type.A);
        assertThat(dangling.rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(dangling.answer()).hasSize(1);
        assertThat(dangling.authority()).hasSize(1);
    }

    @Test
    void wildcardAnswersNamesThatDoNotExistWithTheQuestionAsOwner() throws TextParseException {
        DnsAnswer answer = table.answer(name("anything.wild.in.example.com."), Type.A);

        assertThat(texts(answer.answer())).containsExactly("anything.wild.in.example.com.\t60\tIN\tA\t192.0.2.9");
        assertThat(table.answer(name("a.b.wild.in.example.com."), Type.A).rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(table.answer(name("anything.wild.in.example.com."), Type.AAAA).answer()).isEmpty();
    }

    @Test
    void emptyNonTerminalIsNodataAndMissingNameIsNxdomain() throws TextParseException {
        DnsAnswer empty = table.answer(name("empty.in.example.com."), Type.A);
        assertThat(empty.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(empty.answer()).isEmpty();
        assertThat(empty.authority()).singleElement().satisfies(soa -> assertThat(soa.getTTL()).isEqualTo(300));

        assertThat(table.answer(name("missing.in.example.com."), Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void theMostSpecificZoneAnswers() throws TextParseException {
        DnsAnswer answer = table.answer(name("sub.in.example.com."), Type.A);
        assertThat(texts(answer.answer())).containsExactly("sub.in.example.com.\t60\tIN\tA\t192.0.2.77");
    }

    @Test
    void namesOfNoZoneAreRefused() throws TextParseException {
        DnsAnswer answer = table.answer(name("example.com."), Type.A);
        assertThat(answer.rcode()).isEqualTo(Rcode.REFUSED);
        assertThat(answer.authoritative()).isFalse();
    }

    private static Name name(String text) throws TextParseException {
        return Name.fromString(text);
    }

    private static List<String> texts(List<Record> records) {
        return records.stream().map(Record::toString).toList();
    }
}
