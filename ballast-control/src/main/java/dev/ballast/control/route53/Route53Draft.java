package dev.ballast.control.route53;

import dev.ballast.control.cloudmap.CloudMapDraft;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A working copy of the Route 53 resources that one command changes; the writer commits it when it differs from the
 * state it was made from. Only the latest {@link #MAX_CHANGES} changes are kept for GetChange.
 *
 * <p>Not thread-safe: used by the writer's single thread of the moment.
 */
public final class Route53Draft {
    static final int MAX_CHANGES = 1000;
    /** The hosted zones by id, in creation order. */
    public final Map<String, HostedZoneEntry> zones;
    /** The changes by id, oldest first. */
    public final Map<String, Route53Change> changes;
    /** The Cloud Map resources, committed with the zones. */
    public final CloudMapDraft cloudMap;

    private Route53Draft(Route53State state) {
        this.zones = new LinkedHashMap<>(state.zones());
        this.changes = new LinkedHashMap<>(state.changes());
        this.cloudMap = new CloudMapDraft(state.cloudMap());
    }

    static Route53Draft of(Route53State state) {
        return new Route53Draft(state);
    }

    /** Records {@code change} for GetChange, forgetting the oldest beyond {@link #MAX_CHANGES}. */
    public void record(Route53Change change) {
        changes.put(change.id(), change);
        Iterator<String> oldest = changes.keySet().iterator();
        while (changes.size() > MAX_CHANGES) {
            oldest.next();
            oldest.remove();
        }
    }

    boolean sameAs(Route53State state) {
        return zones.equals(state.zones()) && changes.equals(state.changes())
                && cloudMap.sameAs(state.cloudMap());
    }

    Route53State commit(long revision) {
        return new Route53State(revision, zones, changes, cloudMap.commit());
    }
}
