package dev.ballast.control.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class EngineErrorsTest {
    @Test
    void aWrapperWithoutMessageIsDescribedByItsCause() {
        RuntimeException wrapped = new RuntimeException((String) null,
                new UncheckedIOException(null, new IOException("Connection reset by peer")));
        assertThat(EngineErrors.describe(wrapped)).isEqualTo("Connection reset by peer");
    }

    @Test
    void withoutAnyMessageTheInnermostClassIsNamed() {
        RuntimeException wrapped = new RuntimeException((String) null, new IllegalStateException((String) null));
        assertThat(EngineErrors.describe(wrapped)).isEqualTo("IllegalStateException (no message)");
        assertThat(EngineErrors.describe(new IOException("engine gone"))).isEqualTo("engine gone");
    }
}
