package dev.ballast.core.balancing;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetGroupAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.random.RandomGenerator;

/**
 * Chooses the target group (weights, AWSALBTG stickiness) and the target (algorithm, AWSALB stickiness) for a
 * forward action. Runtime state (round-robin cursors, outstanding requests) is kept by target group ARN and
 * target key, so it survives snapshot swaps.
 *
 * <p>Thread-safe: called concurrently from every event loop; lock-free apart from the first use of a group
 * or target.
 */
public final class TargetSelector {
    private static final String LB_COOKIE = "lb_cookie";
    /** How long a session stickiness cookie's value stays valid: ALB's longest lb_cookie duration, 7 days. */
    static final long SESSION_COOKIE_SECONDS = 604_800;

    private final RandomGenerator random;
    private final RoutableTargets routable;
    private final StickyCookies cookies;
    private final BalancingAlgorithm roundRobin;
    private final BalancingAlgorithm leastOutstanding = new LeastOutstandingRequests();
    private final BalancingAlgorithm weightedRandom;
    private final ConcurrentMap<String, GroupState> states = new ConcurrentHashMap<>();

    /**
     * A selector drawing randomness from {@code random}: {@link PerThreadRandom#INSTANCE} in production, a seeded
     * generator in tests.
     */
    public TargetSelector(RandomGenerator random) {
        this(random, RoutableTargets.ALL_REGISTERED);
    }

    /** A selector that sends new requests only to the targets {@code routable} allows (health). */
    public TargetSelector(RandomGenerator random, RoutableTargets routable) {
        this(random, routable, TargetWeights.UNIFORM, StickyCookies.withRandomKey());
    }

    /**
     * A selector with every hook: {@code weights} lowers the share of ramping targets (slow start) and
     * {@code cookies} seals stickiness cookies (share its key across the nodes of a cluster).
     */
    public TargetSelector(RandomGenerator random, RoutableTargets routable, TargetWeights weights,
                          StickyCookies cookies) {
        this.random = random;
        this.routable = routable;
        this.cookies = cookies;
        this.roundRobin = new RoundRobin(weights, random);
        this.weightedRandom = new WeightedRandom(random, weights);
    }

    /**
     * Chooses where a request goes.
     *
     * @param groupCookie the request's {@code AWSALBTG} (or {@code AWSALBTGCORS}) cookie value, or null
     * @param targetCookie the request's {@code AWSALB} (or {@code AWSALBCORS}) cookie value, or null
     * @param now the current time, for cookie expiry
     */
    public Selection select(Action.Forward forward, ConfigSnapshot snapshot, String groupCookie, String targetCookie,
                            Instant now) {
        return select(forward, snapshot, groupCookie, targetCookie, now, Set.of());
    }

    /**
     * Chooses where a request goes, never to a target in {@code excludedTargetKeys} (used to retry once on
     * another target after a connect failure); the selection's target is null when no other target is left.
     */
    public Selection select(Action.Forward forward, ConfigSnapshot snapshot, String groupCookie, String targetCookie,
                            Instant now, Set<String> excludedTargetKeys) {
        // most requests set no cookie: the list is only allocated when one is set
        List<String> setCookies = List.of();
        Action.GroupStickiness groupStickiness = forward.stickiness();
        String groupArn = stickyGroup(forward, groupCookie, now);
        if (groupArn == null) {
            groupArn = weightedGroup(forward);
        }
        if (groupStickiness.enabled()) {
            Instant expires = now.plusSeconds(groupStickiness.durationSeconds());
            setCookies = new ArrayList<>(4);
            setCookies.addAll(StickyCookies.setCookies(StickyCookies.GROUP_COOKIE,
                    cookies.encode(groupSubject(groupArn), expires), expires));
        }
        TargetGroup group = snapshot.targetGroup(groupArn);
        List<Target> candidates = without(routable.routable(group), excludedTargetKeys);
        if (candidates.isEmpty()) {
            return new Selection(group, null, setCookies);
        }
        TargetGroupAttributes attributes = group.attributes();
        boolean lbCookie = attributes.stickinessEnabled() && LB_COOKIE.equals(attributes.stickinessType());
        boolean classicAppCookie = attributes.classicAppCookieStickiness();
        Target target = lbCookie || classicAppCookie ? stickyTarget(group, candidates, targetCookie, now) : null;
        if (target == null) {
            target = algorithm(attributes).choose(group, candidates, state(group.arn()), now);
        }
        if (lbCookie) {
            if (setCookies.isEmpty()) {
                setCookies = new ArrayList<>(2);
            }
            addTargetCookie(setCookies, attributes, targetSubject(group.arn(), target.key()), now);
        }
        if (classicAppCookie) {
            String value = cookies.encode(targetSubject(group.arn(), target.key()),
                    now.plusSeconds(SESSION_COOKIE_SECONDS));
            return new Selection(group, target, setCookies, new Selection.AppCookie(attributes.appCookieName(),
                    StickyCookies.classicSetCookie(attributes.stickinessCookieName(), value, 0)));
        }
        return new Selection(group, target, setCookies);
    }

    /**
     * Adds the lb_cookie naming {@code subject}: ALB's {@code AWSALB} and its CORS twin, or a Classic load balancer's
     * single cookie ({@code AWSELB}), which is a session cookie when its period is 0. A session cookie's sealed value
     * still expires, after {@link #SESSION_COOKIE_SECONDS}, since the load balancer cannot see the browser close.
     */
    private void addTargetCookie(List<String> setCookies, TargetGroupAttributes attributes, String subject,
                                 Instant now) {
        if (!attributes.classicStickinessCookie()) {
            Instant expires = now.plusSeconds(attributes.lbCookieDurationSeconds());
            setCookies.addAll(StickyCookies.setCookies(StickyCookies.TARGET_COOKIE, cookies.encode(subject, expires),
                    expires));
            return;
        }
        boolean session = attributes.stickinessSessionCookie();
        long seconds = session ? SESSION_COOKIE_SECONDS : attributes.lbCookieDurationSeconds();
        setCookies.add(StickyCookies.classicSetCookie(attributes.stickinessCookieName(),
                cookies.encode(subject, now.plusSeconds(seconds)), session ? 0 : seconds));
    }

    /** Counts a request sent to {@code target} of group {@code targetGroupArn} (least outstanding requests). */
    public void requestStarted(String targetGroupArn, Target target) {
        state(targetGroupArn).started(target);
    }

    /** Counts the end (response complete, or failure) of a request counted by {@link #requestStarted}. */
    public void requestFinished(String targetGroupArn, Target target) {
        GroupState state = states.get(targetGroupArn);
        if (state != null) {
            state.finished(target);
        }
    }

    /** Requests in flight to {@code target} of group {@code targetGroupArn}. */
    public int outstanding(String targetGroupArn, Target target) {
        GroupState state = states.get(targetGroupArn);
        return state == null ? 0 : state.outstanding(target);
    }

    /** Drops the runtime state of target groups that {@code snapshot} no longer has. */
    public void forgetRemovedGroups(ConfigSnapshot snapshot) {
        states.keySet().removeIf(arn -> snapshot.targetGroup(arn) == null);
    }

    private BalancingAlgorithm algorithm(TargetGroupAttributes attributes) {
        switch (attributes.algorithm()) {
            case "least_outstanding_requests":
                return leastOutstanding;
            case "weighted_random":
                return weightedRandom;
            default:
                return roundRobin;
        }
    }

    private GroupState state(String targetGroupArn) {
        GroupState state = states.get(targetGroupArn);
        return state != null ? state : states.computeIfAbsent(targetGroupArn, arn -> new GroupState());
    }

    /** The group a valid AWSALBTG cookie names, if the action still forwards to it with a weight above 0. */
    private String stickyGroup(Action.Forward forward, String groupCookie, Instant now) {
        if (!forward.stickiness().enabled() || groupCookie == null) {
            return null;
        }
        String subject = cookies.decode(groupCookie, now);
        if (subject == null) {
            return null;
        }
        for (Action.WeightedTargetGroup g : forward.targetGroups()) {
            if (g.weight() > 0 && subject.equals(groupSubject(g.targetGroupArn()))) {
                return g.targetGroupArn();
            }
        }
        return null;
    }

    /**
     * A group drawn in proportion to the weights; a group of weight 0 is never drawn unless every weight is 0,
     * in which case the first group is used rather than failing the request.
     */
    private String weightedGroup(Action.Forward forward) {
        List<Action.WeightedTargetGroup> groups = forward.targetGroups();
        if (groups.size() == 1) {
            return groups.get(0).targetGroupArn();
        }
        int total = 0;
        for (Action.WeightedTargetGroup g : groups) {
            total += g.weight();
        }
        if (total == 0) {
            return groups.get(0).targetGroupArn();
        }
        int r = random.nextInt(total);
        for (Action.WeightedTargetGroup g : groups) {
            r -= g.weight();
            if (r < 0) {
                return g.targetGroupArn();
            }
        }
        throw new AssertionError("a draw below the total weight always lands in a group");
    }

    /** The candidate a valid AWSALB cookie for this group names, or null. */
    private Target stickyTarget(TargetGroup group, List<Target> candidates, String targetCookie, Instant now) {
        String subject = cookies.decode(targetCookie, now);
        String prefix = targetSubject(group.arn(), "");
        if (subject == null || !subject.startsWith(prefix)) {
            return null;
        }
        // The subject ends with the target's key, id:port or [v6]:port: compare its parts with each candidate's in
        // place, so the scan builds no string.
        int colon = subject.lastIndexOf(':');
        if (colon <= prefix.length()) {
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(subject, colon + 1, subject.length(), 10);
        } catch (NumberFormatException e) {
            return null;
        }
        int idStart = prefix.length();
        int idEnd = colon;
        if (subject.charAt(idStart) == '[' && subject.charAt(idEnd - 1) == ']') {
            idStart++;
            idEnd--;
        }
        for (Target t : candidates) {
            String id = t.id();
            if (t.port() == port && id.length() == idEnd - idStart && subject.startsWith(id, idStart)) {
                return t;
            }
        }
        return null;
    }

    private static List<Target> without(List<Target> targets, Set<String> excludedKeys) {
        if (excludedKeys.isEmpty() || targets.isEmpty()) {
            return targets;
        }
        List<Target> out = new ArrayList<>(targets.size());
        for (Target t : targets) {
            if (!excludedKeys.contains(t.key())) {
                out.add(t);
            }
        }
        return out;
    }

    private static String groupSubject(String groupArn) {
        return "g|" + groupArn;
    }

    private static String targetSubject(String groupArn, String targetKey) {
        return "t|" + groupArn + "|" + targetKey;
    }
}
