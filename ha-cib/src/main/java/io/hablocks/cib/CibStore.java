package io.hablocks.cib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CIB kept on disk the way Pacemaker's CIB manager keeps it: {@code cib.xml} with a checksum
 * beside it ({@code cib.xml.sig}, SHA-256 of the file's bytes), and numbered backups of earlier
 * versions ({@code cib-N.raw} with {@code cib-N.raw.sig}, the newest {@code keepBackups} kept).
 *
 * <p>{@link #write} is atomic and durable: the current file is first kept as the next backup (a
 * hard link), then the new XML and checksum are written to temporary files, fsynced, renamed over
 * the current ones, and the directory is fsynced; when {@code write} returns, the version is on
 * disk. Opening a store checks the current copy against its checksum and parses it; if it is
 * torn or corrupt, it falls back to the newest intact backup (which then becomes current again).
 * A process killed at any point leaves either the new or the previous acknowledged version.
 *
 * <pre>{@code
 * CibStore store = CibStore.open(Path.of("/var/lib/ha-blocks/cib"));
 * Cib cib = store.current().orElse(Cib.empty("pacemaker-3.9"));
 * store.write(cib.withVersion(cib.version().nextEpoch()));
 * }</pre>
 *
 * <p>Thread-safe: writes are serialized. I/O failures are {@link UncheckedIOException}s naming
 * the file.
 */
public final class CibStore {

  private static final Logger LOG = LoggerFactory.getLogger(CibStore.class);
  private static final String CURRENT = "cib.xml";
  private static final String SIG = ".sig";
  private static final String TMP = ".tmp";

  private final Path dir;
  private final int keepBackups;
  private Cib current;
  private Path loadedFrom;
  private final List<String> skipped = new ArrayList<>();

  private CibStore(Path dir, int keepBackups) {
    this.dir = dir;
    this.keepBackups = keepBackups;
  }

  /**
   * Opens (creating the directory if needed) a store keeping 10 backups.
   *
   * @param dir the directory
   * @return the store, with the newest intact CIB loaded
   */
  public static CibStore open(Path dir) {
    return open(dir, 10);
  }

  /**
   * Opens a store.
   *
   * @param dir the directory
   * @param keepBackups how many numbered backups to keep (at least 1)
   * @return the store, with the newest intact CIB loaded
   */
  public static CibStore open(Path dir, int keepBackups) {
    if (keepBackups < 1) {
      throw new IllegalArgumentException("keepBackups must be at least 1");
    }
    CibStore s = new CibStore(dir, keepBackups);
    s.load();
    return s;
  }

  /** @return the CIB last written or loaded, empty for a new store (or when no copy is intact) */
  public synchronized Optional<Cib> current() {
    return Optional.ofNullable(current);
  }

  /** @return the file the CIB was loaded from at open (cib.xml, or a backup after a fallback) */
  public synchronized Optional<Path> loadedFrom() {
    return Optional.ofNullable(loadedFrom);
  }

  /** @return the copies skipped at open, each with the reason (torn, checksum, parse error) */
  public synchronized List<String> skippedAtOpen() {
    return List.copyOf(skipped);
  }

  /** @return the directory */
  public Path directory() {
    return dir;
  }

  /**
   * Writes a CIB durably; when this returns, a reopen finds it.
   *
   * @param cib the CIB
   * @throws UncheckedIOException if the disk refuses (the previous version stays current)
   */
  public synchronized void write(Cib cib) {
    byte[] xml = CibXml.write(cib).getBytes(StandardCharsets.UTF_8);
    byte[] sig = (sha256(xml) + "\n").getBytes(StandardCharsets.US_ASCII);
    Path cur = dir.resolve(CURRENT);
    Path curSig = dir.resolve(CURRENT + SIG);
    try {
      if (Files.exists(cur) && Files.exists(curSig)) {
        int n = nextBackupNumber();
        Path b = dir.resolve("cib-" + n + ".raw");
        Path bs = dir.resolve("cib-" + n + ".raw" + SIG);
        Files.deleteIfExists(b);
        Files.deleteIfExists(bs);
        Files.createLink(b, cur);
        Files.createLink(bs, curSig);
        fsyncDir();
      }
      Path tmp = dir.resolve(CURRENT + TMP);
      Path tmpSig = dir.resolve(CURRENT + SIG + TMP);
      writeSynced(tmp, xml);
      writeSynced(tmpSig, sig);
      move(tmpSig, curSig);
      move(tmp, cur);
      fsyncDir();
      current = cib;
      pruneBackups();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the CIB to " + cur + ": " + e.getMessage(), e);
    }
  }

  private void load() {
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve(CURRENT + TMP));
      Files.deleteIfExists(dir.resolve(CURRENT + SIG + TMP));
      List<Path> candidates = new ArrayList<>();
      candidates.add(dir.resolve(CURRENT));
      candidates.addAll(backups().descendingMap().values());
      for (Path p : candidates) {
        if (!Files.exists(p)) {
          continue;
        }
        String why = check(p);
        if (why == null) {
          loadedFrom = p;
          if (!p.getFileName().toString().equals(CURRENT)) {
            LOG.warn("CIB store {}: current copy unusable ({}); using backup {} (version {})", dir,
                skipped, p.getFileName(), current.version());
            // keep the unusable copy aside for inspection, then make the backup current again
            Path cur = dir.resolve(CURRENT);
            if (Files.exists(cur)) {
              Files.move(cur, dir.resolve(CURRENT + ".bad"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(dir.resolve(CURRENT + SIG));
            write(current);
          }
          return;
        }
        skipped.add(p.getFileName() + ": " + why);
        LOG.warn("CIB store {}: skipping {}: {}", dir, p.getFileName(), why);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the CIB store " + dir + ": " + e.getMessage(), e);
    }
  }

  /** @return null if the copy is intact (and loads it), else why not */
  private String check(Path p) throws IOException {
    Path s = p.resolveSibling(p.getFileName() + SIG);
    if (!Files.exists(s)) {
      return "no checksum file";
    }
    byte[] bytes = Files.readAllBytes(p);
    String want = Files.readString(s, StandardCharsets.US_ASCII).strip();
    String got = sha256(bytes);
    if (!got.equals(want)) {
      return "checksum mismatch (torn or corrupt): " + bytes.length + " bytes";
    }
    try {
      current = Cib.of(CibXml.readElement(bytes));
      return null;
    } catch (CibParseException e) {
      return "does not parse: " + e.getMessage();
    }
  }

  private TreeMap<Integer, Path> backups() throws IOException {
    TreeMap<Integer, Path> out = new TreeMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "cib-*.raw")) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        try {
          out.put(Integer.parseInt(n.substring(4, n.length() - 4)), p);
        } catch (NumberFormatException e) {
          // not one of ours
        }
      }
    }
    return out;
  }

  private int nextBackupNumber() throws IOException {
    TreeMap<Integer, Path> b = backups();
    return b.isEmpty() ? 1 : b.lastKey() + 1;
  }

  private void pruneBackups() throws IOException {
    TreeMap<Integer, Path> b = backups();
    while (b.size() > keepBackups) {
      Path p = b.pollFirstEntry().getValue();
      Files.deleteIfExists(p.resolveSibling(p.getFileName() + SIG));
      Files.deleteIfExists(p);
    }
  }

  private static void writeSynced(Path p, byte[] data) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(data);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system cannot rename atomically: " + e.getMessage(), e);
    }
  }

  private void fsyncDir() throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
