package dev.ballast.control.ecs.run.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a container's output (stdout and stderr, interleaved as they arrive) into its log file by following the
 * engine's log stream from the container's first line. The file is rewritten from the start each time following
 * begins (after a restart too), since the engine keeps the container's whole log until the container is removed;
 * it stays after the container is removed.
 *
 * <p>Threading: docker-java's stream thread writes the file; {@link #awaitEnd} and {@link #close} may be called
 * from any thread.
 */
final class ContainerLogFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ContainerLogFollower.class);

    private final Path file;
    private final OutputStream out;
    private final ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
        @Override
        public void onNext(Frame frame) {
            try {
                out.write(frame.getPayload());
                out.flush();
            } catch (IOException e) {
                log.warn("cannot write {}: {}", file, e.toString());
            }
        }

        @Override
        public void onComplete() {
            closeFile();
            super.onComplete();
        }

        @Override
        public void onError(Throwable throwable) {
            // Not super.onError: it logs at ERROR, also when close() ended the stream on purpose.
            log.debug("log stream of {} ended: {}", file, throwable.toString());
            closeFile();
            super.onComplete();
        }
    };

    private ContainerLogFollower(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /** Starts copying the output of container {@code containerId} into {@code file}. */
    static ContainerLogFollower follow(DockerClient docker, String containerId, Path file) {
        OutputStream out;
        try {
            Files.createDirectories(file.getParent());
            out = Files.newOutputStream(file); // truncates: the stream replays the whole log
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ContainerLogFollower follower = new ContainerLogFollower(file, out);
        docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true).withTailAll()
                .exec(follower.callback);
        return follower;
    }

    private void closeFile() {
        try {
            out.close(); // idempotent
        } catch (IOException e) {
            log.warn("cannot close {}: {}", file, e.toString());
        }
    }

    /** Waits up to {@code timeout} for the stream to end (it ends when the container has exited). */
    void awaitEnd(Duration timeout) {
        try {
            callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("log stream ended with {}", e.toString());
        }
    }

    /** Stops following (the container keeps running). */
    @Override
    public void close() {
        try {
            callback.close();
        } catch (IOException e) {
            log.debug("closing a log stream: {}", e.toString());
        }
        closeFile();
    }
}
