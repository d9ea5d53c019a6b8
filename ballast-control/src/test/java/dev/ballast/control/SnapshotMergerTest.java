package dev.ballast.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.SnapshotConsumer;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.validation.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotMergerTest {
    private static ConfigSnapshot part(String name, long revision, int port) {
        LoadBalancer lb = new LoadBalancer("lb-" + name, name, LoadBalancerType.APPLICATION, Scheme.INTERNAL, null,
                "127.0.0.1", null);
        TargetGroup tg = new TargetGroup("tg-" + name, name, Protocol.HTTP, 80, null,
                HealthCheck.defaultsFor(Protocol.HTTP, LoadBalancerType.APPLICATION), null, List.of());
        return new ConfigSnapshot(revision, List.of(lb), List.of(new Listener("l-" + name, lb.arn(), Protocol.HTTP,
                port, Action.Forward.to(tg.arn()))), List.of(tg));
    }

    @Test
    void publishesTheUnionAndKeepsAPartThatCannotJoin() {
        ConfigPublisher publisher = new ConfigPublisher();
        List<ConfigSnapshot> served = new ArrayList<>();
        publisher.subscribe((SnapshotConsumer) served::add);
        SnapshotMerger merger = new SnapshotMerger(publisher);
        SnapshotConsumer elbv2 = merger.source("elbv2");
        SnapshotConsumer classic = merger.source("classic");

        elbv2.apply(part("a", 2, 8080));
        classic.apply(part("b", 1, 8081));
        assertThat(publisher.current().revision()).isEqualTo(3);
        assertThat(publisher.current().listeners()).containsOnlyKeys("l-a", "l-b");

        // The same address and port in both parts: refused, and the classic part stays as it was.
        assertThatThrownBy(() -> classic.apply(part("c", 2, 8080))).isInstanceOf(ValidationException.class);
        assertThat(publisher.current().listeners()).containsOnlyKeys("l-a", "l-b");
        elbv2.apply(part("a", 3, 8082));
        assertThat(publisher.current().listeners()).containsOnlyKeys("l-a", "l-b");
        assertThat(publisher.current().revision()).isEqualTo(4);
        assertThat(served).extracting(ConfigSnapshot::revision).containsExactly(0L, 2L, 3L, 4L);
    }
}
