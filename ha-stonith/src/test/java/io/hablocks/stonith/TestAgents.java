package io.hablocks.stonith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Installs the test fence agent (a shell script in test resources) into a directory. */
final class TestAgents {

  private TestAgents() {}

  static Path installPidKill(Path dir) throws IOException {
    Path target = dir.resolve("fence_pidkill");
    try (InputStream in = TestAgents.class.getResourceAsStream("/agents/fence_pidkill")) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    return target;
  }

  /** Starts a process standing for a node and writes its pid file. */
  static Process startNode(Path pidDir, String node) throws IOException {
    Process p = new ProcessBuilder("sleep", "600").start();
    Files.writeString(pidDir.resolve(node + ".pid"), Long.toString(p.pid()));
    return p;
  }
}
