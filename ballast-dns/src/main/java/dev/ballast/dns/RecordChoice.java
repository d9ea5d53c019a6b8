package dev.ballast.dns;

import java.util.List;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Record;

/**
 * The records one query gets from a name and type whose answer is chosen per query (Route 53's weighted and
 * multivalue answer routing), so that two queries may get different answers.
 *
 * <p>Implementations are immutable and thread-safe; the random generator is the caller's.
 */
interface RecordChoice {
    /** The records of this query's answer, chosen with {@code random}. */
    List<Record> pick(RandomGenerator random);
}
