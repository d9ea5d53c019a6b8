package dev.ballast.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** A long-running subcommand run on a background thread, stopped by its {@link StopSignal} as Ctrl-C would. */
final class CommandRun implements AutoCloseable {
    final StopSignal stop = new StopSignal();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final Future<Integer> exitCode;

    /** Starts {@code command} (built with {@link #stop}) with {@code args}. */
    CommandRun(java.util.function.Function<StopSignal, Object> command, String... args) {
        CommandLine commandLine = new CommandLine(command.apply(stop));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        exitCode = thread.submit(() -> commandLine.execute(args));
    }

    /** Stops the command as Ctrl-C does and returns its exit code. */
    int stop() throws Exception {
        stop.trigger();
        return exitCode.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        stop.trigger();
        thread.shutdown();
    }
}
