package io.hablocks.cib;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hablocks.testkit.PeerRequirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Pacemaker 2.1.5's scheduler suite for peer tests: fetched once by the project's own
 * scripts/fetch-pacemaker-suite.sh (from Debian's source package) into the cache directory.
 */
final class PacemakerSuite {

  private static Path dir;

  private PacemakerSuite() {}

  /** @return cts/scheduler of the suite, fetching it if needed (fails in CI, skips elsewhere) */
  static synchronized Path dir() {
    if (dir != null) {
      return dir;
    }
    String cache = System.getenv().getOrDefault("HABLOCKS_CACHE",
        System.getProperty("user.home") + "/.cache/ha-blocks");
    Path d = Path.of(cache, "pacemaker-2.1.5", "cts", "scheduler");
    if (!Files.exists(Path.of(cache, "pacemaker-2.1.5", ".complete"))) {
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
    }
    dir = d;
    return d;
  }

  /** @return every xml/*.xml of the suite, sorted */
  static List<Path> cibs() throws IOException {
    try (Stream<Path> s = Files.list(dir().resolve("xml"))) {
      return s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
    }
  }
}
