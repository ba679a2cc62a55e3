package io.hablocks.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeepalivedConfigTest {

  static final String FULL = """
      ! Configuration File for keepalived
      global_defs {
          router_id ha1
          enable_script_security
          script_user root
          vrrp_version 3
          vrrp_garp_master_delay 2
      }
      vrrp_script chk_app {
          script "/usr/bin/test -f /tmp/app-ok"
          interval 2
          timeout 1
          weight -60
          rise 2
          fall 3
      }
      vrrp_track_file tf {
          file /tmp/prio
          weight 5
      }
      vrrp_sync_group G1 {
          group {
              VI_1
              VI_6
          }
      }
      vrrp_instance VI_1 {
          state MASTER
          interface eth0
          virtual_router_id 51
          priority 150
          advert_int 0.05
          nopreempt
          unicast_src_ip 10.99.0.11
          unicast_peer {
              10.99.0.12
              10.99.0.13
          }
          virtual_ipaddress {
              10.99.0.100/24 dev eth0 label eth0:vi1
              10.99.0.101
          }
          track_interface {
              eth1 weight -20
          }
          track_script {
              chk_app
          }
          track_file {
              tf
          }
          notify "/usr/local/bin/notify.sh arg1"
          garp_master_refresh 60
          some_future_keyword 1
      }
      vrrp_instance VI_6 {  # IPv6
          interface eth0
          virtual_router_id 52
          version 3
          preempt_delay 5
          use_vmac
          virtual_ipaddress {
              fd99::100/64
          }
      }
      vrrp_instance VI_2 {
          interface eth0
          virtual_router_id 53
          version 2
          authentication {
              auth_type PASS
              auth_pass s3cretLongerThan8
          }
          virtual_ipaddress {
              192.168.1.1/24
          }
      }
      virtual_server 10.99.0.100 80 {
          lb_algo rr
      }
      """;

  @Test
  void readsEveryVrrpBlockWithKeepalivedDefaults() throws Exception {
    KeepalivedConfig c = KeepalivedConfig.parse(FULL, "keepalived.conf");
    assertThat(c.routerId()).isEqualTo("ha1");
    assertThat(c.instances()).extracting(VrrpInstanceConfig::name)
        .containsExactly("VI_1", "VI_6", "VI_2");
    VrrpInstanceConfig vi1 = c.instances().get(0);
    assertThat(vi1.version()).isEqualTo(VrrpVersion.V3);
    assertThat(vi1.advertInterval()).isEqualTo(Duration.ofMillis(50));
    assertThat(vi1.priority()).isEqualTo(150);
    assertThat(vi1.initialMaster()).isTrue();
    assertThat(vi1.preempt()).isFalse();
    assertThat(vi1.sourceAddress()).isEqualTo(InetAddress.getByName("10.99.0.11"));
    assertThat(vi1.unicastPeers()).hasSize(2);
    assertThat(vi1.virtualAddresses().get(0).label()).isEqualTo("eth0:vi1");
    assertThat(vi1.virtualAddresses().get(1).prefixLength()).isEqualTo(32);
    assertThat(vi1.trackInterfaces()).containsExactly(new VrrpInstanceConfig.Track("eth1", -20));
    assertThat(vi1.trackScripts()).containsExactly(new VrrpInstanceConfig.Track("chk_app", 0));
    assertThat(vi1.trackFiles()).containsExactly(new VrrpInstanceConfig.Track("/tmp/prio", 5));
    assertThat(vi1.notifyScript()).isEqualTo("/usr/local/bin/notify.sh arg1");
    assertThat(vi1.garpMasterDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(vi1.garpMasterRefresh()).isEqualTo(Duration.ofSeconds(60));
    VrrpInstanceConfig vi6 = c.instances().get(1);
    assertThat(vi6.isIpv6()).isTrue();
    assertThat(vi6.priority()).isEqualTo(100);
    assertThat(vi6.preemptDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(vi6.useVmac()).isTrue();
    assertThat(vi6.virtualAddresses().get(0).prefixLength()).isEqualTo(64);
    VrrpInstanceConfig vi2 = c.instances().get(2);
    assertThat(vi2.version()).isEqualTo(VrrpVersion.V2);
    assertThat(vi2.password()).isEqualTo("s3cretLo");
    assertThat(vi2.garpMasterRepeat()).isEqualTo(5);
    VrrpScript s = c.scripts().get(0);
    assertThat(s.script()).isEqualTo("/usr/bin/test -f /tmp/app-ok");
    assertThat(s.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.weight()).isEqualTo(-60);
    assertThat(s.rise()).isEqualTo(2);
    assertThat(s.fall()).isEqualTo(3);
    assertThat(c.syncGroups()).containsEntry("G1", java.util.List.of("VI_1", "VI_6"));
    assertThat(c.warnings()).anyMatch(w -> w.startsWith("keepalived.conf:54: unknown keyword "
        + "some_future_keyword"));
    assertThat(c.warnings()).anyMatch(w -> w.contains("virtual_server is not part of VRRP"));
  }

  static String err(String text) {
    try {
      KeepalivedConfig.parse(text, "k.conf");
      return null;
    } catch (VrrpConfigException e) {
      return e.getMessage();
    }
  }

  static String inst(String body) {
    return "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
        + " virtual_ipaddress {\n  10.0.0.1\n }\n" + body + "}\n";
  }

  @Test
  void errorsNameFileLineAndReason() {
    assertThat(err(inst(" priority 300\n"))).isEqualTo("k.conf:7: priority: 300 is out of range 1..255");
    assertThat(err(inst(" priority high\n"))).isEqualTo("k.conf:7: priority: 'high' is not an integer");
    assertThat(err(inst(" state SLAVE\n"))).isEqualTo("k.conf:7: state: 'SLAVE' is not MASTER or BACKUP");
    assertThat(err(inst(" version 4\n"))).isEqualTo("k.conf:7: version: '4' is not 2 or 3");
    assertThat(err(inst(" unicast_peer {\n  10.0.0.x\n }\n")))
        .isEqualTo("k.conf:8: 10.0.0.x: '10.0.0.x' is not an IP address");
    assertThat(err(inst(" advert_int 0.5\n version 2\n"))).isNull();
    assertThat(err(inst(" advert_int 300\n"))).startsWith("k.conf:7: advert_int: 300 is out of range");
    assertThat(err("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 0\n}\n"))
        .isEqualTo("k.conf:3: virtual_router_id: 0 is out of range 1..255");
    assertThat(err("vrrp_instance VI_1 {\n interface eth0\n")).isEqualTo("k.conf:1: '{' is never closed");
    assertThat(err("}\n")).isEqualTo("k.conf:1: '}' without a matching '{'");
    assertThat(err("vrrp_instance VI_1 {\n virtual_router_id 5\n}\n"))
        .isEqualTo("k.conf:1: vrrp_instance VI_1 has no interface");
    assertThat(err("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n}\n"))
        .isEqualTo("k.conf:1: virtual_ipaddress is empty in VI_1");
    assertThat(err(inst(" virtual_ipaddress {\n  10.0.0.2/40\n }\n")))
        .isEqualTo("k.conf:8: virtual_ipaddress: prefix length 40 out of 0..32");
    assertThat(err(inst(" track_script {\n  nope\n }\n")))
        .isEqualTo("k.conf:1: vrrp_instance VI_1 tracks unknown vrrp_script nope");
    assertThat(err(inst("") + "vrrp_sync_group G {\n group {\n  VI_1 VI_9\n }\n}\n"))
        .isEqualTo("k.conf:8: vrrp_sync_group G: no vrrp_instance VI_9");
    assertThat(err(inst(" notify \"/x y\n"))).isEqualTo("k.conf:7: unterminated quoted string");
    assertThat(err(inst(" version 3\n authentication {\n  auth_type PASS\n  auth_pass x\n }\n")))
        .isEqualTo("k.conf:1: authentication is not part of VRRP version 3 in VI_1");
  }

  @Test
  void includesAreReadRelativeToTheFileAndErrorsNameTheIncludedFile(@TempDir Path dir)
      throws Exception {
    Path main = dir.resolve("keepalived.conf");
    Files.writeString(main, "global_defs {\n router_id x\n}\ninclude vi.conf\n");
    Files.writeString(dir.resolve("vi.conf"), inst(" priority 120\n"));
    KeepalivedConfig c = KeepalivedConfig.read(main);
    assertThat(c.instances().get(0).priority()).isEqualTo(120);
    Files.writeString(dir.resolve("vi.conf"), inst(" priority 0\n"));
    assertThatThrownBy(() -> KeepalivedConfig.read(main)).isInstanceOf(VrrpConfigException.class)
        .hasMessage(dir.resolve("vi.conf") + ":7: priority: 0 is out of range 1..255");
    Files.writeString(dir.resolve("vi.conf"), "include vi.conf\n");
    assertThatThrownBy(() -> KeepalivedConfig.read(main)).hasMessageContaining("nested deeper");
  }
}
