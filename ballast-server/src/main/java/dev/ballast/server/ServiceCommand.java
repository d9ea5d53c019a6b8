package dev.ballast.server;

import dev.ballast.server.publish.ApiClients;
import dev.ballast.server.publish.PublishSpec;
import dev.ballast.server.publish.PublishedPort;
import dev.ballast.server.publish.ServicePublisher;
import dev.ballast.server.publish.TaskLogs;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * {@code ballast service create|ls|ps|scale|logs|rm}: Docker Swarm's service verbs on a running Ballast server,
 * through its API (see {@link ServicePublisher}).
 *
 * <p>Not thread-safe; one instance runs once.
 */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = "Runs and publishes services the way `docker service` does, on a running `ballast server`.",
        subcommands = {ServiceCommand.Create.class, ServiceCommand.Ls.class, ServiceCommand.Ps.class,
            ServiceCommand.Scale.class, ServiceCommand.Logs.class, ServiceCommand.Rm.class})
public final class ServiceCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = "--endpoint", paramLabel = "<url>", defaultValue = "http://127.0.0.1:9500",
            description = "The Ballast API (default: ${DEFAULT-VALUE}).")
    private URI endpoint;

    /** Without a verb: usage error. */
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Missing command: create, ls, ps, scale, logs or rm");
    }

    private ApiClients clients() {
        return ApiClients.connect(endpoint);
    }

    /** The shared shape of the verbs: clients of the parent's endpoint and the output. */
    abstract static class Verb implements Callable<Integer> {
        @ParentCommand
        ServiceCommand parent;
        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /**
         * Runs the verb; a refusal (the API's error code and message, or a bad argument) or an unreachable API is
         * one line on stderr and exit code 1.
         */
        @Override
        public final Integer call() throws Exception {
            String prefix = "ballast service " + spec.name() + ": ";
            try (ApiClients api = parent.clients()) {
                run(new ServicePublisher(api));
            } catch (AwsServiceException e) {
                return fail(prefix + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage());
            } catch (SdkClientException e) {
                return fail(prefix + "cannot reach the API at " + parent.endpoint + " (expected: a running `ballast "
                        + "server`, or --endpoint naming it): " + e.getMessage());
            } catch (IllegalArgumentException | IllegalStateException e) {
                return fail(prefix + e.getMessage());
            } finally {
                out().flush();
            }
            return 0;
        }

        private int fail(String line) {
            spec.commandLine().getErr().println(line);
            spec.commandLine().getErr().flush();
            return 1;
        }

        abstract void run(ServicePublisher publisher) throws Exception;
    }

    /** {@code ballast service create}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a service of --replicas tasks of IMAGE behind a load balancer listener.")
    static final class Create extends Verb {
        @Option(names = "--name", required = true, description = "The service's name.")
        String name;
        @Option(names = {"--publish", "-p"}, paramLabel = "[published:]target[/http|/tcp|/udp]", required = true,
                description = "The listener port and the container port (published port chosen from 30000-32767 "
                        + "when left out; http by default).")
        String publish;
        @Option(names = "--replicas", defaultValue = "1", description = "Tasks to run (default: ${DEFAULT-VALUE}).")
        int replicas;
        @Option(names = {"--env", "-e"}, paramLabel = "NAME=value", description = "Environment variable; repeatable.")
        List<String> env = new ArrayList<>();
        @Parameters(index = "0", paramLabel = "IMAGE", description = "tutum/hello-world, ballast/hello, or any "
                + "image the task driver can run.")
        String image;
        @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The container's command.")
        List<String> command = new ArrayList<>();

        @Override
        void run(ServicePublisher publisher) {
            Map<String, String> environment = new LinkedHashMap<>();
            for (String pair : env) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--env: " + pair + " (expected: NAME=value)");
                }
                environment.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            PublishedPort port = PublishedPort.parse(publish);
            ServicePublisher.Published published = publisher.create(PublishSpec.onIngress(name, image, replicas, port,
                    command, environment));
            out().println(published.serviceArn());
            out().println("published on port " + published.publishedPort() + " (" + port.protocol() + ") of "
                    + (port.layer4() ? PublishSpec.INGRESS_L4 : PublishSpec.INGRESS) + "; `ballast service ps "
                    + name + "` shows its tasks");
        }
    }

    /** {@code ballast service ls}. */
    @Command(name = "ls", mixinStandardHelpOptions = true, description = "Lists the services.")
    static final class Ls extends Verb {
        @Override
        void run(ServicePublisher publisher) {
            out().printf("%-24s %-9s %-28s %s%n", "NAME", "REPLICAS", "IMAGE", "PORTS");
            for (ServicePublisher.ServiceRow row : publisher.list()) {
                out().printf("%-24s %-9s %-28s %s%n", row.name(), row.running() + "/" + row.desired(), row.image(),
                        row.ports());
            }
        }
    }

    /** {@code ballast service ps}. */
    @Command(name = "ps", mixinStandardHelpOptions = true, description = "Lists a service's tasks.")
    static final class Ps extends Verb {
        @Parameters(paramLabel = "SERVICE")
        String name;

        @Override
        void run(ServicePublisher publisher) {
            out().printf("%-32s %-8s %-14s %-22s %s%n", "TASK", "DESIRED", "CURRENT", "ADDRESS", "ERROR");
            for (Task task : publisher.tasks(name)) {
                out().printf("%-32s %-8s %-14s %-22s %s%n", ServicePublisher.taskId(task),
                        task.desiredStatus(), task.lastStatus(), ServicePublisher.taskAddress(task),
                        task.stoppedReason() == null ? "" : task.stoppedReason().lines().findFirst().orElse(""));
            }
        }
    }

    /** {@code ballast service scale}. */
    @Command(name = "scale", mixinStandardHelpOptions = true, description = "Sets services' replicas: NAME=N ...")
    static final class Scale extends Verb {
        @Parameters(paramLabel = "SERVICE=REPLICAS", arity = "1..*")
        List<String> changes;

        @Override
        void run(ServicePublisher publisher) {
            for (String change : changes) {
                int eq = change.indexOf('=');
                int replicas;
                try {
                    replicas = eq > 0 ? Integer.parseInt(change.substring(eq + 1)) : -1;
                } catch (NumberFormatException e) {
                    replicas = -1;
                }
                if (replicas < 0) {
                    throw new IllegalArgumentException(change + " (expected: SERVICE=REPLICAS, e.g. web=5)");
                }
                publisher.scale(change.substring(0, eq), replicas);
                out().println(change.substring(0, eq) + " scaled to " + replicas);
            }
        }
    }

    /** {@code ballast service logs}. */
    @Command(name = "logs", mixinStandardHelpOptions = true,
            description = "Prints the output of a service's tasks, read from the server's data directory.")
    static final class Logs extends Verb {
        @Parameters(paramLabel = "SERVICE")
        String name;
        @Option(names = "--data-dir", paramLabel = "<dir>", defaultValue = "ballast-data",
                description = "The server's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Override
        void run(ServicePublisher publisher) throws Exception {
            TaskLogs logs = new TaskLogs(dataDir.resolve("tasks"));
            for (Task task : publisher.tasks(name)) {
                String id = ServicePublisher.taskId(task);
                for (Container c : task.containers()) {
                    logs.print(id, c.name(), out());
                }
            }
        }
    }

    /** {@code ballast service rm}. */
    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Removes services: their tasks (drained first), listeners and target groups.")
    static final class Rm extends Verb {
        @Parameters(paramLabel = "SERVICE", arity = "1..*")
        List<String> names;

        @Override
        void run(ServicePublisher publisher) throws Exception {
            for (String name : names) {
                Instant start = Instant.now();
                publisher.remove(name, Duration.ofSeconds(120));
                out().println(name + " removed in " + Duration.between(start, Instant.now()).toMillis() + " ms");
            }
        }
    }
}
