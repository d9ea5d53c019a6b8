package dev.ballast.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * AWS's own description of a Query API (botocore's {@code service-2.json}, as the AWS CLI v2 installed here ships
 * it), used to check a response body the way AWS's SDKs read it: root element and namespace, result wrapper,
 * member names, order and types, {@code member} wrapping of lists, enum values, {@code ResponseMetadata}, and the
 * error codes an action can return.
 *
 * <p>Thread-safe: immutable after {@link #load}.
 */
public final class QueryServiceModel {
    /** Where Debian's awscli package (the AWS CLI v2, installed by {@code .ci/run}) keeps botocore's models. */
    static final Path BOTOCORE_DATA = Path.of("/usr/lib/python3/dist-packages/awscli/botocore/data");
    /** Errors every Query API can return besides the ones an operation lists. */
    private static final Set<String> COMMON_ERRORS = Set.of("ValidationError", "InvalidParameterValue",
            "InvalidParameterCombination", "MissingParameter", "InvalidAction", "InvalidQueryParameter",
            "MissingAction", "IncompleteSignature", "InvalidClientTokenId", "SignatureDoesNotMatch",
            "AccessDenied", "InternalFailure", "Throttling", "ServiceUnavailable", "OptInRequired");

    private final JsonNode model;
    private final String namespace;

    private QueryServiceModel(JsonNode model) {
        this.model = model;
        this.namespace = model.path("metadata").path("xmlNamespace").asText();
    }

    /** Loads {@code <service>/<version>/service-2.json}; fails the test when the AWS CLI v2 is not installed. */
    public static QueryServiceModel load(String service, String version) {
        Path file = BOTOCORE_DATA.resolve(service).resolve(version).resolve("service-2.json");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(file + " is missing (expected: the AWS CLI v2's botocore models, "
                    + "apt-get install awscli, as .ci/run does)");
        }
        try {
            return new QueryServiceModel(new ObjectMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /** The XML namespace of every response, e.g. {@code http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/}. */
    public String namespace() {
        return namespace;
    }

    /**
     * The shape of the input member {@code wirePath} of {@code action} ({@code DefaultActions.member.N.Type}:
     * through list members and structures), or null when the model has no such member.
     */
    public JsonNode inputShape(String action, String wirePath) {
        JsonNode shape = model.path("shapes").path(model.path("operations").path(action).path("input")
                .path("shape").asText());
        String[] parts = wirePath.split("\\.");
        for (int i = 0; i < parts.length && !shape.isMissingNode(); i++) {
            if (parts[i].equals("member") && shape.path("type").asText().equals("list")) {
                shape = model.path("shapes").path(shape.path("member").path("shape").asText());
                i++; // the index that follows
            } else {
                shape = model.path("shapes").path(shape.path("members").path(parts[i]).path("shape").asText());
            }
        }
        return shape.isMissingNode() ? null : shape;
    }

    /** The names of the model's operations. */
    public Set<String> operations() {
        Set<String> out = new java.util.TreeSet<>();
        model.path("operations").fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** True if the model describes {@code action} (a model older than the action does not). */
    public boolean hasOperation(String action) {
        return model.path("operations").has(action);
    }

    /** The HTTP status AWS answers {@code code} with, from the model (400 for the common client errors). */
    public int statusOf(String code) {
        for (JsonNode shape : model.path("shapes")) {
            if (shape.path("error").path("code").asText().equals(code)) {
                return shape.path("error").path("httpStatusCode").asInt(400);
            }
        }
        return code.equals("InternalFailure") || code.equals("ServiceUnavailable") ? 500 : 400;
    }

    /** Every way {@code body}, the answer to {@code action}, differs from what the model says; empty if none. */
    public List<String> violations(String action, String body) {
        List<String> out = new ArrayList<>();
        Element root = parse(body).getDocumentElement();
        if (!namespace.equals(root.getNamespaceURI())) {
            out.add(root.getTagName() + ": namespace " + root.getNamespaceURI() + " (expected: " + namespace + ")");
        }
        JsonNode operation = model.path("operations").path(action);
        if (operation.isMissingNode()) {
            out.add(action + ": not an operation of " + model.path("metadata").path("uid").asText());
            return out;
        }
        if (root.getLocalName().equals("ErrorResponse")) {
            checkError(operation, root, out);
            return out;
        }
        expectName(root, action + "Response", out);
        List<Element> children = children(root);
        JsonNode output = operation.path("output");
        int next = 0;
        if (!output.isMissingNode()) {
            String wrapper = output.path("resultWrapper").asText();
            if (children.isEmpty() || !children.get(0).getLocalName().equals(wrapper)) {
                out.add(action + "Response: first child " + names(children) + " (expected: " + wrapper + ")");
            } else {
                checkShape(children.get(0), output.path("shape").asText(), action + "Response/" + wrapper, out);
                next = 1;
            }
        }
        checkResponseMetadata(children.subList(Math.min(next, children.size()), children.size()),
                action + "Response", out);
        return out;
    }

    /** The element paths of {@code body} (list items all as {@code member}), e.g. {@code A/B/member/C}. */
    public static Set<String> elementPaths(String body) {
        Set<String> paths = new LinkedHashSet<>();
        collectPaths(parse(body).getDocumentElement(), "", paths);
        return paths;
    }

    private static void collectPaths(Element element, String parent, Set<String> paths) {
        String path = parent.isEmpty() ? element.getLocalName() : parent + "/" + element.getLocalName();
        paths.add(path);
        for (Element child : children(element)) {
            collectPaths(child, path, paths);
        }
    }

    private void checkError(JsonNode operation, Element root, List<String> out) {
        List<Element> children = children(root);
        if (children.size() != 2 || !children.get(0).getLocalName().equals("Error")
                || !children.get(1).getLocalName().equals("RequestId")) {
            out.add("ErrorResponse: children " + names(children) + " (expected: [Error, RequestId])");
            return;
        }
        List<Element> error = children(children.get(0));
        if (!names(error).equals(List.of("Type", "Code", "Message"))) {
            out.add("ErrorResponse/Error: children " + names(error) + " (expected: [Type, Code, Message])");
            return;
        }
        String type = error.get(0).getTextContent();
        if (!type.equals("Sender") && !type.equals("Receiver")) {
            out.add("ErrorResponse/Error/Type: " + type + " (expected: Sender or Receiver)");
        }
        String code = error.get(1).getTextContent();
        Set<String> codes = new LinkedHashSet<>(COMMON_ERRORS);
        for (JsonNode ref : operation.path("errors")) {
            codes.add(model.path("shapes").path(ref.path("shape").asText()).path("error").path("code").asText());
        }
        if (!codes.contains(code)) {
            out.add("ErrorResponse/Error/Code: " + code + " (expected: one of " + codes + ")");
        }
        if (children.get(1).getTextContent().isBlank()) {
            out.add("ErrorResponse/RequestId: empty");
        }
    }

    private void checkResponseMetadata(List<Element> rest, String path, List<String> out) {
        if (rest.size() != 1 || !rest.get(0).getLocalName().equals("ResponseMetadata")) {
            out.add(path + ": after the result " + names(rest) + " (expected: [ResponseMetadata])");
            return;
        }
        List<Element> metadata = children(rest.get(0));
        if (!names(metadata).equals(List.of("RequestId")) || metadata.get(0).getTextContent().isBlank()) {
            out.add(path + "/ResponseMetadata: " + names(metadata) + " (expected: a non-empty RequestId)");
        }
    }

    private void checkShape(Element element, String shapeName, String path, List<String> out) {
        JsonNode shape = model.path("shapes").path(shapeName);
        if (!namespace.equals(element.getNamespaceURI())) {
            out.add(path + ": namespace " + element.getNamespaceURI() + " (expected: " + namespace + ")");
        }
        switch (shape.path("type").asText()) {
            case "structure" -> checkStructure(element, shape, path, out);
            case "list" -> {
                JsonNode member = shape.path("member");
                String itemName = member.path("locationName").asText("member");
                for (Element item : children(element)) {
                    expectName(item, itemName, path, out);
                    checkShape(item, member.path("shape").asText(), path + "/" + itemName, out);
                }
            }
            case "map" -> {
                for (Element entry : children(element)) {
                    expectName(entry, "entry", path, out);
                    List<Element> kv = children(entry);
                    if (!names(kv).equals(List.of("key", "value"))) {
                        out.add(path + "/entry: " + names(kv) + " (expected: [key, value])");
                    } else {
                        checkShape(kv.get(1), shape.path("value").path("shape").asText(), path + "/entry/value", out);
                    }
                }
            }
            default -> checkScalar(element, shape, path, out);
        }
    }

    private void checkStructure(Element element, JsonNode shape, String path, List<String> out) {
        List<String> order = new ArrayList<>();
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = shape.path("members").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            String name = member.getValue().path("locationName").asText(member.getKey());
            order.add(name);
            byName.put(name, member.getValue());
        }
        int last = -1;
        for (Element child : children(element)) {
            String name = child.getLocalName();
            JsonNode member = byName.get(name);
            if (member == null) {
                out.add(path + "/" + name + ": not a member (expected: one of " + order + ")");
                continue;
            }
            int index = order.indexOf(name);
            if (index <= last) {
                out.add(path + "/" + name + ": out of order or repeated (expected order: " + order + ")");
            }
            last = Math.max(last, index);
            checkShape(child, member.path("shape").asText(), path + "/" + name, out);
        }
    }

    private static void checkScalar(Element element, JsonNode shape, String path, List<String> out) {
        if (!children(element).isEmpty()) {
            out.add(path + ": a " + shape.path("type").asText() + " with child elements " + names(children(element)));
            return;
        }
        String text = element.getTextContent();
        try {
            switch (shape.path("type").asText()) {
                case "integer", "long" -> Long.parseLong(text);
                case "double", "float" -> Double.parseDouble(text);
                case "timestamp" -> Instant.parse(text);
                case "boolean" -> {
                    if (!text.equals("true") && !text.equals("false")) {
                        out.add(path + ": " + text + " (expected: true or false)");
                    }
                }
                default -> {
                    if (shape.has("enum") && !containsText(shape.path("enum"), text)) {
                        out.add(path + ": " + text + " (expected: one of " + shape.path("enum") + ")");
                    }
                }
            }
        } catch (RuntimeException e) {
            out.add(path + ": " + text + " (expected: a " + shape.path("type").asText() + ")");
        }
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode value : array) {
            if (value.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    private static void expectName(Element element, String expected, List<String> out) {
        expectName(element, expected, null, out);
    }

    private static void expectName(Element element, String expected, String parent, List<String> out) {
        if (!element.getLocalName().equals(expected)) {
            out.add((parent == null ? "" : parent + "/") + element.getLocalName() + " (expected: " + expected + ")");
        }
    }

    private static List<Element> children(Element element) {
        List<Element> out = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                out.add(child);
            }
        }
        return out;
    }

    private static List<String> names(List<Element> elements) {
        return elements.stream().map(Element::getLocalName).toList();
    }

    private static Document parse(String body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(body)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + body, e);
        }
    }
}
