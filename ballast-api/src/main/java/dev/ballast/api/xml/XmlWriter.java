package dev.ballast.api.xml;

import dev.ballast.core.validation.TextChars;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.function.BiConsumer;

/**
 * Writes an XML document element by element, indented by two spaces, escaping text; elements with a null value
 * are left out, as AWS leaves out unset fields. The document is well-formed whatever the text: characters XML 1.0
 * cannot carry are replaced.
 *
 * <p>Not thread-safe: one writer per response.
 */
public final class XmlWriter {
    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private final Deque<String> open = new ArrayDeque<>();

    /** Opens {@code name} with an {@code xmlns} attribute. */
    public XmlWriter startRoot(String name, String namespace) {
        indent();
        out.append('<').append(name).append(" xmlns=\"").append(escape(namespace)).append("\">\n");
        open.push(name);
        return this;
    }

    /** Opens {@code name}. */
    public XmlWriter start(String name) {
        indent();
        out.append('<').append(name).append(">\n");
        open.push(name);
        return this;
    }

    /** Closes the innermost open element. */
    public XmlWriter end() {
        String name = open.pop();
        indent();
        out.append("</").append(name).append(">\n");
        return this;
    }

    /** Writes {@code <name>value</name>}, or nothing when {@code value} is null. */
    public XmlWriter element(String name, Object value) {
        if (value != null) {
            indent();
            out.append('<').append(name).append('>').append(escape(value.toString())).append("</").append(name)
                    .append(">\n");
        }
        return this;
    }

    /** Writes an empty element {@code <name/>}. */
    public XmlWriter empty(String name) {
        indent();
        out.append('<').append(name).append("/>\n");
        return this;
    }

    /** {@code <name><member>…</member>…</name>} written by {@code member}, or {@code <name/>} when empty. */
    public <T> XmlWriter members(String name, Collection<T> items, BiConsumer<XmlWriter, T> member) {
        if (items.isEmpty()) {
            return empty(name);
        }
        start(name);
        for (T item : items) {
            start("member");
            member.accept(this, item);
            end();
        }
        return end();
    }

    /** {@code <name><member>s</member>…</name>}, or {@code <name/>} when empty. */
    public XmlWriter strings(String name, Collection<String> items) {
        if (items.isEmpty()) {
            return empty(name);
        }
        start(name);
        items.forEach(s -> element("member", s));
        return end();
    }

    /** The document; every element must have been closed. */
    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }

    private void indent() {
        out.append("  ".repeat(open.size()));
    }

    /**
     * Escapes the five XML special characters and carriage return, and replaces every character XML 1.0 cannot
     * carry (other control characters, unpaired surrogates, U+FFFE, U+FFFF) with U+FFFD, so that whatever was
     * stored, the document stays well-formed for every client.
     */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\r' -> b.append("&#xD;"); // a literal CR would be read back as LF
                default -> {
                    if (TextChars.xmlAllowed(c)) {
                        b.appendCodePoint(c);
                    } else {
                        b.append('\uFFFD');
                    }
                }
            }
        });
        return b.toString();
    }
}
