package dev.ballast.api.cloudformation;

import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.cloudformation.StackEntry;
import dev.ballast.control.cloudformation.StackEvent;
import dev.ballast.control.cloudformation.StackResourceEntry;
import java.util.List;


/**
 * CloudFormation's XML shapes: Stack, StackSummary, StackEvent, StackResource and StackResourceSummary.
 *
 * <p>Thread-safe (stateless).
 */
final class CloudFormationXml {
    private CloudFormationXml() {}

    static void stack(XmlWriter x, StackEntry s) {
        x.element("StackId", s.stackId()).element("StackName", s.stackName());
        if (s.description() != null) {
            x.element("Description", s.description());
        }
        x.members("Parameters", List.copyOf(s.parameters().entrySet()), (w, e) -> w.element("ParameterKey",
                e.getKey()).element("ParameterValue", e.getValue()));
        timesAndStatus(x, s);
        x.element("DisableRollback", s.disableRollback());
        x.members("Outputs", s.outputs(), (w, o) -> {
            w.element("OutputKey", o.key()).element("OutputValue", o.value());
            if (o.description() != null) {
                w.element("Description", o.description());
            }
            if (o.exportName() != null) {
                w.element("ExportName", o.exportName());
            }
        });
        x.empty("Tags");
        x.element("EnableTerminationProtection", false);
        x.start("DriftInformation").element("StackDriftStatus", "NOT_CHECKED").end();
    }

    static void summary(XmlWriter x, StackEntry s) {
        x.element("StackId", s.stackId()).element("StackName", s.stackName());
        if (s.description() != null) {
            x.element("TemplateDescription", s.description());
        }
        timesAndStatus(x, s);
        x.start("DriftInformation").element("StackDriftStatus", "NOT_CHECKED").end();
    }

    /** CreationTime, LastUpdatedTime, DeletionTime, StackStatus and StackStatusReason, as Stack and StackSummary have them. */
    private static void timesAndStatus(XmlWriter x, StackEntry s) {
        x.element("CreationTime", CloudFormationService.time(s.createdAt()));
        if (s.updatedAt() != null) {
            x.element("LastUpdatedTime", CloudFormationService.time(s.updatedAt()));
        }
        if (s.deletedAt() != null) {
            x.element("DeletionTime", CloudFormationService.time(s.deletedAt()));
        }
        x.element("StackStatus", s.status());
        if (s.statusReason() != null) {
            x.element("StackStatusReason", s.statusReason());
        }
    }

    static void event(XmlWriter x, StackEntry s, StackEvent e) {
        x.element("StackId", s.stackId()).element("EventId", e.eventId()).element("StackName", s.stackName())
                .element("LogicalResourceId", e.logicalId());
        if (e.physicalId() != null) {
            x.element("PhysicalResourceId", e.physicalId());
        }
        x.element("ResourceType", e.resourceType()).element("Timestamp", CloudFormationService.time(e.timestamp()))
                .element("ResourceStatus", e.status());
        if (e.reason() != null) {
            x.element("ResourceStatusReason", e.reason());
        }
    }

    static void resource(XmlWriter x, StackEntry s, StackResourceEntry r) {
        resourceFields(x, s, r, "Timestamp");
    }

    /** The fields of StackResource (time as {@code Timestamp}) or StackResourceDetail ({@code LastUpdatedTimestamp}). */
    static void resourceFields(XmlWriter x, StackEntry s, StackResourceEntry r, String timeName) {
        x.element("StackName", s.stackName()).element("StackId", s.stackId())
                .element("LogicalResourceId", r.logicalId());
        if (r.physicalId() != null) {
            x.element("PhysicalResourceId", r.physicalId());
        }
        x.element("ResourceType", r.type()).element(timeName, CloudFormationService.time(r.updatedAt()))
                .element("ResourceStatus", r.status());
        if (r.statusReason() != null) {
            x.element("ResourceStatusReason", r.statusReason());
        }
        x.start("DriftInformation").element("StackResourceDriftStatus", "NOT_CHECKED").end();
    }

    static void resourceSummary(XmlWriter x, StackResourceEntry r) {
        x.element("LogicalResourceId", r.logicalId());
        if (r.physicalId() != null) {
            x.element("PhysicalResourceId", r.physicalId());
        }
        x.element("ResourceType", r.type()).element("LastUpdatedTimestamp", CloudFormationService.time(r.updatedAt()))
                .element("ResourceStatus", r.status());
        if (r.statusReason() != null) {
            x.element("ResourceStatusReason", r.statusReason());
        }
        x.start("DriftInformation").element("StackResourceDriftStatus", "NOT_CHECKED").end();
    }

}
