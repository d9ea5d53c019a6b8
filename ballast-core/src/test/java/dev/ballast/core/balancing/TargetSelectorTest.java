package dev.ballast.core.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TargetSelectorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Map<String, String> LB_COOKIE = Map.of("stickiness.enabled", "true",
            "stickiness.type", "lb_cookie", "stickiness.lb_cookie.duration_seconds", "300");

    private final List<Target> targets = Groups.targets(3);
    private final TargetGroup blue = Groups.group("blue", targets, Map.of());
    private final TargetGroup green = Groups.group("green", Groups.targets(2), Map.of());
    private final TargetGroup empty = Groups.group("empty", List.of(), Map.of());
    private final ConfigSnapshot snapshot = Groups.snapshot(blue, green, empty);
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final StickyCookies cookies = new StickyCookies(KEY, new SplittableRandom(1));
    private final TargetSelector selector = new TargetSelector(new SplittableRandom(42),
            RoutableTargets.ALL_REGISTERED, TargetWeights.UNIFORM, cookies);

    private static Action.Forward split(int blueWeight, int greenWeight, Action.GroupStickiness stickiness) {
        return new Action.Forward(List.of(new Action.WeightedTargetGroup(Groups.arn("blue"), blueWeight),
                new Action.WeightedTargetGroup(Groups.arn("green"), greenWeight)), stickiness);
    }

    /** The value of cookie {@code name} among {@code setCookies}. */
    private static String cookieValue(List<String> setCookies, String name) {
        return setCookies.stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).orElse(null);
    }

    @Test
    void roundRobinIsTheDefaultAndItsCursorSurvivesASnapshotSwap() {
        Action.Forward forward = Action.Forward.to(blue.arn());
        assertThat(selector.select(forward, snapshot, null, null, NOW).target()).isEqualTo(targets.get(0));
        assertThat(selector.select(forward, snapshot, null, null, NOW).target()).isEqualTo(targets.get(1));
        ConfigSnapshot next = new ConfigSnapshot(2, List.of(), List.of(), List.of(blue.withTargets(targets)));
        Selection third = selector.select(forward, next, null, null, NOW);
        assertThat(third.target()).isEqualTo(targets.get(2));
        assertThat(third.targetGroup()).isSameAs(next.targetGroup(blue.arn()));
        assertThat(third.setCookies()).isEmpty();
    }

    @Test
    void algorithmComesFromTheGroupAttribute() {
        TargetGroup lor = Groups.group("lor", targets,
                Map.of("load_balancing.algorithm.type", "least_outstanding_requests"));
        ConfigSnapshot s = Groups.snapshot(lor);
        Action.Forward forward = Action.Forward.to(lor.arn());
        selector.requestStarted(lor.arn(), targets.get(0));
        selector.requestStarted(lor.arn(), targets.get(2));
        for (int i = 0; i < 3; i++) {
            assertThat(selector.select(forward, s, null, null, NOW).target()).isEqualTo(targets.get(1));
        }
        assertThat(selector.outstanding(lor.arn(), targets.get(0))).isEqualTo(1);
        selector.requestFinished(lor.arn(), targets.get(0));
        selector.requestStarted(lor.arn(), targets.get(1));
        assertThat(selector.select(forward, s, null, null, NOW).target()).isEqualTo(targets.get(0));
    }

    @Test
    void weightedRandomGroupSpreadsUniformly() {
        TargetGroup wr = Groups.group("wr", targets, Map.of("load_balancing.algorithm.type", "weighted_random"));
        ConfigSnapshot s = Groups.snapshot(wr);
        Map<Target, Integer> counts = new HashMap<>();
        for (int i = 0; i < 30_000; i++) {
            counts.merge(selector.select(Action.Forward.to(wr.arn()), s, null, null, NOW).target(), 1, Integer::sum);
        }
        targets.forEach(t -> assertThat(counts.get(t) / 30_000.0).isCloseTo(1 / 3.0, within(0.02)));
    }

    @Test
    void groupWeightsSplitSeventyThirty() {
        Map<String, Integer> counts = countGroups(split(70, 30, null), 10_000);
        assertThat(counts.get(blue.arn()) / 10_000.0).isCloseTo(0.7, within(0.02));
        assertThat(counts.get(green.arn()) / 10_000.0).isCloseTo(0.3, within(0.02));
    }

    @Test
    void groupOfWeightZeroIsNeverChosen() {
        assertThat(countGroups(split(0, 1, null), 10_000)).containsOnlyKeys(green.arn());
        assertThat(countGroups(split(999, 0, null), 10_000)).containsOnlyKeys(blue.arn());
    }

    @Test
    void whenEveryWeightIsZeroTheFirstGroupIsUsed() {
        assertThat(countGroups(split(0, 0, null), 100)).containsOnlyKeys(blue.arn());
    }

    private Map<String, Integer> countGroups(Action.Forward forward, int times) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < times; i++) {
            counts.merge(selector.select(forward, snapshot, null, null, NOW).targetGroup().arn(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void groupWithoutTargetsGivesNoTarget() {
        Selection selection = selector.select(Action.Forward.to(empty.arn()), snapshot, null, null, NOW);
        assertThat(selection.targetGroup()).isEqualTo(empty);
        assertThat(selection.target()).isNull();
    }

    @Test
    void excludedTargetsAreSkippedAndWhenNoneIsLeftThereIsNoTarget() {
        Action.Forward forward = Action.Forward.to(blue.arn());
        Set<String> excluded = Set.of(targets.get(0).key(), targets.get(1).key());
        for (int i = 0; i < 5; i++) {
            assertThat(selector.select(forward, snapshot, null, null, NOW, excluded).target())
                    .isEqualTo(targets.get(2));
        }
        Set<String> all = Set.of(targets.get(0).key(), targets.get(1).key(), targets.get(2).key());
        assertThat(selector.select(forward, snapshot, null, null, NOW, all).target()).isNull();
    }

    @Test
    void onlyRoutableTargetsAreChosen() {
        RoutableTargets onlyLast = g -> g.targets().isEmpty() ? List.of() : List.of(g.targets().get(2));
        TargetSelector healthAware = new TargetSelector(new SplittableRandom(1), onlyLast);
        for (int i = 0; i < 5; i++) {
            assertThat(healthAware.select(Action.Forward.to(blue.arn()), snapshot, null, null, NOW).target())
                    .isEqualTo(targets.get(2));
        }
        TargetSelector noneRoutable = new TargetSelector(new SplittableRandom(1), g -> List.of());
        assertThat(noneRoutable.select(Action.Forward.to(blue.arn()), snapshot, null, null, NOW).target()).isNull();
    }

    @Test
    void lbCookieSticksUntilItExpires() {
        TargetGroup sticky = Groups.group("sticky", targets, LB_COOKIE);
        ConfigSnapshot s = Groups.snapshot(sticky);
        Action.Forward forward = Action.Forward.to(sticky.arn());

        Selection first = selector.select(forward, s, null, null, NOW);
        assertThat(first.setCookies()).hasSize(2);
        assertThat(first.setCookies().get(0)).startsWith("AWSALB=")
                .endsWith("; Expires=Thu, 01 Jan 2026 00:05:00 GMT; Path=/");
        assertThat(first.setCookies().get(1)).startsWith("AWSALBCORS=").endsWith("; Path=/; SameSite=None; Secure");
        String cookie = cookieValue(first.setCookies(), "AWSALB");
        assertThat(cookieValue(first.setCookies(), "AWSALBCORS")).isEqualTo(cookie);

        for (int i = 1; i < 10; i++) {
            Selection again = selector.select(forward, s, null, cookie, NOW.plusSeconds(i * 10));
            assertThat(again.target()).isEqualTo(first.target());
            assertThat(again.setCookies()).hasSize(2); // refreshed on every response, as ALB does
        }
        // past its duration the cookie no longer binds; round robin moves on and a new cookie is set
        Selection expired = selector.select(forward, s, null, cookie, NOW.plusSeconds(300));
        assertThat(expired.target()).isNotEqualTo(first.target());
        assertThat(cookieValue(expired.setCookies(), "AWSALB")).isNotEqualTo(cookie);
    }

    @Test
    void forgedOrTamperedLbCookieGetsANewChoiceAndAFreshCookie() {
        TargetGroup sticky = Groups.group("sticky", targets, LB_COOKIE);
        ConfigSnapshot s = Groups.snapshot(sticky);
        Action.Forward forward = Action.Forward.to(sticky.arn());
        Selection first = selector.select(forward, s, null, null, NOW);
        assertThat(first.target()).isEqualTo(targets.get(0));
        String genuine = cookieValue(first.setCookies(), "AWSALB");

        // sealed with another key, naming the target the cursor would not pick next
        String forged = new StickyCookies("another-key-of-exactly-32-bytes!".getBytes(StandardCharsets.US_ASCII),
                new SplittableRandom(2)).encode("t|" + sticky.arn() + "|" + targets.get(2).key(), NOW.plusSeconds(60));
        Selection afterForged = selector.select(forward, s, null, forged, NOW);
        assertThat(afterForged.target()).isEqualTo(targets.get(1));
        String fresh = cookieValue(afterForged.setCookies(), "AWSALB");
        assertThat(fresh).isNotEqualTo(forged);
        assertThat(selector.select(forward, s, null, fresh, NOW).target()).isEqualTo(targets.get(1));

        byte[] bytes = Base64.getUrlDecoder().decode(genuine);
        bytes[bytes.length - 1] ^= 0x01;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Selection afterTampered = selector.select(forward, s, null, tampered, NOW);
        assertThat(afterTampered.target()).isEqualTo(targets.get(2));
        assertThat(cookieValue(afterTampered.setCookies(), "AWSALB")).isNotEqualTo(tampered);
    }

    @Test
    void lbCookieForATargetNoLongerRoutableOrAnotherGroupIsNotHonoured() {
        TargetGroup sticky = Groups.group("sticky", targets, LB_COOKIE);
        TargetGroup other = Groups.group("other", targets, LB_COOKIE);
        ConfigSnapshot s = Groups.snapshot(sticky, other);
        Selection first = selector.select(Action.Forward.to(sticky.arn()), s, null, null, NOW);
        String cookie = cookieValue(first.setCookies(), "AWSALB");
        assertThat(first.target()).isEqualTo(targets.get(0));

        Set<String> excluded = Set.of(targets.get(0).key());
        Selection moved = selector.select(Action.Forward.to(sticky.arn()), s, null, cookie, NOW, excluded);
        assertThat(moved.target()).isNotEqualTo(targets.get(0));

        // the other group's cursor is at 0 too, so use its second pick to tell stickiness from chance
        selector.select(Action.Forward.to(other.arn()), s, null, null, NOW);
        assertThat(selector.select(Action.Forward.to(other.arn()), s, null, cookie, NOW).target())
                .isEqualTo(targets.get(1));
        assertThat(selector.select(Action.Forward.to(sticky.arn()), s, null, "forged.cookie", NOW).target())
                .isNotNull();
    }

    @Test
    void withoutStickinessNoCookieIsSetOrHonoured() {
        Selection first = selector.select(Action.Forward.to(blue.arn()), snapshot, null, null, NOW);
        String cookie = cookies
                .encode("t|" + blue.arn() + "|" + first.target().key(), NOW.plusSeconds(60));
        Selection second = selector.select(Action.Forward.to(blue.arn()), snapshot, null, cookie, NOW);
        assertThat(second.target()).isNotEqualTo(first.target());
        assertThat(second.setCookies()).isEmpty();
    }

    @Test
    void groupStickinessKeepsTheGroupUntilItExpires() {
        Action.Forward forward = split(50, 50, new Action.GroupStickiness(true, 600));
        Selection first = selector.select(forward, snapshot, null, null, NOW);
        assertThat(first.setCookies()).hasSize(2);
        assertThat(first.setCookies().get(0)).startsWith("AWSALBTG=")
                .endsWith("; Expires=Thu, 01 Jan 2026 00:10:00 GMT; Path=/");
        assertThat(first.setCookies().get(1)).startsWith("AWSALBTGCORS=")
                .endsWith("; Path=/; SameSite=None; Secure");
        String cookie = cookieValue(first.setCookies(), "AWSALBTG");

        for (int i = 0; i < 200; i++) {
            assertThat(selector.select(forward, snapshot, cookie, null, NOW.plusSeconds(599)).targetGroup())
                    .isEqualTo(first.targetGroup());
        }
        Map<String, Integer> afterExpiry = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            afterExpiry.merge(selector.select(forward, snapshot, cookie, null, NOW.plusSeconds(600))
                    .targetGroup().arn(), 1, Integer::sum);
        }
        assertThat(afterExpiry).containsOnlyKeys(blue.arn(), green.arn());
    }

    @Test
    void groupCookieForAGroupNowWeightedZeroIsNotHonoured() {
        Action.GroupStickiness on = new Action.GroupStickiness(true, 600);
        Selection first = selector.select(split(1, 0, on), snapshot, null, null, NOW);
        assertThat(first.targetGroup()).isEqualTo(blue);
        String cookie = cookieValue(first.setCookies(), "AWSALBTG");
        for (int i = 0; i < 50; i++) {
            assertThat(selector.select(split(0, 1, on), snapshot, cookie, null, NOW).targetGroup()).isEqualTo(green);
        }
    }

    @Test
    void bothStickinessKindsTogether() {
        TargetGroup stickyBlue = Groups.group("blue", targets, LB_COOKIE);
        ConfigSnapshot s = Groups.snapshot(stickyBlue, green);
        Action.Forward forward = split(1, 1, new Action.GroupStickiness(true, 600));
        Selection first;
        do {
            first = selector.select(forward, s, null, null, NOW);
        } while (!first.targetGroup().equals(stickyBlue));
        assertThat(first.setCookies()).hasSize(4);
        String groupCookie = cookieValue(first.setCookies(), "AWSALBTG");
        String targetCookie = cookieValue(first.setCookies(), "AWSALB");
        for (int i = 0; i < 50; i++) {
            Selection again = selector.select(forward, s, groupCookie, targetCookie, NOW);
            assertThat(again.targetGroup()).isEqualTo(stickyBlue);
            assertThat(again.target()).isEqualTo(first.target());
        }
    }
}
