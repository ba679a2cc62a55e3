package io.hablocks.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerRequirementsTest {

  private static PeerRequirements machine(boolean root, Set<String> commands) {
    return new PeerRequirements(new PeerRequirements.Probe() {
      @Override
      public boolean hasCommand(String command) {
        return commands.contains(command);
      }

      @Override
      public boolean exists(String path) {
        return path.equals("/present");
      }

      @Override
      public boolean isRoot() {
        return root;
      }

      @Override
      public boolean canCreateNetns() {
        return true;
      }
    });
  }

  @Test
  void namesEveryMissingThingWithThePackageThatBringsIt() {
    List<String> missing = machine(false, Set.of("ip")).missing(true, true,
        List.of("keepalived", "ip"), List.of("/present", "/absent"), List.of("keepalived"));
    assertThat(missing).containsExactly(
        "must run as root",
        "command 'keepalived' not found (Debian: apt-get install keepalived)",
        "file '/absent' not found (Debian: apt-get install keepalived)",
        "cannot create network namespaces (needs root and 'ip' from iproute2)");
  }

  @Test
  void nothingMissingWhenAllIsThere() {
    assertThat(machine(true, Set.of("ip", "corosync")).missing(true, true, List.of("corosync"),
        List.of("/present"), List.of())).isEmpty();
  }

  @Test
  void onlyCiTrueTurnsASkipIntoAFailure() {
    assertThat(PeerRequirements.failWhenMissing(Map.of("CI", "true"))).isTrue();
    assertThat(PeerRequirements.failWhenMissing(Map.of("CI", "TRUE"))).isTrue();
    assertThat(PeerRequirements.failWhenMissing(Map.of("CI", "false"))).isFalse();
    assertThat(PeerRequirements.failWhenMissing(Map.of())).isFalse();
  }

  @Test
  void theRealMachineProbeFindsAShell() {
    assertThat(PeerRequirements.ofMachine().missing(false, false, List.of("sh", "/bin/sh"),
        List.of("/"), List.of())).isEmpty();
    assertThat(PeerRequirements.ofMachine().missing(false, false,
        List.of("no-such-command-hablocks"), List.of(), List.of())).hasSize(1);
  }
}
