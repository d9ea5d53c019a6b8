package dev.ballast.dns;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one query's bytes into the response's bytes, for either transport: malformed queries get FORMERR (or
 * nothing, when not even a query header can be read), other opcodes NOTIMP, other classes and names outside
 * Ballast's zones REFUSED; everything else is answered from the current {@link ZoneTable}. Over UDP a response
 * never exceeds 512 bytes, or the EDNS0 payload size the query offers (up to {@link #MAX_UDP_PAYLOAD}): a larger
 * one is truncated with the TC flag so that the client retries over TCP. Responses to repeated queries come from
 * a {@link ResponseCache} of the current table, except those chosen per query (weighted and multivalue routing),
 * which are computed for every query so that a cached response cannot freeze one choice.
 *
 * <p>Thread-safe: the table is immutable and the cache concurrent; a cache replaced by two threads at once only
 * costs one of them its entries.
 */
public final class DnsQueryResponder {
    private static final Logger LOG = LoggerFactory.getLogger(DnsQueryResponder.class);
    /** The classic limit of a UDP response without EDNS0 (RFC 1035). */
    public static final int CLASSIC_UDP_PAYLOAD = 512;
    /** The largest UDP response Ballast sends and the size it offers in its OPT record (DNS flag day 2020). */
    public static final int MAX_UDP_PAYLOAD = 1232;
    /** A DNS message over TCP is at most this long (two-byte length prefix). */
    public static final int MAX_TCP_MESSAGE = 65535;
    private static final int BADVERS = 16;
    private static final int QR_BIT = 0x80;

    /**
     * What {@link #respond} returns for a query to forward to the host's resolvers (a name outside Ballast's zones,
     * when forwarding is on); compared by identity.
     */
    static final byte[] FORWARD = new byte[0];

    private final Supplier<ZoneTable> table;
    private final boolean forwardOutsideZones;
    private volatile ResponseCache cache = new ResponseCache(ZoneTable.empty());

    /** A responder answering from the table {@code table} returns at the time of each query; REFUSED outside it. */
    public DnsQueryResponder(Supplier<ZoneTable> table) {
        this(table, false);
    }

    /**
     * A responder answering from the table {@code table} returns at the time of each query; a question of class IN
     * for a name outside its zones is {@link #FORWARD} when {@code forwardOutsideZones}, else REFUSED.
     */
    DnsQueryResponder(Supplier<ZoneTable> table, boolean forwardOutsideZones) {
        this.table = table;
        this.forwardOutsideZones = forwardOutsideZones;
    }

    /**
     * The response to {@code query}, or null when it must be dropped (too short to be a query, or a response), or
     * {@link #FORWARD}.
     *
     * @param query the message as received (without the TCP length prefix)
     * @param overUdp whether the response goes back over UDP, which limits its size
     */
    public byte[] respond(byte[] query, boolean overUdp) {
        if (query.length < Header.LENGTH || (query[2] & QR_BIT) != 0) {
            return null; // not a query: answering responses could make two servers answer each other forever
        }
        ZoneTable current = table.get();
        ResponseCache responses = cache;
        if (responses.table() != current) {
            responses = new ResponseCache(current); // a change of configuration empties the cache
            cache = responses;
        }
        byte[] cached = responses.get(query, overUdp);
        if (cached != null) {
            return cached;
        }
        try {
            Response response = answer(query, overUdp, current, forwardOutsideZones);
            if (response.cacheable()) {
                responses.put(query, overUdp, response.bytes());
            }
            return response.bytes();
        } catch (RuntimeException bug) {
            // Never an exception across the handler: the client learns the server failed, in 12 bytes.
            LOG.warn("DNS query answered with SERVFAIL: {}", bug.toString(), bug);
            return headerOnly(query, Rcode.SERVFAIL);
        }
    }

    /** The response's bytes, and whether a repeated query may get them again (false when chosen per query). */
    private record Response(byte[] bytes, boolean cacheable) {
        static Response fixed(byte[] bytes) {
            return new Response(bytes, true);
        }
    }

    private static Response answer(byte[] query, boolean overUdp, ZoneTable table, boolean forwardOutsideZones) {
        Message request;
        try {
            request = new Message(query);
        } catch (Exception malformed) {
            // dnsjava reports every malformed message (truncated, pointer loops, bad counts, bad labels) this way.
            return Response.fixed(formatError(query));
        }
        Header header = request.getHeader();
        if (header.getOpcode() != Opcode.QUERY) {
            return Response.fixed(respondWithRcode(request, Rcode.NOTIMP, overUdp));
        }
        if (header.getCount(Section.QUESTION) != 1 || !validOpt(request)) {
            return Response.fixed(formatError(query));
        }
        OPTRecord opt = request.getOPT();
        if (opt != null && opt.getVersion() != 0) {
            return Response.fixed(respondWithRcode(request, BADVERS, overUdp));
        }
        Record question = request.getQuestion();
        int type = question.getType();
        if (!Type.isRR(type) && type != Type.ANY) {
            // Zone transfers and other meta queries are not served.
            return Response.fixed(respondWithRcode(request, type == Type.OPT ? Rcode.FORMERR : Rcode.NOTIMP,
                    overUdp));
        }
        if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) {
            return Response.fixed(respondWithRcode(request, Rcode.REFUSED, overUdp));
        }
        DnsAnswer answer = table.answer(question.getName(), type, ThreadLocalRandom.current());
        if (forwardOutsideZones && answer.rcode() == Rcode.REFUSED && !answer.authoritative()
                && question.getDClass() == DClass.IN) {
            return new Response(FORWARD, false); // never cached: the upstream's answer is its own to keep
        }
        Message response = responseTo(request, answer.rcode());
        if (answer.authoritative()) {
            response.getHeader().setFlag(Flags.AA);
        }
        answer.answer().forEach(r -> response.addRecord(r, Section.ANSWER));
        answer.authority().forEach(r -> response.addRecord(r, Section.AUTHORITY));
        return new Response(response.toWire(maxLength(request, overUdp)), !answer.chosen());
    }

    /** True unless the query has more than one OPT record or one outside the additional section (RFC 6891). */
    private static boolean validOpt(Message request) {
        int opts = 0;
        for (int section = Section.ANSWER; section <= Section.ADDITIONAL; section++) {
            for (Record r : request.getSection(section)) {
                if (r.getType() == Type.OPT) {
                    if (section != Section.ADDITIONAL || !r.getName().equals(org.xbill.DNS.Name.root)) {
                        return false;
                    }
                    opts++;
                }
            }
        }
        return opts <= 1;
    }

    /** The longest response {@code query} allows over its transport (65535 when it cannot be parsed). */
    static int maxLength(byte[] query, boolean overUdp) {
        try {
            return maxLength(new Message(query), overUdp);
        } catch (Exception malformed) {
            return overUdp ? CLASSIC_UDP_PAYLOAD : MAX_TCP_MESSAGE;
        }
    }

    private static int maxLength(Message request, boolean overUdp) {
        if (!overUdp) {
            return MAX_TCP_MESSAGE;
        }
        OPTRecord opt = request.getOPT();
        if (opt == null) {
            return CLASSIC_UDP_PAYLOAD;
        }
        return Math.max(CLASSIC_UDP_PAYLOAD, Math.min(opt.getPayloadSize(), MAX_UDP_PAYLOAD));
    }

    /** A response echoing the question, with RD copied and, when the query had one, an OPT record. */
    private static Message responseTo(Message request, int rcode) {
        Header in = request.getHeader();
        Message response = new Message(in.getID());
        Header out = response.getHeader();
        out.setFlag(Flags.QR);
        out.setOpcode(in.getOpcode());
        if (in.getFlag(Flags.RD)) {
            out.setFlag(Flags.RD);
        }
        if (in.getFlag(Flags.CD)) {
            out.setFlag(Flags.CD);
        }
        out.setRcode(rcode & 0xF);
        Record question = request.getQuestion();
        if (question != null) {
            response.addRecord(question, Section.QUESTION);
        }
        if (request.getOPT() != null) {
            response.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, rcode >>> 4, 0), Section.ADDITIONAL);
        }
        return response;
    }

    private static byte[] respondWithRcode(Message request, int rcode, boolean overUdp) {
        return responseTo(request, rcode).toWire(maxLength(request, overUdp));
    }

    private static byte[] formatError(byte[] query) {
        return headerOnly(query, Rcode.FORMERR);
    }

    /**
     * A response built from the raw header alone: the query's id, opcode and RD flag, {@code rcode}, no sections.
     * It is 12 bytes, never longer than the query it answers.
     */
    static byte[] headerOnly(byte[] query, int rcode) {
        byte[] response = new byte[Header.LENGTH];
        response[0] = query[0];
        response[1] = query[1];
        response[2] = (byte) (QR_BIT | (query[2] & 0x79)); // QR, the opcode (bits 3-6) and RD (bit 0)
        response[3] = (byte) rcode;
        return response;
    }
}
