package dev.ballast.control.ecs.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.ecs.EcsContainerDefinition;
import dev.ballast.control.ecs.EcsPlacement;
import dev.ballast.control.ecs.EcsPlacementConstraint;
import dev.ballast.control.ecs.EcsPlacementStrategy;
import dev.ballast.control.ecs.EcsTaskDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The placement decision on many node/task combinations, pure and without a cluster: the default spread, spread by
 * instance and by attribute, binpack on cpu and memory, random (seeded), strategies as tie-breakers in order,
 * memberOf and distinctInstance constraints, capacity, and the closest node named when none fits.
 */
class PlacerTest {
    private static final TaskNeeds SMALL = new TaskNeeds("service:web", 256, 512);

    /** A mutable node for a test to set up; {@link #load()} freezes it. */
    private static final class Node {
        final String name;
        final Map<String, String> attributes = new LinkedHashMap<>();
        int cpu = 2048;
        int memory = 4096;
        int cpuUsed;
        int memoryUsed;
        int groupTasks;
        int allTasks;
        final Set<String> groups = new java.util.HashSet<>();

        Node(String name, String zone) {
            this.name = name;
            attributes.put("ecs.availability-zone", zone);
        }

        Node attribute(String key, String value) {
            attributes.put(key, value);
            return this;
        }

        Node capacity(int c, int m) {
            cpu = c;
            memory = m;
            return this;
        }

        /** {@code n} tasks of {@code group}, each taking {@code needs}. */
        Node running(int n, String group, TaskNeeds needs) {
            cpuUsed += n * needs.cpu();
            memoryUsed += n * needs.memory();
            allTasks += n;
            if (group.equals(SMALL.group())) {
                groupTasks += n;
            }
            groups.add(group);
            return this;
        }

        NodeLoad load() {
            return new NodeLoad(name, "i-" + name, attributes, cpu, memory, cpuUsed, memoryUsed, groupTasks, allTasks,
                    groups);
        }
    }

    private static List<NodeLoad> loads(Node... nodes) {
        return java.util.Arrays.stream(nodes).map(Node::load).toList();
    }

    private static EcsPlacement strategies(String... typeField) {
        List<EcsPlacementStrategy> out = new ArrayList<>();
        for (String s : typeField) {
            String[] parts = s.split("=", 2);
            out.add(new EcsPlacementStrategy(parts[0], parts.length == 2 ? parts[1] : null));
        }
        return new EcsPlacement(List.of(), out);
    }

    private static EcsPlacement constraints(EcsPlacementConstraint... constraints) {
        return new EcsPlacement(List.of(constraints), List.of());
    }

    private static String place(List<NodeLoad> nodes, TaskNeeds needs, EcsPlacement placement) {
        PlacementDecision d = Placer.place(nodes, needs, placement, new SplittableRandom(7));
        return d.placed() ? d.node() : "none: " + d.unmet();
    }

    /** Places {@code count} tasks one after another, each counted on its node for the next. */
    private static List<String> placeMany(int count, TaskNeeds needs, EcsPlacement placement, Node... nodes) {
        Map<String, Node> byName = new HashMap<>();
        for (Node n : nodes) {
            byName.put(n.name, n);
        }
        List<String> out = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < count; i++) {
            PlacementDecision d = Placer.place(loads(nodes), needs, placement, random);
            out.add(d.placed() ? d.node() : "none");
            if (d.placed()) {
                byName.get(d.node()).running(1, needs.group(), needs);
            }
        }
        return out;
    }

    @Test
    void theDefaultSpreadsOnePerNodeThenFewestTasksThenName() {
        assertThat(placeMany(5, SMALL, EcsPlacement.NONE, new Node("n1", "us-east-1a"), new Node("n2", "us-east-1a"),
                new Node("n3", "us-east-1b"))).containsExactly("n1", "n2", "n3", "n1", "n2");
        // the group's tasks first, then all tasks: n2 holds another service's tasks
        Node n1 = new Node("n1", "us-east-1a").running(1, SMALL.group(), SMALL);
        Node n2 = new Node("n2", "us-east-1a").running(3, "service:api", SMALL);
        Node n3 = new Node("n3", "us-east-1a");
        assertThat(place(loads(n1, n2, n3), SMALL, EcsPlacement.NONE)).isEqualTo("n3");
        assertThat(place(loads(n1, n2), SMALL, EcsPlacement.NONE)).isEqualTo("n2");
    }

    @Test
    void spreadByZoneBalancesTheZonesNotTheNodes() {
        // two nodes in us-east-1a, one in us-east-1b: the zones take 2 and 2 of 4, so n3 (alone in b) takes 2
        assertThat(placeMany(4, SMALL, strategies("spread=attribute:ecs.availability-zone"),
                new Node("n1", "us-east-1a"), new Node("n2", "us-east-1a"), new Node("n3", "us-east-1b")))
                .containsExactly("n1", "n3", "n2", "n3");
        // spread by instanceId over the same nodes: one each first
        assertThat(placeMany(3, SMALL, strategies("spread=instanceId"), new Node("n1", "us-east-1a"),
                new Node("n2", "us-east-1a"), new Node("n3", "us-east-1b"))).containsExactly("n1", "n2", "n3");
        assertThat(placeMany(3, SMALL, strategies("spread=host"), new Node("n1", "us-east-1a"),
                new Node("n2", "us-east-1a"), new Node("n3", "us-east-1b"))).containsExactly("n1", "n2", "n3");
    }

    @Test
    void spreadByACustomAttributeCountsNodesWithoutItAsOneValue() {
        Node blue = new Node("n1", "us-east-1a").attribute("stage", "blue");
        Node green = new Node("n2", "us-east-1a").attribute("stage", "green");
        Node none1 = new Node("n3", "us-east-1a");
        Node none2 = new Node("n4", "us-east-1a");
        assertThat(placeMany(6, SMALL, strategies("spread=attribute:stage"), blue, green, none1, none2))
                .containsExactly("n1", "n2", "n3", "n4", "n1", "n2");
    }

    @Test
    void binpackFillsTheNodeWithTheLeastLeftUntilItIsFull() {
        TaskNeeds half = new TaskNeeds("service:web", 512, 256);
        assertThat(placeMany(5, half, strategies("binpack=cpu"), new Node("n1", "us-east-1a").capacity(2048, 4096),
                new Node("n2", "us-east-1a").capacity(1024, 4096), new Node("n3", "us-east-1a").capacity(4096, 4096)))
                .containsExactly("n2", "n2", "n1", "n1", "n1");
        assertThat(placeMany(3, half, strategies("binpack=memory"), new Node("n1", "us-east-1a").capacity(4096, 512),
                new Node("n2", "us-east-1a").capacity(4096, 1024))).containsExactly("n1", "n1", "n2");
        // binpack, then spread by zone among the equally packed
        assertThat(place(loads(new Node("n1", "us-east-1a").running(1, SMALL.group(), SMALL),
                new Node("n2", "us-east-1b")), SMALL, strategies("binpack=memory", "spread=instanceId")))
                .isEqualTo("n1");
    }

    @Test
    void strategiesBreakTiesInOrder() {
        // zones a (n1, n2) and b (n3): spread by zone picks a; of n1 and n2, binpack on cpu picks the fuller n2
        Node n1 = new Node("n1", "us-east-1a");
        Node n2 = new Node("n2", "us-east-1a").running(2, "service:api", SMALL);
        Node n3 = new Node("n3", "us-east-1b").running(1, SMALL.group(), SMALL);
        assertThat(place(loads(n1, n2, n3), SMALL, strategies("spread=attribute:ecs.availability-zone",
                "binpack=cpu"))).isEqualTo("n2");
        // the other order: binpack first picks n2 (least cpu left) whatever its zone
        assertThat(place(loads(n1, n2, n3), SMALL, strategies("binpack=cpu",
                "spread=attribute:ecs.availability-zone"))).isEqualTo("n2");
        // spread by zone alone leaves n1 and n2 tied: the default tie-break (fewest tasks) picks n1
        assertThat(place(loads(n1, n2, n3), SMALL, strategies("spread=attribute:ecs.availability-zone")))
                .isEqualTo("n1");
    }

    @Test
    void randomPicksAmongTheNodesThatFitAndUsesEveryOne() {
        Node[] nodes = {new Node("n1", "us-east-1a"), new Node("n2", "us-east-1a"), new Node("n3", "us-east-1a")};
        List<String> picks = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 60; i++) {
            picks.add(Placer.place(loads(nodes), SMALL, strategies("random"), random).node());
        }
        assertThat(picks).contains("n1", "n2", "n3");
        // random never picks a node that does not fit
        Node full = new Node("n4", "us-east-1a").capacity(128, 4096);
        for (int i = 0; i < 20; i++) {
            assertThat(Placer.place(loads(nodes[0], full), SMALL, strategies("random"), random).node())
                    .isEqualTo("n1");
        }
    }

    @Test
    void memberOfKeepsOnlyTheNodesTheExpressionSelects() {
        Node n1 = new Node("n1", "us-east-1a").attribute("stage", "blue");
        Node n2 = new Node("n2", "us-east-1b").attribute("stage", "green");
        Node n3 = new Node("n3", "us-east-1b").attribute("stage", "blue");
        EcsPlacement blue = constraints(new EcsPlacementConstraint("memberOf", "attribute:stage == blue"));
        assertThat(placeMany(4, SMALL, blue, n1, n2, n3)).containsExactly("n1", "n3", "n1", "n3");
        EcsPlacement blueInB = constraints(new EcsPlacementConstraint("memberOf", "attribute:stage == blue"),
                new EcsPlacementConstraint("memberOf", "attribute:ecs.availability-zone == us-east-1b"));
        assertThat(place(loads(n1, n2, n3), SMALL, blueInB)).isEqualTo("n3");
        EcsPlacement byId = constraints(new EcsPlacementConstraint("memberOf", "ec2InstanceId in [i-n2]"));
        assertThat(place(loads(n1, n2, n3), SMALL, byId)).isEqualTo("n2");
        EcsPlacement nowhere = constraints(new EcsPlacementConstraint("memberOf", "attribute:stage == red"));
        assertThat(place(loads(n1, n2, n3), SMALL, nowhere)).isEqualTo("none: The closest matching "
                + "(container-instance i-n1) is missing an attribute required by your task.");
        // affinity: next to a task of another group
        Node api = new Node("n4", "us-east-1a").running(1, "service:api", SMALL);
        assertThat(place(loads(n1, n2, api), SMALL, constraints(new EcsPlacementConstraint("memberOf",
                "task:group == service:api")))).isEqualTo("n4");
    }

    @Test
    void distinctInstancePutsEachTaskOfTheGroupOnANodeOfItsOwn() {
        EcsPlacement distinct = constraints(new EcsPlacementConstraint("distinctInstance", null));
        assertThat(placeMany(4, SMALL, distinct, new Node("n1", "us-east-1a"), new Node("n2", "us-east-1b"),
                new Node("n3", "us-east-1c"))).containsExactly("n1", "n2", "n3", "none");
        Node n1 = new Node("n1", "us-east-1a").running(1, SMALL.group(), SMALL);
        Node n2 = new Node("n2", "us-east-1b").running(1, SMALL.group(), SMALL);
        assertThat(place(loads(n1, n2), SMALL, distinct)).isEqualTo("none: The closest matching "
                + "(container-instance i-n1) is already running a task of the group service:web (distinctInstance).");
        // tasks of other groups do not count
        Node other = new Node("n3", "us-east-1c").running(5, "service:api", SMALL);
        assertThat(place(loads(n1, n2, other), SMALL, distinct)).isEqualTo("n3");
    }

    @Test
    void aTaskIsNeverPlacedWhereItsCpuOrMemoryDoesNotFitAndTheClosestNodeSaysWhy() {
        Node tight = new Node("n1", "us-east-1a").capacity(512, 4096).running(3, "service:api", SMALL);
        Node small = new Node("n2", "us-east-1a").capacity(2048, 256);
        assertThat(place(loads(tight, small), SMALL, EcsPlacement.NONE)).isEqualTo("none: The closest matching "
                + "(container-instance i-n2) has insufficient memory available.");
        assertThat(place(loads(tight), SMALL, EcsPlacement.NONE)).isEqualTo("none: The closest matching "
                + "(container-instance i-n1) has insufficient CPU units available.");
        // the node that got furthest through the checks is the closest: n3 meets the constraint, n2 does not
        Node n2 = new Node("n2", "us-east-1a").capacity(4096, 4096);
        Node n3 = new Node("n3", "us-east-1a").attribute("gpu", "yes").capacity(128, 4096);
        assertThat(place(loads(n2, n3), SMALL, constraints(new EcsPlacementConstraint("memberOf",
                "attribute:gpu exists")))).isEqualTo("none: The closest matching (container-instance i-n3) has "
                + "insufficient CPU units available.");
        // exactly what is left fits
        Node exact = new Node("n4", "us-east-1a").capacity(512, 1024).running(1, "service:api", SMALL);
        assertThat(place(loads(exact), SMALL, EcsPlacement.NONE)).isEqualTo("n4");
        assertThat(place(List.of(), SMALL, EcsPlacement.NONE))
                .isEqualTo("none: Reason: No Container Instances were found in your cluster.");
    }

    @Test
    void aTaskReservesItsTaskLevelOrItsContainersCpuAndMemory() {
        EcsContainerDefinition web = new EcsContainerDefinition("web", "img", 128, 300, true, List.of(), List.of(),
                List.of(), List.of());
        EcsContainerDefinition side = new EcsContainerDefinition("side", "img", null, 512, true, List.of(), List.of(),
                List.of(), List.of(), 100, null, null, null);
        EcsTaskDefinition containers = new EcsTaskDefinition("f", 1, "ACTIVE", "bridge", List.of(web, side),
                List.of("EC2"), null, null, 0, null);
        assertThat(TaskResources.of("g", containers)).isEqualTo(new TaskNeeds("g", 128, 400));
        EcsTaskDefinition taskLevel = new EcsTaskDefinition("f", 2, "ACTIVE", "awsvpc", List.of(web),
                List.of("EC2"), "1 vCPU", "2 GB", 0, null);
        assertThat(TaskResources.of("g", taskLevel)).isEqualTo(new TaskNeeds("g", 1024, 2048));
        EcsTaskDefinition numbers = new EcsTaskDefinition("f", 3, "ACTIVE", "awsvpc", List.of(web),
                List.of("EC2"), "256", "512", 0, null);
        assertThat(TaskResources.of("g", numbers)).isEqualTo(new TaskNeeds("g", 256, 512));
        assertThat(TaskResources.of("g", null)).isEqualTo(new TaskNeeds("g", 0, 0));
    }
}
