package io.hablocks.cib;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CibStoreTest {

  private static Cib at(long epoch) throws Exception {
    return CibXml.read(CibXmlTest.sample()).withVersion(new CibVersion(0, epoch, 0));
  }

  @Test
  void writesReopenAndKeepNumberedBackups(@TempDir Path dir) throws Exception {
    CibStore s = CibStore.open(dir, 3);
    assertThat(s.current()).isEmpty();
    for (int e = 1; e <= 6; e++) {
      s.write(at(e));
    }
    CibStore again = CibStore.open(dir, 3);
    assertThat(again.current()).contains(at(6));
    assertThat(again.loadedFrom()).contains(dir.resolve("cib.xml"));
    assertThat(again.skippedAtOpen()).isEmpty();
    assertThat(Files.readString(dir.resolve("cib.xml.sig")).strip()).hasSize(64);
    // backups 3..5 kept (versions 3, 4, 5), older pruned
    assertThat(dir.resolve("cib-5.raw")).exists();
    assertThat(dir.resolve("cib-2.raw")).doesNotExist();
    assertThat(CibXml.read(dir.resolve("cib-5.raw")).version().epoch()).isEqualTo(5);
  }

  @Test
  void tornCurrentFallsBackToNewestIntactBackup(@TempDir Path dir) throws Exception {
    CibStore s = CibStore.open(dir, 5);
    s.write(at(1));
    s.write(at(2));
    s.write(at(3));
    // tear the current copy: cut it in half (its checksum no longer matches)
    byte[] b = Files.readAllBytes(dir.resolve("cib.xml"));
    Files.write(dir.resolve("cib.xml"), java.util.Arrays.copyOf(b, b.length / 2));
    // and corrupt the newest backup's bytes (same length, one byte changed)
    byte[] b2 = Files.readAllBytes(dir.resolve("cib-2.raw"));
    b2[b2.length / 2] ^= 1;
    Files.delete(dir.resolve("cib-2.raw"));
    Files.write(dir.resolve("cib-2.raw"), b2);
    CibStore again = CibStore.open(dir, 5);
    assertThat(again.current()).contains(at(1));
    assertThat(again.loadedFrom().orElseThrow().getFileName().toString()).isEqualTo("cib-1.raw");
    assertThat(again.skippedAtOpen()).hasSize(2);
    assertThat(again.skippedAtOpen().get(0)).startsWith("cib.xml: checksum mismatch");
    assertThat(dir.resolve("cib.xml.bad")).exists();
    // the recovered copy is current again and intact
    assertThat(CibStore.open(dir, 5).skippedAtOpen()).isEmpty();
    assertThat(CibStore.open(dir, 5).current()).contains(at(1));
  }

  @Test
  void checksumThatMatchesGarbageIsStillRefusedByTheParser(@TempDir Path dir) throws Exception {
    CibStore s = CibStore.open(dir);
    s.write(at(1));
    s.write(at(2));
    Files.writeString(dir.resolve("cib.xml"), "<cib><unclosed>", StandardCharsets.UTF_8);
    String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest("<cib><unclosed>".getBytes(StandardCharsets.UTF_8)));
    Files.writeString(dir.resolve("cib.xml.sig"), sha + "\n", StandardOpenOption.TRUNCATE_EXISTING);
    CibStore again = CibStore.open(dir);
    assertThat(again.current()).contains(at(1));
    assertThat(again.skippedAtOpen().get(0)).contains("does not parse");
  }
}
