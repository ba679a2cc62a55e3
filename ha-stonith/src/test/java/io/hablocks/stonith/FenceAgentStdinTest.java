package io.hablocks.stonith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.api.Clock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FenceAgentStdinTest {

  private final FenceAgent agent = FenceAgent.named(Path.of("/nonexistent"), "fence_x",
      Clock.system());

  @Test
  void actionFirstThenParametersOneLineEach() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ip", "10.0.0.1");
    p.put("password", "s3cr=t");
    p.put("action", "ignored-because-action-comes-from-the-call");
    String s = new String(agent.stdin("off", p), StandardCharsets.UTF_8);
    assertThat(s).isEqualTo("action=off\nip=10.0.0.1\npassword=s3cr=t\n");
  }

  @Test
  void refusesValuesThatWouldInjectLines() {
    assertThatThrownBy(() -> agent.stdin("off", Map.of("password", "x\naction=on")))
        .isInstanceOf(StonithException.class).hasMessageContaining("fence_x")
        .hasMessageContaining("'password'").hasMessageContaining("newline");
    assertThatThrownBy(() -> agent.stdin("off", Map.of("bad key", "v")))
        .hasMessageContaining("'bad key'");
  }

  @Test
  void refusesNamesThatAreNoAgentNames() {
    assertThatThrownBy(() -> FenceAgent.named("../bin/sh", Clock.system()))
        .isInstanceOf(StonithException.class).hasMessageContaining("not a fence agent name");
  }

  @Test
  void aDeviceWithAnUnsendableParameterFailsWithoutRunningAnything() {
    AgentFenceDevice d = new AgentFenceDevice("d", agent, DeviceParameters.parse("d",
        Map.of("password", "a\nb", "pcmk_host_argument", "plug")));
    var r = d.execute(io.hablocks.api.fence.FenceAction.STATUS, "n1", java.time.Duration.ofSeconds(1));
    // 1, not 2: for status, 2 would mean "off" and make the host check pass
    assertThat(r.exitCode()).isEqualTo(io.hablocks.api.fence.FenceResult.EC_GENERIC_ERROR);
    assertThat(r.error()).contains("'password'").contains("newline");
  }
}
