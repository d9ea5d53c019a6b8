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

    /** Where the command prints what it does. */
    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where the command prints errors. */
    final PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
