package dev.ballast.control.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.control.error.AwsException;
import dev.ballast.control.store.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackCommandsTest {
    /** A resource type that records what the runner asks of it; Name replaces it, Size changes in place. */
    static final class Recorder implements ResourceProvisioner {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile Predicate<Map<String, Object>> failing = p -> false;

        @Override
        public Set<String> properties() {
            return Set.of("Name", "Size", "Peer");
        }

        @Override
        public Set<String> replacingProperties() {
            return Set.of("Name");
        }

        @Override
        public Provisioned create(ResourceRequest request) {
            calls.add("create " + request.logicalId() + " " + request.properties());
            if (failing.test(request.properties())) {
                throw new IllegalArgumentException("Size: " + request.property("Size") + " (expected: small)");
            }
            return new Provisioned("id-" + request.logicalId() + "-" + request.properties().get("Name"),
                    Map.of("Upper", String.valueOf(request.properties().get("Name")).toUpperCase()));
        }

        @Override
        public Provisioned update(ResourceRequest request, StackResourceEntry current) {
            calls.add("update " + request.logicalId() + " " + request.properties());
            if (failing.test(request.properties())) {
                throw new AwsException(dev.ballast.control.error.AwsError.VALIDATION_ERROR, "Size: "
                        + request.property("Size") + " (expected: small)");
            }
            return new Provisioned(current.physicalId(), current.attributes());
        }

        @Override
        public void delete(StackResourceEntry current) {
            calls.add("delete " + current.physicalId());
        }
    }

    @TempDir
    Path dir;
    private SqliteStore store;
    private StackCommands stacks;
    private final Recorder recorder = new Recorder();

    private static final String TEMPLATE = """
            Parameters:
              Size: {Type: String, Default: small}
            Resources:
              Second:
                Type: Test::Thing
                Properties: {Name: b, Size: !Ref Size, Peer: !GetAtt First.Upper}
              First:
                Type: Test::Thing
                Properties: {Name: a}
              Role:
                Type: AWS::IAM::Role
            Outputs:
              Peer: {Value: !Ref Second, Export: {Name: !Sub '${AWS::StackName}-peer'}}
            """;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir);
        stacks = commands();
    }

    private StackCommands commands() {
        SplittableRandom random = new SplittableRandom(7);
        return new StackCommands(StackWriter.open(store), new ResourceTypes("us-east-1", "123456789012", random)
                .add("Test::Thing", recorder), "us-east-1", "123456789012", Clock.systemUTC(), random);
    }

    @AfterEach
    void close() {
        stacks.close();
        store.close();
    }

    private StackEntry awaitSettled(String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        StackEntry s = stacks.describe(name);
        while (!s.settled()) {
            assertThat(System.nanoTime()).as("stack %s settles", name).isLessThan(deadline);
            Thread.onSpinWait();
            s = stacks.describe(name);
        }
        return s;
    }

    private static List<String> events(StackEntry s) {
        return s.events().stream().map(e -> e.logicalId() + " " + e.status()).toList();
    }

    @Test
    void createsInDependencyOrderWithEventsOutputsAndExports() {
        String id = stacks.create(new StackCommands.Create("web", TEMPLATE, Map.of(), false));
        StackEntry s = awaitSettled(id);
        assertThat(s.status()).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(recorder.calls).containsExactly("create First {Name=a}",
                "create Second {Name=b, Size=small, Peer=A}");
        assertThat(s.resource("Second").physicalId()).isEqualTo("id-Second-b");
        assertThat(s.resource("Role").statusReason()).contains("has no effect in Ballast");
        assertThat(s.outputs()).containsExactly(new StackOutput("Peer", "id-Second-b", null, "web-peer"));
        assertThat(stacks.exportValue("web-peer")).isEqualTo("id-Second-b");
        assertThat(events(s)).startsWith("web CREATE_IN_PROGRESS", "First CREATE_IN_PROGRESS")
                .endsWith("Role CREATE_COMPLETE", "web CREATE_COMPLETE");
    }

    @Test
    void aFailedResourceRollsBackWhatWasCreatedAndSaysWhy() {
        recorder.failing = p -> "huge".equals(p.get("Size"));
        String id = stacks.create(new StackCommands.Create("web", TEMPLATE, Map.of("Size", "huge"), false));
        StackEntry s = awaitSettled(id);
        assertThat(s.status()).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertThat(recorder.calls).containsExactly("create First {Name=a}",
                "create Second {Name=b, Size=huge, Peer=A}", "delete id-First-a");
        assertThat(s.events()).anySatisfy(e -> {
            assertThat(e.logicalId()).isEqualTo("Second");
            assertThat(e.status()).isEqualTo(StackStatus.CREATE_FAILED);
            assertThat(e.reason()).contains("Size: huge (expected: small)");
        });
        assertThat(s.events()).anySatisfy(e -> assertThat(e.reason())
                .isEqualTo("The following resource(s) failed to create: [Second]. Rollback requested by user."));
        assertThatThrownBy(() -> stacks.update(new StackCommands.Update("web", TEMPLATE, false, Map.of(), Set.of())))
                .hasMessageContaining("is in ROLLBACK_COMPLETE state and can not be updated.");
    }

    @Test
    void anOutputThatCannotBeEvaluatedRollsTheStackBack() {
        String template = TEMPLATE.replace("Value: !Ref Second,", "Value: !GetAtt Second.Colour,");
        StackEntry s = awaitSettled(stacks.create(new StackCommands.Create("web", template, Map.of(), false)));
        assertThat(s.status()).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertThat(recorder.calls).contains("delete id-Second-b", "delete id-First-a");
        assertThat(s.events()).anySatisfy(e -> assertThat(e.reason()).isEqualTo("Template error: resource Second "
                + "does not support attribute type Colour in Fn::GetAtt. Rollback requested by user."));
    }

    @Test
    void updatesInPlaceReplacesAndRemovesAsADiff() {
        awaitSettled(stacks.create(new StackCommands.Create("web", TEMPLATE, Map.of(), false)));
        recorder.calls.clear();
        String changed = TEMPLATE.replace("{Name: a}", "{Name: a2}").replace("  Role:\n    Type: AWS::IAM::Role\n", "");
        stacks.update(new StackCommands.Update("web", changed, false, Map.of("Size", "medium"), Set.of()));
        StackEntry s = awaitSettled("web");
        assertThat(s.status()).isEqualTo(StackStatus.UPDATE_COMPLETE);
        // First's Name replaces it (created new, old deleted in cleanup); Second changes in place (its Size and the
        // Peer attribute of the new First).
        assertThat(recorder.calls).containsExactly("create First {Name=a2}",
                "update Second {Name=b, Size=medium, Peer=A2}", "delete id-First-a");
        assertThat(s.resource("First").physicalId()).isEqualTo("id-First-a2");
        assertThat(s.resource("Role")).isNull();
        assertThat(s.parameters()).containsEntry("Size", "medium");
        assertThatThrownBy(() -> stacks.update(new StackCommands.Update("web", null, true, Map.of(),
                Set.of("Size")))).hasMessage("No updates are to be performed.");
    }

    @Test
    void aFailedUpdateIsRolledBack() {
        awaitSettled(stacks.create(new StackCommands.Create("web", TEMPLATE, Map.of(), false)));
        recorder.calls.clear();
        recorder.failing = p -> "huge".equals(p.get("Size"));
        stacks.update(new StackCommands.Update("web", null, true, Map.of("Size", "huge"), Set.of()));
        StackEntry s = awaitSettled("web");
        assertThat(s.status()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
        assertThat(recorder.calls).containsExactly("update Second {Name=b, Size=huge, Peer=A}",
                "update Second {Name=b, Size=small, Peer=A}");
        assertThat(s.parameters()).isEmpty();
        assertThat(events(s)).contains("Second UPDATE_FAILED", "web UPDATE_ROLLBACK_IN_PROGRESS");
    }

    @Test
    void deletesInReverseOrderAndKeepsTheDeletedStackById() {
        String id = stacks.create(new StackCommands.Create("web", TEMPLATE, Map.of(), false));
        awaitSettled(id);
        recorder.calls.clear();
        stacks.delete("web");
        StackEntry s = awaitSettled(id);
        assertThat(s.status()).isEqualTo(StackStatus.DELETE_COMPLETE);
        assertThat(recorder.calls).containsExactly("delete id-Second-b", "delete id-First-a");
        assertThatThrownBy(() -> stacks.describe("web")).hasMessage("Stack with id web does not exist");
        assertThat(stacks.all()).extracting(StackEntry::status).containsExactly(StackStatus.DELETE_COMPLETE);
        stacks.delete("web");
    }

    @Test
    void stacksAreStoredAndBadInputStoresNothing() {
        String id = stacks.create(new StackCommands.Create("web", TEMPLATE, Map.of(), false));
        awaitSettled(id);
        assertThatThrownBy(() -> stacks.create(new StackCommands.Create("web", TEMPLATE, Map.of(), false)))
                .hasMessage("Stack [web] already exists");
        assertThatThrownBy(() -> stacks.create(new StackCommands.Create("other",
                "Resources: {A: {Type: 'AWS::SQS::Queue'}}", Map.of(), false)))
                .hasMessage("Template format error: Unrecognized resource types: [AWS::SQS::Queue]");
        assertThatThrownBy(() -> stacks.create(new StackCommands.Create("bad name", TEMPLATE, Map.of(), false)))
                .hasMessageContaining("Value 'bad name' at 'stackName' failed to satisfy constraint");
        assertThatThrownBy(() -> stacks.create(new StackCommands.Create("other",
                "Resources: {A: {Type: 'Test::Thing', Properties: {Colour: red}}}", Map.of(), false)))
                .hasMessageStartingWith("Properties validation failed for resource A with message: #: extraneous "
                        + "key [Colour] is not permitted");
        stacks.close();
        stacks = commands();
        assertThat(stacks.all()).extracting(StackEntry::stackName).containsExactly("web");
        assertThat(stacks.describe("web").resources()).hasSize(3);
    }
}
