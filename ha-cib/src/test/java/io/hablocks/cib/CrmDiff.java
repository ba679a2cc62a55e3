package io.hablocks.cib;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Pacemaker's crm_diff (the real peer). */
final class CrmDiff {

  record Result(int exit, String out, String err) {}

  private CrmDiff() {}

  static Result run(List<String> args) throws IOException, InterruptedException {
    Path err = Files.createTempFile("crm_diff", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(args).redirectError(err.toFile());
      pb.environment().put("LC_ALL", "C");
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("crm_diff timed out: " + args);
      }
      return new Result(p.exitValue(), out, Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }

  /** crm_diff -o OLD -n NEW: the patchset (exit 1 when they differ, 0 when equal). */
  static Result diff(Path oldFile, Path newFile) throws IOException, InterruptedException {
    return run(List.of("crm_diff", "-o", oldFile.toString(), "-n", newFile.toString()));
  }

  /** crm_diff -o OLD -p PATCH: the patched document. */
  static Result patch(Path oldFile, Path patchFile) throws IOException, InterruptedException {
    return run(List.of("crm_diff", "-o", oldFile.toString(), "-p", patchFile.toString()));
  }
}
