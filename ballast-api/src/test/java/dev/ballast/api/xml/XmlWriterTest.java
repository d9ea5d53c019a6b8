package dev.ballast.api.xml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.validation.TextChars;
import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** Whatever text it is given, the writer produces a well-formed XML 1.0 document. */
class XmlWriterTest {
    private static String roundTrip(String text) throws Exception {
        String xml = new XmlWriter().startRoot("R", "urn:test").element("V", text).end().toString();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml)));
        return doc.getElementsByTagName("V").item(0).getTextContent();
    }

    @Test
    void everyBasicPlaneCharacterIsKeptOrReplacedAndTheDocumentParses() throws Exception {
        StringBuilder all = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            // includes every surrogate, kept lone by the '.' after it, U+FFFE and U+FFFF
            all.append((char) c).append('.');
            expected.append(TextChars.xmlAllowed(c) ? (char) c : '\uFFFD').append('.');
        }
        assertThat(roundTrip(all.toString())).isEqualTo(expected.toString());
    }

    @Test
    void supplementaryCharactersAndMarkupSurvive() throws Exception {
        String text = "a\uD83D\uDE00b <tag attr=\"x\"> & 'q' \r\n\t";
        assertThat(roundTrip(text)).isEqualTo(text);
    }

    @Test
    void controlCharactersBecomeReplacementCharacters() throws Exception {
        assertThat(roundTrip("tag\u0001value\u0000\u001f")).isEqualTo("tag\uFFFDvalue\uFFFD\uFFFD");
        assertThat(roundTrip("lone \uDC00 and \uD800")).isEqualTo("lone \uFFFD and \uFFFD");
    }
}
