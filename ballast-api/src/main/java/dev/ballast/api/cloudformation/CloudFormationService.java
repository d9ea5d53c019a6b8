package dev.ballast.api.cloudformation;

import dev.ballast.api.query.QueryAction;
import dev.ballast.api.query.QueryParams;
import dev.ballast.api.query.QueryService;
import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.cloudformation.StackCommands;
import dev.ballast.control.cloudformation.StackEntry;
import dev.ballast.control.cloudformation.StackEvent;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.cloudformation.template.Template;
import dev.ballast.control.cloudformation.template.TemplateParameter;
import dev.ballast.control.cloudformation.template.TemplateResource;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CloudFormation over the Query protocol ({@code Version=2010-05-15}) on the shared endpoint: CreateStack,
 * UpdateStack, DeleteStack, DescribeStacks, ListStacks, DescribeStackEvents, DescribeStackResources,
 * ListStackResources, DescribeStackResource, GetTemplate and ValidateTemplate, with AWS's response shapes (so the
 * CLI's waiters work).
 *
 * <p>Thread-safe: stateless apart from the commands.
 */
public final class CloudFormationService implements QueryService {
    /** CloudFormation's API version. */
    public static final String VERSION = "2010-05-15";
    /** The SigV4 signing name of CloudFormation. */
    public static final String SIGNING_NAME = "cloudformation";
    private static final String NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    private final StackCommands stacks;
    private final Map<String, QueryAction> actions = new LinkedHashMap<>();

    /** The CloudFormation actions on {@code stacks}. */
    public CloudFormationService(StackCommands stacks) {
        this.stacks = stacks;
        actions.put("CreateStack", this::createStack);
        actions.put("UpdateStack", this::updateStack);
        actions.put("DeleteStack", (p, x) -> stacks.delete(p.required("StackName")));
        actions.put("DescribeStacks", this::describeStacks);
        actions.put("ListStacks", this::listStacks);
        actions.put("DescribeStackEvents", this::describeStackEvents);
        actions.put("DescribeStackResources", this::describeStackResources);
        actions.put("ListStackResources", this::listStackResources);
        actions.put("DescribeStackResource", this::describeStackResource);
        actions.put("GetTemplate", this::getTemplate);
        actions.put("ValidateTemplate", this::validateTemplate);
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public Map<String, QueryAction> actions() {
        return actions;
    }

    private void createStack(QueryParams p, XmlWriter x) {
        String body = templateBody(p);
        checkCapabilities(stacks.validate(body), p.listOrEmpty("Capabilities"));
        String onFailure = p.get("OnFailure");
        if (onFailure != null && !onFailure.equals("ROLLBACK") && !onFailure.equals("DO_NOTHING")) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "OnFailure: " + onFailure
                    + " (expected: ROLLBACK or DO_NOTHING)");
        }
        boolean disableRollback = Boolean.TRUE.equals(p.bool("DisableRollback")) || "DO_NOTHING".equals(onFailure);
        Parameters given = parameters(p);
        String id = stacks.create(new StackCommands.Create(p.required("StackName"), body, given.values(),
                disableRollback));
        x.element("StackId", id);
    }

    private void updateStack(QueryParams p, XmlWriter x) {
        boolean previous = Boolean.TRUE.equals(p.bool("UsePreviousTemplate"));
        String body = previous ? null : templateBody(p);
        StackEntry stack = stacks.describe(p.required("StackName"));
        checkCapabilities(stacks.validate(previous ? stack.templateBody() : body), p.listOrEmpty("Capabilities"));
        Parameters given = parameters(p);
        x.element("StackId", stacks.update(new StackCommands.Update(p.required("StackName"), body, previous,
                given.values(), given.usePrevious())));
    }

    private static String templateBody(QueryParams p) {
        if (p.get("TemplateURL") != null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "TemplateURL: " + p.get("TemplateURL")
                    + " (expected: TemplateBody; Ballast does not fetch templates from S3)");
        }
        String body = p.get("TemplateBody");
        if (body == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR,
                    "Either Template URL or Template Body must be specified.");
        }
        return body;
    }

    /** The given parameters, and those to keep at their previous value. */
    private record Parameters(Map<String, String> values, Set<String> usePrevious) {}

    private static Parameters parameters(QueryParams p) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> previous = new HashSet<>();
        List<QueryParams> members = p.members("Parameters");
        if (members != null) {
            for (QueryParams m : members) {
                String key = m.required("ParameterKey");
                if (Boolean.TRUE.equals(m.bool("UsePreviousValue"))) {
                    previous.add(key);
                } else {
                    values.put(key, m.get("ParameterValue") == null ? "" : m.get("ParameterValue"));
                }
            }
        }
        return new Parameters(values, previous);
    }

    /** IAM resources need CAPABILITY_IAM, named ones CAPABILITY_NAMED_IAM, as on AWS. */
    private static void checkCapabilities(Template template, List<String> given) {
        String needed = null;
        for (TemplateResource r : template.resources().values()) {
            if (r.type().startsWith("AWS::IAM::")) {
                boolean named = r.properties().containsKey("RoleName") || r.properties().containsKey("UserName")
                        || r.properties().containsKey("GroupName") || r.properties().containsKey("ManagedPolicyName")
                        || r.properties().containsKey("InstanceProfileName");
                needed = named ? "CAPABILITY_NAMED_IAM" : needed == null ? "CAPABILITY_IAM" : needed;
            }
        }
        if (needed != null && !given.contains(needed) && !given.contains("CAPABILITY_NAMED_IAM")) {
            throw new AwsException(AwsError.INSUFFICIENT_CAPABILITIES, "Requires capabilities : [" + needed + "]");
        }
    }

    private void describeStacks(QueryParams p, XmlWriter x) {
        String name = p.get("StackName");
        List<StackEntry> found = name == null ? stacks.live() : List.of(stacks.describe(name));
        x.members("Stacks", found, CloudFormationXml::stack);
    }

    private void listStacks(QueryParams p, XmlWriter x) {
        List<String> filter = p.listOrEmpty("StackStatusFilter");
        List<StackEntry> found = stacks.all().stream()
                .filter(s -> filter.isEmpty() || filter.contains(s.status())).toList();
        x.members("StackSummaries", found, CloudFormationXml::summary);
    }

    private void describeStackEvents(QueryParams p, XmlWriter x) {
        StackEntry stack = stacks.describe(p.required("StackName"));
        List<StackEvent> events = new ArrayList<>(stack.events());
        java.util.Collections.reverse(events);
        x.members("StackEvents", events, (w, e) -> CloudFormationXml.event(w, stack, e));
    }

    private void describeStackResources(QueryParams p, XmlWriter x) {
        String name = p.get("StackName");
        String physical = p.get("PhysicalResourceId");
        if (name == null && physical == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "StackName: missing (expected: StackName or "
                    + "PhysicalResourceId)");
        }
        StackEntry stack = name != null ? stacks.describe(name) : stacks.live().stream()
                .filter(s -> s.resources().stream().anyMatch(r -> physical.equals(r.physicalId()))).findFirst()
                .orElseThrow(() -> new AwsException(AwsError.VALIDATION_ERROR, "Stack for " + physical
                        + " does not exist"));
        String logical = p.get("LogicalResourceId");
        List<StackResourceEntry> found = stack.resources().stream()
                .filter(r -> logical == null || r.logicalId().equals(logical))
                .filter(r -> physical == null || physical.equals(r.physicalId())).toList();
        x.members("StackResources", found, (w, r) -> CloudFormationXml.resource(w, stack, r));
    }

    private void listStackResources(QueryParams p, XmlWriter x) {
        StackEntry stack = stacks.describe(p.required("StackName"));
        x.members("StackResourceSummaries", stack.resources(), CloudFormationXml::resourceSummary);
    }

    private void describeStackResource(QueryParams p, XmlWriter x) {
        StackEntry stack = stacks.describe(p.required("StackName"));
        String logical = p.required("LogicalResourceId");
        StackResourceEntry r = stack.resource(logical);
        if (r == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "Resource " + logical + " does not exist for stack "
                    + stack.stackName());
        }
        x.start("StackResourceDetail");
        CloudFormationXml.resourceFields(x, stack, r, "LastUpdatedTimestamp");
        x.end();
    }

    private void getTemplate(QueryParams p, XmlWriter x) {
        StackEntry stack = stacks.describe(p.required("StackName"));
        x.element("TemplateBody", stack.templateBody());
        x.strings("StagesAvailable", List.of("Original", "Processed"));
    }

    private void validateTemplate(QueryParams p, XmlWriter x) {
        Template template = stacks.validate(templateBody(p));
        x.members("Parameters", template.parameters().values(), CloudFormationService::parameter);
        if (template.description() != null) {
            x.element("Description", template.description());
        }
        List<String> capabilities = template.resources().values().stream()
                .anyMatch(r -> r.type().startsWith("AWS::IAM::")) ? List.of("CAPABILITY_IAM") : List.of();
        x.strings("Capabilities", capabilities);
        if (!capabilities.isEmpty()) {
            x.element("CapabilitiesReason", "The following resource(s) require capabilities: "
                    + template.resources().values().stream().filter(r -> r.type().startsWith("AWS::IAM::"))
                    .map(TemplateResource::type).distinct().toList());
        }
    }

    private static void parameter(XmlWriter x, TemplateParameter p) {
        x.element("ParameterKey", p.name());
        if (p.defaultValue() != null) {
            x.element("DefaultValue", p.defaultValue());
        }
        x.element("NoEcho", p.noEcho());
        if (p.description() != null) {
            x.element("Description", p.description());
        }
    }

    static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
