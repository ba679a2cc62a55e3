package io.hablocks.cib;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.testkit.PeerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interop with Pacemaker's crm_diff both ways, over pairs (a suite CIB, a randomly mutated copy):
 * our patchset applied by {@code crm_diff --patch} gives NEW, and crm_diff's patchset applied by
 * us gives NEW. crm_diff writes v2 only when the source's crm_feature_set is above 3.0.8, so a
 * CIB without one (or with an older one) gets crm_feature_set="3.16.2" first. The number of pairs is the system
 * property {@code cib.interop.pairs} (default 150, chosen from the suite with a fixed seed).
 */
@PeerTest(commands = {"crm_diff", "apt-get"}, packages = "pacemaker-cli-utils")
class CrmDiffInteropTest {

  private static final Logger LOG = LoggerFactory.getLogger(CrmDiffInteropTest.class);

  /** Whether a feature set is above 3.0.8 (crm_diff then writes format 2). */
  static boolean aboveV1(String featureSet) {
    String[] p = featureSet.split("\\.");
    int[] want = {3, 0, 8};
    for (int i = 0; i < 3; i++) {
      int v = i < p.length ? Integer.parseInt(p[i].replaceAll("[^0-9].*", "").isEmpty() ? "0" : p[i].replaceAll("[^0-9].*", "")) : 0;
      if (v != want[i]) {
        return v > want[i];
      }
    }
    return false;
  }

  @Test
  void patchsetsInteroperateBothWays(@TempDir Path tmp) throws Exception {
    int pairs = Integer.getInteger("cib.interop.pairs", 150);
    List<Path> files = new ArrayList<>(PacemakerSuite.cibs());
    Collections.shuffle(files, new Random(2026));
    files = files.subList(0, Math.min(pairs, files.size()));
    CibMutator mutator = new CibMutator(7);
    List<String> oursFailed = new ArrayList<>();
    List<String> theirsFailed = new ArrayList<>();
    List<String> crmDiffSelfInconsistent = new ArrayList<>();
    int changes = 0;
    for (Path f : files) {
      String name = f.getFileName().toString();
      CibElement old = CibXml.read(f).root();
      if (!aboveV1(old.attribute("crm_feature_set", "0"))) {
        old = old.withAttribute("crm_feature_set", "3.16.2");
      }
      CibElement neu = mutator.mutate(old, 6);
      Path oldFile = tmp.resolve("old.xml");
      Path newFile = tmp.resolve("new.xml");
      Path ourPatch = tmp.resolve("ours.xml");
      Path theirPatch = tmp.resolve("theirs.xml");
      Files.writeString(oldFile, CibXml.write(old, true));
      Files.writeString(newFile, CibXml.write(neu, true));

      // ours -> crm_diff --patch
      Patchset ours = Patchset.between(old, neu);
      changes += ours.changes().size();
      Files.writeString(ourPatch, ours.toXml());
      CrmDiff.Result applied = CrmDiff.patch(oldFile, ourPatch);
      if (applied.exit() != 0 || !CibXml.readElement(applied.out()).equals(neu)) {
        oursFailed.add(name + ": exit " + applied.exit() + " " + applied.err().strip());
      }

      // crm_diff -> ours
      CrmDiff.Result theirs = CrmDiff.diff(oldFile, newFile);
      assertThat(theirs.exit()).as(name + " crm_diff exit: " + theirs.err()).isEqualTo(1);
      Patchset their = Patchset.parse(theirs.out());
      CibElement mine = null;
      String error = null;
      try {
        mine = their.applyTo(old);
      } catch (CibParseException e) {
        error = e.getMessage();
      }
      if (mine == null || !mine.equals(neu)) {
        // does crm_diff reproduce NEW from its own patch? If not, the patch itself is wrong.
        Files.writeString(theirPatch, theirs.out());
        CrmDiff.Result self = CrmDiff.patch(oldFile, theirPatch);
        boolean selfOk = self.exit() == 0 && CibXml.readElement(self.out()).equals(neu);
        String what = name + (error != null ? ": " + error : ": result differs");
        if (selfOk) {
          theirsFailed.add(what);
        } else {
          crmDiffSelfInconsistent.add(what);
          // then our applier must at least do what Pacemaker's does with the same patch
          if (self.exit() == 0 && (mine == null || !mine.equals(CibXml.readElement(self.out())))) {
            theirsFailed.add(what + " (and differs from crm_diff --patch's own result)");
          }
        }
      }
    }
    LOG.info("crm_diff interop: {} pairs, {} changes in our patchsets; crm_diff's own patch did not "
        + "give NEW with crm_diff either in {} pairs: {}", files.size(), changes,
        crmDiffSelfInconsistent.size(), crmDiffSelfInconsistent);
    assertThat(oursFailed).as("our patchsets applied by crm_diff").isEmpty();
    assertThat(theirsFailed).as("crm_diff's patchsets applied by us").isEmpty();
    assertThat(crmDiffSelfInconsistent.size()).as("pairs where crm_diff disagrees with itself")
        .isLessThan(files.size() / 10);
  }
}
