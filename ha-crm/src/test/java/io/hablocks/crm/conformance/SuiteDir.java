package io.hablocks.crm.conformance;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hablocks.testkit.PeerRequirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Pacemaker 2.1.5's scheduler suite, fetched by scripts/fetch-pacemaker-suite.sh when missing. */
final class SuiteDir {

  private SuiteDir() {}

  static synchronized Path get() {
    String cache = System.getenv().getOrDefault("HABLOCKS_CACHE",
        System.getProperty("user.home") + "/.cache/ha-blocks");
    Path d = Path.of(cache, "pacemaker-2.1.5", "cts", "scheduler");
    if (Files.exists(Path.of(cache, "pacemaker-2.1.5", ".complete"))) {
      return d;
    }
    Path script = Path.of("..", "scripts", "fetch-pacemaker-suite.sh").toAbsolutePath().normalize();
    String why = null;
    try {
      Process p = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        why = script + " failed: " + out;
      }
    } catch (IOException e) {
      why = "cannot run " + script + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      why = "interrupted";
    }
    if (why != null) {
      if (PeerRequirements.failWhenMissing(System.getenv())) {
        fail(why);
      }
      assumeTrue(false, why);
    }
    return d;
  }
}
