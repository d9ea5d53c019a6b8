package dev.ballast.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.TargetGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Loads a Ballast YAML configuration file (see {@code docs/config.md}) into one {@link ConfigSnapshot}.
 * Resources are named in the file and referred to by name; the loader gives each an ARN. A file with any error
 * yields a {@link ConfigFileException} naming the place in the file and what was expected, and no snapshot. ARNs are
 * derived from names ({@link NamedArns}), so loading the same resource again gives it the same ARN.
 *
 * <p>Thread-safe (the YAML mapper is; loading keeps no state between calls).
 */
public final class ConfigFileLoader {
    /** The region in generated ARNs unless the file sets {@code region}. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** The account in generated ARNs unless the file sets {@code accountId}. */
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";

    // yes/no/on/off stay text: attribute values such as anomaly_mitigation "off" must not turn into "false".
    private final ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** Reads and loads {@code file} as revision 1. */
    public ConfigSnapshot load(Path file) {
        return load(file, 1);
    }

    /** Reads and loads {@code file} as configuration revision {@code revision}. */
    public ConfigSnapshot load(Path file, long revision) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigFileException("no such file");
        } catch (IOException e) {
            throw new ConfigFileException("cannot read it: " + e);
        }
        return parse(text, revision);
    }

    /** Loads the configuration in {@code yamlText} as revision 1. */
    public ConfigSnapshot parse(String yamlText) {
        return parse(yamlText, 1);
    }

    /** Loads the configuration in {@code yamlText} as configuration revision {@code revision}. */
    public ConfigSnapshot parse(String yamlText, long revision) {
        ConfigNode root = ConfigNode.root(readTree(yamlText));
        root.allowOnly("region", "accountId", "loadBalancers", "targetGroups");
        NamedArns arns = new NamedArns(root.text("region", DEFAULT_REGION), root.text("accountId", DEFAULT_ACCOUNT_ID));

        Map<String, TargetGroup> groups = new LinkedHashMap<>();
        TargetGroupReader groupReader = new TargetGroupReader(arns);
        for (ConfigNode node : root.list("targetGroups")) {
            TargetGroup group = groupReader.read(node);
            if (groups.putIfAbsent(group.name(), group) != null) {
                throw node.get("name").failure(group.name(), "a target group name used once");
            }
        }

        List<LoadBalancer> loadBalancers = new ArrayList<>();
        List<Listener> listeners = new ArrayList<>();
        Map<String, TargetGroup> groupsByArn = new LinkedHashMap<>();
        groups.values().forEach(g -> groupsByArn.put(g.arn(), g));
        LoadBalancerReader lbReader = new LoadBalancerReader(arns, new ActionReader(groups), groupsByArn::get);
        for (ConfigNode node : root.list("loadBalancers")) {
            LoadBalancer lb = lbReader.read(node, listeners);
            if (loadBalancers.stream().anyMatch(other -> other.name().equals(lb.name()))) {
                throw node.get("name").failure(lb.name(), "a load balancer name used once");
            }
            loadBalancers.add(lb);
        }
        return root.build(() -> new ConfigSnapshot(revision, loadBalancers, listeners, groups.values()));
    }

    private JsonNode readTree(String yamlText) {
        try {
            return yaml.readTree(yamlText);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            // SnakeYAML's own message spans several lines with excerpts; its one-line problem says enough.
            String problem = e.getCause() instanceof MarkedYAMLException yamlError && yamlError.getProblem() != null
                    ? yamlError.getProblem() : e.getOriginalMessage();
            throw new ConfigFileException("the file: " + where + problem + " (expected: valid YAML)");
        }
    }
}
