package dev.ballast.server;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand that starts something and keeps it running until it is asked to stop (Ctrl-C, SIGTERM, or a test's
 * {@link StopSignal}).
 *
 * <p>Not thread-safe; one instance runs once.
 */
abstract class RunningCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    private final StopSignal stop;

    /** {@code stop} null means: stopped by the process's SIGINT or SIGTERM. */
    RunningCommand(StopSignal stop) {
        this.stop = stop;
    }

    /** The signal to wait for; installs the process signal handlers on first use when none was given. */
    final StopSignal stopSignal() {
        return stop != null ? stop : StopSignal.onProcessSignals();
    }

    /** True if the process's own signals drive this command (not a test's {@link StopSignal}). */
    final boolean onProcessSignals() {
        return stop == null;
    }

    /** True if the command line names {@code option} (rather than leaving it at its default). */
    final boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * How to stop the command: Ctrl-C reaches only a command in the foreground, so the line also names the
     * {@code kill} that stops it when it was started in the background ({@code &}).
     */
    final String stopHint() {
        return "Press Ctrl-C to stop (in the background: kill " + ProcessHandle.current().pid() + ").";
    }

    /** Where the command prints what it does. */
    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where the command prints errors. */
    final PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
