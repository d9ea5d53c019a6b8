package dev.ballast.dns;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Record;

/**
 * Compiles the record sets of one name and type told apart by set identifier into what queries get, following
 * Route 53's routing with health: unhealthy sets are left out, and when every set is unhealthy, all are answered as
 * if healthy. Weighted: one set per query with probability weight / sum; sets of weight 0 only when no set with a
 * weight above 0 is healthy (or when all weights are 0), then each with equal probability. Multivalue answer: up
 * to {@link MultivalueChoice#MAX_VALUES} records, chosen at random per query when there are more.
 *
 * <p>Thread-safe (stateless).
 */
final class RoutedRecordSets {
    private RoutedRecordSets() {}

    /**
     * One record set of a routed group.
     *
     * @param weight the weight (null for multivalue answer)
     * @param records its records (empty for an alias whose target has none: never answered)
     * @param healthy whether it may be answered while some set of the group is healthy
     */
    record Member(Long weight, List<Record> records, boolean healthy) {
        /** Copies the records. */
        Member {
            records = List.copyOf(records);
        }

        long weightOrZero() {
            return weight == null ? 0 : weight;
        }
    }

    /** Adds the group {@code members} to {@code zone}: weighted routing when {@code weighted}, else multivalue. */
    static void addTo(Zone.Builder zone, boolean weighted, List<Member> members) {
        List<Member> answerable = members.stream().filter(m -> !m.records().isEmpty()).toList();
        List<Member> healthy = answerable.stream().filter(Member::healthy).toList();
        List<Member> served = healthy.isEmpty() ? answerable : healthy;
        if (served.isEmpty()) {
            return;
        }
        if (weighted) {
            addWeighted(zone, served);
        } else {
            addMultivalue(zone, served);
        }
    }

    private static void addWeighted(Zone.Builder zone, List<Member> served) {
        List<Member> positive = served.stream().filter(m -> m.weightOrZero() > 0).toList();
        List<Member> tier = positive.isEmpty() ? served : positive;
        if (tier.size() == 1) {
            tier.get(0).records().forEach(zone::add);
            return;
        }
        List<Record> all = new ArrayList<>();
        List<WeightedChoice.Candidate> candidates = new ArrayList<>();
        for (Member member : tier) {
            all.addAll(member.records());
            candidates.add(new WeightedChoice.Candidate(member.weightOrZero(), member.records()));
        }
        zone.addChosen(all, new WeightedChoice(candidates));
    }

    private static void addMultivalue(Zone.Builder zone, List<Member> served) {
        List<Record> all = new ArrayList<>();
        served.forEach(m -> all.addAll(m.records()));
        if (all.size() <= MultivalueChoice.MAX_VALUES) {
            all.forEach(zone::add);
        } else {
            zone.addChosen(all, new MultivalueChoice(all));
        }
    }
}
