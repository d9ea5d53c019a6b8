package dev.ballast.control.ecs.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.cluster.ClusterMember;
import dev.ballast.control.cluster.Membership;
import dev.ballast.control.ecs.EcsPlacement;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.EcsWriter;
import dev.ballast.control.store.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Placing tasks on cluster nodes and giving up the tasks of nodes that left, on a real ECS writer and store with a
 * membership the test sets and a clock it moves: tasks spread one per node (then by group), RunTask's unplaced tasks
 * are placed, and a node missing for the grace period has its tasks recorded STOPPED with the reason, not before.
 */
class ClusterPlacementTest {
    private static final ClusterMember N1 = new ClusterMember("n1", "127.0.1.1", "i-00000000000000001");
    private static final ClusterMember N2 = new ClusterMember("n2", "127.0.1.2", "i-00000000000000002");
    private static final ClusterMember N3 = new ClusterMember("n3", "127.0.1.3", "i-00000000000000003");

    @TempDir
    Path dir;

    /** A membership whose live nodes the test sets. */
    static final class Members implements Membership {
        final List<ClusterMember> live = new CopyOnWriteArrayList<>(List.of(N1, N2, N3));

        @Override
        public ClusterMember self() {
            return N1;
        }

        @Override
        public List<ClusterMember> live() {
            return List.copyOf(live);
        }

        @Override
        public void onChange(Runnable listener) {
            // the test calls the passes itself
        }
    }

    private static EcsTask task(String id, String group, ClusterMember node, String lastStatus) {
        return new EcsTask("default", id, "web:1", group, null, null, null, "EC2", EcsTask.RUNNING, lastStatus,
                "UNKNOWN", List.of(), List.of(), null, null, "process", null, null, null, List.of(), 1, null, null,
                null, 1, node);
    }

    private static EcsState state(EcsTask... tasks) {
        Map<String, EcsTask> byKey = new java.util.LinkedHashMap<>();
        for (EcsTask t : tasks) {
            byKey.put(t.key(), t);
        }
        return new EcsState(1, Map.of(), Map.of(), Map.of(), byKey);
    }

    @Test
    void tasksSpreadOnePerNodeThenByGroupAndNoNodeWhenAlone() {
        TaskPlacement spread = new TaskPlacement(new Members(), new SplittableRandom(1));
        List<EcsTask> placed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ClusterMember node = spread.place(state(), "default", "service:web", null, EcsPlacement.NONE, placed)
                    .node();
            placed.add(task("t" + i, "service:web", node, "PROVISIONING"));
        }
        assertThat(placed).extracting(t -> t.node().name()).containsExactly("n1", "n2", "n3");

        // n1 and n2 hold a task of another service: web's next task goes where web has fewest, then fewest overall
        EcsState busy = state(task("a", "service:api", N1, "RUNNING"), task("b", "service:api", N2, "RUNNING"),
                task("w1", "service:web", N3, "RUNNING"));
        assertThat(spread.place(busy, "default", "service:web", null, EcsPlacement.NONE, List.of()).node().name())
                .isEqualTo("n1");
        // a stopped task takes no room
        EcsState stopped = state(task("x", "service:web", N1, "STOPPED"), task("y", "service:web", N2, "RUNNING"),
                task("z", "service:web", N3, "RUNNING"));
        assertThat(spread.place(stopped, "default", "service:web", null, EcsPlacement.NONE, List.of()).node().name())
                .isEqualTo("n1");

        assertThat(new TaskPlacement(null, new SplittableRandom(1)).place(busy, "default", "service:web", null,
                EcsPlacement.NONE, List.of()).node()).isNull();
    }

    @Test
    void unplacedTasksArePlacedAndTheTasksOfANodeMissingForTheGracePeriodAreStopped() {
        Members members = new Members();
        MutableClock clock = new MutableClock();
        try (SqliteStore store = SqliteStore.open(dir.resolve("ecs"))) {
            EcsWriter writer = EcsWriter.open(store);
            writer.write(d -> {
                d.tasks().put("default/r1", task("r1", "family:web", null, "PROVISIONING"));
                d.tasks().put("default/r2", task("r2", "family:web", null, "PROVISIONING"));
                d.tasks().put("default/r3", task("r3", "family:web", null, "PROVISIONING"));
                return null;
            });
            TaskPlacement spread = new TaskPlacement(members, new SplittableRandom(1));
            new UnplacedTasks(writer, spread).reconcile(writer.state());
            assertThat(writer.state().tasks().values()).extracting(t -> t.node().name())
                    .containsExactly("n1", "n2", "n3");

            LostNodeTasks lost = new LostNodeTasks(writer, members, Duration.ofSeconds(3), clock);
            members.live.remove(N3);
            lost.reconcile(writer.state());
            clock.advance(Duration.ofMillis(2999));
            lost.reconcile(writer.state());
            assertThat(writer.state().tasks().get("default/r3").lastStatus()).as("within the grace period")
                    .isEqualTo("PROVISIONING");

            clock.advance(Duration.ofMillis(1));
            lost.reconcile(writer.state());
            EcsTask r3 = writer.state().tasks().get("default/r3");
            assertThat(r3.lastStatus()).isEqualTo("STOPPED");
            assertThat(r3.desiredStatus()).isEqualTo("STOPPED");
            assertThat(r3.stopCode()).isEqualTo("TerminationNotice");
            assertThat(r3.stoppedReason()).isEqualTo("Task stopped because the node n3 (instance "
                    + "i-00000000000000003, 127.0.1.3) left the cluster");
            assertThat(r3.stoppedAt()).isEqualTo(clock.millis());
            assertThat(LostNodeTasks.isLost(r3)).isTrue();
            assertThat(writer.state().tasks().get("default/r1").lastStatus()).isEqualTo("PROVISIONING");
            assertThat(writer.state().tasks().get("default/r2").lastStatus()).isEqualTo("PROVISIONING");
        }
    }

    @Test
    void aLeaderWhoseOwnViewLacksItselfJudgesNobody() {
        Members members = new Members();
        MutableClock clock = new MutableClock();
        try (SqliteStore store = SqliteStore.open(dir.resolve("ecs"))) {
            EcsWriter writer = EcsWriter.open(store);
            writer.write(d -> d.tasks().put("default/t2", task("t2", "service:web", N2, "RUNNING")));
            LostNodeTasks lost = new LostNodeTasks(writer, members, Duration.ZERO, clock);
            members.live.clear(); // cut off: it sees no node, itself included
            lost.reconcile(writer.state());
            clock.advance(Duration.ofSeconds(10));
            lost.reconcile(writer.state());
            assertThat(writer.state().tasks().get("default/t2").lastStatus()).isEqualTo("RUNNING");
        }
    }
}
