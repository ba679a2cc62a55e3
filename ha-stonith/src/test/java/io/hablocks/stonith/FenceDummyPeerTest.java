package io.hablocks.stonith;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.Clock;
import io.hablocks.api.fence.FenceAction;
import io.hablocks.api.fence.FenceResult;
import io.hablocks.testkit.PeerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real fence_dummy (fence-agents 4.12) through every action of the protocol. */
@PeerTest(commands = {"/usr/sbin/fence_dummy", "setsid"}, packages = "fence-agents")
// a hang fails the test instead of stalling the build
@Timeout(120)
class FenceDummyPeerTest {

  private static final Duration T = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void everyActionWithFencingPyExitCodes() throws Exception {
    FenceAgent dummy = FenceAgent.named("fence_dummy", Clock.system());
    Path status = dir.resolve("status");
    Map<String, String> p = Map.of("status_file", status.toString());

    FenceAgentMetadata md = dummy.metadata(T);
    assertThat(md.name()).isEqualTo("fence_dummy");
    assertThat(md.parameter("status_file")).isPresent();

    FenceResult on = dummy.run(FenceAction.ON, p, T);
    assertThat(on.exitCode()).isEqualTo(FenceResult.EC_OK);
    assertThat(on.output()).contains("Powered ON");
    assertThat(Files.readString(status)).isEqualTo("on");
    assertThat(dummy.run(FenceAction.STATUS, p, T).exitCode()).isEqualTo(FenceResult.EC_OK);

    FenceResult off = dummy.run(FenceAction.OFF, p, T);
    assertThat(off.exitCode()).isEqualTo(FenceResult.EC_OK);
    assertThat(Files.readString(status)).isEqualTo("off");
    FenceResult statusOff = dummy.run(FenceAction.STATUS, p, T);
    assertThat(statusOff.exitCode()).isEqualTo(FenceResult.STATUS_OFF);
    assertThat(statusOff.output()).contains("Status: OFF");

    FenceResult reboot = dummy.run(FenceAction.REBOOT, p, T);
    assertThat(reboot.exitCode()).isEqualTo(FenceResult.EC_OK);
    assertThat(reboot.output()).contains("Rebooted");
    assertThat(Files.readString(status)).isEqualTo("on");

    // fence_dummy has no "separator" option, so fencing.py removes list and list-status from its
    // actions: the metadata does not advertise them and the agent fails them with EC_GENERIC_ERROR.
    for (FenceAction a : new FenceAction[] {FenceAction.LIST, FenceAction.LIST_STATUS}) {
      assertThat(md.supports(a)).as(a.word()).isFalse();
      FenceResult r = dummy.run(a, p, T);
      assertThat(r.exitCode()).as(a.word()).isEqualTo(FenceResult.EC_GENERIC_ERROR);
      assertThat(r.error()).contains("Unrecognised action '" + a.word() + "'");
    }
    assertThat(dummy.run(FenceAction.MONITOR, p, T).exitCode()).isEqualTo(FenceResult.EC_OK);
    assertThat(dummy.run(FenceAction.VALIDATE_ALL, p, T).exitCode()).isEqualTo(FenceResult.EC_OK);
    FenceResult meta = dummy.run(FenceAction.METADATA, Map.of(), T);
    assertThat(meta.exitCode()).isEqualTo(FenceResult.EC_OK);
    assertThat(FenceAgentMetadata.parse(meta.output(), "stdout").actions())
        .isEqualTo(md.actions());
    // every advertised fencing action works
    for (FenceAction a : new FenceAction[] {FenceAction.ON, FenceAction.OFF, FenceAction.REBOOT,
        FenceAction.STATUS, FenceAction.MONITOR, FenceAction.METADATA, FenceAction.VALIDATE_ALL}) {
      assertThat(md.supports(a)).as(a.word()).isTrue();
    }
  }

  @Test
  void unknownKeysOnlyWarnAndBadActionFails() {
    FenceAgent dummy = FenceAgent.named("fence_dummy", Clock.system());
    FenceResult r = dummy.run(FenceAction.ON,
        Map.of("status_file", dir.resolve("s").toString(), "plug", "node1"), T);
    assertThat(r.exitCode()).isEqualTo(0);
    assertThat(r.error()).contains("Ignoring unknown option 'plug=node1'");
    FenceResult bogus = dummy.run("bogus", Map.of(), T);
    assertThat(bogus.exitCode()).isEqualTo(FenceResult.EC_GENERIC_ERROR);
  }

  @Test
  void fenceDummyTypeFailReportsFailureToPowerOff() {
    FenceAgent dummy = FenceAgent.named("fence_dummy", Clock.system());
    FenceResult r = dummy.run(FenceAction.OFF,
        Map.of("type", "fail", "plug", "n1", "power_timeout", "1"), T);
    assertThat(r.exitCode()).isNotEqualTo(FenceResult.EC_OK);
  }
}
