package io.hablocks.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.testkit.PeerRequirements;
import io.hablocks.testkit.PeerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An LSB init script through Pacemaker's status mapping, held against crm_resource: the script is
 * installed for the test as /etc/init.d/hbtest-PID and removed after.
 */
@PeerTest(root = true, commands = {"crm_resource", "setsid"}, files = "/etc/init.d",
    packages = {"pacemaker-cli-utils", "util-linux"})
class LsbAgentPeerTest {

  @TempDir
  Path dir;

  @Test
  void statusCodesMapAsPacemakerMapsThem() throws Exception {
    String name = "hbtest-" + ProcessHandle.current().pid();
    Path script = Path.of("/etc/init.d", name);
    Path control = dir.resolve("status");
    if (!Files.isWritable(script.getParent())) {
      PeerRequirements.require("/etc/init.d is not writable");
    }
    Files.writeString(script, """
        #!/bin/sh
        ### BEGIN INIT INFO
        # Provides:          hbtest
        # Short-Description: ha-blocks LSB test script
        # Description:       Exits with the status written in a control file,
        #                    for the mapping test.
        ### END INIT INFO
        case "$1" in
          status) exit $(cat CONTROL) ;;
          start|stop) exit 0 ;;
          *) exit 3 ;;
        esac
        """.replace("CONTROL", control.toString()));
    script.toFile().setExecutable(true);
    try {
      ResourceAgent lsb = ResourceAgents.system().require(new AgentId("lsb", null, name));
      ResourceAgent service = ResourceAgents.system().require(new AgentId("service", null, name));
      for (int status : new int[] {0, 1, 2, 3, 4, 5, 150}) {
        Files.writeString(control, Integer.toString(status));
        OperationResult r = lsb.execute("monitor", Map.of(), Duration.ofSeconds(10));
        assertThat(r.status()).isEqualTo(ExecStatus.DONE);
        int theirs = CrmResource.run("force-check", "lsb", null, name, Map.of());
        assertThat(r.exitCode()).as("LSB status %d", status).isEqualTo(theirs);
        assertThat(service.execute("monitor", Map.of(), Duration.ofSeconds(10)).exitCode())
            .isEqualTo(theirs);
      }
      assertThat(lsb.execute("start", Map.of(), Duration.ofSeconds(10)).exitCode())
          .isEqualTo(CrmResource.run("force-start", "lsb", null, name, Map.of()));
      assertThat(lsb.execute("reload", Map.of(), Duration.ofSeconds(10)).exitCode()).isEqualTo(3);
      var md = lsb.metadata();
      assertThat(md.shortDescription()).isEqualTo("ha-blocks LSB test script");
      assertThat(md.longDescription()).isEqualTo(
          "Exits with the status written in a control file, for the mapping test.");
      assertThat(md.action("monitor").orElseThrow().interval()).isEqualTo(Duration.ofSeconds(15));
    } finally {
      Files.deleteIfExists(script);
    }
  }
}
