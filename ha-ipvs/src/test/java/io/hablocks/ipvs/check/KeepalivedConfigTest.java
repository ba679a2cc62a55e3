package io.hablocks.ipvs.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.ipvs.IpvsException;
import io.hablocks.testkit.ManualClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeepalivedConfigTest {

  static final String CONF = String.join("\n",
      "global_defs {",
      "  router_id LVS1   # skipped",
      "}",
      "vrrp_instance VI_1 { state MASTER",
      "  virtual_ipaddress { 10.0.0.1 }",
      "}",
      "virtual_server 10.0.0.1 80 {",
      "    delay_loop 6",
      "    lb_algo wrr",
      "    lb_kind DR",
      "    protocol TCP",
      "    persistence_timeout 50",
      "    quorum 2",
      "    hysteresis 1",
      "    alpha",
      "    quorum_down \"/bin/echo down\"",
      "    sorry_server 10.0.2.1 80",
      "    real_server 10.0.1.1 80 {",
      "        weight 3",
      "        inhibit_on_failure",
      "        notify_down /bin/rs-down",
      "        TCP_CHECK {",
      "            connect_timeout 3",
      "            retry 2",
      "            delay_before_retry 1.5",
      "            warmup 4",
      "        }",
      "    }",
      "    real_server 10.0.1.2 8080 {",
      "        HTTP_GET {",
      "            url {",
      "              path /health",
      "              status_code 200 204",
      "              digest 9b3a0c85a887a256d6939da88aabd8cd",
      "              regex \"^OK\"",
      "            }",
      "            connect_port 81",
      "            nb_get_retry 4",
      "        }",
      "    }",
      "    real_server 10.0.1.3 80 {",
      "        MISC_CHECK {",
      "            misc_path \"/usr/local/bin/check 10.0.1.3\"",
      "            misc_timeout 2",
      "            misc_dynamic",
      "        }",
      "    }",
      "}",
      "");

  @Test
  void readsVirtualServersRealServersAndCheckers() {
    KeepalivedConfig c = KeepalivedConfig.parse("keepalived.conf", CONF);
    assertThat(c.virtualServers()).hasSize(1);
    var v = c.virtualServers().get(0);
    assertThat(v.address()).isEqualTo(new InetSocketAddress("10.0.0.1", 80));
    assertThat(v.lbAlgo()).isEqualTo("wrr");
    assertThat(v.lbKind()).isEqualTo("DR");
    assertThat(v.quorum()).isEqualTo(2);
    assertThat(v.hysteresis()).isEqualTo(1);
    assertThat(v.alpha()).isTrue();
    assertThat(v.quorumDown()).isEqualTo("/bin/echo down");
    assertThat(v.sorryServer()).isEqualTo(new InetSocketAddress("10.0.2.1", 80));
    assertThat(v.realServers()).hasSize(3);
    var r1 = v.realServers().get(0);
    assertThat(r1.weight()).isEqualTo(3);
    assertThat(r1.inhibitOnFailure()).isTrue();
    assertThat(r1.notifyDown()).isEqualTo("/bin/rs-down");
    assertThat(r1.check().type()).isEqualTo("TCP_CHECK");
    assertThat(r1.check().timers()).isEqualTo(new CheckTimers(Duration.ofSeconds(6), 2,
        Duration.ofMillis(1500), Duration.ofSeconds(4), Duration.ofSeconds(3)));
    var r2 = v.realServers().get(1);
    assertThat(r2.check().target()).isEqualTo(new InetSocketAddress("10.0.1.2", 81));
    assertThat(r2.check().timers().retry()).isEqualTo(4);
    assertThat(r2.check().urls().get(0).statusCodes()).containsExactlyInAnyOrder(200, 204);
    assertThat(r2.check().urls().get(0).regex().pattern()).isEqualTo("^OK");
    var r3 = v.realServers().get(2);
    assertThat(r3.check().miscPath()).isEqualTo("/usr/local/bin/check 10.0.1.3");
    assertThat(r3.check().miscTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(r3.check().miscDynamic()).isTrue();
    assertThat(r3.check().timers().retry()).isZero();
  }

  @Test
  void errorsNameFileLineAndKeyword() {
    assertThatThrownBy(() -> KeepalivedConfig.parse("k.conf", "virtual_server 10.0.0.1 80 {\n"
        + "  lb_algo nope\n}\n")).isInstanceOf(IpvsException.class)
        .hasMessage("k.conf:2: lb_algo: unknown scheduler 'nope'");
    assertThatThrownBy(() -> KeepalivedConfig.parse("k.conf", "virtual_server 10.0.0.1 80 {\n"
        + "  real_server 10.0.1.1 80 {\n    weigth 3\n  }\n}\n"))
        .hasMessage("k.conf:3: unknown keyword 'weigth' in real_server");
    assertThatThrownBy(() -> KeepalivedConfig.parse("k.conf", "virtual_server 10.0.0.1 80 {\n"
        + "  delay_loop 6\n"))
        .hasMessageStartingWith("k.conf:1: expected '}' closing virtual_server of line 1");
    assertThatThrownBy(() -> KeepalivedConfig.parse("k.conf", "virtual_server 10.0.0.1 {\n}\n"))
        .hasMessage("k.conf:1: virtual_server needs an address and a port");
    assertThatThrownBy(() -> KeepalivedConfig.parse("k.conf", "virtual_server 10.0.0.1 80 {\n"
        + " real_server 10.0.1.1 80 {\n  HTTP_GET {\n   url {\n    digest xyz\n }}}}\n"))
        .hasMessageContaining("k.conf:5: digest must be 32 hex digits");
  }

  @Test
  void runsTheConfigurationAndItsNotifyScripts() {
    String conf = "virtual_server 10.0.0.1 80 {\n delay_loop 2\n lb_algo rr\n"
        + " quorum_down \"qdown\"\n"
        + " real_server 127.0.0.1 1 {\n  notify_down \"rsdown\"\n"
        + "  TCP_CHECK {\n   connect_timeout 1\n   retry 0\n  }\n }\n}\n";
    ManualClock clock = new ManualClock();
    List<String> ran = new ArrayList<>();
    KeepalivedLvs lvs = KeepalivedLvs.build(KeepalivedConfig.parse("k.conf", conf), clock,
        Runnable::run, ran::add);
    lvs.start();
    var vs = lvs.services().get(0).service();
    assertThat(vs.destinations()).hasSize(1);
    clock.advance(Duration.ofSeconds(1)); // first check at once: port 1 refuses
    assertThat(vs.destinations()).isEmpty();
    assertThat(ran).containsExactly("rsdown", "qdown");
    lvs.stop(ran::add);
  }
}
