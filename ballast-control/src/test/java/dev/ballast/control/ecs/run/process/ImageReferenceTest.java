package dev.ballast.control.ecs.run.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    @Test
    void theRepositoryHasNoTagDigestOrDockerHubPrefix() {
        assertThat(ImageReference.repository("tutum/hello-world")).isEqualTo("tutum/hello-world");
        assertThat(ImageReference.repository("tutum/hello-world:latest")).isEqualTo("tutum/hello-world");
        assertThat(ImageReference.repository("docker.io/ballast/hello:1.2")).isEqualTo("ballast/hello");
        assertThat(ImageReference.repository("ballast/hello@sha256:abcd")).isEqualTo("ballast/hello");
        assertThat(ImageReference.repository("registry:5000/team/app")).isEqualTo("registry:5000/team/app");
        assertThat(ImageReference.repository("registry:5000/team/app:v1")).isEqualTo("registry:5000/team/app");
    }
}
