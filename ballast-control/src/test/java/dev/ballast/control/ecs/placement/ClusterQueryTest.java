package dev.ballast.control.ecs.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ECS's cluster query language on Ballast's nodes: each operator and subject, and/or/not with ECS's precedence,
 * quoting, and the messages of expressions that cannot be parsed.
 */
class ClusterQueryTest {
    private static final NodeFacts A = new NodeFacts("i-0000000000000000a",
            Map.of("ecs.availability-zone", "us-east-1a", "ecs.instance-type", "t2.small", "stage", "blue"),
            Set.of("service:web"), 2);
    private static final NodeFacts B = new NodeFacts("i-0000000000000000b",
            Map.of("ecs.availability-zone", "us-east-1b", "ecs.instance-type", "m5.large"), Set.of(), 0);
    private static final NodeFacts C = new NodeFacts("i-0000000000000000c",
            Map.of("ecs.availability-zone", "us-east-1c", "ecs.instance-type", "t2.micro", "stage", "green"),
            Set.of("service:api", "family:batch"), 5);

    /** The nodes of A, B, C that {@code expression} selects, by their last letter. */
    private static String selected(String expression) {
        NodeQuery q = ClusterQuery.parse(expression);
        StringBuilder out = new StringBuilder();
        for (NodeFacts n : List.of(A, B, C)) {
            if (q.matches(n)) {
                out.append(n.instanceId().charAt(n.instanceId().length() - 1));
            }
        }
        return out.toString();
    }

    @Test
    void operatorsOnAttributes() {
        assertThat(selected("attribute:ecs.availability-zone == us-east-1b")).isEqualTo("b");
        assertThat(selected("attribute:ecs.availability-zone equals us-east-1b")).isEqualTo("b");
        assertThat(selected("attribute:ecs.availability-zone != us-east-1b")).isEqualTo("ac");
        assertThat(selected("attribute:ecs.availability-zone not_equals us-east-1b")).isEqualTo("ac");
        assertThat(selected("attribute:ecs.availability-zone in [us-east-1a, us-east-1c]")).isEqualTo("ac");
        assertThat(selected("attribute:ecs.availability-zone not_in [us-east-1a,us-east-1c]")).isEqualTo("b");
        assertThat(selected("attribute:ecs.availability-zone !in ['us-east-1a']")).isEqualTo("bc");
        assertThat(selected("attribute:stage exists")).isEqualTo("ac");
        assertThat(selected("attribute:stage !exists")).isEqualTo("b");
        assertThat(selected("attribute:stage not_exists")).isEqualTo("b");
        assertThat(selected("attribute:ecs.instance-type =~ t2.*")).isEqualTo("ac");
        assertThat(selected("attribute:ecs.instance-type matches t2\\..*")).isEqualTo("ac");
        assertThat(selected("attribute:ecs.instance-type !~ t2.*")).isEqualTo("b");
        // an attribute a node lacks is not equal to anything, and in no list
        assertThat(selected("attribute:stage != blue")).isEqualTo("bc");
        assertThat(selected("attribute:stage in [blue, green]")).isEqualTo("ac");
    }

    @Test
    void instanceIdsTaskGroupsAndTaskCounts() {
        assertThat(selected("ec2InstanceId == i-0000000000000000b")).isEqualTo("b");
        assertThat(selected("ec2InstanceId in ['i-0000000000000000a', \"i-0000000000000000c\"]")).isEqualTo("ac");
        assertThat(selected("task:group == service:web")).isEqualTo("a");
        assertThat(selected("task:group != service:web")).isEqualTo("bc");
        assertThat(selected("task:group =~ family:.*")).isEqualTo("c");
        assertThat(selected("runningTasksCount == 0")).isEqualTo("b");
        assertThat(selected("runningTasksCount > 1")).isEqualTo("ac");
        assertThat(selected("runningTasksCount >= 5")).isEqualTo("c");
        assertThat(selected("runningTasksCount less_than 3")).isEqualTo("ab");
        assertThat(selected("runningTasksCount <= 2")).isEqualTo("ab");
    }

    @Test
    void andBindsTighterThanOrAndNotNegates() {
        assertThat(selected("attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone != us-east-1a"))
                .isEqualTo("c");
        assertThat(selected("attribute:stage == green or attribute:ecs.availability-zone == us-east-1b && "
                + "runningTasksCount == 0")).isEqualTo("bc");
        assertThat(selected("(attribute:stage == green || attribute:ecs.availability-zone == us-east-1b) and "
                + "runningTasksCount > 0")).isEqualTo("c");
        assertThat(selected("not(task:group == service:web)")).isEqualTo("bc");
        assertThat(selected("!(attribute:stage exists) or ec2InstanceId == i-0000000000000000a")).isEqualTo("ab");
        assertThat(selected("not (attribute:stage == blue and runningTasksCount > 1)")).isEqualTo("bc");
    }

    @Test
    void expressionsThatDoNotParseSayWhatWasExpectedWhere() {
        assertThatThrownBy(() -> ClusterQuery.parse("attribute:stage === blue"))
                .hasMessage("a value at character 19, not '= blue'");
        assertThatThrownBy(() -> ClusterQuery.parse("attribute:stage blue"))
                .hasMessage("an operator (==, !=, in, not_in, exists, not_exists, =~, !~, >, >=, <, <=) after "
                        + "attribute:stage at character 17, not 'blue'");
        assertThatThrownBy(() -> ClusterQuery.parse("zone == a"))
                .hasMessage("a subject (attribute:<name>, ec2InstanceId, task:group or runningTasksCount) at "
                        + "character 1, not zone");
        assertThatThrownBy(() -> ClusterQuery.parse("attribute:zone in us-east-1a"))
                .hasMessageStartingWith("a list such as [us-east-1a, us-east-1b] after in or not_in");
        assertThatThrownBy(() -> ClusterQuery.parse("attribute:zone in [a, b"))
                .hasMessage("',' or ']' at character 24, not the end");
        assertThatThrownBy(() -> ClusterQuery.parse("(attribute:zone == a"))
                .hasMessage("')' at character 21, not the end");
        assertThatThrownBy(() -> ClusterQuery.parse("attribute:zone == a b"))
                .hasMessage("'and', 'or' or the end at character 21, not 'b'");
        assertThatThrownBy(() -> ClusterQuery.parse("ec2InstanceId exists"))
                .hasMessageStartingWith("exists and not_exists with attribute:<name> only, not ec2InstanceId");
        assertThatThrownBy(() -> ClusterQuery.parse("attribute:zone > 3"))
                .hasMessage("> with runningTasksCount only, not attribute:zone");
        assertThatThrownBy(() -> ClusterQuery.parse("runningTasksCount == many"))
                .hasMessage("a whole number for runningTasksCount, not many");
        assertThatThrownBy(() -> ClusterQuery.parse("attribute:zone =~ 'us-(east'"))
                .hasMessageStartingWith("a regular expression after =~, not us-(east");
        assertThatThrownBy(() -> ClusterQuery.parse("attribute:zone == 'a")).hasMessageStartingWith("a closing '");
        assertThatThrownBy(() -> ClusterQuery.parse(" ")).hasMessageStartingWith("an expression such as");
        assertThatThrownBy(() -> ClusterQuery.parse("attribute:a == " + "b".repeat(2000)))
                .hasMessage("at most 2000 characters, not 2015");
    }
}
