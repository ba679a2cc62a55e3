package io.hablocks.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.AgentMetadata;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.testkit.PeerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real OCF agents from resource-agents and pacemaker, held against crm_resource. */
@PeerTest(commands = {"crm_resource", "setsid"},
    files = {"/usr/lib/ocf/resource.d/heartbeat/Dummy", "/usr/lib/ocf/resource.d/pacemaker/Stateful"},
    packages = {"resource-agents", "pacemaker", "pacemaker-cli-utils", "util-linux"})
class OcfAgentPeerTest {

  static final Duration T = Duration.ofSeconds(20);
  final ResourceAgents agents = ResourceAgents.system();

  @TempDir
  Path dir;

  /** One step: our action, the crm_resource --force-* doing the same, the rc both should give. */
  record Step(String action, String force, int interval) {}

  private List<int[]> compare(AgentId id, List<Step> steps, Map<String, String> oursParams,
      Map<String, String> theirsParams) throws Exception {
    ResourceAgent agent = agents.require(id);
    List<int[]> rcs = new ArrayList<>();
    for (Step s : steps) {
      Map<String, String> p = new LinkedHashMap<>(oursParams);
      p.put("CRM_meta_timeout", "20000");
      if (s.interval > 0) {
        p.put("CRM_meta_interval", Integer.toString(s.interval));
      }
      OperationResult ours = agent.execute(s.action, p, T);
      assertThat(ours.status()).as(s.action).isEqualTo(ExecStatus.DONE);
      int theirs = CrmResource.run(s.force, id.standard(), id.provider(), id.type(),
          theirsParams);
      rcs.add(new int[] {ours.exitCode(), theirs});
      assertThat(ours.exitCode()).as("%s %s: ours vs crm_resource --%s", id, s.action, s.force)
          .isEqualTo(theirs);
    }
    return rcs;
  }

  @Test
  void dummyStartMonitorStopSameAsCrmResource() throws Exception {
    Path ours = dir.resolve("ours.state");
    Path theirs = dir.resolve("theirs.state");
    List<Step> steps = List.of(new Step("monitor", "force-check", 0),
        new Step("start", "force-start", 0), new Step("monitor", "force-check", 0),
        new Step("start", "force-start", 0), new Step("stop", "force-stop", 0),
        new Step("monitor", "force-check", 0), new Step("stop", "force-stop", 0));
    List<int[]> rcs = compare(AgentId.parse("ocf:heartbeat:Dummy"), steps,
        Map.of("state", ours.toString()), Map.of("state", theirs.toString()));
    // and the sequence is the one the labs measured: 7 0 0 0 0 7 0
    assertThat(rcs.stream().mapToInt(r -> r[0]).toArray()).containsExactly(7, 0, 0, 0, 0, 7, 0);
  }

  @Test
  void dummyOtherActions() throws Exception {
    ResourceAgent d = agents.require(AgentId.parse("ocf:heartbeat:Dummy"));
    Map<String, String> p = Map.of("state", dir.resolve("d.state").toString(),
        ResourceAgents.INSTANCE_PARAMETER, "d1");
    assertThat(d.execute("validate-all", p, T).exitCode())
        .isEqualTo(CrmResource.run("validate", "ocf", "heartbeat", "Dummy",
            Map.of("state", dir.resolve("d.state").toString())));
    assertThat(d.execute("start", p, T).exitCode()).isZero();
    assertThat(d.execute("reload", p, T).exitCode()).isZero();
    assertThat(d.execute("migrate_to", p, T).exitCode()).isZero();
    assertThat(d.execute("migrate_from", p, T).exitCode()).isZero();
    assertThat(d.execute("monitor", p, T).exitCode()).isZero();
    assertThat(d.execute("no-such-action", p, T).exitCode()).isEqualTo(3);
    assertThat(d.execute("stop", p, T).exitCode()).isZero();
    AgentMetadata m = d.metadata();
    assertThat(m.name()).isEqualTo("Dummy");
    assertThat(m.parameter("state")).hasValueSatisfying(x -> assertThat(x.unique()).isTrue());
    assertThat(m.parameter("fake").orElseThrow().defaultValue()).isEqualTo("dummy");
    assertThat(m.action("monitor").orElseThrow().interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(m.action("meta-data").orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(m.actions()).extracting(a -> a.name()).contains("start", "stop", "monitor",
        "reload", "migrate_to", "migrate_from", "validate-all");
  }

  @Test
  void statefulThroughEveryRoleSameAsCrmResource() throws Exception {
    Path ours = dir.resolve("s-ours.state");
    Path theirs = dir.resolve("s-theirs.state");
    List<Step> steps = List.of(new Step("monitor", "force-check", 0),
        new Step("start", "force-start", 0), new Step("monitor", "force-check", 0),
        new Step("promote", "force-promote", 0), new Step("monitor", "force-check", 0),
        new Step("demote", "force-demote", 0), new Step("monitor", "force-check", 0),
        new Step("stop", "force-stop", 0), new Step("monitor", "force-check", 0));
    List<int[]> rcs = compare(AgentId.parse("ocf:pacemaker:Stateful"), steps,
        Map.of("state", ours.toString()), Map.of("state", theirs.toString()));
    assertThat(rcs.stream().mapToInt(r -> r[0]).toArray())
        .containsExactly(7, 0, 0, 0, 8, 0, 0, 0, 7);
    ResourceAgent s = agents.require(AgentId.parse("ocf:pacemaker:Stateful"));
    Map<String, String> p = new LinkedHashMap<>(Map.of("state", ours.toString(),
        "CRM_meta_notify_type", "pre", "CRM_meta_notify_operation", "promote",
        "CRM_meta_notify_promote_resource", "s:0", "CRM_meta_notify_promote_uname", "n1"));
    assertThat(s.execute("notify", p, T).exitCode()).isZero();
    assertThat(s.execute("reload-agent", Map.of("state", ours.toString(), "notify_delay", "0"),
        T).exitCode()).isZero();
    assertThat(s.metadata().parameter("notify_delay").orElseThrow().reloadable()).isTrue();
  }

  @Test
  void environmentIsTheOneCrmResourceGives() throws Exception {
    // An agent that records its environment, installed for crm_resource under a unique provider.
    String provider = "hbtest" + ProcessHandle.current().pid();
    Path provDir = Path.of("/usr/lib/ocf/resource.d", provider);
    Path dump = dir.resolve("env");
    String script = "#!/bin/sh\nenv | grep -E '^(OCF_|HA_|PCMK_)' | grep -v OCF_TRACE | sort > "
        + dump + ".$1\necho 'ocf-exit-reason:first' >&2\necho 'x ocf-exit-reason:the reason' >&2\n"
        + "exit 0\n";
    if (!Files.isWritable(provDir.getParent())) {
      io.hablocks.testkit.PeerRequirements.require("/usr/lib/ocf/resource.d is not writable");
    }
    Files.createDirectories(provDir);
    try {
      Path agentFile = provDir.resolve("envdump");
      Files.writeString(agentFile, script);
      agentFile.toFile().setExecutable(true);
      assertThat(CrmResource.run("force-start", "ocf", provider, "envdump",
          Map.of("a", "1", "b", "x y"))).isZero();
      String theirs = Files.readString(Path.of(dump + ".start"));
      ResourceAgent ours = agents.require(new AgentId("ocf", provider, "envdump"));
      Map<String, String> p = new LinkedHashMap<>();
      p.put("a", "1");
      p.put("b", "x y");
      p.put("CRM_meta_timeout", "20000");
      p.put(ResourceAgents.INSTANCE_PARAMETER, "test");
      OperationResult r = ours.execute("start", p, T);
      assertThat(r.isOk()).isTrue();
      assertThat(r.exitReason()).isEqualTo("the reason");
      String mine = Files.readString(Path.of(dump + ".start"));
      // crm_resource adds its own output-format hint; everything OCF defines must be equal
      assertThat(ocfOnly(mine)).isEqualTo(ocfOnly(theirs));
      assertThat(ocfOnly(mine)).contains("OCF_RESKEY_CRM_meta_timeout=20000",
          "OCF_RA_VERSION_MAJOR=1", "OCF_ROOT=/usr/lib/ocf", "OCF_RESOURCE_INSTANCE=test");
      assertThat(ocfOnly(mine)).anyMatch(l -> l.startsWith("OCF_RESKEY_crm_feature_set=3."));
    } finally {
      try (var s = Files.list(provDir)) {
        for (Path f : s.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(provDir);
    }
  }

  private static List<String> ocfOnly(String env) {
    return env.lines().filter(l -> l.startsWith("OCF_") && !l.startsWith("OCF_OUTPUT_FORMAT"))
        .toList();
  }
}
