package dev.ballast.control.labels;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An engine that does not answer is reported once per back-off step (1 line each, the delay doubling to its
 * maximum, no stack trace), and nothing is reconciled on a guess.
 */
class UnreachableEngineTest {
    @TempDir
    Path dir;

    @Test
    void unreachableEngineIsReportedOncePerBackoffStepWithoutStackTraces() {
        Path socket = dir.resolve("no-engine.sock");
        assertThat(Files.exists(socket)).isFalse();
        Logger logger = (Logger) LoggerFactory.getLogger(DockerLabelsProvider.class);
        Lines lines = new Lines();
        lines.start();
        logger.addAppender(lines);
        DockerLabelsProvider.Timings timings = new DockerLabelsProvider.Timings(Duration.ofSeconds(30),
                Duration.ofMillis(50), Duration.ofMillis(200));
        // No ELB or Classic control: reaching a reconcile without an engine would fail the test with an NPE log.
        try (DockerLabelsProvider provider = DockerLabelsProvider.start("unix://" + socket, null, null, null,
                timings)) {
            Instant deadline = Instant.now().plusSeconds(30);
            while (warnings(lines).size() < 5) {
                assertThat(Instant.now()).as("five reports within 30 s: %s", warnings(lines)).isBefore(deadline);
                LockSupport.parkNanos(10_000_000); // poll interval
            }
            assertThat(provider.engineState()).startsWith("unreachable: ");
            assertThat(provider.statuses()).isEmpty();
        } finally {
            logger.detachAppender(lines);
        }
        List<ILoggingEvent> reports = warnings(lines).subList(0, 5);
        assertThat(reports).extracting(ILoggingEvent::getThrowableProxy).containsOnlyNulls();
        assertThat(reports).extracting(ILoggingEvent::getFormattedMessage).allSatisfy(line -> assertThat(line)
                .startsWith("docker-labels: Docker engine at unix://" + socket + " unreachable: ").doesNotContain("\n"));
        assertThat(reports).extracting(e -> e.getFormattedMessage().replaceAll(".*retrying in (\\d+) ms$", "$1"))
                .containsExactly("50", "100", "200", "200", "200");
        // Spaced by the back-off: 50 + 100 + 200 + 200 ms at least between the first and the fifth.
        assertThat(reports.get(4).getTimeStamp() - reports.get(0).getTimeStamp()).isGreaterThanOrEqualTo(540);
    }

    private static List<ILoggingEvent> warnings(Lines lines) {
        return lines.events.stream().filter(e -> e.getLevel().toString().equals("WARN")).toList();
    }

    /** Collects log events from any thread. */
    private static final class Lines extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }
    }
}
