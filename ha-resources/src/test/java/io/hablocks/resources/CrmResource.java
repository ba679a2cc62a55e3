package io.hablocks.resources;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs Pacemaker's {@code crm_resource --force-*} as the oracle for an agent's exit code. */
final class CrmResource {

  private CrmResource() {}

  /**
   * @param force force-start, force-check, force-stop, force-promote, force-demote or validate
   * @return crm_resource's exit status (the agent's rc)
   */
  static int run(String force, String standard, String provider, String type,
      Map<String, String> options) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("crm_resource", "--" + force, "--class", standard,
        "--agent", type));
    if (provider != null) {
      cmd.add("--provider");
      cmd.add(provider);
    }
    for (Map.Entry<String, String> e : options.entrySet()) {
      cmd.add("--option");
      cmd.add(e.getKey() + "=" + e.getValue());
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("crm_resource hung: " + cmd);
    }
    return p.exitValue();
  }
}
