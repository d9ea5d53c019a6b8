package dev.ballast.server.config;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.TargetGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an action: {@code forward} (a target group name, or weighted groups with optional group stickiness),
 * {@code redirect} or {@code fixed-response}. Target groups are referred to by name and resolved to ARNs.
 *
 * <p>Not thread-safe; used by one loader call.
 */
final class ActionReader {
    private final Map<String, TargetGroup> groupsByName;

    ActionReader(Map<String, TargetGroup> groupsByName) {
        this.groupsByName = groupsByName;
    }

    Action read(ConfigNode action) {
        String type = action.onlyKey("forward", "redirect", "fixed-response");
        ConfigNode body = action.get(type);
        return switch (type) {
            case "forward" -> forward(body);
            case "redirect" -> redirect(body);
            default -> fixedResponse(body);
        };
    }

    private Action forward(ConfigNode forward) {
        if (forward.isScalar()) {
            return forward.build(() -> Action.Forward.to(groupArn(forward)));
        }
        forward.allowOnly("targetGroups", "stickiness");
        List<Action.WeightedTargetGroup> groups = new ArrayList<>();
        for (ConfigNode group : forward.list("targetGroups")) {
            group.allowOnly("name", "weight");
            String arn = groupArn(group.get("name"));
            int weight = group.integer("weight", 1);
            groups.add(group.build(() -> new Action.WeightedTargetGroup(arn, weight)));
        }
        Action.GroupStickiness stickiness = Action.GroupStickiness.OFF;
        if (forward.has("stickiness")) {
            ConfigNode sticky = forward.get("stickiness").allowOnly("enabled", "durationSeconds");
            stickiness = sticky.build(() -> new Action.GroupStickiness(sticky.bool("enabled", true),
                    sticky.integer("durationSeconds", Action.GroupStickiness.OFF.durationSeconds())));
        }
        Action.GroupStickiness chosen = stickiness;
        return forward.build(() -> new Action.Forward(groups, chosen));
    }

    private static Action redirect(ConfigNode redirect) {
        redirect.allowOnly("protocol", "port", "host", "path", "query", "statusCode");
        String code = redirect.text("statusCode");
        Action.RedirectStatus status = switch (code) {
            case "301", "HTTP_301" -> Action.RedirectStatus.HTTP_301;
            case "302", "HTTP_302" -> Action.RedirectStatus.HTTP_302;
            default -> throw redirect.get("statusCode").failure(code, "HTTP_301 or HTTP_302");
        };
        return redirect.build(() -> new Action.Redirect(redirect.text("protocol", null),
                redirect.text("port", null), redirect.text("host", null), redirect.text("path", null),
                redirect.text("query", null), status));
    }

    private static Action fixedResponse(ConfigNode fixed) {
        fixed.allowOnly("statusCode", "contentType", "messageBody");
        int status = fixed.integer("statusCode");
        return fixed.build(() -> new Action.FixedResponse(status, fixed.text("contentType", null),
                fixed.text("messageBody", null)));
    }

    private String groupArn(ConfigNode name) {
        TargetGroup group = groupsByName.get(name.text());
        if (group == null) {
            throw name.failure("'" + name.text() + "'", "the name of a target group in targetGroups");
        }
        return group.arn();
    }
}
