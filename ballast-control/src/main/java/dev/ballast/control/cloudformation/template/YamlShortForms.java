package dev.ballast.control.cloudformation.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The SnakeYAML constructor of CloudFormation's YAML: each short-form tag ({@code !Ref x}, {@code !GetAtt a.b},
 * {@code !Sub ...}) becomes its long form ({@code {Ref: x}}, {@code {Fn::GetAtt: [a, b]}}), and timestamps stay
 * strings ({@code AWSTemplateFormatVersion: 2010-09-09} is a version, not a date).
 *
 * <p>Not thread-safe: one per load, as SnakeYAML constructors are.
 */
final class YamlShortForms extends SafeConstructor {
    private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue",
            "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "Length", "ToJsonString");

    YamlShortForms(LoaderOptions options) {
        super(options);
        yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        yamlConstructors.put(new Tag("!Ref"), new LongForm("Ref"));
        yamlConstructors.put(new Tag("!Condition"), new LongForm("Condition"));
        yamlConstructors.put(new Tag("!GetAtt"), new LongForm("Fn::GetAtt"));
        for (String function : FUNCTIONS) {
            yamlConstructors.put(new Tag("!" + function), new LongForm("Fn::" + function));
        }
    }

    /** Builds {@code {name: <the tagged node's value>}}. */
    private final class LongForm extends AbstractConstruct {
        private final String name;

        LongForm(String name) {
            this.name = name;
        }

        @Override
        public Object construct(Node node) {
            Object value;
            if (node instanceof ScalarNode scalar) {
                String text = constructScalar(scalar);
                // "!GetAtt logicalName.attributeName": the attribute may itself contain dots (Endpoint.Address).
                int dot = text.indexOf('.');
                value = name.equals("Fn::GetAtt") && dot > 0
                        ? List.of(text.substring(0, dot), text.substring(dot + 1)) : text;
            } else if (node instanceof SequenceNode sequence) {
                value = constructSequence(sequence);
            } else {
                value = constructMapping((MappingNode) node);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put(name, value);
            return out;
        }
    }
}
