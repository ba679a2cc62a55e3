package io.hablocks.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.api.resource.AgentMetadata;
import io.hablocks.resources.internal.MetadataParser;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetadataParserTest {

  static final String GOOD = """
      <?xml version="1.0"?>
      <!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
      <resource-agent name="X" version="1.2">
        <version>1.1</version>
        <longdesc lang="en">Long</longdesc>
        <shortdesc lang="en">Short</shortdesc>
        <parameters>
          <parameter name="ip" unique="1" required="1">
            <shortdesc lang="en">The address</shortdesc>
            <content type="string"/>
          </parameter>
          <parameter name="delay" reloadable="1">
            <content type="integer" default="5"/>
          </parameter>
        </parameters>
        <actions>
          <action name="start" timeout="20s"/>
          <action name="monitor" timeout="20" interval="10s" depth="0"/>
          <action name="monitor" timeout="30s" interval="11000ms" role="Promoted"/>
          <action name="promote" timeout="2min"/>
        </actions>
      </resource-agent>
      """;

  @Test
  void parsesTheModel() {
    AgentMetadata m = MetadataParser.parse("ocf:t:X", GOOD);
    assertThat(m.name()).isEqualTo("X");
    assertThat(m.version()).isEqualTo("1.2");
    assertThat(m.shortDescription()).isEqualTo("Short");
    var ip = m.parameter("ip").orElseThrow();
    assertThat(ip.required()).isTrue();
    assertThat(ip.unique()).isTrue();
    assertThat(ip.reloadable()).isFalse();
    assertThat(ip.shortDescription()).isEqualTo("The address");
    var delay = m.parameter("delay").orElseThrow();
    assertThat(delay.type()).isEqualTo("integer");
    assertThat(delay.defaultValue()).isEqualTo("5");
    assertThat(delay.reloadable()).isTrue();
    assertThat(m.actions()).hasSize(4);
    assertThat(m.actions().get(1).timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(m.actions().get(2).interval()).isEqualTo(Duration.ofMillis(11000));
    assertThat(m.actions().get(2).role()).isEqualTo("Promoted");
    assertThat(m.actions().get(3).timeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void refusesEntities() {
    String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "\n<resource-agent name=\"&x;\"/>";
    assertThatThrownBy(() -> MetadataParser.parse("ocf:t:E", xxe))
        .isInstanceOf(ResourceException.class).hasMessageContaining("ocf:t:E")
        .hasMessageContaining("line 2").hasMessageContaining("entity");
  }

  @Test
  void namesTheBadPlace() {
    String bad = GOOD.replace("timeout=\"2min\"", "timeout=\"2 fortnights\"");
    assertThatThrownBy(() -> MetadataParser.parse("ocf:t:X", bad))
        .isInstanceOf(ResourceException.class)
        .hasMessageContaining("/resource-agent/actions/action[4]/@timeout")
        .hasMessageContaining("fortnights");
    assertThatThrownBy(() -> MetadataParser.parse("ocf:t:X", "<resource-agent><parameters>"))
        .isInstanceOf(ResourceException.class).hasMessageContaining("line 1");
    assertThatThrownBy(() -> MetadataParser.parse("ocf:t:X", "<other/>"))
        .hasMessageContaining("not <resource-agent>");
    assertThatThrownBy(() -> MetadataParser.parse("ocf:t:X",
        "<resource-agent>" + "x".repeat(MetadataParser.MAX_BYTES) + "</resource-agent>"))
        .hasMessageContaining("more than");
  }
}
