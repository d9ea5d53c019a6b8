package dev.ballast.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * A short {@code ballast <args>} command (e.g. {@code ballast service create ...}) run in this JVM through the real
 * command line, as a user types it; for commands that end by themselves.
 *
 * <p>Thread-safe (stateless): each run has its own command line and output.
 */
public final class BallastCli {
    private BallastCli() {}

    /** What one run printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /** Runs {@code ballast args...} and returns once it has ended. */
    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BallastCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
