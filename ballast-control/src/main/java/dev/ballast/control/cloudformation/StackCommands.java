package dev.ballast.control.cloudformation;

import dev.ballast.control.cloudformation.template.ParameterValues;
import dev.ballast.control.cloudformation.template.PseudoParameters;
import dev.ballast.control.cloudformation.template.Template;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The CloudFormation commands: CreateStack, UpdateStack and DeleteStack check their input at once (a bad template,
 * parameter or property changes nothing) and then run on one runner thread, so stacks progress asynchronously as on
 * AWS; the reads serve the stored stacks.
 *
 * <p>Thread-safe: commands serialise on this object; operations run one at a time on the runner thread.
 */
public final class StackCommands implements AutoCloseable {
    private static final String NAME_PATTERN = "[a-zA-Z][-a-zA-Z0-9]*";

    private final StackWriter writer;
    private final ResourceTypes types;
    private final String region;
    private final String accountId;
    private final Clock clock;
    private final RandomGenerator random;
    private final StackRun run;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ballast-cloudformation");
        t.setDaemon(true);
        return t;
    });

    /** Commands on {@code writer}'s stacks with {@code types}, in {@code region} of account {@code accountId}. */
    public StackCommands(StackWriter writer, ResourceTypes types, String region, String accountId, Clock clock,
                         RandomGenerator random) {
        this.writer = writer;
        this.types = types;
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.random = random;
        this.run = new StackRun(writer, types, region, accountId, clock, random, this::exportValue);
        resumeInterrupted();
    }

    /** CreateStack's input. */
    public record Create(String stackName, String templateBody, Map<String, String> parameters,
                         boolean disableRollback) {}

    /**
     * UpdateStack's input.
     *
     * @param templateBody the new template, or null with {@code usePreviousTemplate}
     * @param parameters the given values
     * @param usePrevious the parameters that keep their previous value
     */
    public record Update(String stackName, String templateBody, boolean usePreviousTemplate,
                         Map<String, String> parameters, Set<String> usePrevious) {}

    /** A template's parameters and description, as ValidateTemplate shows them. */
    public Template validate(String templateBody) {
        return TemplateCheck.check(templateBody, types).template();
    }

    /**
     * Checks the request and starts creating the stack; returns its id.
     *
     * @throws AwsException ValidationError for a bad name, template or parameter; AlreadyExistsException when a
     *     stack of that name exists
     */
    public synchronized String create(Create request) {
        checkName(request.stackName());
        if (findLive(request.stackName()) != null) {
            throw new AwsException(AwsError.ALREADY_EXISTS_EXCEPTION, "Stack [" + request.stackName()
                    + "] already exists");
        }
        String stackId = "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + request.stackName() + "/"
                + new UUID(random.nextLong(), random.nextLong());
        TemplateCheck.Checked checked = TemplateCheck.check(request.templateBody(), types);
        Map<String, Object> values = ParameterValues.resolve(checked.template(), request.parameters(),
                new PseudoParameters(region, accountId, request.stackName(), stackId));
        TemplateCheck.conditions(checked.template(), values, region);
        long now = clock.millis();
        writer.write(stackId, none -> new StackEntry(stackId, request.stackName(), checked.template().description(),
                request.templateBody(), request.parameters(), StackStatus.CREATE_IN_PROGRESS, "User Initiated", now,
                null, null, request.disableRollback(), List.of(), List.of(), List.of()));
        run.stackStatus(stackId, StackStatus.CREATE_IN_PROGRESS, "User Initiated");
        runner.execute(() -> run.create(stackId));
        return stackId;
    }

    /**
     * Checks the request and starts updating the stack; returns its id.
     *
     * @throws AwsException ValidationError when the stack does not exist, is busy or failed to create, when the
     *     template or a parameter is bad, or when nothing would change ("No updates are to be performed.")
     */
    public synchronized String update(Update request) {
        StackEntry stack = describe(request.stackName());
        if (!stack.settled() || stack.status().equals(StackStatus.ROLLBACK_COMPLETE)
                || stack.status().equals(StackStatus.CREATE_FAILED)
                || stack.status().equals(StackStatus.ROLLBACK_FAILED)) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Stack:" + stack.stackId() + " is in "
                    + stack.status() + " state and can not be updated.");
        }
        String body = request.usePreviousTemplate() ? stack.templateBody() : request.templateBody();
        if (body == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR,
                    "Either Template URL or Template Body must be specified.");
        }
        Map<String, String> parameters = new LinkedHashMap<>(request.parameters());
        for (String name : request.usePrevious()) {
            String previous = stack.parameters().get(name);
            if (previous != null) {
                parameters.put(name, previous);
            }
        }
        TemplateCheck.Checked checked = TemplateCheck.check(body, types);
        Map<String, Object> values = ParameterValues.resolve(checked.template(), parameters, run.pseudo(stack));
        TemplateCheck.conditions(checked.template(), values, region);
        if (body.equals(stack.templateBody()) && parameters.equals(stack.parameters())) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "No updates are to be performed.");
        }
        String stackId = stack.stackId();
        long now = clock.millis();
        writer.write(stackId, s -> s.withTemplate(body, checked.template().description(), parameters, now));
        run.stackStatus(stackId, StackStatus.UPDATE_IN_PROGRESS, "User Initiated");
        runner.execute(() -> run.update(stackId, stack));
        return stackId;
    }

    /** Starts deleting the stack; deleting one that does not exist (or is already deleted) succeeds. */
    public synchronized void delete(String nameOrId) {
        StackEntry stack = find(nameOrId);
        if (stack == null || stack.deleted() || stack.status().equals(StackStatus.DELETE_IN_PROGRESS)) {
            return;
        }
        if (!stack.settled()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Stack:" + stack.stackId() + " is in "
                    + stack.status() + " state and can not be deleted.");
        }
        run.stackStatus(stack.stackId(), StackStatus.DELETE_IN_PROGRESS, "User Initiated");
        runner.execute(() -> run.delete(stack.stackId()));
    }

    /**
     * The stack {@code nameOrId} (a deleted one only by id).
     *
     * @throws AwsException ValidationError "Stack with id X does not exist"
     */
    public StackEntry describe(String nameOrId) {
        StackEntry stack = find(nameOrId);
        if (stack == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Stack with id " + nameOrId + " does not exist");
        }
        return stack;
    }

    /** Every stack that is not deleted, in creation order. */
    public List<StackEntry> live() {
        return writer.stacks().stream().filter(s -> !s.deleted()).toList();
    }

    /** Every stack, deleted ones too (ListStacks). */
    public List<StackEntry> all() {
        return List.copyOf(writer.stacks());
    }

    /** The value exported as {@code name} by a live stack, or null. */
    public String exportValue(String name) {
        for (StackEntry s : live()) {
            for (StackOutput o : s.outputs()) {
                if (name.equals(o.exportName())) {
                    return o.value();
                }
            }
        }
        return null;
    }

    /** The resource types this knows. */
    public ResourceTypes types() {
        return types;
    }

    private StackEntry find(String nameOrId) {
        if (nameOrId == null) {
            return null;
        }
        if (nameOrId.startsWith("arn:")) {
            return writer.stack(nameOrId);
        }
        return findLive(nameOrId);
    }

    private StackEntry findLive(String name) {
        return live().stream().filter(s -> s.stackName().equals(name)).findFirst().orElse(null);
    }

    private static void checkName(String name) {
        if (name == null || !name.matches(NAME_PATTERN) || name.length() > 128) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "1 validation error detected: Value '" + name
                    + "' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression "
                    + "pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*");
        }
    }

    /** An operation a previous process was running when it stopped is marked failed (AWS would have finished it). */
    private void resumeInterrupted() {
        for (StackEntry s : writer.stacks()) {
            if (!s.settled()) {
                String failed = s.status().startsWith("CREATE") ? StackStatus.CREATE_FAILED
                        : s.status().startsWith("DELETE") ? StackStatus.DELETE_FAILED
                        : s.status().startsWith("UPDATE_ROLLBACK") ? StackStatus.UPDATE_ROLLBACK_FAILED
                        : s.status().startsWith("UPDATE") ? StackStatus.UPDATE_ROLLBACK_FAILED
                        : StackStatus.ROLLBACK_FAILED;
                run.stackStatus(s.stackId(), failed, "The server stopped while " + s.status()
                        + "; run the operation again");
            }
        }
    }

    /** Stops the runner; an operation in progress is interrupted at its next step. */
    @Override
    public void close() {
        runner.shutdownNow();
        try {
            runner.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
