package io.hablocks.stonith;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.Clock;
import io.hablocks.api.fence.FenceAction;
import io.hablocks.api.fence.FenceResult;
import io.hablocks.stonith.FenceOperation.DeviceOutcome;
import io.hablocks.testkit.PeerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fencer with real agents: level 1 (a failing or hanging agent, or fence_dummy) then level 2
 * (the test agent that kills the process standing for the node).
 */
@PeerTest(commands = {"setsid", "sh", "sleep", "/usr/sbin/fence_dummy"}, packages = "fence-agents")
// a hang fails the test instead of stalling the build
@Timeout(120)
class FencerWithAgentsPeerTest {

  @TempDir
  Path dir;

  @Test
  void levelOneFailsThenLevelTwoKillsTheNode() throws Exception {
    Path agent = TestAgents.installPidKill(dir);
    Path pids = Files.createDirectory(dir.resolve("pids"));
    Process node2 = TestAgents.startNode(pids, "node2");
    Clock clock = Clock.system();
    try (Fencer f = Fencer.builder(clock, "node1")
        .device(StonithDevice.agent("broken", FenceAgent.at(agent, clock), Map.of(
            "pid_dir", pids.toString(), "fail", "3", "pcmk_host_list", "node2",
            "pcmk_off_retries", "1")))
        .device(StonithDevice.agent("killer", FenceAgent.at(agent, clock), Map.of(
            "pid_dir", pids.toString(), "password", "hunter2",
            "stdin_file", dir.resolve("stdin").toString())))
        .topology(FencingTopology.of(FenceLevel.forNode(1, "node2", "broken"),
            FenceLevel.forNode(2, "node2", "killer")))
        .build()) {
      FenceOperation op = f.fence("node2", FenceAction.OFF, "test").get(60, TimeUnit.SECONDS);
      assertThat(op.succeeded()).as(op.toString()).isTrue();
      assertThat(node2.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(op.devices()).extracting(DeviceOutcome::level, DeviceOutcome::device,
          DeviceOutcome::exitCode).containsExactly(
              Tuple.tuple(1, "broken", FenceResult.EC_LOGIN_DENIED),
              Tuple.tuple(2, "killer", 0));
      assertThat(op.devices().get(0).reason()).contains("told to fail with 3");
      // what the agent read: the action, its parameters, the node name and the plug
      assertThat(Files.readAllLines(dir.resolve("stdin"))).contains("action=off",
          "password=hunter2", "nodename=node2", "plug=node2");
      assertThat(f.gate().mayRecover("node2").recoverable()).isTrue();
    } finally {
      node2.destroyForcibly();
    }
  }

  @Test
  void levelOneTimesOutItsProcessGroupIsKilledAndLevelTwoFences() throws Exception {
    Path agent = TestAgents.installPidKill(dir);
    Path pids = Files.createDirectory(dir.resolve("pids"));
    Process node2 = TestAgents.startNode(pids, "node2");
    Clock clock = Clock.system();
    try (Fencer f = Fencer.builder(clock, "node1")
        .device(StonithDevice.agent("hung", FenceAgent.at(agent, clock), Map.of(
            "pid_dir", pids.toString(), "hang", "1", "pcmk_host_check", "none",
            "pcmk_reboot_timeout", "1s")))
        .device(StonithDevice.agent("killer", FenceAgent.at(agent, clock), Map.of(
            "pid_dir", pids.toString())))
        .topology(FencingTopology.of(FenceLevel.forNode(1, "node2", "hung"),
            FenceLevel.forNode(2, "node2", "killer")))
        .build()) {
      FenceOperation op = f.fence("node2", FenceAction.REBOOT, "test").get(60, TimeUnit.SECONDS);
      assertThat(op.succeeded()).as(op.toString()).isTrue();
      assertThat(op.devices()).extracting(DeviceOutcome::device, DeviceOutcome::exitCode)
          .containsExactly(Tuple.tuple("hung", FenceResult.EC_TIMED_OUT),
              Tuple.tuple("killer", 0));
      assertThat(node2.waitFor(10, TimeUnit.SECONDS)).isTrue();
      long child = Long.parseLong(Files.readString(pids.resolve("hang-child.pid")).trim());
      Optional<ProcessHandle> h = ProcessHandle.of(child);
      if (h.isPresent()) {
        h.get().onExit().get(10, TimeUnit.SECONDS);
      }
    } finally {
      node2.destroyForcibly();
    }
  }

  @Test
  void fenceDummyAsADeviceWithItsDefaultHostCheck() throws Exception {
    Clock clock = Clock.system();
    Path status = dir.resolve("status");
    // fence_dummy reads the power state from this file (missing means off: "Already OFF")
    Files.writeString(status, "on");
    StonithDevice dummy = StonithDevice.agent("dummy", "fence_dummy", clock,
        Map.of("status_file", status.toString()));
    // fence_dummy cannot list and has no plug parameter: status check, plug not sent
    assertThat(dummy.hostCheck()).isEqualTo(HostCheck.STATUS);
    assertThat(((AgentFenceDevice) dummy.device()).hostArgument()).isEqualTo("none");
    try (Fencer f = Fencer.builder(clock, "node1").device(dummy).build()) {
      FenceOperation op = f.fence("node2", FenceAction.OFF, "test").get(60, TimeUnit.SECONDS);
      assertThat(op.succeeded()).as(op.toString()).isTrue();
      assertThat(Files.readString(status)).isEqualTo("off");
      assertThat(f.fence("node2", FenceAction.ON, "test").get(60, TimeUnit.SECONDS).succeeded())
          .isTrue();
      assertThat(Files.readString(status)).isEqualTo("on");
      assertThat(f.history("node2")).extracting(FenceOperation::action)
          .containsExactly(FenceAction.OFF, FenceAction.ON);
    }
  }

  @Test
  void dynamicListFromTheRealAgentDecidesWhoItCanFence() throws Exception {
    Path agent = TestAgents.installPidKill(dir);
    Path pids = Files.createDirectory(dir.resolve("pids"));
    Process node2 = TestAgents.startNode(pids, "node2");
    Clock clock = Clock.system();
    // no host list or map, and the agent advertises "list": Pacemaker's default is dynamic-list
    StonithDevice killer = StonithDevice.agent("killer", FenceAgent.at(agent, clock),
        Map.of("pid_dir", pids.toString()));
    assertThat(killer.hostCheck()).isEqualTo(HostCheck.DYNAMIC_LIST);
    try (Fencer f = Fencer.builder(clock, "node1").device(killer).build()) {
      FenceOperation none = f.fence("node9", FenceAction.OFF, "test").get(60, TimeUnit.SECONDS);
      assertThat(none.state()).isEqualTo(FenceOperation.State.FAILED);
      assertThat(none.reason()).isEqualTo("no fence device can fence node9");
      FenceOperation op = f.fence("node2", FenceAction.OFF, "test").get(60, TimeUnit.SECONDS);
      assertThat(op.succeeded()).as(op.toString()).isTrue();
      assertThat(node2.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      node2.destroyForcibly();
    }
  }
}
