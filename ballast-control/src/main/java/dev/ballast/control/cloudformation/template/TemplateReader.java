package dev.ballast.control.cloudformation.template;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ballast.control.error.AwsException;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a template body, JSON or YAML (with the short-form tags such as {@code !Ref}), into plain Java values: maps
 * (in document order), lists, strings, numbers and booleans, with every short form written out in its long form.
 *
 * <p>Thread-safe (a new YAML loader per call; the JSON mapper is immutable once built).
 */
public final class TemplateReader {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private TemplateReader() {}

    /**
     * The top-level object of {@code body}: JSON when it starts with {@code {}, otherwise YAML (which JSON also is,
     * but AWS names JSON errors as such).
     *
     * @throws AwsException ValidationError "Template format error: JSON not well-formed. (line L, column C)" or the YAML
     *     equivalent, or when the document is not an object
     */
    public static Map<String, Object> read(String body) {
        if (body == null || body.isBlank()) {
            throw TemplateErrors.format("TemplateBody: empty (expected: a JSON or YAML template)");
        }
        Object document = body.stripLeading().startsWith("{") ? json(body) : yaml(body);
        if (!(document instanceof Map<?, ?> map)) {
            throw TemplateErrors.format("TemplateBody: not an object (expected: a JSON or YAML object with a Resources "
                    + "member)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> template = (Map<String, Object>) map;
        return template;
    }

    private static Object json(String body) {
        try {
            return JSON.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw TemplateErrors.format("JSON not well-formed. (line "
                    + (at == null ? 0 : at.getLineNr()) + ", column " + (at == null ? 0 : at.getColumnNr()) + ")");
        }
    }

    private static Object yaml(String body) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            return new Yaml(new YamlShortForms(options)).load(body);
        } catch (MarkedYAMLException e) {
            Mark at = e.getProblemMark();
            throw TemplateErrors.format("YAML not well-formed. (line "
                    + (at == null ? 0 : at.getLine() + 1) + ", column " + (at == null ? 0 : at.getColumn() + 1)
                    + ")");
        } catch (YAMLException e) {
            throw TemplateErrors.format("YAML not well-formed. (" + e.getMessage() + ")");
        }
    }
}
