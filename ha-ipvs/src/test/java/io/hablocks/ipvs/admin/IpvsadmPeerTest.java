package io.hablocks.ipvs.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.testkit.PeerTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ipvsadm itself, on the real kernel in the VM, against {@link Ipvsadm} over the in-memory
 * table: the same command lines give the same error messages and exit codes, and the same
 * {@code ipvsadm -S -n} and {@code ipvsadm -Ln} text afterwards; feeding the saved rules to
 * {@code -R} on an empty table reproduces them.
 */
@PeerTest(root = true, commands = {"qemu-system-x86_64", "ipvsadm", "cpio", "xz"},
    packages = {"qemu-system-x86", "linux-image-amd64", "busybox-static", "kmod", "cpio",
        "xz-utils", "ipvsadm"})
class IpvsadmPeerTest {

  static byte[] resource(String name) throws Exception {
    try (InputStream in = IpvsadmPeerTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void ourIpvsadmSaysAndListsWhatIpvsadmSaysAndLists() throws Exception {
    Path work = Files.createDirectories(Path.of("target", "ipvsadm-vm")).toAbsolutePath();
    Files.write(work.resolve("script.txt"), resource("ipvsadm-script.txt"));
    Files.write(work.resolve("ipvs-qemu.sh"), resource("/io/hablocks/ipvs/vm/ipvs-qemu.sh"));
    String guest = "while IFS= read -r line; do "
        + "e=$(eval ipvsadm $line 2>&1 >/dev/null); echo \"RC $? $e\"; done < script.txt; "
        + "echo ---S; ipvsadm -S -n; echo ---L; ipvsadm -Ln";
    Process p = new ProcessBuilder("bash", work.resolve("ipvs-qemu.sh").toString(),
        work.toString(), "200", guest).redirectErrorStream(true)
        .redirectOutput(work.resolve("qemu-run.log").toFile()).start();
    try {
      assertThat(p.waitFor(230, TimeUnit.SECONDS)).isTrue();
    } finally {
      if (p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
      }
    }
    assertThat(p.exitValue()).as(Files.readString(work.resolve("qemu-run.log"))).isZero();
    List<String> kernel = Files.readAllLines(work.resolve("guest.out"));

    MemoryIpvsTable table = new MemoryIpvsTable();
    List<String> ours = new ArrayList<>();
    for (String line : Files.readAllLines(work.resolve("script.txt"))) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int rc = new Ipvsadm(table, new PrintWriter(out), new PrintWriter(err))
          .run(Arrays.asList(line.split("\\s+")), null);
      ours.add(("RC " + rc + " " + err.toString().strip()));
    }
    ours.add("---S");
    String saved = capture(table, "-S", "-n");
    ours.addAll(saved.lines().toList());
    ours.add("---L");
    ours.addAll(capture(table, "-Ln").lines().toList());
    assertThat(ours).containsExactlyElementsOf(kernel);

    // -R of the saved rules on an empty table lists the same
    MemoryIpvsTable restored = new MemoryIpvsTable();
    int rc = new Ipvsadm(restored, new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter())).run(List.of("-R"),
        new BufferedReader(new StringReader(saved)));
    assertThat(rc).isZero();
    assertThat(capture(restored, "-S", "-n")).isEqualTo(saved);
  }

  static String capture(IpvsTable t, String... args) {
    StringWriter out = new StringWriter();
    new Ipvsadm(t, new PrintWriter(out), new PrintWriter(new StringWriter()))
        .run(List.of(args), null);
    return out.toString();
  }
}
