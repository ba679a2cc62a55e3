package io.hablocks.cib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CibXmlTest {

  static String sample() throws Exception {
    try (InputStream in = CibXmlTest.class.getResourceAsStream("/sample-cib.xml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void roundTripKeepsEverythingIncludingUnknownsCommentsAndEscapes() throws Exception {
    String xml = sample();
    Cib cib = CibXml.read(xml);
    for (boolean pretty : new boolean[] {true, false}) {
      String out = CibXml.write(cib.root(), pretty);
      assertThat(XmlOracle.difference(XmlOracle.parse(xml), XmlOracle.parse(out))).isNull();
      assertThat(CibXml.readElement(out).equalsInOrder(cib.root())).isTrue();
    }
    assertThat(cib.root().attribute("x-extra")).contains("kept");
    CibElement a = cib.root().findById("A").orElseThrow();
    assertThat(a.firstElement("unknown-child").orElseThrow().attribute("foo")).contains("bar");
    assertThat(a.children().get(0).isComment()).isTrue();
    assertThat(a.children().get(0).commentText()).contains(" a comment inside a primitive ");
    assertThat(cib.root().findById("A-state").orElseThrow().attribute("value"))
        .contains("/run/A\ntwo lines & more");
  }

  @Test
  void equalityIgnoresAttributeOrderButNotChildOrder() {
    CibElement x = CibXml.readElement("<a p=\"1\" q=\"2\"><b/><c/></a>");
    CibElement y = CibXml.readElement("<a q=\"2\" p=\"1\"><b/><c/></a>");
    CibElement z = CibXml.readElement("<a p=\"1\" q=\"2\"><c/><b/></a>");
    assertThat(x).isEqualTo(y).hasSameHashCodeAs(y);
    assertThat(x.equalsInOrder(y)).isFalse();
    assertThat(x).isNotEqualTo(z);
    assertThat(x).isNotEqualTo(CibXml.readElement("<a p=\"1\" q=\"3\"><b/><c/></a>"));
  }

  @Test
  void refusesDoctypeAndEntities() {
    String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE cib [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
        + "<cib epoch=\"&x;\"/>";
    assertThatThrownBy(() -> CibXml.readElement(xxe)).isInstanceOf(CibParseException.class)
        .hasMessageNotContaining("root:");
    String laughs = "<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
        + "<cib x=\"&b;\"/>";
    assertThatThrownBy(() -> CibXml.readElement(laughs)).isInstanceOf(CibParseException.class);
    assertThatThrownBy(() -> CibXml.readElement("<!DOCTYPE cib><cib/>"))
        .isInstanceOf(CibParseException.class).hasMessageContaining("DTD");
  }

  @Test
  void errorsNameThePathLineAndReason() {
    String bad = "<cib>\n  <configuration>\n    <resources>\n      <primitive id=\"A\">\n"
        + "        <oops>\n      </primitive>\n";
    assertThatThrownBy(() -> CibXml.readElement(bad))
        .isInstanceOfSatisfying(CibParseException.class, e -> {
          assertThat(e.line()).isEqualTo(6);
          assertThat(e.path()).contains("/cib/configuration/resources/primitive[@id='A']/oops");
          assertThat(e.reason()).contains("not well-formed");
        });
    String text = "<cib>\n<configuration>hello</configuration></cib>";
    assertThatThrownBy(() -> CibXml.readElement(text))
        .isInstanceOfSatisfying(CibParseException.class, e -> {
          assertThat(e.path()).contains("/cib/configuration");
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.reason()).contains("text content 'hello'");
        });
    String noId = "<cib><configuration><resources>\n<primitive class=\"ocf\"/></resources></configuration></cib>";
    assertThatThrownBy(() -> CibXml.read(noId))
        .isInstanceOfSatisfying(CibParseException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.path()).contains("/cib/configuration/resources/primitive");
          assertThat(e.reason()).contains("no 'id'");
        });
    assertThatThrownBy(() -> CibXml.read("<notcib/>")).hasMessageContaining("not <cib>");
    assertThatThrownBy(() -> CibXml.read("<cib epoch=\"x\"/>")).hasMessageContaining("epoch");
  }

  @Test
  void limitsAreEnforced() {
    byte[] big = ("<cib a=\"" + "x".repeat(2000) + "\"/>").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CibXml.read(new ByteArrayInputStream(big),
        new CibXml.Limits(1000, 64, 16, 1 << 20, 100)))
        .isInstanceOf(CibParseException.class).hasMessageContaining("larger than 1000 bytes");
    assertThatThrownBy(() -> CibXml.read(new ByteArrayInputStream(big),
        new CibXml.Limits(1 << 20, 64, 16, 100, 100)))
        .isInstanceOf(CibParseException.class).hasMessageContaining("more than 100");
    String deep = "<cib>" + "<x>".repeat(10) + "</x>".repeat(10) + "</cib>";
    assertThatThrownBy(() -> CibXml.read(new ByteArrayInputStream(deep.getBytes(StandardCharsets.UTF_8)),
        new CibXml.Limits(1 << 20, 5, 16, 100, 100)))
        .hasMessageContaining("deeper than 5");
    String many = "<cib>" + "<x/>".repeat(20) + "</cib>";
    assertThatThrownBy(() -> CibXml.read(new ByteArrayInputStream(many.getBytes(StandardCharsets.UTF_8)),
        new CibXml.Limits(1 << 20, 5, 16, 100, 10)))
        .hasMessageContaining("more than 10 elements");
  }
}
