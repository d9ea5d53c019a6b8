package dev.ballast.control.labels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ownership tag values: a server alone writes the short id, a cluster node its name before it. */
class LabelOwnerTest {
    @Test
    void eachProviderOwnsOnlyTheValuesItWrites() {
        LabelOwner n1 = new LabelOwner("n1");
        assertThat(LabelOwner.ALONE.tagValue("3f2a9c1b7d0e")).isEqualTo("3f2a9c1b7d0e");
        assertThat(n1.tagValue("3f2a9c1b7d0e")).isEqualTo("n1/3f2a9c1b7d0e");
        assertThat(n1.owns("n1/3f2a9c1b7d0e")).isTrue();
        assertThat(n1.owns("n2/3f2a9c1b7d0e")).isFalse();
        assertThat(n1.owns("3f2a9c1b7d0e")).isFalse();
        assertThat(LabelOwner.ALONE.owns("3f2a9c1b7d0e")).isTrue();
        assertThat(LabelOwner.ALONE.owns("n1/3f2a9c1b7d0e")).isFalse();
        assertThat(LabelOwner.nodeOf("n2/3f2a9c1b7d0e")).isEqualTo("n2");
        assertThat(LabelOwner.nodeOf("3f2a9c1b7d0e")).isNull();
    }
}
