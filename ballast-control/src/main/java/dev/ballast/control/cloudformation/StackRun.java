package dev.ballast.control.cloudformation;

import dev.ballast.control.cloudformation.template.DependencyGraph;
import dev.ballast.control.cloudformation.template.Evaluator;
import dev.ballast.control.cloudformation.template.ParameterValues;
import dev.ballast.control.cloudformation.template.PseudoParameters;
import dev.ballast.control.cloudformation.template.Template;
import dev.ballast.control.cloudformation.template.TemplateErrors;
import dev.ballast.control.cloudformation.template.TemplateOutput;
import dev.ballast.control.cloudformation.template.TemplateResource;
import dev.ballast.control.cloudformation.template.Values;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.validation.ValidationException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one stack operation (create, update, delete) resource by resource in dependency order, recording each
 * step as AWS names it (resource and stack statuses, events with reasons); a failed create or update is rolled back
 * (what it created is deleted, what it changed is changed back) unless rollback is disabled.
 *
 * <p>Not thread-safe: {@link StackCommands} runs every operation on its one runner thread.
 */
final class StackRun {
    private static final Logger log = LoggerFactory.getLogger(StackRun.class);
    private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final StackWriter writer;
    private final ResourceTypes types;
    private final String region;
    private final String accountId;
    private final Clock clock;
    private final RandomGenerator random;
    private final Function<String, String> exports;

    StackRun(StackWriter writer, ResourceTypes types, String region, String accountId, Clock clock,
             RandomGenerator random, Function<String, String> exports) {
        this.writer = writer;
        this.types = types;
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.random = random;
        this.exports = exports;
    }

    /** A resource that could not be created, updated or deleted, and why. */
    private static final class ResourceFailure extends RuntimeException {
        final String logicalId;

        ResourceFailure(String logicalId, String reason) {
            super(reason, null, false, false);
            this.logicalId = logicalId;
        }
    }

    /** One change an update made, so that a failed update can undo it. */
    private sealed interface Done {
        record Created(String logicalId) implements Done {}

        record Updated(StackResourceEntry before) implements Done {}

        record Replaced(StackResourceEntry before, StackResourceEntry after) implements Done {}
    }

    /** What the functions of a stack's template see. */
    private record Context(Template template, DependencyGraph graph, Map<String, Object> parameters,
                           Map<String, Boolean> conditions) {}

    // ---- create -------------------------------------------------------------------------------------------------

    void create(String stackId) {
        StackEntry stack = writer.stack(stackId);
        try {
            Context c = context(stack);
            for (String id : c.graph().creationOrder()) {
                TemplateResource r = c.template().resources().get(id);
                if (included(r, c)) {
                    createResource(stackId, r, c, StackStatus.CREATE_IN_PROGRESS, null);
                }
            }
            finish(stackId, c, StackStatus.CREATE_COMPLETE);
        } catch (ResourceFailure f) {
            failCreation(stackId, "The following resource(s) failed to create: [" + f.logicalId + "]. ");
        } catch (RuntimeException e) {
            // An output that cannot be evaluated (or a template the runner cannot read): the stack fails as a
            // whole and what it made is rolled back.
            if (!(e instanceof AwsException)) {
                log.error("stack {} failed to create", stack.stackName(), e);
            }
            failCreation(stackId, sentence(e.getMessage()));
        }
    }

    /** {@code message} as a sentence that another may follow, as AWS chains its reasons. */
    private static String sentence(String message) {
        return message.endsWith(".") ? message + " " : message + ". ";
    }

    private void failCreation(String stackId, String reason) {
        if (writer.stack(stackId).disableRollback()) {
            stackStatus(stackId, StackStatus.CREATE_FAILED, reason);
            return;
        }
        stackStatus(stackId, StackStatus.ROLLBACK_IN_PROGRESS, reason + "Rollback requested by user.");
        try {
            rollBackCreation(stackId);
            stackStatus(stackId, StackStatus.ROLLBACK_COMPLETE, null);
        } catch (ResourceFailure again) {
            stackStatus(stackId, StackStatus.ROLLBACK_FAILED, "The following resource(s) failed to delete: ["
                    + again.logicalId + "]. ");
        }
    }

    private void rollBackCreation(String stackId) {
        List<StackResourceEntry> created = new ArrayList<>(writer.stack(stackId).resources());
        Collections.reverse(created);
        for (StackResourceEntry r : created) {
            if (r.status().equals(StackStatus.CREATE_FAILED) || r.physicalId() == null) {
                resourceEvent(stackId, r.withStatus(StackStatus.DELETE_COMPLETE, null, clock.millis()));
            } else {
                deleteResource(stackId, r);
            }
        }
    }

    // ---- update -------------------------------------------------------------------------------------------------

    void update(String stackId, StackEntry before) {
        StackEntry stack = writer.stack(stackId);
        List<Done> done = new ArrayList<>();
        Context c;
        try {
            c = context(stack);
        } catch (RuntimeException e) {
            rollBackUpdate(stackId, before, done, e.getMessage());
            return;
        }
        try {
            for (String id : c.graph().creationOrder()) {
                TemplateResource r = c.template().resources().get(id);
                if (!included(r, c)) {
                    continue;
                }
                StackResourceEntry current = live(writer.stack(stackId).resource(id));
                if (current == null) {
                    createResource(stackId, r, c, StackStatus.CREATE_IN_PROGRESS, null);
                    done.add(new Done.Created(id));
                } else {
                    updateResource(stackId, r, c, current, done);
                }
            }
            // Outputs are evaluated before the cleanup, so that a bad output still finds everything to set back.
            List<StackOutput> outputs = outputs(stackId, c);
            stackStatus(stackId, StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, null);
            cleanUpUpdate(stackId, c, before, done);
            writer.write(stackId, s -> s.withOutputs(outputs));
            stackStatus(stackId, StackStatus.UPDATE_COMPLETE, null);
        } catch (ResourceFailure f) {
            rollBackUpdate(stackId, before, done, "The following resource(s) failed to update: [" + f.logicalId
                    + "]. ");
        } catch (AwsException e) {
            rollBackUpdate(stackId, before, done, sentence(e.getMessage()));
        }
    }

    private void updateResource(String stackId, TemplateResource r, Context c, StackResourceEntry current,
                                List<Done> done) {
        ResourceProvisioner p = types.provisioner(r.type());
        Map<String, Object> properties;
        try {
            properties = properties(stackId, r, c);
        } catch (AwsException e) {
            resourceEvent(stackId, current.withStatus(StackStatus.UPDATE_FAILED, e.getMessage(), clock.millis()));
            throw new ResourceFailure(r.logicalId(), e.getMessage());
        }
        if (current.type().equals(r.type()) && properties.equals(current.properties())) {
            return;
        }
        Set<String> changed = new HashSet<>(properties.keySet());
        changed.addAll(current.properties().keySet());
        changed.removeIf(k -> java.util.Objects.equals(properties.get(k), current.properties().get(k)));
        boolean replace = !current.type().equals(r.type())
                || changed.stream().anyMatch(p.replacingProperties()::contains);
        ResourceProvisioner.ResourceRequest request = new ResourceProvisioner.ResourceRequest(
                writer.stack(stackId).stackName(), r.logicalId(), properties, suffix());
        long now = clock.millis();
        if (replace) {
            String name = p.nameProperty();
            if (name != null && properties.get(name) != null
                    && properties.get(name).equals(current.properties().get(name))) {
                resourceEvent(stackId, current.withStatus(StackStatus.UPDATE_FAILED, "CloudFormation cannot update "
                        + "a stack when a custom-named resource requires replacing. Rename " + properties.get(name)
                        + " and update the stack again.", now));
                throw new ResourceFailure(r.logicalId(), "custom-named resource requires replacing");
            }
            resourceEvent(stackId, current.withStatus(StackStatus.UPDATE_IN_PROGRESS, "Requested update requires "
                    + "the creation of a new physical resource; hence creating one.", now));
            ResourceProvisioner.Provisioned made = call(stackId, current, StackStatus.UPDATE_FAILED,
                    () -> p.create(request));
            StackResourceEntry after = new StackResourceEntry(r.logicalId(), r.type(), made.physicalId(),
                    StackStatus.UPDATE_COMPLETE, null, clock.millis(), properties, made.attributes());
            resourceEvent(stackId, after);
            done.add(new Done.Replaced(current, after));
        } else {
            resourceEvent(stackId, current.withStatus(StackStatus.UPDATE_IN_PROGRESS, null, now));
            // Recorded before the call: a failed update may have changed part of the resource, so the rollback
            // sets it back too.
            done.add(new Done.Updated(current));
            ResourceProvisioner.Provisioned made = call(stackId, current, StackStatus.UPDATE_FAILED,
                    () -> p.update(request, current));
            resourceEvent(stackId, new StackResourceEntry(r.logicalId(), r.type(), made.physicalId(),
                    StackStatus.UPDATE_COMPLETE, null, clock.millis(), properties, made.attributes()));
        }
    }

    /** Deletes the physical resources an update replaced and the resources its template no longer has. */
    private void cleanUpUpdate(String stackId, Context c, StackEntry before, List<Done> done) {
        for (Done d : done) {
            if (d instanceof Done.Replaced replaced) {
                deletePhysical(stackId, replaced.before());
            }
        }
        Template old = Template.parse(before.templateBody());
        List<String> order = new ArrayList<>(DependencyGraph.of(old).deletionOrder());
        writer.stack(stackId).resources().forEach(r -> {
            if (!order.contains(r.logicalId())) {
                order.add(r.logicalId());
            }
        });
        for (String id : order) {
            TemplateResource wanted = c.template().resources().get(id);
            StackResourceEntry r = writer.stack(stackId).resource(id);
            if (r != null && (wanted == null || !included(wanted, c))) {
                if (live(r) != null) {
                    deleteResource(stackId, r);
                }
                writer.write(stackId, s -> s.withoutResource(id));
            }
        }
    }

    private void rollBackUpdate(String stackId, StackEntry before, List<Done> done, String reason) {
        stackStatus(stackId, StackStatus.UPDATE_ROLLBACK_IN_PROGRESS, reason);
        try {
            List<Done> undo = new ArrayList<>(done);
            Collections.reverse(undo);
            for (Done d : undo) {
                if (d instanceof Done.Created created) {
                    StackResourceEntry r = writer.stack(stackId).resource(created.logicalId());
                    deleteResource(stackId, r);
                    writer.write(stackId, s -> s.withoutResource(created.logicalId()));
                } else if (d instanceof Done.Updated updated) {
                    StackResourceEntry old = updated.before();
                    StackResourceEntry current = writer.stack(stackId).resource(old.logicalId());
                    resourceEvent(stackId, current.withStatus(StackStatus.UPDATE_IN_PROGRESS, null, clock.millis()));
                    ResourceProvisioner p = types.provisioner(old.type());
                    ResourceProvisioner.Provisioned made = call(stackId, current, StackStatus.UPDATE_FAILED,
                            () -> p.update(new ResourceProvisioner.ResourceRequest(before.stackName(),
                                    old.logicalId(), old.properties(), suffix()), current));
                    resourceEvent(stackId, new StackResourceEntry(old.logicalId(), old.type(), made.physicalId(),
                            StackStatus.UPDATE_COMPLETE, null, clock.millis(), old.properties(), made.attributes()));
                } else if (d instanceof Done.Replaced replaced) {
                    resourceEvent(stackId, replaced.before().withStatus(StackStatus.UPDATE_COMPLETE, null,
                            clock.millis()));
                }
            }
            writer.write(stackId, s -> s.withTemplate(before.templateBody(), before.description(),
                    before.parameters(), clock.millis()));
            stackStatus(stackId, StackStatus.UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS, null);
            for (Done d : done) {
                if (d instanceof Done.Replaced replaced) {
                    deletePhysical(stackId, replaced.after());
                }
            }
            stackStatus(stackId, StackStatus.UPDATE_ROLLBACK_COMPLETE, null);
        } catch (ResourceFailure again) {
            stackStatus(stackId, StackStatus.UPDATE_ROLLBACK_FAILED, "The following resource(s) failed to update: ["
                    + again.logicalId + "]. ");
        }
    }

    // ---- delete -------------------------------------------------------------------------------------------------

    void delete(String stackId) {
        StackEntry stack = writer.stack(stackId);
        List<String> order = new ArrayList<>();
        try {
            order.addAll(DependencyGraph.of(Template.parse(stack.templateBody())).deletionOrder());
        } catch (AwsException e) {
            log.warn("stack {}: stored template unreadable ({}); deleting in reverse creation order",
                    stack.stackName(), e.getMessage());
        }
        List<StackResourceEntry> reversed = new ArrayList<>(stack.resources());
        Collections.reverse(reversed);
        reversed.forEach(r -> {
            if (!order.contains(r.logicalId())) {
                order.add(r.logicalId());
            }
        });
        Map<String, String> policies = new LinkedHashMap<>();
        try {
            Template.parse(stack.templateBody()).resources().values()
                    .forEach(r -> policies.put(r.logicalId(), r.deletionPolicy()));
        } catch (AwsException e) {
            // logged above
        }
        try {
            for (String id : order) {
                StackResourceEntry r = live(writer.stack(stackId).resource(id));
                if (r == null) {
                    continue;
                }
                if ("Retain".equals(policies.get(id))) {
                    resourceEvent(stackId, r.withStatus(StackStatus.DELETE_SKIPPED, null, clock.millis()));
                    continue;
                }
                deleteResource(stackId, r);
            }
            writer.write(stackId, s -> s.deletedAt(clock.millis()));
            stackStatus(stackId, StackStatus.DELETE_COMPLETE, null);
        } catch (ResourceFailure f) {
            stackStatus(stackId, StackStatus.DELETE_FAILED, "The following resource(s) failed to delete: ["
                    + f.logicalId + "]. ");
        }
    }

    // ---- steps --------------------------------------------------------------------------------------------------

    private void createResource(String stackId, TemplateResource r, Context c, String inProgress, String note) {
        ResourceProvisioner p = types.provisioner(r.type());
        StackResourceEntry pending = new StackResourceEntry(r.logicalId(), r.type(), null, inProgress, note,
                clock.millis(), Map.of(), Map.of());
        resourceEvent(stackId, pending);
        Map<String, Object> properties;
        try {
            properties = properties(stackId, r, c);
        } catch (AwsException e) {
            resourceEvent(stackId, pending.withStatus(StackStatus.CREATE_FAILED, e.getMessage(), clock.millis()));
            throw new ResourceFailure(r.logicalId(), e.getMessage());
        }
        ResourceProvisioner.ResourceRequest request = new ResourceProvisioner.ResourceRequest(
                writer.stack(stackId).stackName(), r.logicalId(), properties, suffix());
        ResourceProvisioner.Provisioned made = call(stackId, pending, StackStatus.CREATE_FAILED,
                () -> p.create(request));
        resourceEvent(stackId, new StackResourceEntry(r.logicalId(), r.type(), made.physicalId(), inProgress,
                "Resource creation Initiated", clock.millis(), properties, made.attributes()));
        resourceEvent(stackId, new StackResourceEntry(r.logicalId(), r.type(), made.physicalId(),
                StackStatus.CREATE_COMPLETE, p.note(), clock.millis(), properties, made.attributes()));
    }

    private void deleteResource(String stackId, StackResourceEntry r) {
        resourceEvent(stackId, r.withStatus(StackStatus.DELETE_IN_PROGRESS, null, clock.millis()));
        ResourceProvisioner p = types.provisioner(r.type());
        call(stackId, r, StackStatus.DELETE_FAILED, () -> {
            p.delete(r);
            return null;
        });
        resourceEvent(stackId, r.withStatus(StackStatus.DELETE_COMPLETE, null, clock.millis()));
    }

    /** Deletes a replaced physical resource; the stack's entry stays the one that replaced it. */
    private void deletePhysical(String stackId, StackResourceEntry old) {
        ResourceProvisioner p = types.provisioner(old.type());
        event(stackId, old.logicalId(), old.physicalId(), old.type(), StackStatus.DELETE_IN_PROGRESS, null);
        try {
            p.delete(old);
        } catch (RuntimeException e) {
            event(stackId, old.logicalId(), old.physicalId(), old.type(), StackStatus.DELETE_FAILED,
                    handlerMessage(e));
            return;
        }
        event(stackId, old.logicalId(), old.physicalId(), old.type(), StackStatus.DELETE_COMPLETE, null);
    }

    /** Runs a provisioner call; a failure records {@code failedStatus} with AWS's handler message and stops. */
    private <T> T call(String stackId, StackResourceEntry r, String failedStatus,
                       java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            if (!(e instanceof AwsException) && !(e instanceof ValidationException)) {
                log.error("{} {} failed", r.type(), r.logicalId(), e);
            }
            String reason = handlerMessage(e);
            resourceEvent(stackId, r.withStatus(failedStatus, reason, clock.millis()));
            throw new ResourceFailure(r.logicalId(), reason);
        }
    }

    /** CloudFormation's text for a failed resource handler. */
    private static String handlerMessage(RuntimeException e) {
        // Model validation (a port out of range) is the request's fault, as AWS's ValidationError is.
        String code = e instanceof AwsException a ? a.error().code()
                : e instanceof ValidationException ? "ValidationError" : "InternalFailure";
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "Resource handler returned message: \"" + message + "\" (HandlerErrorCode: "
                + (code.equals("InternalFailure") ? "InternalFailure" : "InvalidRequest") + ", ErrorCode: " + code
                + ")";
    }

    private void finish(String stackId, Context c, String status) {
        List<StackOutput> outputs = outputs(stackId, c);
        writer.write(stackId, s -> s.withOutputs(outputs));
        stackStatus(stackId, status, null);
    }

    /** The template's outputs evaluated on the stack's resources as they stand. */
    private List<StackOutput> outputs(String stackId, Context c) {
        List<StackOutput> outputs = new ArrayList<>();
        Evaluator evaluator = evaluator(writer.stack(stackId), c);
        for (TemplateOutput o : c.template().outputs().values()) {
            if (o.condition() != null && !Boolean.TRUE.equals(c.conditions().get(o.condition()))) {
                continue;
            }
            Object value = evaluator.evaluate(o.value(), "/Outputs/" + o.logicalId() + "/Value");
            Object export = o.exportName() == null ? null
                    : evaluator.evaluate(o.exportName(), "/Outputs/" + o.logicalId() + "/Export/Name");
            List<Object> list = Values.asList(value);
            outputs.add(new StackOutput(o.logicalId(), list != null ? String.join(",", Values.strings(list))
                    : Values.scalar(value), o.description(), export == null ? null : Values.scalar(export)));
        }
        return outputs;
    }

    private Context context(StackEntry stack) {
        TemplateCheck.Checked checked = TemplateCheck.check(stack.templateBody(), types);
        Map<String, Object> parameters = ParameterValues.resolve(checked.template(), stack.parameters(),
                pseudo(stack));
        return new Context(checked.template(), checked.graph(), parameters,
                TemplateCheck.conditions(checked.template(), parameters, region));
    }

    PseudoParameters pseudo(StackEntry stack) {
        return new PseudoParameters(region, accountId, stack.stackName(), stack.stackId());
    }

    private static boolean included(TemplateResource r, Context c) {
        return r.condition() == null || Boolean.TRUE.equals(c.conditions().get(r.condition()));
    }

    private Map<String, Object> properties(String stackId, TemplateResource r, Context c) {
        return Values.asMap(evaluator(writer.stack(stackId), c).evaluate(r.properties(), "/Resources/"
                + r.logicalId() + "/Properties"));
    }

    private Evaluator evaluator(StackEntry stack, Context c) {
        Evaluator.Resources resources = new Evaluator.Resources() {
            @Override
            public boolean exists(String logicalId) {
                return c.template().resources().containsKey(logicalId);
            }

            @Override
            public Object ref(String logicalId) {
                StackResourceEntry r = live(stack.resource(logicalId));
                if (r == null) {
                    throw TemplateErrors.evaluation(null, "Unresolved resource dependencies [" + logicalId
                            + "] in the Resources block of the template (its Condition is false)");
                }
                return r.physicalId();
            }

            @Override
            public Object getAtt(String logicalId, String attribute) {
                StackResourceEntry r = live(stack.resource(logicalId));
                if (r == null) {
                    throw TemplateErrors.evaluation(null, "instance of Fn::GetAtt references undefined resource "
                            + logicalId);
                }
                Object value = r.attributes().get(attribute);
                if (value != null) {
                    return value;
                }
                if (types.isPlaceholder(r.type())) {
                    return r.physicalId();
                }
                throw TemplateErrors.evaluation(null, "resource " + logicalId + " does not support attribute type "
                        + attribute + " in Fn::GetAtt");
            }
        };
        return new Evaluator(new Evaluator.Scope(c.parameters(), c.template().mappings(), c.conditions()::get,
                resources, exports, region));
    }

    /** {@code r} when it stands (has a physical id and was not deleted), else null. */
    private static StackResourceEntry live(StackResourceEntry r) {
        return r == null || r.physicalId() == null || r.status().equals(StackStatus.DELETE_COMPLETE)
                || r.status().equals(StackStatus.CREATE_FAILED) ? null : r;
    }

    // ---- records ------------------------------------------------------------------------------------------------

    private void resourceEvent(String stackId, StackResourceEntry r) {
        writer.write(stackId, s -> s.withResource(r).withEvent(new StackEvent(eventId(), r.logicalId(),
                r.physicalId(), r.type(), r.updatedAt(), r.status(), r.statusReason())));
    }

    private void event(String stackId, String logicalId, String physicalId, String type, String status,
                       String reason) {
        writer.write(stackId, s -> s.withEvent(new StackEvent(eventId(), logicalId, physicalId, type,
                clock.millis(), status, reason)));
    }

    void stackStatus(String stackId, String status, String reason) {
        writer.write(stackId, s -> s.withStatus(status, reason).withEvent(new StackEvent(eventId(), s.stackName(),
                s.stackId(), StackEvent.STACK_TYPE, clock.millis(), status, reason)));
    }

    private String eventId() {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String suffix() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            out.append(SUFFIX_CHARS.charAt(random.nextInt(SUFFIX_CHARS.length())));
        }
        return out.toString();
    }
}
