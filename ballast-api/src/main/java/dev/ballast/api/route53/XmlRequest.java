package dev.ballast.api.route53;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A REST-XML request body read as a tree of elements, found by local name (the namespace is not checked, as SDKs
 * all send Route 53's). Document type declarations are refused, so no entity can be expanded or fetched.
 *
 * <p>Thread-safe (immutable view over a parsed document that is not changed).
 */
final class XmlRequest {
    private final Element element;

    private XmlRequest(Element element) {
        this.element = element;
    }

    /**
     * The document in {@code body}, whose root must be {@code root}.
     *
     * @throws AwsException InvalidInput when it is not such an XML document
     */
    static XmlRequest parse(byte[] body, String root) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Element top = builder.parse(new ByteArrayInputStream(body)).getDocumentElement();
            if (!root.equals(top.getLocalName())) {
                throw new AwsException(AwsError.INVALID_INPUT, "body: <" + top.getLocalName() + "> (expected: <"
                        + root + ">)");
            }
            return new XmlRequest(top);
        } catch (AwsException e) {
            throw e;
        } catch (Exception e) {
            throw new AwsException(AwsError.INVALID_INPUT, "body: not an XML document (" + e.getMessage()
                    + ") (expected: <" + root + "> in Route 53's namespace)");
        }
    }

    /** The first child element named {@code name}, or null. */
    XmlRequest child(String name) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return new XmlRequest(e);
            }
        }
        return null;
    }

    /** Every child element named {@code name}, in order. */
    List<XmlRequest> children(String name) {
        List<XmlRequest> out = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                out.add(new XmlRequest(e));
            }
        }
        return out;
    }

    /** The elements {@code list/member} (e.g. {@code Changes/Change}); empty when {@code list} is absent. */
    List<XmlRequest> list(String list, String member) {
        XmlRequest parent = child(list);
        return parent == null ? List.of() : parent.children(member);
    }

    /** This element's text. */
    String value() {
        return element.getTextContent();
    }

    /** The text of child {@code name}, or null when absent. */
    String text(String name) {
        XmlRequest child = child(name);
        return child == null ? null : child.element.getTextContent();
    }

    /** The text of child {@code name} as a long, or null when absent. */
    Long number(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new AwsException(AwsError.INVALID_INPUT, name + ": " + text + " (expected: a whole number)");
        }
    }

    /** The text of child {@code name} as a boolean, or null when absent. */
    Boolean bool(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        return switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new AwsException(AwsError.INVALID_INPUT, name + ": " + text + " (expected: true or "
                    + "false)");
        };
    }
}
