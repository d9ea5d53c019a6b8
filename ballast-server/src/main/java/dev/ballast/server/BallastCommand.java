package dev.ballast.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ballast} command: parses the command line and hands over to a subcommand.
 *
 * <p>Not thread-safe; used once by {@link #main}.
 */
@Command(name = "ballast", mixinStandardHelpOptions = true, versionProvider = BallastCommand.Version.class,
        description = "Self-hosted elastic load balancer for containers.",
        subcommands = {ServerCommand.class, DemoCommand.class, ServiceCommand.class, HelloCommand.class,
            LabelsCommand.class, NodesCommand.class,
            CommandLine.HelpCommand.class})
public final class BallastCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The parser for the whole command, with every subcommand. A failure while running (e.g. a port in use) is
     * printed as one line, {@code ballast <command>: cannot start: <reason>}, with exit code 1.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new BallastCommand()).setExecutionExceptionHandler((e, commandLine, parsed) -> {
            String reason = e.getMessage() != null ? e.getMessage() : e.toString();
            commandLine.getErr().println("ballast " + commandLine.getCommandName() + ": cannot start: " + reason);
            commandLine.getErr().flush();
            return 1;
        });
    }

    /** Without a subcommand: usage error (exit code 2). */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'ballast demo'");
    }

    /** Reads the version Maven wrote into {@code ballast-version.properties}. Thread-safe (stateless). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = BallastCommand.class.getResourceAsStream("/ballast-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {
                "ballast " + properties.getProperty("version", "unknown"),
                "Java ${java.version} (${java.vendor}), ${os.name} ${os.arch}"
            };
        }
    }
}
