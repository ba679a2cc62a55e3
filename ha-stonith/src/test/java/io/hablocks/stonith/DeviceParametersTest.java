package io.hablocks.stonith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.api.fence.FenceAction;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviceParametersTest {

  @Test
  void pacemakerParametersAndAgentParametersAreSeparated() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ip", "10.0.0.1");
    m.put("password", "pw");
    m.put("pcmk_host_list", "n1, n2;n3");
    m.put("pcmk_host_map", "n4:7;n5=8 n6:vm-6");
    m.put("pcmk_host_argument", "uuid");
    m.put("pcmk_reboot_action", "off");
    m.put("pcmk_off_timeout", "90s");
    m.put("pcmk_reboot_timeout", "2min");
    m.put("pcmk_off_retries", "5");
    m.put("pcmk_delay_base", "500ms");
    m.put("pcmk_delay_max", "3");
    DeviceParameters p = DeviceParameters.parse("ipmi", m);
    assertThat(p.agentParameters()).containsOnlyKeys("ip", "password");
    assertThat(p.hostList()).containsExactly("n1", "n2", "n3");
    assertThat(p.hostMap()).containsEntry("n4", "7").containsEntry("n5", "8")
        .containsEntry("n6", "vm-6");
    assertThat(p.plugFor("n6")).isEqualTo("vm-6");
    assertThat(p.plugFor("n1")).isEqualTo("n1");
    assertThat(p.staticallyLists("n5")).isTrue();
    assertThat(p.staticallyLists("n9")).isFalse();
    assertThat(p.hostArgument()).contains("uuid");
    assertThat(p.actionFor(FenceAction.REBOOT)).isEqualTo(FenceAction.OFF);
    assertThat(p.actionFor(FenceAction.OFF)).isEqualTo(FenceAction.OFF);
    Duration st = Duration.ofSeconds(60);
    assertThat(p.timeoutFor(FenceAction.OFF, st)).isEqualTo(Duration.ofSeconds(90));
    assertThat(p.timeoutFor(FenceAction.REBOOT, st)).isEqualTo(Duration.ofMinutes(2));
    assertThat(p.timeoutFor(FenceAction.ON, st)).isEqualTo(st);
    assertThat(p.retriesFor(FenceAction.OFF)).isEqualTo(5);
    assertThat(p.retriesFor(FenceAction.REBOOT)).isEqualTo(DeviceParameters.DEFAULT_RETRIES);
    assertThat(p.effectiveHostCheck(true)).isEqualTo(HostCheck.STATIC_LIST);
    Random r = new Random(7);
    for (int i = 0; i < 200; i++) {
      Duration d = p.delay(r);
      assertThat(d).isBetween(Duration.ofMillis(500), Duration.ofSeconds(3));
    }
    assertThat(p.toString()).doesNotContain("pw");
  }

  @Test
  void defaultHostCheckFollowsPacemaker() {
    assertThat(DeviceParameters.parse("d", Map.of()).effectiveHostCheck(true))
        .isEqualTo(HostCheck.DYNAMIC_LIST);
    assertThat(DeviceParameters.parse("d", Map.of()).effectiveHostCheck(false))
        .isEqualTo(HostCheck.STATUS);
    assertThat(DeviceParameters.parse("d", Map.of("pcmk_host_check", "none"))
        .effectiveHostCheck(false)).isEqualTo(HostCheck.NONE);
    assertThat(DeviceParameters.parse("d", Map.of("pcmk_delay_base", "2s")).delay(new Random()))
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void badValuesNameDeviceAndParameter() {
    assertThatThrownBy(() -> DeviceParameters.parse("ipmi", Map.of("pcmk_off_timeout", "soon")))
        .isInstanceOf(StonithException.class)
        .hasMessageContaining("device 'ipmi'").hasMessageContaining("pcmk_off_timeout='soon'");
    assertThatThrownBy(() -> DeviceParameters.parse("d", Map.of("pcmk_host_check", "maybe")))
        .hasMessageContaining("static-list, dynamic-list, status or none");
    assertThatThrownBy(() -> DeviceParameters.parse("d", Map.of("pcmk_hots_list", "n1")))
        .hasMessageContaining("unknown pcmk_ parameter");
    assertThatThrownBy(() -> DeviceParameters.parse("d", Map.of("pcmk_off_action", "explode")))
        .hasMessageContaining("not a fence action");
    assertThatThrownBy(() -> DeviceParameters.parse("d", Map.of("pcmk_host_map", "n1")))
        .hasMessageContaining("entry 'n1' is not node:plug");
    assertThatThrownBy(() -> DeviceParameters.parse("d", Map.of("pcmk_off_retries", "-1")))
        .hasMessageContaining("between 0 and 100");
  }

  @Test
  void topologyChecks() {
    assertThatThrownBy(() -> FenceLevel.forNode(10, "n1", "a"))
        .hasMessageContaining("index 10 is not between 1 and 9");
    assertThatThrownBy(() -> FencingTopology.of(FenceLevel.forNode(1, "n1", "a"),
        FenceLevel.forNode(1, "n1", "b"))).hasMessageContaining("defined twice");
    assertThatThrownBy(() -> FencingTopology.of(FenceLevel.forNode(1, "n1", "a"))
        .checkDevices(java.util.Set.of("b"))).hasMessageContaining("unknown device 'a'");
    assertThatThrownBy(() -> FenceLevel.Target.pattern("n[")).hasMessageContaining("n[");
    FencingTopology t = FencingTopology.of(
        new FenceLevel(1, FenceLevel.Target.pattern("db-.*"), java.util.List.of("p")),
        new FenceLevel(1, FenceLevel.Target.attribute("rack", "r1"), java.util.List.of("r")),
        FenceLevel.forNode(2, "db-1", "x"), FenceLevel.forNode(1, "db-1", "y"));
    assertThat(t.levelsFor("db-1", Map.of())).extracting(FenceLevel::index).containsExactly(1, 2);
    assertThat(t.levelsFor("db-1", Map.of()).get(0).devices()).containsExactly("y");
    assertThat(t.levelsFor("db-2", Map.of()).get(0).devices()).containsExactly("p");
    assertThat(t.levelsFor("web", Map.of("rack", "r1")).get(0).devices()).containsExactly("r");
    assertThat(t.levelsFor("web", Map.of("rack", "r2"))).isEmpty();
  }
}
