package io.hablocks.stonith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.api.fence.FenceAction;
import org.junit.jupiter.api.Test;

class MetadataReaderTest {

  private static final String DOC = """
      <?xml version="1.0" ?>
      <resource-agent name="fence_x" shortdesc="X agent">
      <longdesc>Long text</longdesc>
      <vendor-url>http://x</vendor-url>
      <parameters>
        <parameter name="port" unique="0" required="1" deprecated="1">
          <getopt mixed="-n, --plug=[id]" />
          <content type="string" />
          <shortdesc lang="en">Plug</shortdesc>
        </parameter>
        <parameter name="method" unique="1" required="0" obsoletes="meth">
          <getopt mixed="-m, --method=[method]" />
          <content type="select" default="onoff">
            <option value="onoff" />
            <option value="cycle" />
          </content>
          <shortdesc lang="en">Method</shortdesc>
        </parameter>
      </parameters>
      <actions>
        <action name="on" automatic="0"/>
        <action name="off" />
        <action name="list" on_target="1"/>
      </actions>
      <symlink name="fence_y" shortdesc="Y"/>
      </resource-agent>
      """;

  @Test
  void readsEveryField() {
    FenceAgentMetadata m = FenceAgentMetadata.parse(DOC, "doc");
    assertThat(m.name()).isEqualTo("fence_x");
    assertThat(m.shortdesc()).isEqualTo("X agent");
    assertThat(m.longdesc()).isEqualTo("Long text");
    assertThat(m.vendorUrl()).isEqualTo("http://x");
    assertThat(m.parameters()).extracting(FenceParameter::name).containsExactly("port", "method");
    FenceParameter method = m.parameter("method").orElseThrow();
    assertThat(method.unique()).isTrue();
    assertThat(method.required()).isFalse();
    assertThat(method.obsoletes()).isEqualTo("meth");
    assertThat(method.type()).isEqualTo("select");
    assertThat(method.defaultValue()).isEqualTo("onoff");
    assertThat(method.options()).containsExactly("onoff", "cycle");
    assertThat(method.getopt()).isEqualTo("-m, --method=[method]");
    assertThat(m.parameter("port").orElseThrow().deprecated()).isTrue();
    assertThat(m.actions()).extracting(FenceAgentMetadata.Action::name)
        .containsExactly("on", "off", "list");
    assertThat(m.actions().get(2).onTarget()).isTrue();
    assertThat(m.supports(FenceAction.LIST)).isTrue();
    assertThat(m.supports(FenceAction.REBOOT)).isFalse();
    assertThat(m.symlinks()).containsExactly("fence_y");
    assertThat(m.defaultHostArgument()).isEqualTo("port");
  }

  @Test
  void rejectsDoctypeAndEntities() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + "<resource-agent name=\"a\"><longdesc>&e;</longdesc></resource-agent>";
    assertThatThrownBy(() -> FenceAgentMetadata.parse(xxe, "evil.xml"))
        .isInstanceOf(StonithException.class).hasMessageContaining("evil.xml")
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void namesLineAndPathOfABadAttribute() {
    String bad = "<resource-agent name=\"a\">\n<parameters>\n<parameter name=\"p\" required=\"maybe\"/>"
        + "\n</parameters></resource-agent>";
    assertThatThrownBy(() -> FenceAgentMetadata.parse(bad, "a.xml"))
        .isInstanceOf(StonithException.class)
        .hasMessageContaining("a.xml:3")
        .hasMessageContaining("/resource-agent/parameters/parameter")
        .hasMessageContaining("required='maybe'");
  }

  @Test
  void rejectsWrongRootEmptyAndOversized() {
    assertThatThrownBy(() -> FenceAgentMetadata.parse("<agent name=\"a\"/>", "r.xml"))
        .hasMessageContaining("root element must be <resource-agent>");
    assertThatThrownBy(() -> FenceAgentMetadata.parse("<resource-agent/>", "r.xml"))
        .hasMessageContaining("no name attribute");
    assertThatThrownBy(() -> FenceAgentMetadata.parse("  \n", "r.xml"))
        .hasMessageContaining("no meta-data");
    assertThatThrownBy(() -> FenceAgentMetadata.parse(new byte[FenceAgentMetadata.MAX_BYTES + 1],
        "big.xml")).hasMessageContaining("more than the limit");
    assertThatThrownBy(() -> FenceAgentMetadata.parse("<resource-agent name=\"a\">", "t.xml"))
        .isInstanceOf(StonithException.class).hasMessageContaining("t.xml:1");
  }

  @Test
  void pacemakersViewRelaxesWhatTheFencerSuppliesAndAddsStartStop() {
    FenceAgentMetadata m = FenceAgentMetadata.parse(DOC, "doc");
    assertThat(m.parameter("port").orElseThrow().required()).isTrue();
    FenceAgentMetadata p = m.asPacemakerShows();
    assertThat(p.parameter("port").orElseThrow().required()).isFalse();
    assertThat(p.parameter("method")).isEqualTo(m.parameter("method"));
    assertThat(p.actions()).extracting(FenceAgentMetadata.Action::name)
        .containsExactly("on", "off", "list", "stop", "start");
  }
}
