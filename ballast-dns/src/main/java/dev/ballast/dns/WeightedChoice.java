package dev.ballast.dns;

import java.util.List;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Record;

/**
 * Route 53's weighted routing for one query: one record set of the candidates, each chosen with probability
 * weight / (sum of the weights); when every weight is 0, each with equal probability.
 *
 * <p>Thread-safe (immutable).
 */
final class WeightedChoice implements RecordChoice {
    private final List<Candidate> candidates;
    private final long totalWeight;

    /** A choice among {@code candidates} (at least one). */
    WeightedChoice(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates: [] (expected: at least one record set)");
        }
        this.candidates = List.copyOf(candidates);
        this.totalWeight = candidates.stream().mapToLong(Candidate::weight).sum();
    }

    @Override
    public List<Record> pick(RandomGenerator random) {
        if (totalWeight == 0) {
            return candidates.get(random.nextInt(candidates.size())).records();
        }
        long point = random.nextLong(totalWeight);
        for (Candidate candidate : candidates) {
            point -= candidate.weight();
            if (point < 0) {
                return candidate.records();
            }
        }
        throw new IllegalStateException("weights do not add up to " + totalWeight);
    }

    /**
     * One weighted record set.
     *
     * @param weight Route 53's weight, 0-255
     * @param records the set's records
     */
    record Candidate(long weight, List<Record> records) {
        /** Copies the records. */
        Candidate {
            records = List.copyOf(records);
        }
    }
}
