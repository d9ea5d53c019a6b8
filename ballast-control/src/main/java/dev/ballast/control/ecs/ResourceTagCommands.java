package dev.ballast.control.ecs;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * TagResource, UntagResource and ListTagsForResource on the ARN of a cluster, service, task or task definition
 * revision. An ARN of another kind is an InvalidParameterException; a cluster that does not exist is
 * ClusterNotFoundException and any other resource that does not exist ResourceNotFoundException, as ECS answers.
 *
 * <p>Thread-safe: writes go through the {@link EcsWriter}; reads use one committed state.
 */
public final class ResourceTagCommands {
    private static final String ARN_PREFIX = "arn:aws:ecs:";

    private final EcsWriter writer;

    /** Tag commands on {@code writer}'s resources. */
    public ResourceTagCommands(EcsWriter writer) {
        this.writer = writer;
    }

    /** Adds {@code tags} to the resource, replacing the values of keys it already has. */
    public void tag(String resourceArn, List<EcsTag> tags) {
        change(resourceArn, current -> ResourceTags.merged(current, tags));
    }

    /** Removes the tags with {@code keys} from the resource; keys it does not have are ignored. */
    public void untag(String resourceArn, Collection<String> keys) {
        change(resourceArn, current -> ResourceTags.without(current, keys));
    }

    /** The resource's tags. */
    public List<EcsTag> list(String resourceArn) {
        Resource resource = Resource.of(resourceArn);
        EcsDraft view = EcsDraft.of(writer.state());
        return resource.tags(view);
    }

    private void change(String resourceArn, UnaryOperator<List<EcsTag>> edit) {
        Resource resource = Resource.of(resourceArn);
        writer.write(draft -> {
            resource.retag(draft, edit.apply(resource.tags(draft)));
            return null;
        });
    }

    /** A resource an ECS ARN names: its kind and its key in the state. */
    private record Resource(String kind, String key) {
        static Resource of(String arn) {
            int colon = arn == null ? -1 : arn.indexOf(':', ARN_PREFIX.length());
            int account = colon < 0 ? -1 : arn.indexOf(':', colon + 1);
            int slash = account < 0 ? -1 : arn.indexOf('/', account);
            if (arn == null || !arn.startsWith(ARN_PREFIX) || slash < 0) {
                throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "resourceArn: " + arn + " (expected: the ARN "
                        + "of an ECS cluster, service, task or task definition)");
            }
            String kind = arn.substring(account + 1, slash);
            String key = arn.substring(slash + 1);
            boolean valid = switch (kind) {
                case "cluster" -> !key.isEmpty() && !key.contains("/");
                case "service", "task" -> key.indexOf('/') > 0 && key.indexOf('/') == key.lastIndexOf('/');
                case "task-definition" -> key.indexOf(':') > 0;
                default -> false;
            };
            if (!valid) {
                throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "resourceArn: " + arn + " (expected: the ARN "
                        + "of an ECS cluster, service, task or task definition)");
            }
            return new Resource(kind, key);
        }

        List<EcsTag> tags(EcsDraft d) {
            return switch (kind) {
                case "cluster" -> found(d.clusters().get(key)).tags();
                case "service" -> found(d.services().get(key)).tags();
                case "task" -> found(d.tasks().get(key)).tags();
                default -> found(d.taskDefinitions().get(key)).tags();
            };
        }

        void retag(EcsDraft d, List<EcsTag> tags) {
            switch (kind) {
                case "cluster" -> {
                    EcsCluster c = d.clusters().get(key);
                    d.clusters().put(key, new EcsCluster(c.name(), tags, c.createdAt()));
                }
                case "service" -> d.services().put(key, EcsRecordCopies.withTags(d.services().get(key), tags));
                case "task" -> d.tasks().put(key, EcsRecordCopies.withTags(d.tasks().get(key), tags));
                default -> d.taskDefinitions().put(key, d.taskDefinitions().get(key).withTags(tags));
            }
        }

        private <T> T found(T resource) {
            if (resource != null) {
                return resource;
            }
            if (kind.equals("cluster")) {
                throw ClusterCommands.notFound();
            }
            throw new AwsException(AwsError.ECS_RESOURCE_NOT_FOUND, "The specified resource could not be found.");
        }
    }
}
