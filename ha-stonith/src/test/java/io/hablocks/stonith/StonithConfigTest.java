package io.hablocks.stonith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.api.Clock;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StonithConfigTest {

  private static final Path DIR = Path.of("/usr/sbin");

  @Test
  void devicesAndLevels() {
    StonithConfig c = StonithConfig.parse("""
        # two devices
        device ipmi fence_ipmilan ip=10.0.0.2 password=x pcmk_host_list=node2
        device psu /opt/fence_psu pcmk_host_check=none   # a path
        level 1 node2 ipmi
        level 2 node2 ipmi,psu
        level 1 ~db-.* psu
        level 1 @rack=r1 psu
        """, "s.conf", DIR, Clock.system());
    assertThat(c.devices()).extracting(StonithDevice::id).containsExactly("ipmi", "psu");
    assertThat(c.devices().get(0).parameters().agentParameters())
        .isEqualTo(Map.of("ip", "10.0.0.2", "password", "x"));
    assertThat(((AgentFenceDevice) c.devices().get(1).device()).agent().path())
        .isEqualTo(Path.of("/opt/fence_psu"));
    assertThat(c.topology().levelsFor("node2", Map.of())).extracting(FenceLevel::devices)
        .containsExactly(java.util.List.of("ipmi"), java.util.List.of("ipmi", "psu"));
    assertThat(c.topology().levelsFor("db-7", Map.of())).hasSize(1);
    assertThat(c.topology().levelsFor("x", Map.of("rack", "r1"))).hasSize(1);
  }

  @Test
  void errorsNameFileAndLine() {
    assertThatThrownBy(() -> StonithConfig.parse("device a fence_dummy\nfrobnicate\n", "s.conf",
        DIR, Clock.system())).isInstanceOf(StonithException.class)
        .hasMessage("s.conf:2: unknown statement 'frobnicate' (device or level)");
    assertThatThrownBy(() -> StonithConfig.parse("\ndevice a fence_dummy pcmk_off_timeout=x\n",
        "s.conf", DIR, Clock.system())).hasMessageStartingWith("s.conf:2: device 'a': ");
    assertThatThrownBy(() -> StonithConfig.parse("device a fence_dummy novalue\n", "s.conf",
        DIR, Clock.system())).hasMessage("s.conf:1: 'novalue' is not key=value");
    assertThatThrownBy(() -> StonithConfig.parse("level 1 n2 ghost\n", "s.conf", DIR,
        Clock.system())).hasMessageContaining("s.conf: ").hasMessageContaining("'ghost'");
    assertThatThrownBy(() -> StonithConfig.parse("level x n2 a\n", "s.conf", DIR,
        Clock.system())).hasMessage("s.conf:1: level index 'x' is not a number");
    assertThatThrownBy(() -> StonithConfig.parse("device a sh\n", "s.conf", DIR,
        Clock.system())).hasMessageContaining("s.conf:1: ").hasMessageContaining("not a fence agent name");
  }
}
