package io.hablocks.stonith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.stonith.internal.Wire;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireTest {

  @Test
  void roundTripsValuesWithNewlinesPercentAndEquals() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("reason", "line1\nline2 100% a=b\r");
    m.put("empty", "");
    byte[] b = Wire.encode(m);
    assertThat(new String(b, StandardCharsets.UTF_8)).doesNotContain("line1\n");
    assertThat(Wire.decode(b)).isEqualTo(m);
  }

  @Test
  void rejectsWhatIsNotAMessage() {
    assertThatThrownBy(() -> Wire.decode("x".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("no hafence=1 header");
    assertThatThrownBy(() -> Wire.decode("hafence=1\nnoequals\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("line 2 is not key=value");
    assertThatThrownBy(() -> Wire.decode("hafence=1\na=%zz\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("bad escape %zz");
    assertThatThrownBy(() -> Wire.decode("hafence=1\na=%2\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("bad escape");
    assertThatThrownBy(() -> Wire.decode(new byte[Wire.MAX_BYTES + 1]))
        .hasMessageContaining("too long");
  }
}
